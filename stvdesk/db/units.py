"""One unit of work in its own session, run again from its start when it met another writer of
the same SQLite file.

SQLite lets one connection write at a time. The desk's transactions begin deferred (db/engine.py):
a unit reads (the access log's chain, the row it changes) and takes the file's write lock only
when it first writes. If another connection holds that lock then, or has committed since this
unit read, SQLite answers "database is locked" at once instead of waiting out its busy timeout
(a transaction that has read never waits for the lock: its reads may be out of date by then). The desk's own workers meet that way
whenever two saves overlap (an answer stored in the background while an agreement is saved, an
import while a follow-up is ticked), and so does a second program on the file. The unit was
rolled back whole, so it is run again in a new session, for as long as the busy timeout would
have waited; a unit that committed part of its work is never run again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from stvdesk.db.engine import BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

T = TypeVar("T")

#: how long a unit is tried again in all (seconds): as long as SQLite's own busy timeout
PATIENCE = BUSY_TIMEOUT_MS / 1000
#: the first pause before trying again, doubled each time up to MAX_PAUSE (seconds)
FIRST_PAUSE = 0.005
MAX_PAUSE = 0.1

# SQLite's result codes (the primary code is the low byte of an extended one).
SQLITE_BUSY = 5  # extended: SQLITE_BUSY_SNAPSHOT (517), SQLITE_BUSY_RECOVERY (261), …
_COMMITTED = "stvdesk_unit_committed"  # session.info: the unit has committed some of its work


def met_another_writer(exc: BaseException) -> bool:
    """Whether `exc`, or an error it was raised from, is SQLite's "database is locked": a write
    that found the file's write lock taken, or its own reads outdated by another's commit."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__module__.split(".")[0] in ("sqlite3", "sqlcipher3"):
            code = getattr(current, "sqlite_errorcode", None)
            if isinstance(code, int):
                return code & 0xFF == SQLITE_BUSY
            return "database is locked" in str(current)  # a driver that says it only in words
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False


def run_unit(
    engine: Engine,
    fn: Callable[[Session], T],
    *,
    now: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`fn` in a session of its own, run again while it meets another writer (module docstring);
    any other failure, or one after PATIENCE seconds, is raised as it came."""
    from sqlmodel import Session

    started, pause = now(), FIRST_PAUSE
    while True:
        with Session(engine, expire_on_commit=False) as session:
            try:
                return fn(session)
            except Exception as exc:
                again = (
                    met_another_writer(exc) and not session.info.get(_COMMITTED) and now() - started + pause <= PATIENCE
                )
                if not again:
                    raise
        sleep(pause)
        pause = min(pause * 2, MAX_PAUSE)


def _note_commit(session: Session) -> None:
    session.info[_COMMITTED] = True


def watch_commits() -> None:
    """Have every session note in its `info` that it has committed (run once, on import)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session as OrmSession

    if not event.contains(OrmSession, "after_commit", _note_commit):
        event.listen(OrmSession, "after_commit", _note_commit)


watch_commits()
