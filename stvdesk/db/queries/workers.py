"""Workers and teams: who is at the desk."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from stvdesk.db.models import Team, Worker
from stvdesk.domain.enums import Role


@dataclass(frozen=True)
class WorkerInfo:
    id: uuid.UUID
    initials: str
    name: str
    role: Role
    team_id: uuid.UUID | None
    team_name: str


def _info(worker: Worker, team: Team | None) -> WorkerInfo:
    return WorkerInfo(worker.id, worker.initials, worker.name, worker.role, worker.team_id, team.name if team else "")


def get_worker(session: Session, worker_id: uuid.UUID) -> WorkerInfo | None:
    row = session.exec(
        select(Worker, Team).join(Team, col(Worker.team_id) == col(Team.id), isouter=True).where(Worker.id == worker_id)
    ).first()
    return _info(*row) if row else None


def find_worker(session: Session, initials: str) -> WorkerInfo | None:
    """A worker by initials, case-insensitively."""
    row = session.exec(
        select(Worker, Team)
        .join(Team, col(Worker.team_id) == col(Team.id), isouter=True)
        .where(Worker.initials == initials.strip().upper(), col(Worker.deleted_at).is_(None))
    ).first()
    return _info(*row) if row else None


def has_workers(session: Session) -> bool:
    return session.exec(select(Worker.id).where(col(Worker.deleted_at).is_(None)).limit(1)).first() is not None


def default_worker(session: Session) -> WorkerInfo | None:
    """The first active caseworker (by initials) when none is named; else any worker."""
    for role_filter in (Worker.role == Role.S, True):
        row = session.exec(
            select(Worker, Team)
            .join(Team, col(Worker.team_id) == col(Team.id), isouter=True)
            .where(role_filter, Worker.active, col(Worker.deleted_at).is_(None))
            .order_by(col(Worker.created_at), col(Worker.initials))
        ).first()
        if row:
            return _info(*row)
    return None


def known_workers(session: Session) -> list[WorkerInfo]:
    """Every worker one may name with --as, by role (caseworkers first, as the roles are
    listed) and then initials."""
    rows = session.exec(
        select(Worker, Team)
        .join(Team, col(Worker.team_id) == col(Team.id), isouter=True)
        .where(col(Worker.deleted_at).is_(None))
    ).all()
    order = list(Role)
    return sorted((_info(*row) for row in rows), key=lambda w: (order.index(w.role), w.initials))


def team_workers(session: Session, team_id: uuid.UUID | None) -> list[WorkerInfo]:
    rows = session.exec(
        select(Worker, Team)
        .join(Team, col(Worker.team_id) == col(Team.id), isouter=True)
        .where(Worker.team_id == team_id, col(Worker.deleted_at).is_(None))
        .order_by(Worker.role, Worker.initials)
    ).all()
    return [_info(*row) for row in rows]


def create_first_user(
    session: Session, *, team_name: str, municipality: str, initials: str, name: str, role: Role
) -> WorkerInfo:
    """The first-run form: a team and the worker using the desk, in one transaction."""
    team = Team(name=team_name.strip(), municipality=municipality.strip())
    session.add(team)
    session.flush()
    worker = Worker(initials=initials.strip().upper(), name=name.strip(), role=role, team_id=team.id)
    worker.updated_by = worker.id
    team.updated_by = worker.id
    session.add(worker)
    session.commit()
    return _info(worker, team)
