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


class EncryptedDatabaseError(DatabaseFileError):
    """An encrypted file opened without a key."""


class WrongKeyError(DatabaseFileError):
    """The key does not decrypt the file."""


class LockedDatabaseError(DatabaseFileError):
    """Another program holds the file locked, or another stvdesk has it open."""


def locked_message(path: Path | str | None) -> str:
    return (
        f"Databasen {path} er låst af et andet program (måske et andet stvdesk-vindue). "
        "Luk det og prøv igen. Filen er ikke ændret."
    )
