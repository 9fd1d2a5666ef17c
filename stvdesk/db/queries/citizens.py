"""A citizen's read-only summary (the citizen's file proper comes with issue 3)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from stvdesk.db.models import (
    Citizen, Company, CvStatus, FollowUp, JobGoal, Note, Placement, PlanStep, Worker,
)
from stvdesk.domain.cpr import age_on
from stvdesk.domain.enums import (
    CvState, FollowUpKind, FollowUpStatus, GoalStatus, JobGoalKind, Phase, PlacementKind,
    PlacementStatus, Readiness, StepOwner, TargetGroup,
)


@dataclass(frozen=True)
class GoalLine:
    kind: JobGoalKind
    title: str
    status: GoalStatus


@dataclass(frozen=True)
class PlacementLine:
    company: str
    kind: PlacementKind
    status: PlacementStatus
    start_on: date
    planned_end_on: date | None
    hours_per_week: float
    ordinary_hours_per_week: float


@dataclass(frozen=True)
class StepLine:
    text: str
    owner: StepOwner
    deadline: date | None


@dataclass(frozen=True)
class FollowUpLine:
    due_on: date
    kind: FollowUpKind
    status: FollowUpStatus
    held_on: date | None
    note: str


@dataclass(frozen=True)
class NoteLine:
    written_at: datetime
    text: str


@dataclass(frozen=True)
class CitizenSummary:
    id: uuid.UUID
    name: str
    cpr: str
    age: int
    target_group: TargetGroup
    readiness: Readiness
    phase: Phase
    phase_overridden: bool
    caseworker: str
    consultant: str
    phone: str
    cv_state: CvState
    application_cv: bool
    goals: list[GoalLine] = field(default_factory=list)
    placements: list[PlacementLine] = field(default_factory=list)
    open_steps: list[StepLine] = field(default_factory=list)
    follow_ups: list[FollowUpLine] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)


def citizen_summary(session: Session, citizen_id: uuid.UUID, today: date) -> CitizenSummary | None:
    caseworker, consultant = aliased(Worker), aliased(Worker)
    row = session.exec(
        select(Citizen, caseworker.name, consultant.name, CvStatus)
        .join(caseworker, Citizen.caseworker_id == caseworker.id, isouter=True)
        .join(consultant, Citizen.consultant_id == consultant.id, isouter=True)
        .join(CvStatus, CvStatus.citizen_id == Citizen.id, isouter=True)
        .where(Citizen.id == citizen_id, Citizen.deleted_at.is_(None))
    ).first()
    if row is None:
        return None
    citizen, s_name, vk_name, cv = row
    goals = session.exec(
        select(JobGoal).where(JobGoal.citizen_id == citizen_id, JobGoal.deleted_at.is_(None)).order_by(JobGoal.kind)
    ).all()
    placements = session.exec(
        select(Placement, Company.name)
        .join(Company, Placement.company_id == Company.id)
        .where(Placement.citizen_id == citizen_id, Placement.deleted_at.is_(None))
        .order_by(Placement.start_on.desc())
    ).all()
    steps = session.exec(
        select(PlanStep)
        .where(PlanStep.citizen_id == citizen_id, PlanStep.done_on.is_(None), PlanStep.deleted_at.is_(None))
        .order_by(PlanStep.deadline)
    ).all()
    follow_ups = session.exec(
        select(FollowUp)
        .where(FollowUp.citizen_id == citizen_id, FollowUp.deleted_at.is_(None))
        .order_by(FollowUp.due_on.desc())
        .limit(6)
    ).all()
    notes = session.exec(
        select(Note)
        .where(Note.citizen_id == citizen_id, Note.deleted_at.is_(None))
        .order_by(Note.written_at.desc())
        .limit(3)
    ).all()
    return CitizenSummary(
        id=citizen.id,
        name=citizen.full_name,
        cpr=citizen.cpr,
        age=age_on(citizen.birth_date, today),
        target_group=citizen.target_group,
        readiness=citizen.readiness,
        phase=citizen.current_phase,
        phase_overridden=citizen.phase_override is not None,
        caseworker=s_name or "",
        consultant=vk_name or "",
        phone=citizen.phone,
        cv_state=cv.jobnet_state if cv else CvState.MISSING,
        application_cv=bool(cv and cv.application_cv),
        goals=[GoalLine(g.kind, g.title, g.status) for g in goals],
        placements=[
            PlacementLine(name, p.kind, p.status, p.start_on, p.planned_end_on, p.hours_per_week, p.ordinary_hours_per_week)
            for p, name in placements
        ],
        open_steps=[StepLine(s.text, s.owner, s.deadline) for s in steps],
        follow_ups=[FollowUpLine(f.due_on, f.kind, f.status, f.held_on, f.note) for f in follow_ups],
        notes=[NoteLine(n.written_at, n.text) for n in notes],
    )
