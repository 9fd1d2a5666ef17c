"""Opening a database file safely: check, back up, upgrade.

Order of work when a SQLite file is opened:
1. a read-only look (the file is not changed by it, and nothing is made beside it): is it
   SQLite at all, is it ours, is it intact, at which revision;
2. refuse a garbage, corrupt, foreign or newer file with a Danish message — untouched;
3. at an older revision: an online-backup copy beside it, checked with integrity_check,
   then every pending migration in one transaction (foreign keys checked before commit).

Which files are ours: stvdesk marks every file it makes with `PRAGMA application_id`
(engine.APPLICATION_ID), the first thing written to a new file. A file without the mark is
opened only when it is an earlier stvdesk's — every table one of our revisions makes, the
first revision's among them, and nothing else, at a revision of ours — and it is marked by
its backed-up upgrade. Anything else (another program's mark, another program's tables, even
with an Alembic version table of its own, or an empty SQLite file) is refused.

The Alembic scripts ship inside the package; no alembic.ini is needed at run time.

Start-up cost: a file already at HEAD is opened without importing Alembic at all (HEAD is
a constant that a test keeps equal to the scripts' head), and the full `quick_check` runs on
files up to QUICK_CHECK_MAX_BYTES or before an upgrade; a larger file is checked by
`stvdesk db check`, and SQLite itself reports a damaged page when one is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.schema import SchemaItem

from stvdesk.clock import file_stamp
from stvdesk.db.cipher import CipherKey, connect, database_errors, is_encrypted_file, nobody_writing
from stvdesk.db.engine import APPLICATION_ID, make_engine, sqlite_path
from stvdesk.db.errors import (
    CorruptDatabaseError,
    EncryptedDatabaseError,
    ForeignDatabaseError,
    LockedDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    WrongKeyError,
    locked_message,
)
from stvdesk.db.revision import HEAD

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# HEAD: the newest revision shipped (db/revision.py, read at start without the data layer)
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


# Made by their revisions, left out of the models: an expression index Alembic cannot reflect
# on SQLite (0009), a partial index whose dialect options would load the PostgreSQL dialect at
# every start (0007), and PostgreSQL's lower-case name indexes for search (0003).
EXPRESSION_INDEXES = {
    "ix_citizen_name_order",
    "ix_meeting_in_progress",
    "ix_citizen_first_name_lower",
    "ix_citizen_last_name_lower",
}


def include_object(
    obj: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: SchemaItem | None
) -> bool:
    """Leave the FTS5 index, its shadow tables and the expression indexes to their own
    revisions (Alembic cannot model or reflect them on SQLite)."""
    if type_ == "index" and name in EXPRESSION_INDEXES:
        return False
    return not (type_ == "table" and name is not None and name.startswith("citizen_fts"))


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return HEAD


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


@dataclass(frozen=True)
class FileState:
    """What a read-only look at a database file found."""

    exists: bool
    revision: str | None  # None: a new, empty database
    marked: bool = True  # False: an earlier stvdesk's file without the mark, or no file yet

    @property
    def is_new(self) -> bool:
        return self.revision is None

    @property
    def needs_upgrade(self) -> bool:
        """Pending revisions, or the mark still to be set (both by a backed-up upgrade)."""
        return self.revision != HEAD or not self.marked


# Made by revision 0001 and kept by every revision since: an unmarked file is an earlier
# stvdesk's only if it has all of them.
CORE_TABLES = frozenset({"audit_event", "db_meta", "team", "worker", "citizen"})


def is_stvdesk_schema(tables: set[str]) -> bool:
    """Do these tables look like a file one of our revisions made: the first revision's tables,
    and no table none of them makes (SQLite's own and the name index's are known by their prefix)?"""
    from sqlmodel import SQLModel

    import stvdesk.db.models  # noqa: F401 - the models fill SQLModel.metadata

    known = {*SQLModel.metadata.tables, "alembic_version"}
    return CORE_TABLES <= tables and all(
        name in known or name.startswith(("sqlite_", "citizen_fts")) for name in tables
    )


def _shown(text: str) -> str:
    """A value read from a foreign file, fit to print: one clean line, short."""
    from stvdesk.domain.text import clean_line

    line = clean_line(text)
    return line if len(line) <= 40 else line[:39] + "…"


def _refuse_unless_ours(path: Path, mark: int, tables: set[str], revision: str | None) -> None:
    """Raise the Danish refusal for a file that is not stvdesk's (see the module's top)."""
    unchanged = "Filen er ikke ændret. Angiv din stvdesk-database med --db."
    if mark == APPLICATION_ID:
        if tables and "alembic_version" not in tables:
            raise CorruptDatabaseError(
                path,
                f"Databasen {path} mangler sin versionstabel (alembic_version). Filen er ikke ændret. "
                "Gendan den seneste sikkerhedskopi (stvdesk db restore).",
            )
        return
    if mark != 0:
        raise ForeignDatabaseError(
            path,
            f"Filen {path} tilhører et andet program (dens SQLite-header bærer programmets mærke "
            f"{mark & 0xFFFFFFFF:#010x}, ikke stvdesk's). {unchanged}",
        )
    if not tables:
        raise ForeignDatabaseError(
            path,
            f"Filen {path} er en tom SQLite-database, som stvdesk ikke har lavet (den mangler stvdesk's "
            f"mærke). Den tilhører måske et andet program. {unchanged}",
        )
    if revision is not None and is_stvdesk_schema(tables):
        return  # an earlier stvdesk's file: marked by its backed-up upgrade
    if "alembic_version" in tables:
        at = f" (revision {_shown(revision)})" if revision else ""
        raise ForeignDatabaseError(
            path,
            f"Filen {path} tilhører et andet program: den har sin egen versionstabel (alembic_version"
            f"{at}), men ikke stvdesk's tabeller og mærke. {unchanged}",
        )
    raise ForeignDatabaseError(
        path,
        f"Filen {path} er en SQLite-database, men ikke en stvdesk-database: den tilhører et andet program. {unchanged}",
    )


def _alembic_revision(conn: Any, errors: tuple[type[Exception], ...]) -> str | None:
    """The revision in a file's alembic_version table; None when it has none, or another shape."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except errors:
        return None
    return str(row[0]) if row and row[0] is not None else None


def inspect_sqlite_file(path: Path, *, full_check: bool | None = None, key: CipherKey | None = None) -> FileState:
    """Look at `path` read-only and refuse what must not be opened. Never writes, and makes no
    file beside it.

    `full_check`: run quick_check over the whole file; by default only for small files.
    `key`: the derived key of an encrypted file (without it an encrypted file is refused). An
    encrypted file's header, its mark with it, is read only once the key is set.
    """
    if not path.exists() or path.stat().st_size == 0:
        return FileState(exists=path.exists(), revision=None, marked=False)
    if key is None and is_encrypted_file(path):
        raise EncryptedDatabaseError(
            path, f"Databasen {path} er krypteret; den åbnes med sin adgangsfrase. Filen er ikke ændret."
        )
    errors = database_errors()
    # Nobody writing the file: an immutable look is exact, and a file that is then refused gets
    # no -wal and -shm left beside it (a read-only connection to a file in WAL mode makes both
    # and leaves them).
    try:
        conn = connect(path, key, read_only=True, immutable=nobody_writing(path))
    except errors as exc:
        raise NotADatabaseError(path, f"Filen {path} kan ikke åbnes: {exc}.") from exc
    try:
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            mark = int(conn.execute("PRAGMA application_id").fetchone()[0])
        except errors as exc:
            if key is not None:
                raise WrongKeyError(path, "Adgangsfrasen passer ikke til databasen. Filen er ikke ændret.") from exc
            if "locked" in str(exc):
                raise LockedDatabaseError(path, locked_message(path)) from exc
            raise NotADatabaseError(
                path,
                f"Filen {path} er ikke en stvdesk-database (ikke en SQLite-fil). "
                "Filen er ikke ændret. Angiv en anden fil med --db.",
            ) from exc
        revision = _alembic_revision(conn, errors) if "alembic_version" in tables else None
        _refuse_unless_ours(path, mark, tables, revision)
        if full_check is None:
            full_check = path.stat().st_size <= QUICK_CHECK_MAX_BYTES
        try:
            result = conn.execute("PRAGMA quick_check" if full_check else "PRAGMA schema_version").fetchone()
            if not full_check:
                result = ("ok",)
        except errors as exc:
            result = (str(exc),)
        if not result or result[0] != "ok":
            raise CorruptDatabaseError(
                path,
                f"Databasen {path} er beskadiget ({result[0] if result else 'ukendt fejl'}). "
                "Filen er ikke ændret. Gendan den seneste sikkerhedskopi (stvdesk db backup).",
            )
    finally:
        conn.close()
    if revision is not None and revision != HEAD and revision not in known_revisions():
        raise NewerDatabaseError(
            path,
            f"Databasen {path} er skrevet af en nyere version af stvdesk (revision {_shown(revision)}). "
            "Filen er ikke ændret. Opdatér stvdesk for at åbne den.",
        )
    return FileState(exists=True, revision=revision, marked=mark == APPLICATION_ID)


def mark_new_file(path: Path, key: CipherKey | None = None) -> None:
    """Make `path` (absent or empty) a marked, empty stvdesk database: the mark is the first thing
    written, so a creation cut short leaves a file that is still known as ours."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path, key)
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.commit()
    finally:
        conn.close()


def backup_sqlite(path: Path, dest: Path | None = None, key: CipherKey | None = None) -> Path:
    """Copy a live SQLite database with the online backup API and verify the copy.

    An encrypted database's copy is encrypted with the same key and salt (one passphrase
    opens both), through the same library as the original.
    """
    if dest is None:
        stamp = file_stamp()
        dest = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix or '.sqlite'}")
    elif dest.is_dir():
        stamp = file_stamp()
        dest = dest / f"{path.stem}.backup-{stamp}{path.suffix or '.sqlite'}"
    if dest.exists():
        raise FileExistsError(f"{dest} findes allerede; vælg et andet navn.")
    source = connect(path, key, read_only=True)
    target = connect(dest, key)
    try:
        source.backup(target)
        check = target.execute("PRAGMA integrity_check").fetchone()
    except BaseException:
        target.close()
        dest.unlink(missing_ok=True)
        raise
    finally:
        target.close()
        source.close()
    if not check or check[0] != "ok":
        dest.unlink(missing_ok=True)
        raise CorruptDatabaseError(path, f"Sikkerhedskopien af {path} kunne ikke verificeres.")
    return dest


def upgrade(url: str, revision: str = "head", key: CipherKey | None = None) -> None:
    """Run pending migrations in one transaction, with foreign keys checked before commit."""
    from alembic import command

    engine = make_engine(url, foreign_keys=False, key=key)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            if conn.dialect.name == "sqlite":
                # A new file is marked before this; an earlier stvdesk's file gets its mark here,
                # with its migrations (PostgreSQL has no such header).
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise CorruptDatabaseError(
                        sqlite_path(url), f"Opgraderingen ville bryde {len(broken)} fremmednøgler; intet er ændret."
                    )
    finally:
        engine.dispose()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class OpenResult:
    engine: Engine
    created: bool  # a new database was made
    backup: Path | None  # the copy made before an upgrade
    notices: list[str] = field(default_factory=list)  # for the user once the desk is open


def open_database(url: str, key: CipherKey | None = None) -> OpenResult:
    """Check, back up and upgrade as needed, then return a ready engine.

    `key`: an encrypted file's key, or the key a new file is created with.
    """
    path = sqlite_path(url)
    backup: Path | None = None
    if path is not None:
        state = inspect_sqlite_file(path, key=key)
        created = state.is_new
        if created:
            mark_new_file(path, key)
        elif state.needs_upgrade:
            inspect_sqlite_file(path, full_check=True, key=key)  # never upgrade a damaged file
            backup = backup_sqlite(path, key=key)
        if state.needs_upgrade:
            upgrade(url, key=key)
    else:
        engine = make_engine(url)
        revision = current_revision(engine)
        engine.dispose()
        if revision is not None and revision not in known_revisions():
            raise NewerDatabaseError(url, f"Databasen er skrevet af en nyere version af stvdesk ({revision}).")
        created = revision is None
        if revision != head_revision():
            upgrade(url)
    return OpenResult(engine=make_engine(url, key=key), created=created, backup=backup)
