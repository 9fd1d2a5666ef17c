"""A small team on a fresh server for sync tests that build many worlds (the state machine,
the kill test, the benchmark): one caseworker and her partner consultant with logins, a few
citizens of theirs with a Min Plan sub-goal each, and one citizen of another team."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.logins import create_login
from stvdesk.db.migrate import upgrade
from stvdesk.db.models import Citizen, PlanStep, Team, Worker
from stvdesk.domain.enums import Readiness, Role, StepOwner, TargetGroup
from stvdesk.sync.run import configure
from tests.sync.conftest import PASSWORD, Laptop, login_engine


def create_database(pg_server: str) -> str:
    """A new database at HEAD with no rows; its URL (the caller drops it)."""
    name = f"w_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE stvdesk_empty_template")
    admin.dispose()
    return sa.engine.make_url(pg_server).set(database=name).render_as_string(hide_password=False)


def drop_database(pg_server: str, url: str) -> None:
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {sa.engine.make_url(url).database} WITH (FORCE)")
    admin.dispose()


def populate(owner: sa.Engine, citizens: int = 3) -> dict[str, uuid.UUID]:
    """The team; returns worker ids by initials and the citizens' ids as C0, C1, …"""
    ids: dict[str, uuid.UUID] = {}
    with Session(owner) as session:
        team, other = Team(name="Team Syd"), Team(name="Team Nord")
        vk = Worker(initials="RK", name="Rasmus Krog", role=Role.VK, team_id=team.id)
        kb = Worker(initials="KB", name="Karen Bach", role=Role.S, team_id=team.id, partner_id=vk.id)
        xo = Worker(initials="XO", name="Xenia Olsen", role=Role.S, team_id=other.id)
        session.add_all([team, other, vk, kb, xo])
        session.flush()
        for k in range(citizens + 1):
            caseworker = kb if k < citizens else xo
            citizen = Citizen(
                cpr=f"0101{k:02d}{k:04d}"[:10],
                first_name=f"Borger{k}",
                last_name="Testsen",
                birth_date=date(1990, 1, 1),
                target_group=TargetGroup.CASH_BENEFIT,
                readiness=Readiness.READY,
                caseworker_id=caseworker.id,
                consultant_id=vk.id if k < citizens else None,
                opened_on=date(2026, 1, 5),
            )
            session.add(citizen)
            session.flush()
            session.add(PlanStep(citizen_id=citizen.id, text=f"Delmål {k}", owner=StepOwner.CITIZEN))
            ids[f"C{k}"] = citizen.id
        session.commit()
        ids.update(KB=kb.id, RK=vk.id, XO=xo.id)
    for initials in ("KB", "RK"):
        create_login(owner, initials, PASSWORD)
    return ids


def laptop(owner: sa.Engine, folder: Path, initials: str, worker_id: uuid.UUID) -> Laptop:
    path = folder / f"laptop-{initials.lower()}-{uuid.uuid4().hex[:6]}.sqlite"
    upgrade(sqlite_url(path))
    engine = make_engine(sqlite_url(path))
    configure(engine, owner.url.render_as_string(hide_password=False), worker_id)
    return Laptop(initials, engine, login_engine(owner, initials), worker_id)
