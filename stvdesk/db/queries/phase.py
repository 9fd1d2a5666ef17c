"""Keeping a citizen's stored phase equal to what the data says (stvdesk.domain.phase).

The phase is stored when an edit or an import changes the data, so it is derived with the
settings in force ([phase], rule fase.fastholdelse) unless a caller passes its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from stvdesk.db.models import Citizen, DevelopmentGoal, JobGoal, Placement, utcnow
from stvdesk.domain.calendar import add_months
from stvdesk.domain.enums import CaseCloseReason, GoalStatus, PlacementStatus
from stvdesk.domain.phase import DerivedPhase, PhaseFacts, PhaseSettings, derive_phase
from stvdesk.settings import settings_in_force


def _facts(citizen: Citizen, goals: list[GoalStatus], development: int, placements: list[Placement]) -> PhaseFacts:
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


def _aftercare_until(citizen: Citizen) -> date | None:
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
) -> int:
    """refresh_phase for many citizens in four queries per `chunk` of them (an import touches
    thousands). Returns how many phases changed. The caller commits."""
    settings = _phase_settings(settings)
    ids = list(dict.fromkeys(citizen_ids))
    changed = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        citizens = session.exec(select(Citizen).where(col(Citizen.id).in_(part))).all()
        goals: dict[uuid.UUID, list[GoalStatus]] = {}
        for cid, status in session.exec(
            select(JobGoal.citizen_id, col(JobGoal.status)).where(
                col(JobGoal.citizen_id).in_(part), col(JobGoal.deleted_at).is_(None)
            )
        ):
            goals.setdefault(cid, []).append(status)
        development = dict(session.exec(_live_development(col(DevelopmentGoal.citizen_id).in_(part))).all())
        placements: dict[uuid.UUID, list[Placement]] = {}
        for placement in session.exec(_open_placements(col(Placement.citizen_id).in_(part))).all():
            placements.setdefault(placement.citizen_id, []).append(placement)
        for citizen in citizens:
            derived = derive_phase(
                _facts(
                    citizen, goals.get(citizen.id, []), development.get(citizen.id, 0), placements.get(citizen.id, [])
                ),
                today,
                settings,
            )
            if citizen.phase is not derived.phase:
                citizen.phase = derived.phase
                citizen.updated_at = utcnow()
                session.add(citizen)
                changed += 1
    return changed


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
