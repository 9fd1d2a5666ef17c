"""Matching in both directions (000, 4.6): the facts come from SQL, the scoring and
its reasons from domain/matching.py. Both look within the team of the worker asking, as a
team's consultants know its companies and its citizens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.db.models import Citizen, Company, JobGoal, JobOpening, Placement, Worker
from stvdesk.domain.enums import GoalStatus, OpeningStatus, PlacementKind, PlacementStatus, Readiness
from stvdesk.domain.matching import (
    AbcSettings,
    CitizenFacts,
    CompanyFacts,
    Goal,
    Match,
    score_citizen,
    score_company,
)
from stvdesk.settings import settings_in_force


@dataclass(frozen=True)
class CompanyMatch:
    company_id: uuid.UUID
    name: str
    industry: str
    city: str
    match: Match


@dataclass(frozen=True)
class CitizenMatch:
    citizen_id: uuid.UUID
    name: str
    readiness: Readiness
    match: Match


def _goals(session: Session, citizen_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[Goal, ...]]:
    rows = session.exec(
        select(JobGoal.citizen_id, col(JobGoal.kind), JobGoal.title).where(
            col(JobGoal.citizen_id).in_(citizen_ids),
            col(JobGoal.deleted_at).is_(None),
            col(JobGoal.status).in_((GoalStatus.AGREED, GoalStatus.PROPOSED)),
        )
    ).all()
    out: dict[uuid.UUID, list[Goal]] = {}
    for citizen_id, kind, title in rows:
        out.setdefault(citizen_id, []).append(Goal(kind.value, title))
    return {k: tuple(v) for k, v in out.items()}


def _openings(session: Session, company_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[tuple[str, float], ...]]:
    rows = session.exec(
        select(JobOpening.company_id, JobOpening.title, JobOpening.hours_per_week).where(
            col(JobOpening.company_id).in_(company_ids),
            JobOpening.status == OpeningStatus.OPEN,
            col(JobOpening.deleted_at).is_(None),
        )
    ).all()
    out: dict[uuid.UUID, list[tuple[str, float]]] = {}
    for company_id, title, hours in rows:
        out.setdefault(company_id, []).append((title, hours))
    return {k: tuple(v) for k, v in out.items()}


def _company_history(
    session: Session, company_ids: list[uuid.UUID]
) -> tuple[dict[uuid.UUID, int], dict[uuid.UUID, int]]:
    """Per company: how many citizens it has had in a placement, and how many it gave paid hours
    (ordinary hours in a placement, or a placement that is paid work)."""
    hosted = dict(
        session.exec(
            select(Placement.company_id, sa.func.count(sa.distinct(col(Placement.citizen_id))))
            .where(col(Placement.company_id).in_(company_ids), col(Placement.deleted_at).is_(None))
            .group_by(col(Placement.company_id))
        ).all()
    )
    paid = dict(
        session.exec(
            select(Placement.company_id, sa.func.count(sa.distinct(col(Placement.citizen_id))))
            .where(
                col(Placement.company_id).in_(company_ids),
                col(Placement.deleted_at).is_(None),
                sa.or_(
                    col(Placement.ordinary_hours_per_week) > 0,
                    col(Placement.kind).in_(
                        (PlacementKind.ORDINARY_HOURS, PlacementKind.ORDINARY_JOB, PlacementKind.SMALL_JOB)
                    ),
                ),
            )
            .group_by(col(Placement.company_id))
        ).all()
    )
    return hosted, paid


def _team_of(session: Session, worker_id: uuid.UUID) -> uuid.UUID | None:
    return session.exec(select(Worker.team_id).where(Worker.id == worker_id)).first()


def companies_for_citizen(
    session: Session, citizen_id: uuid.UUID, worker_id: uuid.UUID, limit: int = 12, abc: AbcSettings | None = None
) -> list[CompanyMatch]:
    """Companies of the team whose industry or openings fit the citizen's A/B/C goals, best first
    (the goals' weights: `abc`, None: the settings in force, rule abc.vaegte)."""
    abc = abc or settings_in_force().abc
    goals = _goals(session, [citizen_id]).get(citizen_id, ())
    if not goals:
        return []
    team_id = _team_of(session, worker_id)
    companies = session.execute(
        # sa.select: SQLModel's select() is typed for at most four columns
        sa.select(
            col(Company.id), col(Company.name), col(Company.industry), col(Company.city), col(Company.renegotiate)
        ).where(
            col(Company.deleted_at).is_(None),
            *([col(Company.owner_id).in_(select(Worker.id).where(Worker.team_id == team_id))] if team_id else []),
        )
    ).all()
    ids = [row[0] for row in companies]
    openings = _openings(session, ids)
    hosted, paid = _company_history(session, ids)
    been = set(
        session.exec(
            select(Placement.company_id).where(Placement.citizen_id == citizen_id, col(Placement.deleted_at).is_(None))
        ).all()
    )
    matches = []
    for company_id, name, industry, city, renegotiate in companies:
        match = score_company(
            goals,
            CompanyFacts(
                industry=industry,
                open_openings=openings.get(company_id, ()),
                placements_hosted=hosted.get(company_id, 0),
                citizens_given_ordinary_hours=paid.get(company_id, 0),
                citizen_was_here=company_id in been,
                renegotiate=renegotiate,
            ),
            abc,
        )
        if match is not None:
            matches.append(CompanyMatch(company_id, name, industry, city, match))
    matches.sort(key=lambda m: (-m.match.score, m.name.lower()))
    return matches[:limit]


def citizens_for_company(
    session: Session, company_id: uuid.UUID, worker_id: uuid.UUID, limit: int = 20, abc: AbcSettings | None = None
) -> list[CitizenMatch]:
    """The team's open cases, klar or tæt på, whose goals fit the company, best first."""
    abc = abc or settings_in_force().abc
    company = session.get(Company, company_id)
    if company is None:
        return []
    team_id = _team_of(session, worker_id)
    citizens = session.exec(
        select(Citizen.id, Citizen.first_name, Citizen.last_name, col(Citizen.readiness)).where(
            col(Citizen.closed_on).is_(None),
            col(Citizen.deleted_at).is_(None),
            col(Citizen.readiness).in_((Readiness.READY, Readiness.CLOSE)),
            *([col(Citizen.caseworker_id).in_(select(Worker.id).where(Worker.team_id == team_id))] if team_id else []),
        )
    ).all()
    ids = [row[0] for row in citizens]
    goals = _goals(session, ids)
    running = set(
        session.exec(
            select(Placement.citizen_id).where(
                col(Placement.citizen_id).in_(ids),
                Placement.status == PlacementStatus.ACTIVE,
                col(Placement.deleted_at).is_(None),
            )
        ).all()
    )
    here = set(
        session.exec(
            select(Placement.citizen_id).where(
                col(Placement.citizen_id).in_(ids),
                Placement.company_id == company_id,
                col(Placement.deleted_at).is_(None),
            )
        ).all()
    )
    openings = _openings(session, [company_id]).get(company_id, ())
    matches = []
    for citizen_id, first, last, readiness in citizens:
        match = score_citizen(
            CitizenFacts(
                goals=goals.get(citizen_id, ()),
                readiness=readiness.value,
                in_placement=citizen_id in running,
                was_at_company=citizen_id in here,
            ),
            company.industry,
            openings,
            abc,
        )
        if match is not None:
            matches.append(CitizenMatch(citizen_id, f"{first} {last}", readiness, match))
    matches.sort(key=lambda m: (-m.match.score, m.name.lower()))
    return matches[:limit]
