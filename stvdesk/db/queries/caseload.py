"""Which citizens are a worker's caseload (sagsstamme), as a reusable SQL condition."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from stvdesk.db.models import Citizen, Worker
from stvdesk.domain.enums import Role


def caseload_condition(
    worker_id: uuid.UUID, role: Role, team_id: uuid.UUID | None, include_closed: bool = False
) -> ColumnElement[bool]:
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


def within_reach(session, worker_id: uuid.UUID, role: Role, team_id: uuid.UUID | None, citizen_id: uuid.UUID) -> bool:
    """May this worker open the citizen without giving a purpose (issue 9, item 7)?

    S and VK: their own caseload and their partner's (they work in pairs, 000 4.4), closed cases
    included; a leader: the team's. Anyone else's citizen needs a purpose, which is logged.
    """
    if role in (Role.S, Role.VK):
        partner = sa.select(Worker.partner_id).where(Worker.id == worker_id).scalar_subquery()
        pair = sa.select(Worker.id).where(sa.or_(Worker.id == worker_id, Worker.id == partner))
        owner = sa.or_(Citizen.caseworker_id.in_(pair), Citizen.consultant_id.in_(pair))
    else:
        team = sa.select(Worker.id).where(Worker.team_id == team_id)
        owner = sa.or_(Citizen.caseworker_id.in_(team), Citizen.consultant_id.in_(team))
    found = session.execute(sa.select(sa.literal(1)).where(Citizen.id == citizen_id, owner)).first()
    return found is not None


def grant_access(session, worker_id: uuid.UUID, cpr_digits: str, purpose: str, today) -> uuid.UUID | None:
    """Let a worker see a citizen outside their reach today, found by exact CPR number, for a
    stated purpose (issue 9, item 7). Returns the citizen's id, or None if there is none.

    On a team server the row-level security decides, so the server function makes the grant
    (a worker's login cannot see the citizen to find it); on SQLite the grant is a row here.
    The purpose reaches the access log with the file's opening.
    """
    from stvdesk.db.models import AccessGrant

    if not purpose.strip():
        return None
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(
            sa.text("SELECT stvdesk_grant_access(:cpr, :why)"), {"cpr": cpr_digits, "why": purpose.strip()}
        ).scalar()
        session.commit()
        return found
    citizen_id = session.execute(
        sa.select(Citizen.id).where(Citizen.cpr == cpr_digits, Citizen.deleted_at.is_(None))
    ).scalar()
    if citizen_id is None:
        return None
    session.add(
        AccessGrant(
            worker_id=worker_id, citizen_id=citizen_id, purpose=purpose.strip(), until=today, updated_by=worker_id
        )
    )
    session.commit()
    return citizen_id
