"""Everything the citizen's file shows, in one call: one dataclass per tab."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from stvdesk.db.models import (
    AuditEvent,
    Citizen,
    Company,
    CvStatus,
    DevelopmentGoal,
    FollowUp,
    GoalAction,
    JobGoal,
    Meeting,
    Note,
    Placement,
    PlacementHours,
    PlanStep,
    Worker,
)
from stvdesk.db.queries.phase import phase_facts
from stvdesk.domain.cpr import age_on
from stvdesk.domain.enums import (
    AuditAction,
    CvState,
    GoalStatus,
    PlacementKind,
    PlacementStatus,
)
from stvdesk.domain.method import MethodSettings
from stvdesk.domain.phase import DerivedPhase, derive_phase
from stvdesk.domain.placements import PlacementReadiness, before_placement, past_end_warning, placement_warnings
from stvdesk.domain.progression import MonthRating
from stvdesk.domain.resource import vk_wait_since
from stvdesk.domain.text import clean_line
from stvdesk.settings import settings_in_force

if TYPE_CHECKING:
    from stvdesk.db.queries.meetings import AgreementLine  # imported late at run time, as below


@dataclass(frozen=True)
class GoalWithActions:
    goal: JobGoal
    actions: list[GoalAction]


@dataclass(frozen=True)
class PlacementView:
    placement: Placement
    company: str
    hours: list[PlacementHours]
    warnings: list[str]


@dataclass(frozen=True)
class NoteView:
    note: Note
    author: str
    corrected_by_later: bool


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    worker: str
    text: str


@dataclass(frozen=True)
class CitizenFile:
    citizen: Citizen
    age: int
    caseworker: str
    consultant: str
    derived: DerivedPhase
    todo_before_placement: list[str]
    cv: CvStatus | None
    goals: list[GoalWithActions]
    development_goals: list[tuple[DevelopmentGoal, list[GoalAction]]]
    steps: list[PlanStep]
    placements: list[PlacementView]
    follow_ups: list[tuple[FollowUp, str]]
    meetings: list[Meeting]
    notes: list[NoteView]
    history: list[HistoryLine] = field(default_factory=list)
    agreements: list[AgreementLine] = field(default_factory=list)  # open first
    progress: dict[uuid.UUID, list[MonthRating]] = field(
        default_factory=dict
    )  # placement id → last months, oldest first
    # Who gave aftercare's open offer to the citizen and to the company (initials; "" if none).
    open_offer_givers: tuple[str, str] = ("", "")


def citizen_file(
    session: Session, citizen_id: uuid.UUID, today: date, method: MethodSettings | None = None
) -> CitizenFile | None:
    """`method`: the rules' settings (praktik limits, flags, phase); None: those in force."""
    from stvdesk.db.queries.meetings import citizen_agreements
    from stvdesk.db.queries.progress import placement_progress

    s, vk = aliased(Worker), aliased(Worker)
    row = session.exec(
        select(Citizen, s.name, vk.name)
        .join(s, col(Citizen.caseworker_id) == s.id, isouter=True)
        .join(vk, col(Citizen.consultant_id) == vk.id, isouter=True)
        .where(Citizen.id == citizen_id, col(Citizen.deleted_at).is_(None))
    ).first()
    if row is None:
        return None
    citizen, s_name, vk_name = row
    method = method or settings_in_force().method()
    cv = session.exec(select(CvStatus).where(CvStatus.citizen_id == citizen_id)).first()

    goals = session.exec(
        select(JobGoal)
        .where(JobGoal.citizen_id == citizen_id, col(JobGoal.deleted_at).is_(None))
        .order_by(col(JobGoal.kind), col(JobGoal.created_at))
    ).all()
    development = session.exec(
        select(DevelopmentGoal)
        .where(DevelopmentGoal.citizen_id == citizen_id, col(DevelopmentGoal.deleted_at).is_(None))
        .order_by(col(DevelopmentGoal.created_at))
    ).all()
    goal_ids = [g.id for g in goals]
    dev_ids = [d.id for d in development]
    actions = (
        session.exec(
            select(GoalAction)
            .where(
                sa.or_(col(GoalAction.job_goal_id).in_(goal_ids), col(GoalAction.development_goal_id).in_(dev_ids)),
                col(GoalAction.deleted_at).is_(None),
            )
            .order_by(col(GoalAction.created_at))
        ).all()
        if (goal_ids or dev_ids)
        else []
    )

    steps = session.exec(
        select(PlanStep)
        .where(PlanStep.citizen_id == citizen_id, col(PlanStep.deleted_at).is_(None))
        .order_by(col(PlanStep.done_on).is_not(None), col(PlanStep.deadline))
    ).all()

    placement_rows = session.exec(
        select(Placement, Company.name)
        .join(Company, col(Company.id) == col(Placement.company_id))
        .where(Placement.citizen_id == citizen_id, col(Placement.deleted_at).is_(None))
        .order_by(col(Placement.start_on).desc())
    ).all()
    hours = (
        session.exec(
            select(PlacementHours)
            .where(
                col(PlacementHours.placement_id).in_([p.id for p, _ in placement_rows]),
                col(PlacementHours.deleted_at).is_(None),
            )
            .order_by(col(PlacementHours.effective_on))
        ).all()
        if placement_rows
        else []
    )
    placements = []
    for placement, company in placement_rows:
        earlier_here = any(
            other.company_id == placement.company_id
            and other.kind is PlacementKind.INTERNSHIP
            and other.start_on < placement.start_on
            and other.id != placement.id
            for other, _ in placement_rows
        )
        warnings = placement_warnings(
            placement.kind,
            placement.start_on,
            placement.planned_end_on,
            earlier_here,
            target_group=citizen.target_group,
            max_weeks=method.internship_weeks,
            repeat_warning=method.flags.repeat_internship,
        )
        past_end = (
            past_end_warning(placement.planned_end_on, today, method.limits)
            if placement.status is PlacementStatus.ACTIVE
            else None
        )
        placements.append(
            PlacementView(
                placement,
                company,
                [h for h in hours if h.placement_id == placement.id],
                ([past_end] if past_end else []) + warnings if placement.status is not PlacementStatus.ENDED else [],
            )
        )

    follow_ups = session.exec(
        select(FollowUp, Worker.initials)
        .join(Worker, col(Worker.id) == col(FollowUp.worker_id), isouter=True)
        .where(FollowUp.citizen_id == citizen_id, col(FollowUp.deleted_at).is_(None))
        .order_by(col(FollowUp.due_on).desc())
    ).all()
    meetings = session.exec(
        select(Meeting)
        .where(Meeting.citizen_id == citizen_id, col(Meeting.deleted_at).is_(None))
        .order_by(sa.func.coalesce(Meeting.held_on, Meeting.planned_on).desc())
    ).all()
    note_rows = session.exec(
        select(Note, Worker.initials)
        .join(Worker, col(Worker.id) == col(Note.worker_id), isouter=True)
        .where(Note.citizen_id == citizen_id, col(Note.deleted_at).is_(None))
        .order_by(col(Note.written_at).desc())
    ).all()
    corrected = {n.corrects_id for n, _ in note_rows if n.corrects_id}
    history = session.exec(
        select(AuditEvent, Worker.initials)
        .join(Worker, col(Worker.id) == col(AuditEvent.worker_id), isouter=True)
        .where(AuditEvent.citizen_id == citizen_id, AuditEvent.action == AuditAction.CHANGE)
        .order_by(col(AuditEvent.at).desc())
        .limit(500)
    ).all()

    has_abc = any(g.status in (GoalStatus.AGREED, GoalStatus.ACHIEVED) for g in goals)
    open_step = any(st.agreed_on and not st.done_on for st in steps)
    waiting = vk_wait_since(
        citizen.target_group, citizen.resource_awarded_on, citizen.vk_requested_on, citizen.first_vk_meeting_on
    )
    todo = before_placement(
        PlacementReadiness(
            readiness=citizen.readiness,
            cv_state=cv.jobnet_state if cv else CvState.MISSING,
            has_abc=has_abc,
            has_open_sub_goal=open_step,
            waiting_for_vk_since=waiting,
            has_consultant=citizen.consultant_id is not None,
        )
    )
    return CitizenFile(
        citizen=citizen,
        age=age_on(citizen.birth_date, today),
        caseworker=s_name or "",
        consultant=vk_name or "",
        derived=derive_phase(phase_facts(session, citizen), today, method.phase),
        todo_before_placement=todo,
        cv=cv,
        goals=[GoalWithActions(g, [a for a in actions if a.job_goal_id == g.id]) for g in goals],
        development_goals=[(d, [a for a in actions if a.development_goal_id == d.id]) for d in development],
        steps=list(steps),
        placements=placements,
        follow_ups=[(f, ini or "") for f, ini in follow_ups],
        meetings=list(meetings),
        notes=[NoteView(n, ini or "", n.id in corrected) for n, ini in note_rows],
        # The access log is kept as it was hashed, escape sequences of older versions included.
        history=[HistoryLine(e.at, ini or "", clean_line(e.criterion)) for e, ini in history],
        agreements=citizen_agreements(session, citizen_id),
        progress=placement_progress(session, [p.id for p, _ in placement_rows]),
        open_offer_givers=_givers(session, citizen),
    )


def _givers(session: Session, citizen: Citizen) -> tuple[str, str]:
    """The initials of who gave the open offer to the citizen and to the company."""
    ids = [i for i in (citizen.open_offer_citizen_by, citizen.open_offer_company_by) if i is not None]
    if not ids:
        return "", ""
    initials = dict(session.exec(select(Worker.id, Worker.initials).where(col(Worker.id).in_(ids))).all())
    return (
        initials.get(citizen.open_offer_citizen_by, "") if citizen.open_offer_citizen_by else "",
        initials.get(citizen.open_offer_company_by, "") if citizen.open_offer_company_by else "",
    )


def companies_by_name(session: Session) -> dict[str, uuid.UUID]:
    """Company names for the placement form's suggestions (name → id)."""
    rows = session.exec(
        select(Company.name, Company.id).where(col(Company.deleted_at).is_(None)).order_by(Company.name)
    ).all()
    return dict(rows)
