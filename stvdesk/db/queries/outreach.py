"""The consultants' outreach to companies, month by month (000, 4.3 production steering, and
4.5–4.6: "opsøgende virksomhedskontakt … altid med afsæt i en borger", a focus on new companies,
and "får VK italesat [ordinære timer] overfor virksomhederne?").

From the contact log (`CompanyContactLog`), per consultant and month:
- new companies: companies the consultant contacted in the month that had no logged contact
  before the month (the first contact ever falls in it);
- for a named citizen: the consultant's contacts that name a citizen;
- ordinary hours asked: the consultant's contacts where the company was asked for ordinary
  (paid) hours.

On a team server a worker's login sees its own team's log (row-level security), so a company
first contacted by another team counts as new for this one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.db.models import Citizen, CompanyContactLog, Placement, Worker
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.domain.calendar import add_months, month_start
from stvdesk.domain.enums import PlacementStatus, Role


@dataclass(frozen=True)
class OutreachRow:
    worker_id: uuid.UUID
    initials: str
    name: str
    contacts: int  # every logged contact in the month
    new_companies: int
    for_citizen: int
    hours_asked: int


def outreach_month(session: Session, team_id: uuid.UUID | None, month: date) -> list[OutreachRow]:
    """The team's consultants (and any other worker of the team who logged a contact in the
    month), with their outreach in `month`; consultants first, then by initials."""
    first, after = month_start(month), add_months(month_start(month), 1)
    log = CompanyContactLog
    earliest = (
        select(log.company_id, sa.func.min(log.contacted_on).label("first_on"))
        .where(col(log.deleted_at).is_(None))
        .group_by(col(log.company_id))
        .subquery()
    )
    in_month = sa.and_(
        col(log.contacted_on) >= first,
        col(log.contacted_on) < after,
        col(log.deleted_at).is_(None),
    )
    counts = (
        sa.select(
            col(log.worker_id),
            sa.func.count().label("contacts"),
            sa.func.count(sa.distinct(sa.case((earliest.c.first_on >= first, col(log.company_id))))).label("new"),
            sa.func.count(col(log.citizen_id)).label("for_citizen"),
            sa.func.count(sa.case((col(log.ordinary_hours_asked).is_(True), 1))).label("asked"),
        )
        .join(earliest, earliest.c.company_id == col(log.company_id))
        .where(in_month)
        .group_by(col(log.worker_id))
        .subquery()
    )
    rows = session.execute(
        sa.select(Worker, counts.c.contacts, counts.c.new, counts.c.for_citizen, counts.c.asked)
        .join(counts, counts.c.worker_id == col(Worker.id), isouter=True)
        .where(
            col(Worker.team_id) == team_id,
            col(Worker.deleted_at).is_(None),
            # A consultant who has left shows only for a month she made contacts in.
            sa.or_(sa.and_(col(Worker.role) == Role.VK, col(Worker.active)), counts.c.contacts > 0),
        )
        .order_by(sa.case((col(Worker.role) == Role.VK, 0), else_=1), col(Worker.initials))
    ).all()
    return [
        OutreachRow(worker.id, worker.initials, worker.name, contacts or 0, new or 0, named or 0, asked or 0)
        for worker, contacts, new, named, asked in rows
    ]


@dataclass(frozen=True)
class ContactCitizen:
    id: uuid.UUID
    name: str


def contact_citizens(session: Session, worker_id: uuid.UUID, company_id: uuid.UUID) -> list[ContactCitizen]:
    """The citizens a contact with a company may be for: the worker's open cases (as caseworker
    or consultant) and the cases of the worker's team (aftercare included) with a placement at
    the company that has not ended; by name. Another team's citizens are not offered (nor their
    names shown)."""
    team_id = session.exec(select(Worker.team_id).where(Worker.id == worker_id)).first()
    at_company = (
        select(Placement.citizen_id)
        .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
        .where(
            Placement.company_id == company_id,
            Placement.status != PlacementStatus.ENDED,
            col(Placement.deleted_at).is_(None),
            caseload_condition(worker_id, Role.LEADER, team_id, include_closed=True),
        )
    )
    # A union, not an OR: each part has its index (the worker's open cases, the placements).
    ids = sa.union(
        select(Citizen.id).where(Citizen.caseworker_id == worker_id, col(Citizen.closed_on).is_(None)),
        select(Citizen.id).where(Citizen.consultant_id == worker_id, col(Citizen.closed_on).is_(None)),
        at_company,
    )
    rows = session.exec(
        select(Citizen.id, Citizen.first_name, Citizen.last_name)
        .where(col(Citizen.deleted_at).is_(None), col(Citizen.id).in_(sa.select(ids.subquery())))
        .order_by(col(Citizen.first_name), col(Citizen.last_name))
    ).all()
    return [ContactCitizen(citizen_id, f"{first} {last}") for citizen_id, first, last in rows]
