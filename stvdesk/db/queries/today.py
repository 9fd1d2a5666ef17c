""" "Min dag": the worker's follow-ups up to the end of next week and the caseload's gaps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from stvdesk.db.models import Citizen, Company, CompanyContact, FollowUp, JobGoal, Placement, PlanStep, Worker
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.db.queries.cv import has_cv_sql
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.agenda import (
    DEFAULT_LIMITS,
    REMOTE_FORMS,
    WORKPLACE_KINDS,
    AgendaLine,
    Bucket,
    WarningLimits,
    bucket_for,
    horizon,
)
from stvdesk.domain.enums import FollowUpKind, FollowUpStatus, GoalStatus, PlacementStatus
from stvdesk.settings import settings_in_force


@dataclass(frozen=True)
class CaseloadGaps:
    caseload: int
    without_cv: int  # no finished Jobnet CV (stvdesk.domain.cv: the one definition)
    without_abc: int
    without_sub_goals: int
    placement_without_follow_up: int  # no praktikopfølgning at the workplace (rule opf.praktik_maks)
    without_contact_6_weeks: int = 0  # rule opf.ingen_kontakt (the days: limits.no_contact_days)
    waiting_for_vk: int = 0  # rule vk.ventetid
    past_planned_end: int = 0  # running placements past their planned end (rule forloeb.over_slut)
    limits: WarningLimits = DEFAULT_LIMITS  # the day counts these were counted with, for their labels


@dataclass(frozen=True)
class DayOverview:
    today: date
    lines: list[AgendaLine]
    gaps: CaseloadGaps

    def in_bucket(self, bucket: Bucket) -> list[AgendaLine]:
        return [line for line in self.lines if line.bucket is bucket]


def planned_follow_ups(
    session: Session,
    worker_ids: list[uuid.UUID],
    today: date,
    *,
    until: date,
    since: date | None = None,
    kind: FollowUpKind | None = None,
) -> list[AgendaLine]:
    """Planned follow-ups owned by these workers, due from `since` (or any time) to `until`."""
    conditions = [
        col(FollowUp.worker_id).in_(worker_ids),
        col(FollowUp.status) == FollowUpStatus.PLANNED,
        col(FollowUp.deleted_at).is_(None),
        col(FollowUp.due_on) <= until,
    ]
    if since is not None:
        conditions.append(col(FollowUp.due_on) >= since)
    if kind is not None:
        conditions.append(col(FollowUp.kind) == kind)
    rows = session.execute(
        sa.select(FollowUp, Citizen, col(Company.name), col(Worker.initials), col(CompanyContact.name))
        .join(Citizen, col(FollowUp.citizen_id) == col(Citizen.id), isouter=True)
        .join(Company, col(FollowUp.company_id) == col(Company.id), isouter=True)
        .join(Worker, col(FollowUp.worker_id) == col(Worker.id))
        .join(Placement, col(FollowUp.placement_id) == col(Placement.id), isouter=True)
        .join(CompanyContact, col(Placement.contact_id) == col(CompanyContact.id), isouter=True)
        .where(*conditions)
        .order_by(col(FollowUp.due_on), col(Citizen.last_name), col(Citizen.first_name), col(Company.name))
    ).all()
    return [
        AgendaLine(
            follow_up_id=follow_up.id,
            due_on=follow_up.due_on,
            bucket=bucket_for(follow_up.due_on, today),
            kind=follow_up.kind,
            citizen_id=citizen.id if citizen else None,
            citizen_name=citizen.full_name if citizen else "",
            cpr=citizen.cpr if citizen else "",
            phase=citizen.current_phase if citizen else None,
            company_name=company_name or "",
            worker=initials,
            company_id=follow_up.company_id,
            contact_name=contact or "",
        )
        for follow_up, citizen, company_name, initials, contact in rows
    ]


def agenda_lines(session: Session, worker_id: uuid.UUID, today: date) -> list[AgendaLine]:
    """Min dag: the worker's planned follow-ups due up to Sunday of next week, oldest first."""
    return planned_follow_ups(session, [worker_id], today, until=horizon(today))


@dataclass(frozen=True)
class WeekAgenda:
    week_start: date
    overdue: list[AgendaLine]  # before today, whatever week is shown
    days: list[tuple[date, list[AgendaLine]]]  # Monday to Sunday


def week_agenda(
    session: Session, worker_ids: list[uuid.UUID], today: date, week_start: date, kind: FollowUpKind | None = None
) -> WeekAgenda:
    """Kalender: one ISO week of follow-ups, day by day, with everything overdue on top."""
    overdue = planned_follow_ups(session, worker_ids, today, until=today - timedelta(days=1), kind=kind)
    week_end = week_start + timedelta(days=6)
    lines = planned_follow_ups(session, worker_ids, today, since=max(week_start, today), until=week_end, kind=kind)
    days = [
        (week_start + timedelta(days=n), [line for line in lines if line.due_on == week_start + timedelta(days=n)])
        for n in range(7)
    ]
    return WeekAgenda(week_start=week_start, overdue=overdue, days=days)


def caseload_gaps(
    session: Session, worker: WorkerInfo, today: date, limits: WarningLimits | None = None
) -> CaseloadGaps:
    """Counts of the worker's citizens that lack something the method asks for, and its warnings.
    `limits`: the warnings' day counts; None: the settings in force for the worker's team."""
    limits = limits or settings_in_force().method(worker.team_name).limits
    mine = caseload_condition(worker.id, worker.role, worker.team_id)
    has_abc = sa.exists().where(
        col(JobGoal.citizen_id) == col(Citizen.id),
        col(JobGoal.status).in_((GoalStatus.AGREED, GoalStatus.ACHIEVED)),
        col(JobGoal.deleted_at).is_(None),
    )
    has_open_step = sa.exists().where(
        col(PlanStep.citizen_id) == col(Citizen.id),
        col(PlanStep.agreed_on).is_not(None),
        col(PlanStep.done_on).is_(None),
        col(PlanStep.deleted_at).is_(None),
    )
    follow_up_since = today - timedelta(days=limits.placement_follow_up_days)
    # A running placement that started before the limit and has had no praktikopfølgning at the
    # workplace since (000, 4.6: monthly; a phone call does not count).
    placement_unfollowed = sa.exists().where(
        col(Placement.citizen_id) == col(Citizen.id),
        col(Placement.status) == PlacementStatus.ACTIVE,
        col(Placement.deleted_at).is_(None),
        col(Placement.start_on) < follow_up_since,
        ~sa.exists().where(
            col(FollowUp.citizen_id) == col(Placement.citizen_id),  # correlates with the placement
            col(FollowUp.status) == FollowUpStatus.HELD,
            col(FollowUp.kind).in_(WORKPLACE_KINDS),
            sa.or_(col(FollowUp.form).is_(None), col(FollowUp.form).not_in(REMOTE_FORMS)),
            col(FollowUp.held_on) >= follow_up_since,
            col(FollowUp.deleted_at).is_(None),
        ),
    )
    past_end = sa.exists().where(
        col(Placement.citizen_id) == col(Citizen.id),
        col(Placement.status) == PlacementStatus.ACTIVE,
        col(Placement.deleted_at).is_(None),
        col(Placement.planned_end_on) < today - timedelta(days=limits.past_end_days),
    )
    any_contact = sa.exists().where(
        col(FollowUp.citizen_id) == col(Citizen.id),
        col(FollowUp.status) == FollowUpStatus.HELD,
        col(FollowUp.held_on) >= today - timedelta(days=limits.no_contact_days),
        col(FollowUp.deleted_at).is_(None),
    )
    waiting_vk = sa.and_(
        col(Citizen.vk_requested_on).is_not(None),
        col(Citizen.first_vk_meeting_on).is_(None),
        col(Citizen.vk_requested_on) < today - timedelta(days=limits.vk_wait_days),
    )

    def count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    row = session.execute(
        sa.select(  # sa.select: SQLModel's select() is typed for at most four columns
            sa.func.count(col(Citizen.id)),
            count(~has_cv_sql()),
            count(~has_abc),
            count(~has_open_step),
            count(placement_unfollowed),
            count(~any_contact),
            count(waiting_vk),
            count(past_end),
        ).where(mine)
    ).one()
    counts = [int(v) for v in row]
    return CaseloadGaps(
        caseload=counts[0],
        without_cv=counts[1],
        without_abc=counts[2],
        without_sub_goals=counts[3],
        placement_without_follow_up=counts[4],
        without_contact_6_weeks=counts[5],
        waiting_for_vk=counts[6],
        past_planned_end=counts[7],
        limits=limits,
    )


def day_overview(session: Session, worker: WorkerInfo, today: date) -> DayOverview:
    return DayOverview(
        today=today, lines=agenda_lines(session, worker.id, today), gaps=caseload_gaps(session, worker, today)
    )
