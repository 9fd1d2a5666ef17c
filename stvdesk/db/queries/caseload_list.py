""" "Sagsstamme": one page of a filtered, searched, sorted caseload.

Search goes through an index, never a loop over rows: names through the FTS5 table
citizen_fts (SQLite) or a prefix index (PostgreSQL), CPR prefixes through the unique CPR
index as a range. The page's detail columns are computed for the page only.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from stvdesk.db.models import (
    Citizen,
    Company,
    CvStatus,
    FollowUp,
    JobGoal,
    Placement,
    PlanStep,
    SavedFilter,
    Worker,
    utcnow,
)
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.db.queries.cv import has_cv_sql
from stvdesk.db.sqlfuncs import days_between, least
from stvdesk.domain.agenda import REMOTE_FORMS, WORKPLACE_KINDS, WarningLimits
from stvdesk.domain.calendar import latest_start
from stvdesk.domain.cpr import age_on, cpr_prefix
from stvdesk.domain.enums import (
    CvState,
    FollowUpKind,
    FollowUpStatus,
    GoalStatus,
    Phase,
    PlacementKind,
    PlacementStatus,
    Readiness,
    Role,
    TargetGroup,
)
from stvdesk.domain.urgency import (
    DEFAULT_WEIGHTS,
    Urgency,
    UrgencyFacts,
    UrgencyWeights,
    urgency,
    warnings,
)
from stvdesk.settings import settings_in_force


class Scope(Enum):
    MINE = "mine"
    TEAM = "team"
    WORKER = "worker"
    ALL = "all"


class SortKey(Enum):
    """What a page is sorted on; the value is the code saved filters keep. The words for each
    are the screen's (screens/caseload/columns.py)."""

    NAME = "name"
    CPR = "cpr"
    AGE = "age"
    TARGET_GROUP = "target_group"
    PHASE = "phase"
    READINESS = "readiness"
    CASEWORKER = "caseworker"
    CONSULTANT = "consultant"
    CV = "cv"
    ABC = "abc"
    NEXT_DUE = "next_due"
    PLACEMENT = "placement"
    LAST_CONTACT = "last_contact"
    URGENCY = "urgency"

    @property
    def code(self) -> str:
        code: str = self.value
        return code


@dataclass(frozen=True)
class CaseloadFilter:
    scope: Scope = Scope.MINE
    worker_id: uuid.UUID | None = None  # for Scope.WORKER
    search: str = ""
    readiness: Readiness | None = None
    phase: Phase | None = None
    target_group: TargetGroup | None = None
    cv_missing: bool = False
    no_abc: bool = False
    overdue: bool = False
    in_placement: bool = False
    no_ordinary_hours: bool = False
    sort: SortKey = SortKey.URGENCY
    descending: bool = True

    def to_json(self) -> str:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, Enum):
                data[key] = value.value
            elif isinstance(value, uuid.UUID):
                data[key] = str(value)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CaseloadFilter:
        data = json.loads(text)
        out = cls()
        enums = {"scope": Scope, "readiness": Readiness, "phase": Phase, "target_group": TargetGroup}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in enums and value is not None:
                values[key] = enums[key](value)
            elif key == "sort":
                values[key] = next(s for s in SortKey if s.code == value)
            elif key == "worker_id" and value:
                values[key] = uuid.UUID(value)
            elif hasattr(out, key):
                values[key] = value
        return replace(out, **values)


@dataclass(frozen=True)
class CaseloadRow:
    id: uuid.UUID
    name: str
    cpr: str
    age: int
    target_group: TargetGroup
    phase: Phase
    phase_overridden: bool
    readiness: Readiness
    caseworker: str
    consultant: str
    cv_state: CvState
    has_abc: bool
    next_due: date | None
    next_kind: FollowUpKind | None
    next_follow_up_id: uuid.UUID | None
    placement_kind: PlacementKind | None
    placement_company: str
    ordinary_hours: float | None
    last_contact: date | None
    urgency: Urgency
    closed_on: date | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseloadPage:
    rows: list[CaseloadRow]
    total: int | None  # exact, or a lower bound when `more`; None until counted
    offset: int
    limit: int
    more: bool = False  # counting stopped at COUNT_CAP rows past the page
    ids: tuple[uuid.UUID, ...] = ()  # the whole page; `rows` may hold only the first of them

    @property
    def complete(self) -> bool:
        return len(self.rows) >= len(self.ids) and self.total is not None


@dataclass(frozen=True)
class Viewer:
    """Who is looking: decides "mine" and "the team"."""

    worker_id: uuid.UUID
    role: Role
    team_id: uuid.UUID | None


# --- reusable correlated subqueries ----------------------------------------------------------


def _next_due() -> sa.ScalarSelect[Any]:
    return (
        select(sa.func.min(FollowUp.due_on))
        .where(
            FollowUp.citizen_id == Citizen.id,
            FollowUp.status == FollowUpStatus.PLANNED,
            col(FollowUp.deleted_at).is_(None),
        )
        .scalar_subquery()
    )


def _last_held() -> sa.ScalarSelect[Any]:
    return (
        select(sa.func.max(FollowUp.held_on))
        .where(
            FollowUp.citizen_id == Citizen.id,
            FollowUp.status == FollowUpStatus.HELD,
            col(FollowUp.deleted_at).is_(None),
        )
        .scalar_subquery()
    )


def _last_at_workplace() -> sa.ScalarSelect[Any]:
    """The last held praktikopfølgning at the workplace (stvdesk.domain.agenda.at_workplace)."""
    return (
        select(sa.func.max(FollowUp.held_on))
        .where(
            FollowUp.citizen_id == Citizen.id,
            FollowUp.status == FollowUpStatus.HELD,
            col(FollowUp.kind).in_(WORKPLACE_KINDS),
            sa.or_(col(FollowUp.form).is_(None), col(FollowUp.form).not_in(REMOTE_FORMS)),
            col(FollowUp.deleted_at).is_(None),
        )
        .scalar_subquery()
    )


def _limits(limits: WarningLimits | None) -> WarningLimits:
    """The warnings' day counts: given, or the settings in force."""
    return limits or settings_in_force().method().limits


def _running_placement(column: sa.SQLColumnExpression[Any]) -> sa.ScalarSelect[Any]:
    return (
        select(column)
        .where(
            Placement.citizen_id == Citizen.id,
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.deleted_at).is_(None),
        )
        .order_by(col(Placement.start_on).desc())
        .limit(1)
        .scalar_subquery()
    )


def _has_abc() -> sa.Exists:
    return sa.exists().where(
        col(JobGoal.citizen_id) == col(Citizen.id),
        col(JobGoal.status).in_((GoalStatus.AGREED, GoalStatus.ACHIEVED)),
        col(JobGoal.deleted_at).is_(None),
    )


def _late_steps(today: date | sa.BindParameter[date]) -> sa.ScalarSelect[Any]:
    return (
        select(sa.func.count(col(PlanStep.id)))
        .where(
            PlanStep.citizen_id == Citizen.id,
            col(PlanStep.done_on).is_(None),
            col(PlanStep.deadline) < today,
            col(PlanStep.deleted_at).is_(None),
        )
        .scalar_subquery()
    )


def _in_placement() -> sa.Exists:
    return sa.exists().where(
        col(Placement.citizen_id) == col(Citizen.id),
        col(Placement.status) == PlacementStatus.ACTIVE,
        col(Placement.deleted_at).is_(None),
    )


def _days(later: sa.ColumnElement[Any], earlier: sa.SQLColumnExpression[Any]) -> days_between:
    return days_between(later, earlier)


def urgency_sql(today: date, weights: UrgencyWeights, limits: WarningLimits | None = None) -> sa.ColumnElement[Any]:
    """The urgency rule of stvdesk.domain.urgency as one SQL expression, for sorting.

    tests/db/test_caseload_list.py checks that it agrees with the Python rule on the demo data.
    """
    limits = _limits(limits)
    next_due, last_held, last_at_workplace = _next_due(), _last_held(), _last_at_workplace()
    start, ordinary = (
        _running_placement(col(Placement.start_on)),
        _running_placement(col(Placement.ordinary_hours_per_week)),
    )
    today_lit = sa.literal(today, sa.Date)  # typed: PostgreSQL compares dates with dates
    overdue_days = _days(today_lit, next_due)
    limit_day = today - timedelta(days=limits.placement_follow_up_days)
    # the Python rule's add_months(start, months) <= today
    zero_since = latest_start(today, limits.zero_ordinary_months)
    waited = _days(today_lit, col(Citizen.vk_requested_on))
    no_contact_since = today - timedelta(days=limits.no_contact_days)
    return (
        sa.case(
            (next_due.is_(None), weights.no_follow_up_planned),
            (next_due < today, least(overdue_days, weights.overdue_cap_days) * weights.per_day_overdue),
            else_=0,
        )
        + sa.case(
            (
                # max(start, last praktikopfølgning at the workplace) before the limit
                sa.and_(
                    start.is_not(None),
                    start < limit_day,
                    sa.or_(last_at_workplace.is_(None), last_at_workplace < limit_day),
                ),
                weights.placement_without_follow_up,
            ),
            else_=0,
        )
        + sa.case(
            (sa.and_(start.is_not(None), ordinary == 0, start <= zero_since), weights.zero_ordinary_hours), else_=0
        )
        + sa.case(
            (
                sa.and_(
                    col(Citizen.vk_requested_on).is_not(None),
                    col(Citizen.first_vk_meeting_on).is_(None),
                    col(Citizen.vk_requested_on) <= today,
                ),
                least(waited, weights.waiting_cap_days) * weights.per_day_waiting_for_vk,
            ),
            else_=0,
        )
        + _late_steps(today) * weights.per_late_sub_goal
        + sa.case((sa.or_(last_held.is_(None), last_held < no_contact_since), weights.no_contact_6_weeks), else_=0)
    )


# --- the query -------------------------------------------------------------------------------

_WORD = re.compile(r"[\wæøåÆØÅ]+", re.UNICODE)


# A name search matching more citizens than this reads its first page by walking the name-order
# index (revision 0009) rather than sorting every match; below it, sorting the few is faster.
# Measured on 100 000 citizens: "j" (18 350 matches) 34 → 8 ms, "lars p" (46) 1.5 ms either way
# sorted but 27 ms walked.
NAME_WALK_FROM = 2_000

# Counting stops this many rows past the page: "af over 1 000" instead of counting 18 000
# matches on each keystroke. Within a caseload or a team the count is always exact.
COUNT_CAP = 1_000


@dataclass(frozen=True)
class _Search:
    condition: sa.ColumnElement[bool] | None  # None: no search typed
    # The same condition for counting: by rowid even when the page walks the name index,
    # since a count stops after COUNT_CAP rows and rowid look-ups reach them soonest.
    count_condition: sa.ColumnElement[bool] | None = None


def _search_condition(session: Session, text: str, *, walk_names: bool = False) -> _Search:
    text = text.strip()
    if not text:
        return _Search(None)
    if (digits := cpr_prefix(text)) is not None:
        upper = digits[:-1] + chr(ord(digits[-1]) + 1)
        return _Search(sa.and_(col(Citizen.cpr) >= digits, col(Citizen.cpr) < upper))
    words = _WORD.findall(text.lower())
    if not words:
        return _Search(sa.false())
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join(f'"{word}"*' for word in words)
        rowids = sa.text("SELECT rowid FROM citizen_fts WHERE citizen_fts MATCH :match").bindparams(match=match)
        by_rowid = sa.literal_column("citizen.rowid").in_(rowids)
        if walk_names:
            # Are there at least NAME_WALK_FROM matches? Counting stops there, so asking is cheap.
            hits = session.execute(
                sa.text(
                    "SELECT count(*) FROM (SELECT 1 FROM citizen_fts WHERE citizen_fts MATCH :match LIMIT :most)"
                ).bindparams(match=match, most=NAME_WALK_FROM)
            ).scalar_one()
            if hits >= NAME_WALK_FROM:
                # "+rowid" keeps SQLite from looking each match up by rowid, so it walks the
                # name-order index and stops at the page's end.
                return _Search(sa.literal_column("+citizen.rowid").in_(rowids), by_rowid)
        return _Search(by_rowid)
    conditions = [
        sa.or_(sa.func.lower(Citizen.first_name).like(f"{word}%"), sa.func.lower(Citizen.last_name).like(f"{word}%"))
        for word in words
    ]
    return _Search(sa.and_(*conditions))


def _conditions(
    session: Session, f: CaseloadFilter, viewer: Viewer, today: date
) -> tuple[list[sa.ColumnElement[bool]], list[sa.ColumnElement[bool]]]:
    """The WHERE terms for the page, and the same for counting it (see _Search)."""
    # Closed cases leave the caseload, but a search still finds them (README, "Sagsstamme (F3)").
    # Walking the name index pays only over everybody in name order; a caseload or a team
    # is found through its worker index first.
    walk = f.scope is Scope.ALL and f.sort is SortKey.NAME
    found = _search_condition(session, f.search, walk_names=walk)
    search = found.condition
    conditions: list[sa.ColumnElement[bool]] = [col(Citizen.deleted_at).is_(None)]
    if search is None:
        conditions.append(col(Citizen.closed_on).is_(None))
    if f.scope is Scope.MINE:
        conditions.append(caseload_condition(viewer.worker_id, viewer.role, viewer.team_id, include_closed=True))
    elif f.scope is Scope.TEAM:
        conditions.append(caseload_condition(viewer.worker_id, Role.LEADER, viewer.team_id, include_closed=True))
    elif f.scope is Scope.WORKER and f.worker_id is not None:
        role = session.exec(select(col(Worker.role)).where(Worker.id == f.worker_id)).first() or Role.S
        conditions.append(caseload_condition(f.worker_id, role, None, include_closed=True))
    if search is not None:
        conditions.append(search)
    if f.readiness:
        conditions.append(col(Citizen.readiness) == f.readiness)
    if f.phase:
        conditions.append(sa.func.coalesce(Citizen.phase_override, Citizen.phase) == f.phase)
    if f.target_group:
        conditions.append(col(Citizen.target_group) == f.target_group)
    if f.cv_missing:
        conditions.append(~has_cv_sql())
    if f.no_abc:
        conditions.append(~_has_abc())
    if f.overdue:
        conditions.append(
            sa.exists().where(
                col(FollowUp.citizen_id) == col(Citizen.id),
                col(FollowUp.status) == FollowUpStatus.PLANNED,
                col(FollowUp.due_on) < today,
                col(FollowUp.deleted_at).is_(None),
            )
        )
    if f.in_placement:
        conditions.append(_in_placement())
    if f.no_ordinary_hours:
        conditions.append(
            sa.exists().where(
                col(Placement.citizen_id) == col(Citizen.id),
                col(Placement.status) == PlacementStatus.ACTIVE,
                col(Placement.ordinary_hours_per_week) == 0,
                col(Placement.deleted_at).is_(None),
            )
        )
    counting = conditions
    if found.count_condition is not None:
        counting = [found.count_condition if term is search else term for term in conditions]
    return conditions, counting


def _ordered(terms: list[Any], descending: bool) -> list[Any]:
    """ORDER BY terms, all in one direction. Any: columns and SQL expressions of every type."""
    return [term.desc() if descending else term.asc() for term in terms]


def _sort_expression(
    key: SortKey, today: date, weights: UrgencyWeights, limits: WarningLimits | None = None
) -> list[Any]:
    """The ORDER BY terms for a sort key, ascending."""
    caseworker, consultant = aliased(Worker), aliased(Worker)
    current_phase = sa.func.coalesce(Citizen.phase_override, Citizen.phase)
    match key:
        case SortKey.NAME:
            return [sa.func.lower(Citizen.last_name), sa.func.lower(Citizen.first_name)]
        case SortKey.CPR:
            return [Citizen.cpr]
        case SortKey.AGE:
            return [days_between(sa.literal(today, sa.Date), Citizen.birth_date)]
        case SortKey.TARGET_GROUP:
            return [Citizen.target_group]
        case SortKey.PHASE:
            return [sa.case({p.value: i for i, p in enumerate(Phase)}, value=current_phase)]
        case SortKey.READINESS:
            return [sa.case({r.value: i for i, r in enumerate(Readiness)}, value=Citizen.readiness)]
        case SortKey.CASEWORKER:
            return [select(caseworker.initials).where(caseworker.id == Citizen.caseworker_id).scalar_subquery()]
        case SortKey.CONSULTANT:
            return [select(consultant.initials).where(consultant.id == Citizen.consultant_id).scalar_subquery()]
        case SortKey.CV:
            state = select(CvStatus.jobnet_state).where(CvStatus.citizen_id == Citizen.id).scalar_subquery()
            return [sa.case({s.value: i for i, s in enumerate(CvState)}, value=state, else_=-1)]
        case SortKey.ABC:
            return [sa.case((_has_abc(), 1), else_=0)]
        case SortKey.NEXT_DUE:
            return [sa.func.coalesce(_next_due(), sa.literal(date(9999, 12, 31), sa.Date))]
        case SortKey.PLACEMENT:
            return [sa.func.coalesce(_running_placement(col(Placement.ordinary_hours_per_week)), -1)]
        case SortKey.LAST_CONTACT:
            return [sa.func.coalesce(_last_held(), sa.literal(date(1, 1, 1), sa.Date))]
        case SortKey.URGENCY:
            return [urgency_sql(today, weights, limits)]
    raise AssertionError(key)


def caseload_page(
    session: Session,
    f: CaseloadFilter,
    viewer: Viewer,
    today: date,
    *,
    offset: int = 0,
    limit: int = 100,
    weights: UrgencyWeights = DEFAULT_WEIGHTS,
    detail_rows: int | None = None,
    limits: WarningLimits | None = None,
) -> CaseloadPage:
    """One page of the caseload. With `detail_rows`, only the first rows get their details
    (the rows a screen can show at once) and the page is not counted yet (`total` is None);
    `complete_page` adds the rest and the count."""
    conditions, counting = _conditions(session, f, viewer, today)
    names: list[Any] = [sa.func.lower(Citizen.last_name), sa.func.lower(Citizen.first_name), Citizen.id]
    if f.sort is SortKey.NAME:
        # The whole order in one direction, as the name-order index (revision 0009) holds it.
        order = _ordered(names, f.descending)
    else:
        order = _ordered(_sort_expression(f.sort, today, weights, limits), f.descending) + names
    ids = tuple(session.exec(select(Citizen.id).where(*conditions).order_by(*order).offset(offset).limit(limit)).all())
    shown = ids if detail_rows is None else ids[:detail_rows]
    page = CaseloadPage(
        rows=_details(session, list(shown), today, weights, limits), total=None, offset=offset, limit=limit, ids=ids
    )
    return page if detail_rows is not None else _counted(session, page, counting)


def _counted(session: Session, page: CaseloadPage, counting: list[sa.ColumnElement[bool]]) -> CaseloadPage:
    most = page.offset + page.limit + COUNT_CAP
    counted = select(sa.literal(1)).select_from(Citizen).where(*counting).limit(most + 1)
    total = session.exec(select(sa.func.count()).select_from(counted.subquery())).one()
    return replace(page, total=min(total, most), more=total > most)


def complete_page(
    session: Session,
    page: CaseloadPage,
    f: CaseloadFilter,
    viewer: Viewer,
    today: date,
    weights: UrgencyWeights = DEFAULT_WEIGHTS,
    limits: WarningLimits | None = None,
) -> CaseloadPage:
    """The page with details for every row and its count (after caseload_page(detail_rows=…))."""
    rest = list(page.ids[len(page.rows) :])
    page = replace(page, rows=page.rows + _details(session, rest, today, weights, limits))
    if page.total is None:
        page = _counted(session, page, _conditions(session, f, viewer, today)[1])
    return page


@functools.cache
def _details_statement() -> sa.Select[*tuple[Any, ...]]:
    """The page's detail columns, built once: building this tree of fifteen subqueries took
    longer than SQLite takes to run it for a page."""
    caseworker, consultant = aliased(Worker), aliased(Worker)

    def next_planned(column: sa.SQLColumnExpression[Any]) -> sa.ScalarSelect[Any]:
        return (
            select(column)
            .where(
                FollowUp.citizen_id == Citizen.id,
                FollowUp.status == FollowUpStatus.PLANNED,
                col(FollowUp.deleted_at).is_(None),
            )
            .order_by(col(FollowUp.due_on), col(FollowUp.id))
            .limit(1)
            .scalar_subquery()
        )

    company = (
        select(Company.name)
        .join(Placement, col(Placement.company_id) == col(Company.id))
        .where(
            Placement.citizen_id == Citizen.id,
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.deleted_at).is_(None),
        )
        .order_by(col(Placement.start_on).desc())
        .limit(1)
        .scalar_subquery()
    )
    # sa.select: SQLModel's select() is typed for at most four columns.
    statement = (
        sa.select(
            col(Citizen.id),
            col(Citizen.first_name),
            col(Citizen.last_name),
            col(Citizen.cpr),
            col(Citizen.birth_date),
            col(Citizen.target_group),
            col(Citizen.phase),
            col(Citizen.phase_override),
            col(Citizen.readiness),
            col(Citizen.vk_requested_on),
            col(Citizen.first_vk_meeting_on),
            col(Citizen.closed_on),
            col(caseworker.initials),
            col(consultant.initials),
            select(CvStatus.jobnet_state).where(CvStatus.citizen_id == Citizen.id).scalar_subquery(),
            _has_abc(),
            _next_due(),
            next_planned(col(FollowUp.kind)),
            next_planned(col(FollowUp.id)),
            _running_placement(col(Placement.kind)),
            company,
            _running_placement(col(Placement.ordinary_hours_per_week)),
            _running_placement(col(Placement.start_on)),
            _last_held(),
            _late_steps(sa.bindparam("today", type_=sa.Date)),
            _last_at_workplace(),
            _running_placement(col(Placement.planned_end_on)),
        )
        .join(caseworker, col(Citizen.caseworker_id) == col(caseworker.id), isouter=True)
        .join(consultant, col(Citizen.consultant_id) == col(consultant.id), isouter=True)
        .where(col(Citizen.id).in_(sa.bindparam("ids", expanding=True)))
    )
    return statement


def _details(
    session: Session, ids: list[uuid.UUID], today: date, weights: UrgencyWeights, limits: WarningLimits | None = None
) -> list[CaseloadRow]:
    if not ids:
        return []
    limits = _limits(limits)
    by_id = {}
    for (
        citizen_id,
        first_name,
        last_name,
        cpr,
        birth_date,
        target_group,
        phase,
        phase_override,
        readiness,
        vk_requested_on,
        first_vk_meeting_on,
        closed_on,
        s_ini,
        vk_ini,
        cv,
        abc,
        next_due,
        kind,
        next_id,
        p_kind,
        p_company,
        ordinary,
        p_start,
        last_held,
        late,
        last_at_workplace,
        p_end,
    ) in session.execute(_details_statement(), {"ids": ids, "today": today}).all():
        facts = UrgencyFacts(
            next_due=_as_date(next_due),
            last_held=_as_date(last_held),
            placement_start=_as_date(p_start),
            placement_ordinary_hours=float(ordinary or 0),
            vk_requested_on=vk_requested_on,
            first_vk_meeting_on=first_vk_meeting_on,
            late_sub_goals=int(late or 0),
            last_at_workplace=_as_date(last_at_workplace),
            placement_planned_end=_as_date(p_end),
        )
        by_id[citizen_id] = CaseloadRow(
            id=citizen_id,
            name=f"{first_name} {last_name}",
            cpr=cpr,
            age=age_on(birth_date, today),
            target_group=target_group,
            phase=phase_override or phase,
            phase_overridden=phase_override is not None,
            readiness=readiness,
            caseworker=s_ini or "",
            consultant=vk_ini or "",
            cv_state=CvState(cv) if cv else CvState.MISSING,
            has_abc=bool(abc),
            next_due=facts.next_due,
            next_kind=FollowUpKind(kind) if kind else None,
            next_follow_up_id=_as_uuid(next_id),
            placement_kind=PlacementKind(p_kind) if p_kind else None,
            placement_company=p_company or "",
            ordinary_hours=float(ordinary) if ordinary is not None else None,
            last_contact=facts.last_held,
            urgency=urgency(facts, today, weights, limits),
            closed_on=closed_on,
            warnings=tuple(warnings(facts, today, limits)),
        )
    return [by_id[i] for i in ids if i in by_id]


def _as_uuid(value: object) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# --- saved filters ---------------------------------------------------------------------------


def save_filter(session: Session, worker_id: uuid.UUID, name: str, f: CaseloadFilter) -> SavedFilter:
    """Save (or overwrite) a named filter for the worker; the search text is not kept."""
    name = name.strip()
    if not name:
        raise ValueError("Filteret skal have et navn.")
    spec = replace(f, search="").to_json()
    existing = session.exec(
        select(SavedFilter).where(SavedFilter.worker_id == worker_id, SavedFilter.name == name)
    ).first()
    if existing:
        existing.spec, existing.updated_at, existing.updated_by, existing.deleted_at = spec, utcnow(), worker_id, None
        saved = existing
    else:
        saved = SavedFilter(worker_id=worker_id, name=name, spec=spec, updated_by=worker_id)
    session.add(saved)
    session.commit()
    session.refresh(saved)
    return saved


def saved_filters(session: Session, worker_id: uuid.UUID) -> list[tuple[str, CaseloadFilter]]:
    rows = session.exec(
        select(SavedFilter)
        .where(SavedFilter.worker_id == worker_id, col(SavedFilter.deleted_at).is_(None))
        .order_by(SavedFilter.name)
    ).all()
    return [(row.name, CaseloadFilter.from_json(row.spec)) for row in rows]


def caseload_rows(
    session: Session,
    f: CaseloadFilter,
    viewer: Viewer,
    today: date,
    weights: UrgencyWeights = DEFAULT_WEIGHTS,
    *,
    chunk: int = 500,
    limits: WarningLimits | None = None,
) -> list[CaseloadRow]:
    """Every row the filter finds, in its order, with details (an export of the caseload as
    the screen shows it, not one page of it)."""
    conditions, _counting = _conditions(session, f, viewer, today)
    names: list[Any] = [sa.func.lower(Citizen.last_name), sa.func.lower(Citizen.first_name), Citizen.id]
    order = (
        _ordered(names, f.descending)
        if f.sort is SortKey.NAME
        else _ordered(_sort_expression(f.sort, today, weights, limits), f.descending) + names
    )
    ids = list(session.exec(select(Citizen.id).where(*conditions).order_by(*order)).all())
    rows: list[CaseloadRow] = []
    for start in range(0, len(ids), chunk):
        rows.extend(_details(session, ids[start : start + chunk], today, weights, limits))
    return rows
