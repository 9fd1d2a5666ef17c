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


# SQLite's and PostgreSQL's own English, as a user reads it in Danish (matched on lower case).
_DRIVER_TEXTS = (
    ("database is locked", "Databasen er optaget af et andet program lige nu. Prøv igen om lidt; intet er gemt."),
    ("disk i/o error", "Disken svarede ikke (I/O-fejl). Tjek at drevet er tilsluttet og ikke fuldt; intet er gemt."),
    ("readonly database", "Databasen kan ikke skrives: filen eller mappen er skrivebeskyttet. Intet er gemt."),
    ("read-only", "Databasen kan ikke skrives: filen eller mappen er skrivebeskyttet. Intet er gemt."),
    ("database or disk is full", "Disken er fuld. Frigør plads og prøv igen; intet er gemt."),
    ("unable to open database file", "Databasefilen kan ikke åbnes (findes mappen, og må du skrive i den?)."),
    ("file is not a database", "Filen er ikke en database, eller den er krypteret med en anden adgangskode."),
    ("interrupted", "Forespørgslen blev afbrudt."),
    ("permission denied", "Du har ikke adgang til at gøre dette i databasen."),
    ("row-level security", "Du har ikke adgang til disse oplysninger (de hører til et andet team)."),
    ("could not connect", "Teamets server svarer ikke. Tjek netværket og prøv igen."),
    ("connection refused", "Teamets server svarer ikke. Tjek netværket og prøv igen."),
)


def danish_database_error(exc: BaseException) -> str | None:
    """The database driver's failure said in Danish, or None when `exc` is not the database's."""
    if isinstance(exc, DatabaseFileError):
        return exc.message
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    if isinstance(exc, PermissionError):
        return "Databasen kan ikke skrives: filen eller mappen er skrivebeskyttet. Intet er gemt."
    # The drivers' own errors (sqlite3, sqlcipher3, psycopg) when they reach us unwrapped.
    from_a_driver = type(exc).__module__.split(".")[0] in ("sqlite3", "sqlcipher3", "psycopg")
    if not (isinstance(exc, (SQLAlchemyError, OSError)) or from_a_driver):
        return None
    text = str(getattr(exc, "orig", None) or exc).lower()
    for english, danish in _DRIVER_TEXTS:
        if english in text:
            return danish
    if isinstance(exc, DBAPIError) or from_a_driver:
        first_line = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0][:200]
        return f"Databasen afviste handlingen; intet er gemt. ({first_line})"
    return None
