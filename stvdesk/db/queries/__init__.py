"""Query functions: each takes a Session and returns models or small result dataclasses.

Screens call these and nothing else of the database, except db/audit.py for the access log
(ARCHITECTURE.md, "Packages and what they may import").
"""
