"""Which citizens are a worker's caseload (sagsstamme), as a reusable SQL condition."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from stvdesk.db.models import Citizen, Worker
from stvdesk.domain.enums import Role


def caseload_condition(worker_id: uuid.UUID, role: Role, team_id: uuid.UUID | None,
                       include_closed: bool = False) -> ColumnElement[bool]:
    """Open, not deleted citizens that are this worker's: as S, as VK, or the team's for a leader."""
    if role is Role.S:
        owner = Citizen.caseworker_id == worker_id
    elif role is Role.VK:
        owner = Citizen.consultant_id == worker_id
    else:
        team_members = sa.select(Worker.id).where(Worker.team_id == team_id).scalar_subquery()
        owner = Citizen.caseworker_id.in_(team_members)
    if include_closed:
        return sa.and_(owner, Citizen.deleted_at.is_(None))
    return sa.and_(owner, Citizen.closed_on.is_(None), Citizen.deleted_at.is_(None))
