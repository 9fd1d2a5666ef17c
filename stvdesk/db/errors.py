"""Errors about a database file, each with a Danish message for the user."""

from __future__ import annotations

from pathlib import Path


class DatabaseFileError(Exception):
    """A database that stvdesk refuses to open; the file has not been touched."""

    def __init__(self, path: Path | str | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class NotADatabaseError(DatabaseFileError):
    pass


class CorruptDatabaseError(DatabaseFileError):
    pass


class NewerDatabaseError(DatabaseFileError):
    pass


class ForeignDatabaseError(DatabaseFileError):
    """A SQLite database, but not one of stvdesk's."""
