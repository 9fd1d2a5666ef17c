"""What the running app knows about its session: database, worker, today, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from stvdesk.clock import Clock, use_clock
from stvdesk.settings import Settings, use_settings

if TYPE_CHECKING:
    # Only names: the data layer (SQLAlchemy, SQLModel, the models) is imported once a database
    # is opened, so the app paints its first frame without it. Screens and widgets name Session
    # from here without importing SQL. The sync outbox is registered where the command line
    # opens a database (cli/options.py), before its engine is made.
    from sqlalchemy import Engine
    from sqlmodel import Session as Session

    from stvdesk.db.queries.workers import WorkerInfo

T = TypeVar("T")


class DeskRefused(Exception):
    """The desk's database cannot be opened, said in Danish (with the command line's exit code):
    raised by an opening that runs inside the app, said on the terminal once the app has closed."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class _NotOpenYet:
    """The engine of a desk whose database is still being opened: the app paints its first frame
    with such a desk and gets the opened one from a worker (StvdeskApp, `opening`)."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("the desk's database is not open yet")


def _not_open_yet() -> Engine:
    return cast("Engine", _NotOpenYet())


@dataclass(kw_only=True)
class DeskContext:
    engine: Engine = field(default_factory=_not_open_yet)
    clock: Clock
    settings: Settings = field(default_factory=Settings)
    worker: WorkerInfo | None = None
    demo: bool = False
    # Said once when the desk opens (failed unlocks since last time); the start's
    # terminal lines are gone once the desk has the screen.
    notices: list[str] = field(default_factory=list)
    # What opening the database inside the app would have said on the terminal (an upgrade's
    # backup, a demo being built): shown once the desk is open.
    opening_lines: list[str] = field(default_factory=list)
    # A field laptop that syncs with the team server: the header shows its state.
    syncs: bool = False

    def __setattr__(self, name: str, value: Any) -> None:
        # The desk's clock is the process's: model defaults and stamps written without a desk at
        # hand (stvdesk.clock.utcnow) must agree with the day the desk shows.
        if name == "clock":
            use_clock(value)
        # Its settings are the process's too, for the same reason: the rules a query applies
        # without a desk at hand (stvdesk.settings.settings_in_force) are the desk's.
        if name == "settings":
            use_settings(value)
        super().__setattr__(name, value)

    @property
    def me(self) -> WorkerInfo:
        """The worker at the desk. Every screen but the first-run form opens only once there is one."""
        if self.worker is None:
            raise RuntimeError("no worker at the desk yet")
        return self.worker

    def run(self, fn: Callable[[Session], T]) -> T:
        """Run one query function in its own session (safe from a thread worker); run again from
        its start if it met another writer of the file (db/units.py)."""
        from stvdesk.db.units import run_unit

        return run_unit(self.engine, fn)

    @property
    def is_open(self) -> bool:
        """Whether the database is open (a desk made before it, for the first frame, is not)."""
        return not isinstance(self.engine, _NotOpenYet)

    @staticmethod
    def raw_connection(session: Session) -> Any:
        """The DB-API connection a session runs on (call it from the session's own thread)."""
        return session.connection().connection.dbapi_connection

    @staticmethod
    def interrupt(raw_connection: Any) -> None:
        """Ask the database to abandon the statement running on `raw_connection` (any thread may ask).

        SQLite: sqlite3_interrupt. PostgreSQL: psycopg's cancel request to the server. The
        interrupted call raises in its own thread, where the worker drops it.
        """
        stop = (
            getattr(raw_connection, "interrupt", None)
            or getattr(raw_connection, "cancel_safe", None)
            or getattr(raw_connection, "cancel", None)
        )
        if stop is not None:
            stop()
