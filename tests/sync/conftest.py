"""Fixtures for sync: the demo on a throw-away PostgreSQL server with logins for a
caseworker and her partner consultant, and laptops that start as new, empty files."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.logins import create_login
from stvdesk.db.migrate import upgrade
from stvdesk.db.models import Worker
from stvdesk.sync.run import configure, sync

PASSWORD = "en lang adgangskode"


@dataclass
class Laptop:
    name: str
    engine: sa.Engine
    server: sa.Engine  # connected as the worker's own login
    worker_id: uuid.UUID

    def sync(self, **kwargs):
        return sync(self.engine, self.server, **kwargs)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


def login_engine(owner: sa.Engine, initials: str) -> sa.Engine:
    url = owner.url.set(username=f"stvdesk_{initials.lower()}", password=PASSWORD)
    return make_engine(url.render_as_string(hide_password=False))


@pytest.fixture
def server(pg_database):
    """The demo on PostgreSQL, owner's engine; KB (caseworker) and her partner have logins."""
    owner = make_engine(pg_database)
    with Session(owner) as session:
        kb = session.exec(select(Worker).where(Worker.initials == "KB")).one()
        partner = session.get(Worker, kb.partner_id)
    for initials in ("KB", partner.initials):
        create_login(owner, initials, PASSWORD)
    yield owner
    owner.dispose()


@pytest.fixture
def make_laptop(server, tmp_path: Path):
    made: list[Laptop] = []

    def make(initials: str, *, first_sync: bool = True) -> Laptop:
        path = tmp_path / f"laptop-{initials.lower()}-{len(made)}.sqlite"
        upgrade(sqlite_url(path))
        engine = make_engine(sqlite_url(path))
        with Session(server) as session:
            worker = session.exec(select(Worker).where(Worker.initials == initials)).one()
        configure(engine, server.url.render_as_string(hide_password=False), worker.id)
        laptop = Laptop(initials, engine, login_engine(server, initials), worker.id)
        made.append(laptop)
        if first_sync:
            laptop.sync()
        return laptop

    yield make
    for laptop in made:
        laptop.engine.dispose()
        laptop.server.dispose()


@pytest.fixture
def partner_initials(server) -> str:
    with Session(server) as session:
        kb = session.exec(select(Worker).where(Worker.initials == "KB")).one()
        return session.get(Worker, kb.partner_id).initials
