"""What the running app knows about its session: database, worker, today, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from stvdesk.clock import Clock
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.settings import Settings

T = TypeVar("T")


@dataclass
class DeskContext:
    engine: Engine
    clock: Clock
    settings: Settings = field(default_factory=Settings)
    worker: WorkerInfo | None = None
    demo: bool = False

    def query(self, fn: Callable[[Session], T]) -> T:
        """Run one query function in its own session (safe from a thread worker)."""
        with Session(self.engine, expire_on_commit=False) as session:
            return fn(session)
