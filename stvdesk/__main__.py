from stvdesk.cli import main

main()
