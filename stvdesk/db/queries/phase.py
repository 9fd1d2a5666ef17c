"""Keeping a citizen's stored phase equal to what the data says (stvdesk.domain.phase)."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from stvdesk.db.models import Citizen, DevelopmentGoal, JobGoal, Placement, utcnow
from stvdesk.domain.enums import GoalStatus, PlacementStatus
from stvdesk.domain.phase import DerivedPhase, PhaseFacts, derive_phase


def phase_facts(session: Session, citizen: Citizen) -> PhaseFacts:
    goals = session.exec(
        select(JobGoal.status).where(JobGoal.citizen_id == citizen.id, JobGoal.deleted_at.is_(None))
    ).all()
    live_goals = [g for g in goals if g is not GoalStatus.DROPPED]
    development = session.exec(
        select(sa.func.count(DevelopmentGoal.id)).where(
            DevelopmentGoal.citizen_id == citizen.id, DevelopmentGoal.deleted_at.is_(None),
            DevelopmentGoal.status != GoalStatus.DROPPED,
        )
    ).one()
    placements = session.exec(
        select(Placement).where(
            Placement.citizen_id == citizen.id, Placement.deleted_at.is_(None),
            Placement.status.in_((PlacementStatus.ACTIVE, PlacementStatus.PLANNED)),
        ).order_by(Placement.start_on.desc())
    ).all()
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
    )


def derived_phase(session: Session, citizen_id: uuid.UUID, today: date) -> DerivedPhase | None:
    citizen = session.get(Citizen, citizen_id)
    return derive_phase(phase_facts(session, citizen), today) if citizen else None


def refresh_phase(session: Session, citizen_id: uuid.UUID, today: date) -> DerivedPhase | None:
    """Store the derived phase if it changed. The caller commits."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        return None
    derived = derive_phase(phase_facts(session, citizen), today)
    if citizen.phase is not derived.phase:
        citizen.phase = derived.phase
        citizen.updated_at = utcnow()
        session.add(citizen)
    return derived
