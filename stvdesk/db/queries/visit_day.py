"""Besøgsdag: a consultant's company visits and placement follow-ups on one day, one visit
per company, in the order the consultant chose, each with what the visit sheet needs
(README, "Besøgsdag (F9)").

A visit is due at a company when the consultant has a planned follow-up there that day (a
company visit, or any follow-up naming the company), or when a citizen the consultant
follows has a planned placement follow-up that day at a running placement. The sheet shows
everyone placed at the company now, not only those due, since the consultant meets them all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.db.models import (
    Agreement,
    Citizen,
    Company,
    CompanyContact,
    FollowUp,
    Placement,
    PlanStep,
    VisitOrder,
)
from stvdesk.db.queries.companies import citizen_goal_titles, placement_flags
from stvdesk.db.queries.edits import Editor, _stamp
from stvdesk.db.queries.progress import placement_progress
from stvdesk.db.queries.support import open_support
from stvdesk.domain.company_flags import DEFAULT_FLAGS, FlagSettings
from stvdesk.domain.enums import FollowUpKind, FollowUpStatus, PlacementStatus
from stvdesk.domain.progression import MonthRating


@dataclass(frozen=True)
class VisitPerson:
    citizen_id: uuid.UUID
    first_name: str
    last_name: str
    placement: Placement
    goals: list[str]
    sub_goals: list[str]  # open Min Plan sub-goals, with deadlines
    progress: list[MonthRating]
    last_follow_up: date | None
    agreements_due: list[Agreement]
    flags: list[str]
    # Open practical support of this placement, each with its date when it has one (002, table 5-1).
    support: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Visit:
    company: Company
    contacts: list[CompanyContact]
    due: list[tuple[uuid.UUID, str]]  # the follow-ups that bring the visit: id, Danish description
    people: list[VisitPerson]
    company_agreements: list[Agreement]


def _due_follow_ups(session: Session, worker_id: uuid.UUID, day: date) -> list[tuple[FollowUp, uuid.UUID, str | None]]:
    """(follow-up, company id, citizen first name) for every visit reason that day.

    Two index-backed queries rather than one OR: the worker's own follow-ups that day, and the
    placement follow-ups of the citizens the worker is consultant for."""
    running_company = (
        select(Placement.company_id)
        .where(
            Placement.citizen_id == FollowUp.citizen_id,
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.deleted_at).is_(None),
        )
        .order_by(col(Placement.start_on).desc())
        .limit(1)
        .scalar_subquery()
    )
    placement_company = select(Placement.company_id).where(Placement.id == FollowUp.placement_id).scalar_subquery()
    company = sa.func.coalesce(FollowUp.company_id, placement_company, running_company)
    planned = [
        col(FollowUp.status) == FollowUpStatus.PLANNED,
        col(FollowUp.deleted_at).is_(None),
        col(FollowUp.due_on) == day,
    ]
    own = session.exec(
        select(FollowUp, company, Citizen.first_name)
        .outerjoin(Citizen, col(Citizen.id) == col(FollowUp.citizen_id))
        .where(
            FollowUp.worker_id == worker_id,
            *planned,
            sa.or_(
                # A call to the employer (aftercare, a phone follow-up) is made from the desk,
                # not on the route: only what happens at the company is a visit.
                sa.and_(
                    col(FollowUp.company_id).is_not(None),
                    col(FollowUp.kind).not_in((FollowUpKind.AFTERCARE, FollowUpKind.PHONE)),
                ),
                col(FollowUp.kind).in_(
                    (FollowUpKind.PLACEMENT_FOLLOW_UP, FollowUpKind.COMPANY_VISIT, FollowUpKind.THREE_PARTY)
                ),
            ),
        )
    ).all()
    followed = select(Citizen.id).where(Citizen.consultant_id == worker_id, col(Citizen.closed_on).is_(None))
    theirs = session.exec(
        select(FollowUp, company, Citizen.first_name)
        .join(Citizen, col(Citizen.id) == col(FollowUp.citizen_id))
        .where(
            col(FollowUp.citizen_id).in_(followed),
            FollowUp.kind == FollowUpKind.PLACEMENT_FOLLOW_UP,
            FollowUp.worker_id != worker_id,
            *planned,
        )
    ).all()
    rows = sorted([*own, *theirs], key=lambda row: str(row[0].id))
    return [(fu, company_id, first) for fu, company_id, first in rows if company_id is not None]


def visit_day(
    session: Session, worker_id: uuid.UUID, day: date, today: date, flags: FlagSettings = DEFAULT_FLAGS
) -> list[Visit]:
    due = _due_follow_ups(session, worker_id, day)
    company_ids = list(dict.fromkeys(company_id for _, company_id, _ in due))
    if not company_ids:
        return []
    companies = {c.id: c for c in session.exec(select(Company).where(col(Company.id).in_(company_ids))).all()}
    contacts: dict[uuid.UUID, list[CompanyContact]] = {}
    for contact in session.exec(
        select(CompanyContact)
        .where(col(CompanyContact.company_id).in_(company_ids), col(CompanyContact.deleted_at).is_(None))
        .order_by(CompanyContact.name)
    ).all():
        contacts.setdefault(contact.company_id, []).append(contact)
    rows = session.exec(
        select(Placement, Citizen.first_name, Citizen.last_name)
        .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
        .where(
            col(Placement.company_id).in_(company_ids),
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.deleted_at).is_(None),
            col(Citizen.closed_on).is_(None),
        )
        .order_by(Citizen.last_name, Citizen.first_name)
    ).all()
    placements = [p for p, _, _ in rows]
    citizen_ids = [p.citizen_id for p in placements]
    goals = citizen_goal_titles(session, citizen_ids)
    progress = placement_progress(session, [p.id for p in placements])
    found = placement_flags(session, placements, today, flags)
    steps: dict[uuid.UUID, list[str]] = {}
    for step in (
        session.exec(
            select(PlanStep)
            .where(
                col(PlanStep.citizen_id).in_(citizen_ids),
                col(PlanStep.done_on).is_(None),
                col(PlanStep.deleted_at).is_(None),
            )
            .order_by(col(PlanStep.deadline))
        ).all()
        if citizen_ids
        else []
    ):
        deadline = f" (frist {step.deadline:%d-%m-%Y})" if step.deadline else ""
        steps.setdefault(step.citizen_id, []).append(step.text + deadline)
    last_held = (
        dict(
            session.exec(
                select(FollowUp.citizen_id, sa.func.max(FollowUp.held_on))
                .where(col(FollowUp.citizen_id).in_(citizen_ids), FollowUp.status == FollowUpStatus.HELD)
                .group_by(col(FollowUp.citizen_id))
            ).all()
        )
        if citizen_ids
        else {}
    )
    horizon = day + timedelta(days=7)
    due_soon = [
        col(Agreement.done_on).is_(None),
        col(Agreement.deleted_at).is_(None),
        sa.or_(col(Agreement.deadline).is_(None), col(Agreement.deadline) <= horizon),
    ]
    # two queries, each on its own index, rather than one OR over both columns
    due_agreements = {
        a.id: a
        for a in [
            *session.exec(select(Agreement).where(col(Agreement.company_id).in_(company_ids), *due_soon)).all(),
            *session.exec(select(Agreement).where(col(Agreement.citizen_id).in_(citizen_ids), *due_soon)).all(),
        ]
    }.values()
    agreements = sorted(due_agreements, key=lambda a: (a.deadline is None, a.deadline or day))

    open_items = open_support(session, citizen_ids)
    people: dict[uuid.UUID, list[VisitPerson]] = {}
    for placement, first, last in rows:
        people.setdefault(placement.company_id, []).append(
            VisitPerson(
                citizen_id=placement.citizen_id,
                first_name=first,
                last_name=last,
                placement=placement,
                goals=goals.get(placement.citizen_id, []),
                sub_goals=steps.get(placement.citizen_id, []),
                progress=progress.get(placement.id, []),
                last_follow_up=last_held.get(placement.citizen_id),
                agreements_due=[a for a in agreements if a.citizen_id == placement.citizen_id],
                flags=found.get(placement.id, []),
                support=[
                    s.item.label + (f" (dato {s.due_on:%d-%m-%Y})" if s.due_on else "")
                    for s in open_items.get(placement.citizen_id, [])
                    if s.placement_id == placement.id
                ],
            )
        )
    reasons: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    for follow_up, company_id, first_name in due:
        who = f": {first_name}" if first_name else ""
        reasons.setdefault(company_id, []).append((follow_up.id, f"{follow_up.kind.label}{who}"))
    visits = [
        Visit(
            company=companies[cid],
            contacts=contacts.get(cid, []),
            due=reasons.get(cid, []),
            people=people.get(cid, []),
            company_agreements=[a for a in agreements if a.company_id == cid and a.citizen_id is None],
        )
        for cid in company_ids
    ]
    order = dict(
        session.exec(
            select(VisitOrder.company_id, VisitOrder.position).where(
                VisitOrder.worker_id == worker_id, VisitOrder.day == day, col(VisitOrder.deleted_at).is_(None)
            )
        ).all()
    )
    # Visits without a chosen place come after those with one, by name.
    return sorted(visits, key=lambda v: (order.get(v.company.id, len(order) + 1_000), v.company.name.lower()))


def save_visit_order(
    session: Session, editor: Editor, worker_id: uuid.UUID, day: date, company_ids: list[uuid.UUID]
) -> None:
    """Keep the order the consultant chose for the day (every visit gets its position)."""
    existing = {
        row.company_id: row
        for row in session.exec(
            select(VisitOrder).where(VisitOrder.worker_id == worker_id, VisitOrder.day == day)
        ).all()
    }
    for position, company_id in enumerate(company_ids):
        row = existing.get(company_id) or VisitOrder(worker_id=worker_id, day=day, company_id=company_id, position=0)
        row.position, row.deleted_at = position, None
        _stamp(row, editor)
        session.add(row)
    session.commit()
