"""Keeping a citizen's stored phase equal to what the data says (stvdesk.domain.phase).

The phase is stored when an edit or an import changes the data, so it is derived with the
settings in force ([phase], rule fase.fastholdelse) unless a caller passes its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from stvdesk.db.models import Citizen, DevelopmentGoal, JobGoal, Placement, table_of, utcnow
from stvdesk.db.rows import update_rows
from stvdesk.domain.calendar import add_months
from stvdesk.domain.enums import CaseCloseReason, GoalStatus, Phase, PlacementKind, PlacementStatus
from stvdesk.domain.phase import DerivedPhase, PhaseFacts, PhaseSettings, derive_phase
from stvdesk.settings import settings_in_force


class _Case(Protocol):
    """What the phase reads of a citizen's row: a Citizen, or the columns of one (`_CaseRow`)."""

    @property
    def consultant_id(self) -> uuid.UUID | None: ...
    @property
    def closed_on(self) -> date | None: ...
    @property
    def close_reason(self) -> CaseCloseReason | None: ...


class _Open(Protocol):
    """What the phase reads of an open placement: a Placement, or the columns of one."""

    @property
    def status(self) -> PlacementStatus: ...
    @property
    def kind(self) -> PlacementKind: ...
    @property
    def start_on(self) -> date: ...
    @property
    def ordinary_hours_per_week(self) -> float: ...


class _CaseRow(NamedTuple):
    id: uuid.UUID
    phase: Phase
    consultant_id: uuid.UUID | None
    closed_on: date | None
    close_reason: CaseCloseReason | None


class _OpenRow(NamedTuple):
    citizen_id: uuid.UUID
    status: PlacementStatus
    kind: PlacementKind
    start_on: date
    ordinary_hours_per_week: float


def _facts(citizen: _Case, goals: list[GoalStatus], development: int, placements: Sequence[_Open]) -> PhaseFacts:
    """The facts from a citizen's job-goal statuses, live development goals and open placements
    (newest start first)."""
    live_goals = [g for g in goals if g is not GoalStatus.DROPPED]
    running = next((p for p in placements if p.status is PlacementStatus.ACTIVE), None)
    return PhaseFacts(
        has_agreed_job_goal=any(g in (GoalStatus.AGREED, GoalStatus.ACHIEVED) for g in live_goals),
        has_any_job_goal=bool(live_goals),
        has_development_goal=development > 0,
        has_consultant=citizen.consultant_id is not None,
        running_kind=running.kind if running else None,
        running_since=running.start_on if running else None,
        running_ordinary_hours=running.ordinary_hours_per_week if running else 0.0,
        has_planned_placement=any(p.status is PlacementStatus.PLANNED for p in placements),
        aftercare_until=_aftercare_until(citizen),
    )


def _aftercare_until(citizen: _Case) -> date | None:
    """The end of the aftercare of a case closed for an ordinary job ([cadence] in force)."""
    if citizen.closed_on is None or citizen.close_reason is not CaseCloseReason.ORDINARY_JOB:
        return None
    return add_months(citizen.closed_on, settings_in_force().cadence.aftercare_months)


def _open_placements(*where: sa.ColumnElement[bool] | bool) -> SelectOfScalar[Placement]:
    return (
        select(Placement)
        .where(
            *where,
            col(Placement.deleted_at).is_(None),
            col(Placement.status).in_((PlacementStatus.ACTIVE, PlacementStatus.PLANNED)),
        )
        .order_by(col(Placement.start_on).desc())
    )


def _live_development(*where: sa.ColumnElement[bool] | bool) -> Select[uuid.UUID, int]:
    return (
        select(DevelopmentGoal.citizen_id, sa.func.count(col(DevelopmentGoal.id)))
        .where(
            *where,
            col(DevelopmentGoal.deleted_at).is_(None),
            DevelopmentGoal.status != GoalStatus.DROPPED,
        )
        .group_by(col(DevelopmentGoal.citizen_id))
    )


def phase_facts(session: Session, citizen: Citizen) -> PhaseFacts:
    goals = session.exec(
        select(col(JobGoal.status)).where(JobGoal.citizen_id == citizen.id, col(JobGoal.deleted_at).is_(None))
    ).all()
    development = session.exec(_live_development(DevelopmentGoal.citizen_id == citizen.id)).first()
    placements = session.exec(_open_placements(Placement.citizen_id == citizen.id)).all()
    return _facts(citizen, list(goals), development[1] if development else 0, list(placements))


def _phase_settings(settings: PhaseSettings | None) -> PhaseSettings:
    return settings or settings_in_force().phase


def refresh_phases(
    session: Session,
    citizen_ids: Iterable[uuid.UUID],
    today: date,
    *,
    chunk: int = 500,
    settings: PhaseSettings | None = None,
    stamp: bool = True,
) -> int:
    """refresh_phase for many citizens in four queries per `chunk` of them (an import touches
    thousands). Returns how many phases changed. The caller commits.

    `stamp=False` leaves `updated_at` alone: a sync works the phase out again on each side after
    merging, and a stamp of each side's own would make the same row differ between them."""
    settings = _phase_settings(settings)
    ids = list(dict.fromkeys(citizen_ids))
    # Columns through Core, not objects: an import refreshes thousands, and building and
    # flushing a Citizen and its Placements each was most of its time. The session's own
    # changes are flushed first, so the rows read are what it holds.
    session.flush()
    conn = session.connection()
    citizen_t, placement_t = table_of(Citizen), table_of(Placement)
    changes: list[dict[str, Any]] = []
    before: list[dict[str, Any]] = []
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        stamped: dict[uuid.UUID, datetime | None] = {}
        citizens = []
        for *case, updated_at in conn.execute(
            sa.select(
                citizen_t.c.id,
                citizen_t.c.phase,
                citizen_t.c.consultant_id,
                citizen_t.c.closed_on,
                citizen_t.c.close_reason,
                citizen_t.c.updated_at,
            ).where(citizen_t.c.id.in_(part))
        ):
            citizens.append(_CaseRow(*case))
            stamped[case[0]] = updated_at
        goals: dict[uuid.UUID, list[GoalStatus]] = {}
        for cid, status in session.exec(
            select(JobGoal.citizen_id, col(JobGoal.status)).where(
                col(JobGoal.citizen_id).in_(part), col(JobGoal.deleted_at).is_(None)
            )
        ):
            goals.setdefault(cid, []).append(status)
        development = dict(session.exec(_live_development(col(DevelopmentGoal.citizen_id).in_(part))).all())
        placements: dict[uuid.UUID, list[_OpenRow]] = {}
        open_rows = sa.select(
            placement_t.c.citizen_id,
            placement_t.c.status,
            placement_t.c.kind,
            placement_t.c.start_on,
            placement_t.c.ordinary_hours_per_week,
        ).where(
            placement_t.c.citizen_id.in_(part),
            placement_t.c.deleted_at.is_(None),
            placement_t.c.status.in_((PlacementStatus.ACTIVE, PlacementStatus.PLANNED)),
        )
        for placement in conn.execute(open_rows.order_by(placement_t.c.start_on.desc())):
            placements.setdefault(placement.citizen_id, []).append(_OpenRow(*placement))
        for citizen in citizens:
            derived = derive_phase(
                _facts(
                    citizen, goals.get(citizen.id, []), development.get(citizen.id, 0), placements.get(citizen.id, [])
                ),
                today,
                settings,
            )
            if citizen.phase is not derived.phase:
                changes.append({"id": citizen.id, "phase": derived.phase})
                before.append({"phase": citizen.phase, "updated_at": stamped[citizen.id]})
    now = utcnow()
    for change, old in zip(changes, before, strict=True):
        change["updated_at"] = now if stamp else old["updated_at"]
    update_rows(session, Citizen, changes, before)
    return len(changes)


def derived_phase(
    session: Session, citizen_id: uuid.UUID, today: date, settings: PhaseSettings | None = None
) -> DerivedPhase | None:
    citizen = session.get(Citizen, citizen_id)
    return derive_phase(phase_facts(session, citizen), today, _phase_settings(settings)) if citizen else None


def refresh_phase(
    session: Session, citizen_id: uuid.UUID, today: date, settings: PhaseSettings | None = None
) -> DerivedPhase | None:
    """Store the derived phase if it changed. The caller commits."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        return None
    derived = derive_phase(phase_facts(session, citizen), today, _phase_settings(settings))
    if citizen.phase is not derived.phase:
        citizen.phase = derived.phase
        citizen.updated_at = utcnow()
        session.add(citizen)
    return derived
