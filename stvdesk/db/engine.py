"""Engines with the connection settings DESIGN requires.

SQLite: WAL, synchronous=FULL (no committed transaction lost on power failure),
foreign keys on, a busy timeout, secure_delete (deleted CPR data is overwritten),
temp_store in memory (no temp files with case data on disk).

pysqlite's own transaction handling is switched off and SQLAlchemy emits BEGIN itself,
so that DDL is transactional: a migration either happens whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from stvdesk.db.cipher import CipherKey

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA secure_delete=ON",
    "PRAGMA temp_store=MEMORY",
)


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def normalise_url(target: str | Path) -> str:
    """Accept a plain file path or a SQLAlchemy URL (for `--db PATH|URL`)."""
    text = str(target)
    return text if "://" in text else sqlite_url(Path(text).expanduser())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other backends or in-memory databases."""
    parsed = make_url(url)
    if not parsed.get_backend_name().startswith("sqlite"):
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name().startswith("sqlite")


def make_engine(url: str, *, foreign_keys: bool = True, key: CipherKey | None = None) -> Engine:
    """An engine for `url`; on SQLite with the pragmas above.

    With `key`, the file is SQLCipher-encrypted and opened through sqlcipher3 (SQLAlchemy's
    pysqlcipher dialect, which sends the raw key as the first statement of every connection).
    """
    import stvdesk.db.audit
    import stvdesk.sync.capture

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
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no branch
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")

    stvdesk.sync.capture.watch(engine)
    return engine
