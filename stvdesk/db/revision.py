"""The schema revision this version of stvdesk writes, readable without Alembic or SQLAlchemy
(the start checks a file against it before the data layer is imported)."""

HEAD = "0017"  # the newest revision shipped; tests/db/test_migrate.py keeps it true
