"""Engines with the connection settings every stvdesk database runs with.

SQLite: WAL, synchronous=FULL (no committed transaction lost on power failure),
foreign keys on, a busy timeout, secure_delete (deleted CPR data is overwritten),
temp_store in memory (no temp files with case data on disk).

pysqlite's own transaction handling is switched off and SQLAlchemy emits BEGIN itself,
so that DDL is transactional: a migration either happens whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # SQLAlchemy is imported where an engine is made, not with this module: the command line
    # reads file paths from URLs before the desk has painted its first frame.
    from sqlalchemy import Connection, Engine

    from stvdesk.db.cipher import CipherKey

# Every stvdesk SQLite file carries this in its header (`PRAGMA application_id`, bytes 68–71):
# "STVD" in ASCII. It is set when a file is made and when an earlier stvdesk's unmarked file is
# upgraded (db/migrate.py); a file without it is not opened as ours (README, "Keeping the data
# safe"). In an encrypted file the header is encrypted too, so it is read after the key is set.
APPLICATION_ID = 0x53545644

#: how long a statement waits for another connection's write lock (db/units.py waits as long)
BUSY_TIMEOUT_MS = 5000

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA secure_delete=ON",
    "PRAGMA temp_store=MEMORY",
)


def sqlite_url(path: Path | str) -> str:
    """The SQLAlchemy URL of a SQLite file. `%`, `?` and `#` in the path are percent-encoded:
    SQLAlchemy reads them as an escape, the query and the fragment (a file "a?b.sqlite" would
    be opened as "a"), and decodes them back (`sqlite_path`)."""
    text = str(Path(path)).replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return f"sqlite:///{text}"


def normalise_url(target: str | Path) -> str:
    """Accept a plain file path or a SQLAlchemy URL (for `--db PATH|URL`)."""
    text = str(target)
    return text if "://" in text else sqlite_url(Path(text).expanduser())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other backends or in-memory databases."""
    plain = "sqlite:///"
    if url.startswith(plain) and not any(mark in url for mark in "?#%"):
        # The form sqlite_url writes: read without SQLAlchemy's URL parser (and its import).
        database = url[len(plain) :]
        return Path(database) if database and database != ":memory:" else None
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.get_backend_name().startswith("sqlite"):
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_sqlite(url: str) -> bool:
    from sqlalchemy.engine import make_url

    return make_url(url).get_backend_name().startswith("sqlite")


# db_meta's key that marks a field laptop's file as syncing with a team server.
SYNC_SERVER_KEY = "sync_server"
SYNC_WORKER_KEY = "sync_worker"  # db_meta: the worker a laptop that syncs belongs to

EngineHook = Callable[["Engine"], None]
_engine_hooks: list[EngineHook] = []


def on_new_engine(hook: EngineHook) -> None:
    """Have `hook` see every SQLite engine made from now on.

    The sync layer sits above the database layer and registers its outbox this way
    (stvdesk.sync.capture, imported where the command line opens a database); the database layer never imports it.
    """
    if hook not in _engine_hooks:
        _engine_hooks.append(hook)


def _refuse_unwatched_sync_file(engine: Engine) -> None:
    """A syncing file opened with no sync layer loaded would lose its changes from the outbox."""
    from sqlalchemy import event

    @event.listens_for(engine, "first_connect")
    def _first(dbapi_connection: Any, _record: object) -> None:
        try:
            found = dbapi_connection.execute(f"SELECT 1 FROM db_meta WHERE key = '{SYNC_SERVER_KEY}'").fetchone()
        except Exception:  # a file before its first migration has no db_meta yet
            return
        if found is not None:
            raise RuntimeError("a syncing file was opened without the sync layer: import stvdesk.sync.capture first")


#: A connection's execution option (`writing`): its transactions are known to write.
WRITES = "stvdesk_writes"


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A connection of `engine` for transactions known to write. On SQLite they begin IMMEDIATE:
    the write lock is waited for (the busy timeout) before the first read, where a deferred
    transaction that has read finds the lock taken at its first write and is refused at once,
    with no wait (db/units.py runs the desk's own units again for that). Other databases ignore
    the option."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITES: True})
        yield connection


def make_engine(url: str, *, foreign_keys: bool = True, key: CipherKey | None = None) -> Engine:
    """An engine for `url`; on SQLite with the pragmas above.

    With `key`, the file is SQLCipher-encrypted and opened through sqlcipher3 (SQLAlchemy's
    pysqlcipher dialect, which sends the raw key as the first statement of every connection).
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    import stvdesk.db.audit  # noqa: F401 - its flush listener chains the access log

    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)

    if key is not None:
        from sqlalchemy.pool import QueuePool

        from stvdesk.db.cipher import cipher_module

        cipher_module()  # quiet SQLCipher's stderr log before the first connection
        keyed = make_url(url).set(drivername="sqlite+pysqlcipher", password=key.literal)
        # The dialect's default pool keeps one connection per thread; the app's workers run
        # in threads, so the file-database pool the plain driver uses is kept.
        engine = create_engine(keyed, poolclass=QueuePool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:  # pragma: no branch; sqlite3's or sqlcipher3's
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITES) else "BEGIN")

    for hook in _engine_hooks:
        hook(engine)
    if not _engine_hooks:
        _refuse_unwatched_sync_file(engine)
    return engine
