"""What the running app knows about its session: database, worker, today, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session as Session  # re-exported: screens and widgets name it without importing SQL

import stvdesk.sync.capture  # noqa: F401 - registers the outbox with every engine the desk opens
from stvdesk.clock import Clock, use_clock
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.settings import Settings, use_settings

T = TypeVar("T")


@dataclass
class DeskContext:
    engine: Engine
    clock: Clock
    settings: Settings = field(default_factory=Settings)
    worker: WorkerInfo | None = None
    demo: bool = False
    # Said once when the desk opens (failed unlocks since last time); the start's
    # terminal lines are gone once the desk has the screen.
    notices: list[str] = field(default_factory=list)
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
        """Run one query function in its own session (safe from a thread worker)."""
        with Session(self.engine, expire_on_commit=False) as session:
            return fn(session)

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
