"""Production steering in SQL (000, 4.3): each monthly metric as one query that yields the rows
behind the number, so a count and its drill-down list are the same query. The definitions
are in domain/targets.py; this module only says them in SQL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from stvdesk.db.models import (
    Citizen,
    FollowUp,
    JobGoal,
    Placement,
    PlacementHours,
    ProgressEntry,
    SuccessStory,
    Target,
    Worker,
)
from stvdesk.db.queries.by_month import months_last, months_table
from stvdesk.db.queries.cv import has_cv_sql
from stvdesk.db.sqlfuncs import month_of, not_indexed
from stvdesk.domain.calendar import add_months, month_start
from stvdesk.domain.enums import (
    FollowUpStatus,
    GoalStatus,
    PlacementKind,
    PlacementStatus,
    Readiness,
    Role,
    TargetMetric,
)
from stvdesk.domain.phase import DEFAULT_PHASE
from stvdesk.domain.targets import metric_label, month_end, reference_day
from stvdesk.settings import settings_in_force

if TYPE_CHECKING:
    from stvdesk.db.queries.edits import Editor

# A metric's query: (citizen_id, amount, row id) and, for a flow over months, the month.
Rows = sa.Select[*tuple[Any, ...]]
# A day a query reads: a date, or a bind parameter or column standing in for one (a statement
# built once; the months table of by_month.py).
Day = date | sa.ColumnElement[date]


@dataclass(frozen=True)
class SteeringScope:
    """Whose numbers: one worker's (as S or VK) or a team's (every case with a caseworker in it)."""

    worker_id: uuid.UUID | None = None
    role: Role | None = None
    team_id: uuid.UUID | None = None

    @staticmethod
    def for_worker(worker_id: uuid.UUID, role: Role) -> SteeringScope:
        return SteeringScope(worker_id=worker_id, role=role)

    @staticmethod
    def for_team(team_id: uuid.UUID | None) -> SteeringScope:
        return SteeringScope(team_id=team_id)

    def owner(self) -> sa.ColumnElement[bool]:
        if self.team_id is not None:
            return col(Citizen.caseworker_id).in_(select(Worker.id).where(Worker.team_id == self.team_id))
        if self.role is Role.VK:
            return col(Citizen.consultant_id) == self.worker_id
        return col(Citizen.caseworker_id) == self.worker_id

    def workers(self) -> sa.ColumnElement[bool]:
        """Whose held conversations count."""
        if self.team_id is not None:
            return col(FollowUp.worker_id).in_(select(Worker.id).where(Worker.team_id == self.team_id))
        return col(FollowUp.worker_id) == self.worker_id


def _open_on(ref: Day) -> sa.ColumnElement[bool]:
    # closed_on is not an index look-up: with it, SQLite may answer the OR by skip-scanning the
    # open-case indexes of every worker in the jobcentre (a MULTI-INDEX OR) instead of reading the
    # team's own caseloads; which one it picked depended on the data's statistics (10 000
    # citizens: 4 ms against 190 ms for twelve months of one metric).
    closed_on = not_indexed(col(Citizen.closed_on))
    return sa.and_(
        col(Citizen.opened_on) <= ref,
        sa.or_(closed_on.is_(None), closed_on > ref),
        col(Citizen.deleted_at).is_(None),
    )


def _running_on(ref: Day, *, jobs: bool = False) -> sa.ColumnElement[bool]:
    kinds = [] if jobs else [col(Placement.kind) != PlacementKind.ORDINARY_JOB]
    return sa.and_(
        col(Placement.deleted_at).is_(None),
        col(Placement.status) != PlacementStatus.PLANNED,
        col(Placement.start_on) <= ref,
        sa.or_(col(Placement.ended_on).is_(None), col(Placement.ended_on) >= ref),
        *kinds,
    )


# Metrics of things that happen in a month (the rest stand on the month's reference day). A flow
# counts for a citizen whose case was open when it happened, so a case closed later in the month
# (say, for a job) still counts.
FLOW = (TargetMetric.STARTED, TargetMetric.ORDINARY_HOURS_TOTAL, TargetMetric.CONVERSATIONS)


def _open_at(day_column: sa.SQLColumnExpression[date]) -> sa.ColumnElement[bool]:
    return sa.and_(
        col(Citizen.opened_on) <= day_column,
        sa.or_(not_indexed(col(Citizen.closed_on)).is_(None), not_indexed(col(Citizen.closed_on)) >= day_column),
        col(Citizen.deleted_at).is_(None),
    )


def _flow_rows(metric: TargetMetric, scope: SteeringScope, first: date, last: date) -> Rows:
    """(citizen_id, amount, row id, month 'YYYY-MM-01') for a flow metric between two days."""
    if metric is TargetMetric.STARTED:
        return (
            select(Citizen.id, sa.literal(1.0), Placement.id, month_of(Placement.start_on))
            .join(Placement, col(Placement.citizen_id) == not_indexed(col(Citizen.id)))
            .where(
                scope.owner(),
                _open_at(col(Placement.start_on)),
                col(Placement.deleted_at).is_(None),
                Placement.status != PlacementStatus.PLANNED,
                Placement.kind != PlacementKind.ORDINARY_JOB,
                col(Placement.start_on).between(first, last),
            )
        )
    if metric is TargetMetric.ORDINARY_HOURS_TOTAL:
        return (
            select(Citizen.id, ProgressEntry.ordinary_hours, ProgressEntry.id, month_of(ProgressEntry.month))
            .join(ProgressEntry, col(ProgressEntry.citizen_id) == col(Citizen.id))
            .where(
                scope.owner(),
                _open_at(col(ProgressEntry.month)),
                col(ProgressEntry.month).between(first, last),
                col(ProgressEntry.deleted_at).is_(None),
                ProgressEntry.ordinary_hours > 0,
            )
        )
    return (
        select(Citizen.id, sa.literal(1.0), FollowUp.id, month_of(FollowUp.held_on))
        .join(FollowUp, col(FollowUp.citizen_id) == col(Citizen.id))
        .where(
            col(Citizen.deleted_at).is_(None),
            scope.workers(),  # who held it, whoever has the case now
            FollowUp.status == FollowUpStatus.HELD,
            col(FollowUp.held_on).between(first, last),
            col(FollowUp.deleted_at).is_(None),
        )
    )


def _flow_select(metric: TargetMetric, scope: SteeringScope, first: date, last: date) -> Rows:
    rows = _flow_rows(metric, scope, first, last).subquery()
    citizen, amount, row_id = list(rows.c)[:3]
    if metric is TargetMetric.STARTED:  # citizens, not placements: two starts in a month are one citizen
        return select(citizen, sa.literal(1.0), citizen).group_by(citizen)
    if metric is TargetMetric.ORDINARY_HOURS_TOTAL:
        return select(citizen, sa.func.sum(amount), citizen).group_by(citizen)
    return select(citizen, amount, row_id)


def flow_history(
    session: Session, metric: TargetMetric, scope: SteeringScope, months: list[date], today: date
) -> list[float]:
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

    ref: Day
    earlier_first: Day
    earlier_last: Day

    @staticmethod
    def of(month: date, today: date, retained_months: int | None = None) -> MonthDays:
        """`retained_months`: rule styring.fastholdt; None: the settings in force."""
        months = settings_in_force().phase.retained_after_months if retained_months is None else retained_months
        earlier = add_months(month_start(month), -months)
        return MonthDays(reference_day(month, today), earlier, month_end(earlier))

    def params(self, suffix: str) -> dict[str, Day]:
        return {f"ref{suffix}": self.ref, f"ef{suffix}": self.earlier_first, f"el{suffix}": self.earlier_last}


def metric_select(metric: TargetMetric, scope: SteeringScope, month: date, today: date) -> Rows:
    """(citizen_id, amount, row_id) per row behind the metric; the metric is the sum of amount."""
    if metric in FLOW:
        return _flow_select(metric, scope, month_start(month), min(month_end(month), today))
    return _standing_select(metric, scope, MonthDays.of(month, today))


def _standing_select(metric: TargetMetric, scope: SteeringScope, days: MonthDays) -> Rows:
    ref = days.ref
    population = [scope.owner(), _open_on(ref)]
    if metric is TargetMetric.IN_PLACEMENT:
        return (
            select(Citizen.id, sa.literal(1.0), Citizen.id)
            .join(Placement, col(Placement.citizen_id) == not_indexed(col(Citizen.id)))
            .where(*population, _running_on(ref))
            .group_by(not_indexed(col(Citizen.id)))
        )
    if metric is TargetMetric.RETAINED:
        # EXISTS correlated on the citizen, so each test is an index lookup, not a scan of all placements
        started = sa.exists().where(
            col(Placement.citizen_id) == col(Citizen.id),
            col(Placement.deleted_at).is_(None),
            col(Placement.status) != PlacementStatus.PLANNED,
            col(Placement.kind) != PlacementKind.ORDINARY_JOB,
            col(Placement.start_on).between(days.earlier_first, days.earlier_last),
        )
        still = sa.exists().where(col(Placement.citizen_id) == col(Citizen.id), _running_on(ref, jobs=True))
        return select(Citizen.id, sa.literal(1.0), Citizen.id).where(*population, started, still)
    if metric is TargetMetric.WITH_CV:
        return select(Citizen.id, sa.literal(1.0), Citizen.id).where(*population, has_cv_sql())
    if metric is TargetMetric.WITH_ORDINARY_HOURS:
        # Ordinary hours on the reference day: the latest change on or before it, else the placement's own.
        at_ref = _ordinary_hours_at(ref)
        return (
            select(Citizen.id, sa.literal(1.0), Citizen.id)
            .join(Placement, col(Placement.citizen_id) == not_indexed(col(Citizen.id)))
            .where(
                *population,
                _running_on(ref, jobs=True),
                sa.func.coalesce(at_ref, Placement.ordinary_hours_per_week) > 0,
            )
            .group_by(not_indexed(col(Citizen.id)))
        )
    if metric is TargetMetric.WITH_ABC_PLAN:
        return (
            select(Citizen.id, sa.literal(1.0), Citizen.id)
            .join(JobGoal, col(JobGoal.citizen_id) == col(Citizen.id))
            .where(
                *population,
                col(JobGoal.deleted_at).is_(None),
                col(JobGoal.status).in_((GoalStatus.AGREED, GoalStatus.ACHIEVED)),
                sa.or_(col(JobGoal.agreed_on).is_(None), col(JobGoal.agreed_on) <= ref),
            )
            .group_by(not_indexed(col(Citizen.id)))
        )
    raise ValueError(metric)


def metric_value(session: Session, metric: TargetMetric, scope: SteeringScope, month: date, today: date) -> float:
    rows = metric_select(metric, scope, month, today).subquery()
    return float(session.exec(select(sa.func.coalesce(sa.func.sum(list(rows.c)[1]), 0))).one())


def _standing_by_month(metric: TargetMetric, scope: SteeringScope, months: sa.CTE, tag: int) -> Rows:
    """(tag, i, value) per month of `months` for a standing metric: `_standing_select` said for every
    month at once. The scope's citizens (with their placements or goals) are read once and each
    row is matched with the months it counts in (by_month.py)."""
    ref = months.c.ref
    by_month = select(
        sa.literal_column(str(tag), sa.Integer()).label("n"), months.c.i, sa.func.count(sa.distinct(col(Citizen.id)))
    )
    with_placement = sa.join(Citizen, Placement, col(Placement.citizen_id) == not_indexed(col(Citizen.id)))
    if metric is TargetMetric.IN_PLACEMENT:
        rows = months_last(with_placement, months, sa.and_(_open_on(ref), _running_on(ref)))
        return by_month.select_from(rows).where(scope.owner()).group_by(months.c.i)
    if metric is TargetMetric.RETAINED:
        # the starts in the months looked back to are few: each is matched with the month it
        # counts for, then the citizen's running placement on that month's reference day is looked up
        started = aliased(Placement)
        still = sa.exists().where(col(Placement.citizen_id) == col(Citizen.id), _running_on(ref, jobs=True))
        rows = months_last(
            sa.join(Citizen, started, col(started.citizen_id) == not_indexed(col(Citizen.id))),
            months,
            sa.and_(col(started.start_on).between(months.c.ef, months.c.el), _open_on(ref), still),
        )
        return (
            by_month.select_from(rows)
            .where(
                scope.owner(),
                col(started.deleted_at).is_(None),
                col(started.status) != PlacementStatus.PLANNED,
                col(started.kind) != PlacementKind.ORDINARY_JOB,
            )
            .group_by(months.c.i)
        )
    if metric is TargetMetric.WITH_CV:
        rows = months_last(Citizen, months, _open_on(ref))
        return by_month.select_from(rows).where(scope.owner(), has_cv_sql()).group_by(months.c.i)
    if metric is TargetMetric.WITH_ORDINARY_HOURS:
        at_ref = _ordinary_hours_at(ref)
        hours = sa.func.coalesce(at_ref, Placement.ordinary_hours_per_week) > 0
        rows = months_last(with_placement, months, sa.and_(_open_on(ref), _running_on(ref, jobs=True), hours))
        return by_month.select_from(rows).where(scope.owner()).group_by(months.c.i)
    if metric is TargetMetric.WITH_ABC_PLAN:
        agreed = sa.or_(col(JobGoal.agreed_on).is_(None), col(JobGoal.agreed_on) <= ref)
        rows = months_last(
            sa.join(Citizen, JobGoal, col(JobGoal.citizen_id) == col(Citizen.id)),
            months,
            sa.and_(_open_on(ref), agreed),
        )
        return (
            by_month.select_from(rows)
            .where(
                scope.owner(),
                col(JobGoal.deleted_at).is_(None),
                col(JobGoal.status).in_((GoalStatus.AGREED, GoalStatus.ACHIEVED)),
            )
            .group_by(months.c.i)
        )
    raise ValueError(metric)


_STATEMENTS: dict[tuple[SteeringScope, tuple[TargetMetric, ...], int], sa.CompoundSelect[*tuple[Any, ...]]] = {}


def months_values(
    session: Session, metrics: list[TargetMetric], scope: SteeringScope, months: list[date], today: date
) -> list[list[float]]:
    """Standing metrics for several months in one statement: per metric one query grouped by
    month (a UNION ALL of them), the months a small table of bound days.

    The statement is built once per scope, metrics and number of months and kept; each call
    only binds the days. Building these SQL trees cost more than running them (bench steering)."""
    key = (scope, tuple(metrics), len(months))
    statement = _STATEMENTS.get(key)
    if statement is None:
        table = months_table(len(months))
        statement = _STATEMENTS[key] = sa.union_all(
            *(_standing_by_month(metric, scope, table, n) for n, metric in enumerate(metrics))
        )
    params: dict[str, Day] = {}
    for index, month in enumerate(months):
        params.update(MonthDays.of(month, today).params(str(index)))
    values = [[0.0] * len(metrics) for _ in months]  # a month without a row counts none
    for n, index, value in session.connection().execute(statement, params).all():
        values[index][n] = float(value)
    return values


@dataclass(frozen=True)
class DrillRow:
    citizen_id: uuid.UUID
    name: str
    amount: float


def metric_rows(
    session: Session, metric: TargetMetric, scope: SteeringScope, month: date, today: date
) -> list[DrillRow]:
    """The citizens (or conversations) behind a number, by name: the same query as the count."""
    rows = metric_select(metric, scope, month, today).subquery()
    citizen_id, amount = list(rows.c)[:2]
    found = session.exec(
        select(citizen_id, Citizen.first_name, Citizen.last_name, amount)
        .join(Citizen, col(Citizen.id) == citizen_id)
        .order_by(Citizen.last_name, Citizen.first_name)
    ).all()
    return [DrillRow(cid, f"{first} {last}", float(value)) for cid, first, last, value in found]


def targets(session: Session, scope: SteeringScope, months: list[date]) -> dict[tuple[date, TargetMetric], float]:
    """The targets set for the scope's owner (the worker or the team) in these months."""
    owner = Target.team_id == scope.team_id if scope.team_id is not None else Target.worker_id == scope.worker_id
    rows = session.exec(
        select(col(Target.month), col(Target.metric), col(Target.value)).where(
            owner, col(Target.month).in_(months), col(Target.deleted_at).is_(None)
        )
    ).all()
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
    readiness: Readiness
    citizens: int
    without_cv: int
    without_abc: int
    without_sub_goal: int


@dataclass(frozen=True)
class Dashboard:
    month: date
    lines: list[MetricLine]
    funnel: list[FunnelGroup]
    # The months "fastholdt" was counted after (rule styring.fastholdt), for its label.
    retained_months: int = DEFAULT_PHASE.retained_after_months

    def label(self, metric: TargetMetric) -> str:
        return metric_label(metric, self.retained_months)


FUNNEL_GAPS = ("without_cv", "without_abc", "without_sub_goal")


def _funnel_has() -> dict[str, sa.Exists]:
    from stvdesk.db.models import PlanStep

    return {
        "without_cv": has_cv_sql(),
        "without_abc": sa.exists().where(
            col(JobGoal.citizen_id) == col(Citizen.id),
            col(JobGoal.deleted_at).is_(None),
            col(JobGoal.status).in_((GoalStatus.AGREED, GoalStatus.ACHIEVED)),
        ),
        "without_sub_goal": sa.exists().where(
            col(PlanStep.citizen_id) == col(Citizen.id),
            col(PlanStep.deleted_at).is_(None),
            col(PlanStep.agreed_on).is_not(None),
            col(PlanStep.done_on).is_(None),
        ),
    }


def funnel(session: Session, scope: SteeringScope, today: date) -> list[FunnelGroup]:
    """Open cases by readiness, with what is missing in each group (one grouped query)."""
    has = _funnel_has()
    rows = {
        r[0]: r[1:]
        for r in session.exec(
            select(
                Citizen.readiness,
                sa.func.count(),
                *(sa.func.sum(sa.case((has[gap], 0), else_=1)) for gap in FUNNEL_GAPS),
            )
            .where(scope.owner(), _open_on(today))
            .group_by(Citizen.readiness)
        ).all()
    }
    return [
        FunnelGroup(readiness, *(int(v or 0) for v in rows.get(readiness, (0, 0, 0, 0)))) for readiness in Readiness
    ]


def funnel_rows(
    session: Session, scope: SteeringScope, today: date, readiness: Readiness, gap: str | None
) -> list[DrillRow]:
    """The citizens behind a funnel number: a readiness group, optionally only those missing `gap`."""
    conditions = [scope.owner(), _open_on(today), col(Citizen.readiness) == readiness]
    if gap is not None:
        conditions.append(~_funnel_has()[gap])
    rows = session.exec(
        select(Citizen.id, Citizen.first_name, Citizen.last_name)
        .where(*conditions)
        .order_by(Citizen.last_name, Citizen.first_name)
    ).all()
    return [DrillRow(cid, f"{first} {last}", 1.0) for cid, first, last in rows]


def dashboard(session: Session, scope: SteeringScope, month: date, today: date) -> Dashboard:
    """This month's actual against target and the last 12 months, per metric; the funnel."""
    from stvdesk.domain.targets import last_months

    months = last_months(month, 12)
    goals = targets(session, scope, [month_start(month)])
    standing = [metric for metric in TargetMetric if metric not in FLOW]
    by_month = months_values(session, standing, scope, months, today)
    history = {metric: [values[i] for values in by_month] for i, metric in enumerate(standing)}
    history.update({metric: flow_history(session, metric, scope, months, today) for metric in FLOW})
    lines = [
        MetricLine(metric, history[metric][-1], goals.get((month_start(month), metric)), history[metric])
        for metric in TargetMetric
    ]
    return Dashboard(
        month=month_start(month),
        lines=lines,
        funnel=funnel(session, scope, today),
        retained_months=settings_in_force().phase.retained_after_months,
    )


@dataclass(frozen=True)
class WorkerLoad:
    worker_id: uuid.UUID
    initials: str
    name: str
    role: Role
    citizens: int


def team_loads(session: Session, team_id: uuid.UUID | None) -> list[WorkerLoad]:
    """Each S and VK of the team with the open cases they have now (two grouped queries)."""
    workers = session.exec(
        select(Worker)
        .where(Worker.team_id == team_id, col(Worker.deleted_at).is_(None), col(Worker.role).in_((Role.S, Role.VK)))
        .order_by(Worker.role, Worker.initials)
    ).all()
    ids = [w.id for w in workers]
    open_now = [col(Citizen.closed_on).is_(None), col(Citizen.deleted_at).is_(None)]
    as_s = dict(
        session.exec(
            select(Citizen.caseworker_id, sa.func.count())
            .where(col(Citizen.caseworker_id).in_(ids), *open_now)
            .group_by(col(Citizen.caseworker_id))
        ).all()
    )
    as_vk = dict(
        session.exec(
            select(Citizen.consultant_id, sa.func.count())
            .where(col(Citizen.consultant_id).in_(ids), *open_now)
            .group_by(col(Citizen.consultant_id))
        ).all()
    )
    return [
        WorkerLoad(w.id, w.initials, w.name, w.role, (as_vk if w.role is Role.VK else as_s).get(w.id, 0))
        for w in workers
    ]


@dataclass(frozen=True)
class StoryLine:
    """A good story as Styring lists it; the citizen's name only to hide it from the title while
    privacy is on (never shown: the team's stories reach past one's own caseload)."""

    id: uuid.UUID
    told_on: date
    title: str
    citizen_name: str


def team_stories(session: Session, team_id: uuid.UUID | None, limit: int = 5) -> list[StoryLine]:
    rows = session.execute(
        sa.select(
            col(SuccessStory.id),
            col(SuccessStory.told_on),
            col(SuccessStory.title),
            col(Citizen.first_name),
            col(Citizen.last_name),
        )
        .outerjoin(Citizen, col(Citizen.id) == col(SuccessStory.citizen_id))
        .where(col(SuccessStory.team_id) == team_id, col(SuccessStory.deleted_at).is_(None))
        .order_by(col(SuccessStory.told_on).desc())
        .limit(limit)
    ).all()
    return [
        StoryLine(story_id, told_on, title, f"{first} {last}" if first is not None else "")
        for story_id, told_on, title, first, last in rows
    ]


def add_story(
    session: Session, editor: Editor, *, team_id: uuid.UUID | None, citizen_id: uuid.UUID | None, title: str, text: str
) -> SuccessStory:
    """A good story for the team (000, 4.2: belief), from a citizen's file."""
    from stvdesk.db.queries.edits import EditError, _commit

    if not title.strip():
        raise EditError("Giv historien en overskrift.")
    story = SuccessStory(
        team_id=team_id,
        worker_id=editor.worker_id,
        citizen_id=citizen_id,
        told_on=editor.today,
        title=title.strip(),
        text=text.strip(),
        updated_by=editor.worker_id,
    )
    session.add(story)
    if citizen_id is not None:
        _commit(session, editor, citizen_id, f"God historie skrevet: {story.title}")
    else:
        session.commit()
    return story


# --- setting targets ----------------------------------------------------------------------------


def _target_owner(scope: SteeringScope) -> sa.ColumnElement[bool]:
    if scope.team_id is not None:
        return col(Target.team_id) == scope.team_id
    return col(Target.worker_id) == scope.worker_id


def set_target(
    session: Session,
    editor: Editor,
    scope: SteeringScope,
    month: date,
    metric: TargetMetric,
    value: float | None,
    *,
    commit: bool = True,
) -> None:
    """Set (or with None remove) one month's target for the scope's owner; `commit` False leaves
    the commit to the caller, which sets several in one transaction (all or none)."""
    from stvdesk.db.queries.edits import EditError, _stamp

    if value is not None and value < 0:
        raise EditError("Et måltal kan ikke være negativt.")
    row = session.exec(
        select(Target).where(_target_owner(scope), Target.month == month_start(month), Target.metric == metric)
    ).first()
    if value is None:
        if row is not None and row.deleted_at is None:
            from stvdesk.db.models import utcnow

            row.deleted_at = utcnow()  # soft delete, as every user table (sync depends on it)
            _stamp(row, editor)
            session.add(row)
            if commit:
                session.commit()
        return
    if row is None:
        row = Target(
            team_id=scope.team_id,
            worker_id=None if scope.team_id else scope.worker_id,
            month=month_start(month),
            metric=metric,
            value=value,
        )
    row.value, row.deleted_at = value, None
    _stamp(row, editor)
    session.add(row)
    if commit:
        session.commit()


def copy_targets(session: Session, editor: Editor, scope: SteeringScope, from_month: date, to_month: date) -> int:
    """Copy one month's targets to another month (what is set there already is overwritten), in
    one transaction."""
    found = targets(session, scope, [month_start(from_month)])
    for (_, metric), value in found.items():
        set_target(session, editor, scope, to_month, metric, value, commit=False)
    session.commit()
    return len(found)


def import_targets(session: Session, editor: Editor, team_id: uuid.UUID, text: str) -> tuple[int, list[str]]:
    """Targets from CSV for the team and its workers: all lines or none (errors name the line)."""
    from stvdesk.domain.targets import parse_targets_csv

    rows, errors = parse_targets_csv(text)
    workers = {w.initials.upper(): w for w in session.exec(select(Worker).where(Worker.team_id == team_id)).all()}
    scopes = []
    for row in rows:
        if row.owner == "team":
            scopes.append((row, SteeringScope.for_team(team_id)))
        elif row.owner in workers:
            worker = workers[row.owner]
            scopes.append((row, SteeringScope.for_worker(worker.id, worker.role)))
        else:
            errors.append(f"linje {row.line}: ingen medarbejder i teamet har initialerne {row.owner}.")
    if errors:
        return 0, sorted(errors, key=lambda e: int(e.split()[1].rstrip(":")) if e.startswith("linje") else 0)
    for row, scope in scopes:
        set_target(session, editor, scope, row.month, row.metric, row.value, commit=False)
    session.commit()
    return len(scopes), []


def month_boards(
    session: Session, team_id: uuid.UUID | None, month: date, today: date
) -> tuple[Dashboard, list[tuple[str, Dashboard]]]:
    """The team's dashboard and each S's and VK's, labelled "Navn (INI)", for the export."""
    team = dashboard(session, SteeringScope.for_team(team_id), month, today)
    workers = session.exec(
        select(Worker)
        .where(Worker.team_id == team_id, col(Worker.deleted_at).is_(None), col(Worker.role).in_((Role.S, Role.VK)))
        .order_by(Worker.initials)
    ).all()
    return team, [
        (f"{w.name} ({w.initials})", dashboard(session, SteeringScope.for_worker(w.id, w.role), month, today))
        for w in workers
    ]


def _ordinary_hours_at(ref: Any) -> Any:
    """A placement's ordinary hours on `ref`: the latest change on or before it (None: none yet,
    the placement's own hours count)."""
    return (
        select(PlacementHours.ordinary_hours_per_week)
        .where(
            PlacementHours.placement_id == Placement.id,
            PlacementHours.effective_on <= ref,
            col(PlacementHours.deleted_at).is_(None),
        )
        .order_by(col(PlacementHours.effective_on).desc())
        .limit(1)
        .scalar_subquery()
    )
