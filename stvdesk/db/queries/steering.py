"""Production steering in SQL (issue 7): each monthly metric as one query that yields the rows
behind the number, so a count and its drill-down list are the same query. The definitions
are in domain/targets.py; this module only says them in SQL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from stvdesk.db.models import Citizen, CvStatus, FollowUp, JobGoal, Placement, PlacementHours, ProgressEntry, Target, Worker
from stvdesk.domain.calendar import add_months, month_start
from stvdesk.domain.enums import (
    CvState, FollowUpStatus, GoalStatus, PlacementKind, PlacementStatus, Role, TargetMetric,
)
from stvdesk.db.sqlfuncs import month_of
from stvdesk.domain.targets import RETAINED_AFTER_MONTHS, month_end, reference_day


@dataclass(frozen=True)
class SteeringScope:
    """Whose numbers: one worker's (as S or VK) or a team's (every case with a caseworker in it)."""

    worker_id: uuid.UUID | None = None
    role: Role | None = None
    team_id: uuid.UUID | None = None

    @staticmethod
    def for_worker(worker_id: uuid.UUID, role: Role) -> "SteeringScope":
        return SteeringScope(worker_id=worker_id, role=role)

    @staticmethod
    def for_team(team_id: uuid.UUID) -> "SteeringScope":
        return SteeringScope(team_id=team_id)

    def owner(self):
        if self.team_id is not None:
            return Citizen.caseworker_id.in_(select(Worker.id).where(Worker.team_id == self.team_id))
        if self.role is Role.VK:
            return Citizen.consultant_id == self.worker_id
        return Citizen.caseworker_id == self.worker_id

    def workers(self):
        """Whose held conversations count."""
        if self.team_id is not None:
            return FollowUp.worker_id.in_(select(Worker.id).where(Worker.team_id == self.team_id))
        return FollowUp.worker_id == self.worker_id


def _open_on(ref: date):
    return sa.and_(Citizen.opened_on <= ref, sa.or_(Citizen.closed_on.is_(None), Citizen.closed_on > ref),
                   Citizen.deleted_at.is_(None))


def _running_on(ref: date, *, jobs: bool = False):
    kinds = [] if jobs else [Placement.kind != PlacementKind.ORDINARY_JOB]
    return sa.and_(Placement.deleted_at.is_(None), Placement.status != PlacementStatus.PLANNED,
                   Placement.start_on <= ref, sa.or_(Placement.ended_on.is_(None), Placement.ended_on >= ref), *kinds)


# Metrics of things that happen in a month (the rest stand on the month's reference day). A flow
# counts for a citizen whose case was open when it happened, so a case closed later in the month
# (say, for a job) still counts.
FLOW = (TargetMetric.STARTED, TargetMetric.ORDINARY_HOURS_TOTAL, TargetMetric.CONVERSATIONS)


def _open_at(day_column):
    return sa.and_(Citizen.opened_on <= day_column,
                   sa.or_(Citizen.closed_on.is_(None), Citizen.closed_on >= day_column), Citizen.deleted_at.is_(None))


def _flow_rows(metric: TargetMetric, scope: SteeringScope, first: date, last: date):
    """(citizen_id, amount, row id, month 'YYYY-MM-01') for a flow metric between two days."""
    if metric is TargetMetric.STARTED:
        return (select(Citizen.id, sa.literal(1.0), Placement.id, month_of(Placement.start_on))
                .join(Placement, Placement.citizen_id == Citizen.id)
                .where(scope.owner(), _open_at(Placement.start_on), Placement.deleted_at.is_(None),
                       Placement.status != PlacementStatus.PLANNED, Placement.kind != PlacementKind.ORDINARY_JOB,
                       Placement.start_on.between(first, last)))
    if metric is TargetMetric.ORDINARY_HOURS_TOTAL:
        return (select(Citizen.id, ProgressEntry.ordinary_hours, ProgressEntry.id, month_of(ProgressEntry.month))
                .join(ProgressEntry, ProgressEntry.citizen_id == Citizen.id)
                .where(scope.owner(), _open_at(ProgressEntry.month), ProgressEntry.month.between(first, last),
                       ProgressEntry.deleted_at.is_(None), ProgressEntry.ordinary_hours > 0))
    return (select(Citizen.id, sa.literal(1.0), FollowUp.id, month_of(FollowUp.held_on))
            .join(FollowUp, FollowUp.citizen_id == Citizen.id)
            .where(scope.owner(), Citizen.deleted_at.is_(None), scope.workers(),
                   FollowUp.status == FollowUpStatus.HELD, FollowUp.held_on.between(first, last),
                   FollowUp.deleted_at.is_(None)))


def _flow_select(metric: TargetMetric, scope: SteeringScope, first: date, last: date):
    rows = _flow_rows(metric, scope, first, last).subquery()
    citizen, amount, row_id = list(rows.c)[:3]
    if metric is TargetMetric.STARTED:  # citizens, not placements: two starts in a month are one citizen
        return select(citizen, sa.literal(1.0), citizen).group_by(citizen)
    if metric is TargetMetric.ORDINARY_HOURS_TOTAL:
        return select(citizen, sa.func.sum(amount), citizen).group_by(citizen)
    return select(citizen, amount, row_id)


def flow_history(session: Session, metric: TargetMetric, scope: SteeringScope, months: list[date],
                 today: date) -> list[float]:
    """A flow metric for each of consecutive months, in one grouped query."""
    rows = _flow_rows(metric, scope, months[0], min(month_end(months[-1]), today)).subquery()
    citizen, amount, _row, month = list(rows.c)
    value = sa.func.count(sa.distinct(citizen)) if metric is TargetMetric.STARTED else sa.func.sum(amount)
    found = dict(session.exec(select(month, value).group_by(month)).all())
    return [float(found.get(m.isoformat(), 0) or 0) for m in months]


@dataclass(frozen=True)
class MonthDays:
    """The days a standing metric reads for one month: the reference day, and the month three
    months earlier (for retained). Dates, or bind parameters standing in for them."""

    ref: object
    earlier_first: object
    earlier_last: object

    @staticmethod
    def of(month: date, today: date) -> "MonthDays":
        earlier = add_months(month_start(month), -RETAINED_AFTER_MONTHS)
        return MonthDays(reference_day(month, today), earlier, month_end(earlier))

    def params(self, suffix: str) -> dict[str, date]:
        return {f"ref{suffix}": self.ref, f"ef{suffix}": self.earlier_first, f"el{suffix}": self.earlier_last}

    @staticmethod
    def bound(suffix: str) -> "MonthDays":
        return MonthDays(*(sa.bindparam(f"{name}{suffix}", type_=sa.Date()) for name in ("ref", "ef", "el")))


def metric_select(metric: TargetMetric, scope: SteeringScope, month: date, today: date):
    """(citizen_id, amount, row_id) per row behind the metric; the metric is the sum of amount."""
    if metric in FLOW:
        return _flow_select(metric, scope, month_start(month), min(month_end(month), today))
    return _standing_select(metric, scope, MonthDays.of(month, today))


def _standing_select(metric: TargetMetric, scope: SteeringScope, days: MonthDays):
    ref = days.ref
    population = [scope.owner(), _open_on(ref)]
    if metric is TargetMetric.IN_PLACEMENT:
        return (select(Citizen.id, sa.literal(1.0), Citizen.id).join(Placement, Placement.citizen_id == Citizen.id)
                .where(*population, _running_on(ref)).group_by(Citizen.id))
    if metric is TargetMetric.RETAINED:
        # EXISTS correlated on the citizen, so each test is an index lookup, not a scan of all placements
        started = sa.exists().where(
            Placement.citizen_id == Citizen.id, Placement.deleted_at.is_(None),
            Placement.status != PlacementStatus.PLANNED, Placement.kind != PlacementKind.ORDINARY_JOB,
            Placement.start_on.between(days.earlier_first, days.earlier_last))
        still = sa.exists().where(Placement.citizen_id == Citizen.id, _running_on(ref, jobs=True))
        return select(Citizen.id, sa.literal(1.0), Citizen.id).where(*population, started, still)
    if metric is TargetMetric.WITH_CV:
        return (select(Citizen.id, sa.literal(1.0), Citizen.id).join(CvStatus, CvStatus.citizen_id == Citizen.id)
                .where(*population, CvStatus.jobnet_state.in_((CvState.DONE, CvState.VISIBLE))))
    if metric is TargetMetric.WITH_ORDINARY_HOURS:
        # Ordinary hours on the reference day: the latest change on or before it, else the placement's own.
        at_ref = (select(PlacementHours.ordinary_hours_per_week).where(
            PlacementHours.placement_id == Placement.id, PlacementHours.effective_on <= ref,
            PlacementHours.deleted_at.is_(None)).order_by(PlacementHours.effective_on.desc()).limit(1)
            .scalar_subquery())
        return (select(Citizen.id, sa.literal(1.0), Citizen.id).join(Placement, Placement.citizen_id == Citizen.id)
                .where(*population, _running_on(ref, jobs=True),
                       sa.func.coalesce(at_ref, Placement.ordinary_hours_per_week) > 0)
                .group_by(Citizen.id))
    if metric is TargetMetric.WITH_ABC_PLAN:
        return (select(Citizen.id, sa.literal(1.0), Citizen.id).join(JobGoal, JobGoal.citizen_id == Citizen.id)
                .where(*population, JobGoal.deleted_at.is_(None),
                       JobGoal.status.in_((GoalStatus.AGREED, GoalStatus.ACHIEVED)),
                       sa.or_(JobGoal.agreed_on.is_(None), JobGoal.agreed_on <= ref))
                .group_by(Citizen.id))
    raise ValueError(metric)


def metric_value(session: Session, metric: TargetMetric, scope: SteeringScope, month: date, today: date) -> float:
    rows = metric_select(metric, scope, month, today).subquery()
    return float(session.exec(select(sa.func.coalesce(sa.func.sum(list(rows.c)[1]), 0))).one())


_STATEMENTS: dict[tuple, object] = {}


def months_values(session: Session, metrics: list[TargetMetric], scope: SteeringScope, months: list[date],
                  today: date) -> list[list[float]]:
    """Standing metrics for several months in one statement, a UNION ALL of a row per month.

    The statement is built once per scope and kept; each call only binds the days. Building
    these SQL trees cost more than running them (measured with bench steering)."""
    key = (scope, tuple(metrics), len(months))
    statement = _STATEMENTS.get(key)
    if statement is None:
        selects = []
        for index in range(len(months)):
            days = MonthDays.bound(str(index))
            columns = [sa.literal(index).label("i")]
            for n, metric in enumerate(metrics):
                rows = _standing_select(metric, scope, days).subquery()
                columns.append(select(sa.func.coalesce(sa.func.sum(list(rows.c)[1]), 0)).scalar_subquery().label(f"m{n}"))
            selects.append(select(*columns))
        statement = _STATEMENTS[key] = sa.union_all(*selects)
    params = {}
    for index, month in enumerate(months):
        params.update(MonthDays.of(month, today).params(str(index)))
    found = {row[0]: [float(v) for v in row[1:]] for row in session.connection().execute(statement, params).all()}
    return [found[i] for i in range(len(months))]


@dataclass(frozen=True)
class DrillRow:
    citizen_id: uuid.UUID
    name: str
    amount: float


def metric_rows(session: Session, metric: TargetMetric, scope: SteeringScope, month: date, today: date) -> list[DrillRow]:
    """The citizens (or conversations) behind a number, by name: the same query as the count."""
    rows = metric_select(metric, scope, month, today).subquery()
    citizen_id, amount = list(rows.c)[0], list(rows.c)[1]
    found = session.exec(select(citizen_id, Citizen.first_name, Citizen.last_name, amount)
                         .join(Citizen, Citizen.id == citizen_id)
                         .order_by(Citizen.last_name, Citizen.first_name)).all()
    return [DrillRow(cid, f"{first} {last}", float(value)) for cid, first, last, value in found]


def targets(session: Session, scope: SteeringScope, months: list[date]) -> dict[tuple[date, TargetMetric], float]:
    """The targets set for the scope's owner (the worker or the team) in these months."""
    owner = Target.team_id == scope.team_id if scope.team_id is not None else Target.worker_id == scope.worker_id
    rows = session.exec(select(Target.month, Target.metric, Target.value).where(
        owner, Target.month.in_(months), Target.deleted_at.is_(None))).all()
    return {(month, metric): value for month, metric, value in rows}


# --- the dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricLine:
    metric: TargetMetric
    actual: float
    target: float | None
    history: list[float]  # the last 12 months, oldest first, this month last


@dataclass(frozen=True)
class FunnelGroup:
    readiness: object  # Readiness
    citizens: int
    without_cv: int
    without_abc: int
    without_sub_goal: int


@dataclass(frozen=True)
class Dashboard:
    month: date
    lines: list[MetricLine]
    funnel: list[FunnelGroup]


def funnel(session: Session, scope: SteeringScope, today: date) -> list[FunnelGroup]:
    """Open cases by readiness, with what is missing in each group (one grouped query)."""
    from stvdesk.db.models import PlanStep
    from stvdesk.domain.enums import Readiness

    has_cv = sa.exists().where(CvStatus.citizen_id == Citizen.id, CvStatus.jobnet_state.in_((CvState.DONE, CvState.VISIBLE)))
    has_abc = sa.exists().where(JobGoal.citizen_id == Citizen.id, JobGoal.deleted_at.is_(None),
                                JobGoal.status.in_((GoalStatus.AGREED, GoalStatus.ACHIEVED)))
    has_step = sa.exists().where(PlanStep.citizen_id == Citizen.id, PlanStep.deleted_at.is_(None),
                                 PlanStep.agreed_on.is_not(None), PlanStep.done_on.is_(None))
    rows = dict((r[0], r[1:]) for r in session.exec(
        select(Citizen.readiness, sa.func.count(), sa.func.sum(sa.case((has_cv, 0), else_=1)),
               sa.func.sum(sa.case((has_abc, 0), else_=1)), sa.func.sum(sa.case((has_step, 0), else_=1)))
        .where(scope.owner(), _open_on(today)).group_by(Citizen.readiness)).all())
    return [FunnelGroup(readiness, *(int(v or 0) for v in rows.get(readiness, (0, 0, 0, 0))))
            for readiness in Readiness]


def dashboard(session: Session, scope: SteeringScope, month: date, today: date) -> Dashboard:
    """This month's actual against target and the last 12 months, per metric; the funnel."""
    from stvdesk.domain.targets import last_months

    months = last_months(month, 12)
    goals = targets(session, scope, [month_start(month)])
    standing = [metric for metric in TargetMetric if metric not in FLOW]
    by_month = months_values(session, standing, scope, months, today)
    history = {metric: [values[i] for values in by_month] for i, metric in enumerate(standing)}
    history.update({metric: flow_history(session, metric, scope, months, today) for metric in FLOW})
    lines = [MetricLine(metric, history[metric][-1], goals.get((month_start(month), metric)), history[metric])
             for metric in TargetMetric]
    return Dashboard(month=month_start(month), lines=lines, funnel=funnel(session, scope, today))


@dataclass(frozen=True)
class WorkerLoad:
    worker_id: uuid.UUID
    initials: str
    name: str
    role: Role
    citizens: int


def team_loads(session: Session, team_id: uuid.UUID) -> list[WorkerLoad]:
    """Each S and VK of the team with the open cases they have now (two grouped queries)."""
    workers = session.exec(select(Worker).where(Worker.team_id == team_id, Worker.deleted_at.is_(None),
                                                Worker.role.in_((Role.S, Role.VK))).order_by(Worker.role, Worker.initials)).all()
    ids = [w.id for w in workers]
    open_now = [Citizen.closed_on.is_(None), Citizen.deleted_at.is_(None)]
    as_s = dict(session.exec(select(Citizen.caseworker_id, sa.func.count()).where(
        Citizen.caseworker_id.in_(ids), *open_now).group_by(Citizen.caseworker_id)).all())
    as_vk = dict(session.exec(select(Citizen.consultant_id, sa.func.count()).where(
        Citizen.consultant_id.in_(ids), *open_now).group_by(Citizen.consultant_id)).all())
    return [WorkerLoad(w.id, w.initials, w.name, w.role, (as_vk if w.role is Role.VK else as_s).get(w.id, 0))
            for w in workers]


def team_stories(session: Session, team_id: uuid.UUID, limit: int = 5):
    from stvdesk.db.models import SuccessStory

    return list(session.exec(select(SuccessStory).where(SuccessStory.team_id == team_id,
                                                        SuccessStory.deleted_at.is_(None))
                             .order_by(SuccessStory.told_on.desc()).limit(limit)).all())


def add_story(session: Session, editor, *, team_id: uuid.UUID | None, citizen_id: uuid.UUID | None, title: str,
              text: str):
    """A good story for the team (000, 4.2: belief), from a citizen's file."""
    from stvdesk.db.models import SuccessStory
    from stvdesk.db.queries.edits import EditError, _commit

    if not title.strip():
        raise EditError("Giv historien en overskrift.")
    story = SuccessStory(team_id=team_id, worker_id=editor.worker_id, citizen_id=citizen_id, told_on=editor.today,
                         title=title.strip(), text=text.strip(), updated_by=editor.worker_id)
    session.add(story)
    if citizen_id is not None:
        _commit(session, editor, citizen_id, f"God historie skrevet: {story.title}")
    else:
        session.commit()
    return story
