"""Errors about a database file, each with a Danish message for the user."""

from __future__ import annotations

import errno
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
    """A SQLite database, but not one of stvdesk's: another program's mark in its header, or no
    mark and tables that are not stvdesk's (db/migrate.py, inspect_sqlite_file)."""


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


READ_ONLY = "Databasen kan ikke skrives: filen eller mappen er skrivebeskyttet. Intet er gemt."
DISK_FULL = "Disken er fuld. Frigør plads og prøv igen; intet er gemt."
DISK_IO = "Disken svarede ikke (I/O-fejl). Tjek at drevet er tilsluttet og ikke fuldt; intet er gemt."

# SQLite's and PostgreSQL's own English, as a user reads it in Danish (matched on lower case).
_DRIVER_TEXTS = (
    ("database is locked", "Databasen er optaget af et andet program lige nu. Prøv igen om lidt; intet er gemt."),
    ("database table is locked", "Databasen er optaget af et andet program lige nu. Prøv igen om lidt; intet er gemt."),
    ("disk i/o error", DISK_IO),
    ("readonly database", READ_ONLY),  # "attempt to write a readonly database"
    ("read-only", READ_ONLY),
    ("database or disk is full", DISK_FULL),
    ("unable to open database file", "Databasefilen kan ikke åbnes (findes mappen, og må du skrive i den?)."),
    # "file is not a database", and SQLCipher's and older SQLite's "file is encrypted or is not a database"
    ("not a database", "Filen er ikke en database, eller den er krypteret med en anden adgangskode."),
    (
        "database disk image is malformed",
        "Databasen er beskadiget. Gendan den seneste sikkerhedskopi (stvdesk db restore).",
    ),
    ("no such table", "Databasen mangler en tabel: den er ikke en stvdesk-database, eller den er ikke opgraderet."),
    ("interrupted", "Forespørgslen blev afbrudt."),
    ("permission denied", "Du har ikke adgang til at gøre dette i databasen."),
    ("row-level security", "Du har ikke adgang til disse oplysninger (de hører til et andet team)."),
    ("could not connect", "Teamets server svarer ikke. Tjek netværket og prøv igen."),
    ("connection refused", "Teamets server svarer ikke. Tjek netværket og prøv igen."),
)


def _where(exc: OSError) -> str:
    return f" ({exc.filename})" if exc.filename else ""


def danish_os_error(exc: OSError) -> str | None:
    """A file system's refusal (the database's folder, its lock file, a backup) in Danish, by its
    errno; None for an errno that says nothing about files."""
    code, where = exc.errno, _where(exc)
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Der kan ikke skrives{where}: filen eller mappen er skrivebeskyttet, eller du har ikke adgang. "
            "Intet er gemt."
        )
    if code in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if code == errno.EIO:
        return DISK_IO
    if isinstance(exc, (NotADirectoryError, FileExistsError)) or code in (errno.ENOTDIR, errno.EEXIST):
        return f"Stien{where} går gennem en fil, hvor der skulle være en mappe. Angiv en anden placering med --db."
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return f"Stien{where} er en mappe, ikke en databasefil. Angiv filen med --db."
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return f"Filen eller mappen findes ikke{where}."
    return None


def danish_database_error(exc: BaseException) -> str | None:
    """The database driver's or the file system's failure said in Danish, or None when `exc` is
    neither's."""
    if isinstance(exc, DatabaseFileError):
        return exc.message
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    if isinstance(exc, OSError) and (said := danish_os_error(exc)) is not None:
        return said
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
