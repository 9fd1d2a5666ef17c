"""Which citizens are a worker's caseload (sagsstamme), as a reusable SQL condition."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from stvdesk.db.models import Citizen, Worker
from stvdesk.domain.enums import Role
from stvdesk.domain.text import clean_line


def caseload_condition(
    worker_id: uuid.UUID, role: Role, team_id: uuid.UUID | None, include_closed: bool = False
) -> ColumnElement[bool]:
    """Open, not deleted citizens that are this worker's: as S, as VK, or the team's for a leader."""
    owner: ColumnElement[bool]
    if role is Role.S:
        owner = col(Citizen.caseworker_id) == worker_id
    elif role is Role.VK:
        owner = col(Citizen.consultant_id) == worker_id
    else:
        team_members = sa.select(col(Worker.id)).where(col(Worker.team_id) == team_id).scalar_subquery()
        owner = col(Citizen.caseworker_id).in_(team_members)
    if include_closed:
        return sa.and_(owner, col(Citizen.deleted_at).is_(None))
    return sa.and_(owner, col(Citizen.closed_on).is_(None), col(Citizen.deleted_at).is_(None))


def within_reach(
    session: Session, worker_id: uuid.UUID, role: Role, team_id: uuid.UUID | None, citizen_id: uuid.UUID
) -> bool:
    """May this worker open the citizen without giving a purpose?

    S and VK: their own caseload and their partner's (they work in pairs, 000 4.4), closed cases
    included; a leader: the team's. Anyone else's citizen needs a purpose, which is logged.
    """
    if role in (Role.S, Role.VK):
        partner = sa.select(col(Worker.partner_id)).where(col(Worker.id) == worker_id).scalar_subquery()
        pair = sa.select(col(Worker.id)).where(sa.or_(col(Worker.id) == worker_id, col(Worker.id) == partner))
        owner = sa.or_(col(Citizen.caseworker_id).in_(pair), col(Citizen.consultant_id).in_(pair))
    else:
        team = sa.select(col(Worker.id)).where(col(Worker.team_id) == team_id)
        owner = sa.or_(col(Citizen.caseworker_id).in_(team), col(Citizen.consultant_id).in_(team))
    found = session.execute(sa.select(sa.literal(1)).where(col(Citizen.id) == citizen_id, owner)).first()
    return found is not None


def shown_name(session: Session, citizen_id: uuid.UUID) -> str | None:
    """The citizen's name as the lists show it, for a question about them; None where the
    citizen cannot be read (on a team server, outside the login's reach)."""
    found = session.execute(
        sa.select(col(Citizen.first_name), col(Citizen.last_name)).where(col(Citizen.id) == citizen_id)
    ).first()
    return None if found is None else f"{found[0]} {found[1]}"


def grant_access(
    session: Session, worker_id: uuid.UUID, cpr_digits: str, purpose: str, today: date
) -> uuid.UUID | None:
    """Let a worker see a citizen outside their reach today, found by exact CPR number, for a
    stated purpose. Returns the citizen's id, or None if there is none.

    The look-up itself is logged (the number keyed-hashed, the purpose), whether or not there is
    such a citizen; the purpose reaches the log again with the file's opening. On a team server
    the row-level security decides, so the server function makes the grant and logs the look-up
    in one transaction (revision 0014): it answers alike for a known and an unknown number, and
    the citizen is then read as any other, through the login's policies. On SQLite the grant is
    a row here.
    """
    from stvdesk.db.audit import log_access
    from stvdesk.db.models import AccessGrant
    from stvdesk.domain.enums import AuditAction

    why = clean_line(purpose.strip())
    if not why:
        return None
    if session.get_bind().dialect.name == "postgresql":
        # The server function writes the grant itself, past the column types: cleaned here.
        session.execute(sa.text("SELECT stvdesk_grant_access(:cpr, :why)"), {"cpr": cpr_digits, "why": why})
        session.commit()
        return citizen_id_by_cpr(session, cpr_digits)
    citizen_id = citizen_id_by_cpr(session, cpr_digits)
    if citizen_id is not None:
        session.add(
            AccessGrant(worker_id=worker_id, citizen_id=citizen_id, purpose=why, until=today, updated_by=worker_id)
        )
    log_access(
        session,
        worker_id=worker_id,
        action=AuditAction.SEARCH,
        citizen_id=citizen_id,
        criterion=cpr_digits,
        purpose=why,
        commit=False,
    )
    session.commit()
    return citizen_id


def citizen_id_by_cpr(session: Session, cpr_digits: str) -> uuid.UUID | None:
    found: uuid.UUID | None = session.execute(
        sa.select(col(Citizen.id)).where(col(Citizen.cpr) == cpr_digits, col(Citizen.deleted_at).is_(None))
    ).scalar()
    return found
