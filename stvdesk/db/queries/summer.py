""" "Sommerplan": placements that run through the summer weeks, with their plans."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.db.models import Citizen, Company, Placement, SummerPlan, utcnow
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.domain.enums import PlacementKind, PlacementStatus, Role
from stvdesk.domain.summer import SummerSettings, summer_span
from stvdesk.settings import settings_in_force


@dataclass(frozen=True)
class SummerLine:
    placement_id: uuid.UUID
    citizen_id: uuid.UUID
    citizen_name: str
    company: str
    kind: PlacementKind
    start_on: date
    planned_end_on: date | None
    plan: SummerPlan | None


def summer_lines(
    session: Session,
    worker_id: uuid.UUID,
    role: Role,
    team_id: uuid.UUID | None,
    year: int,
    settings: SummerSettings | None = None,
) -> list[SummerLine]:
    """The worker's (or a leader's team's) running and planned placements through the summer weeks
    (rule sommer.uger; `settings` None: those in force)."""
    first, last = summer_span(year, settings or settings_in_force().summer)
    rows = session.execute(
        # sa.select: SQLModel's select() is typed for at most four columns
        sa.select(
            Placement, col(Citizen.id), col(Citizen.first_name), col(Citizen.last_name), col(Company.name), SummerPlan
        )
        .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
        .join(Company, col(Company.id) == col(Placement.company_id))
        .join(
            SummerPlan,
            sa.and_(
                col(SummerPlan.placement_id) == col(Placement.id),
                col(SummerPlan.year) == year,
                col(SummerPlan.deleted_at).is_(None),
            ),
            isouter=True,
        )
        .where(
            caseload_condition(worker_id, role, team_id),
            col(Placement.deleted_at).is_(None),
            col(Placement.status).in_((PlacementStatus.ACTIVE, PlacementStatus.PLANNED)),
            col(Placement.kind) != PlacementKind.ORDINARY_JOB,
            col(Placement.start_on) <= last,
            sa.or_(col(Placement.planned_end_on).is_(None), col(Placement.planned_end_on) >= first),
        )
        .order_by(col(SummerPlan.id).is_not(None), Citizen.last_name, Citizen.first_name)
    ).all()
    return [
        SummerLine(p.id, cid, f"{first_name} {last_name}", company, p.kind, p.start_on, p.planned_end_on, plan)
        for p, cid, first_name, last_name, company, plan in rows
    ]


def save_summer_plan(
    session: Session,
    *,
    placement_id: uuid.UUID,
    year: int,
    by_worker: uuid.UUID,
    covered_by: str,
    holiday_contact: str,
    company_closes: bool,
    agreed_hours: float | None,
    note: str,
) -> SummerPlan:
    plan = session.exec(
        select(SummerPlan).where(SummerPlan.placement_id == placement_id, SummerPlan.year == year)
    ).first()
    if plan is None:
        plan = SummerPlan(placement_id=placement_id, year=year)
    plan.covered_by, plan.holiday_contact = covered_by.strip(), holiday_contact.strip()
    plan.company_closes, plan.agreed_hours, plan.note = company_closes, agreed_hours, note.strip()
    plan.updated_at, plan.updated_by, plan.deleted_at = utcnow(), by_worker, None
    session.add(plan)
    placement = session.get(Placement, placement_id)
    if placement is not None:
        from stvdesk.db.audit import log_access
        from stvdesk.domain.enums import AuditAction

        log_access(
            session,
            worker_id=by_worker,
            action=AuditAction.CHANGE,
            citizen_id=placement.citizen_id,
            criterion=f"Sommerplan {year} gemt",
            commit=False,
        )
    session.commit()
    session.refresh(plan)
    return plan
