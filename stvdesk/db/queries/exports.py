"""What the csv/xlsx exports hold: the caseload as filtered, the placements of the
citizens in one's caseload or team, and the companies. Reads only; logging is the caller's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from stvdesk.db.models import Citizen, Company, Placement, Worker
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.db.queries.caseload_list import CaseloadFilter, CaseloadRow, Viewer, caseload_rows
from stvdesk.domain.enums import PlacementKind, PlacementStatus, Role


@dataclass(frozen=True)
class CaseloadExportRow:
    row: CaseloadRow
    first_name: str
    last_name: str


def caseload_export(session: Session, f: CaseloadFilter, viewer: Viewer, today: date) -> list[CaseloadExportRow]:
    rows = caseload_rows(session, f, viewer, today)
    names: dict[uuid.UUID, tuple[str, str]] = {}
    ids = [r.id for r in rows]
    for start in range(0, len(ids), 500):
        for cid, first, last in session.exec(
            select(Citizen.id, Citizen.first_name, Citizen.last_name).where(
                col(Citizen.id).in_(ids[start : start + 500])
            )
        ):
            names[cid] = (first, last)
    return [CaseloadExportRow(r, *names.get(r.id, ("", ""))) for r in rows]


@dataclass(frozen=True)
class PlacementExportRow:
    citizen_id: uuid.UUID
    cpr: str
    first_name: str
    last_name: str
    company: str
    cvr: str | None
    kind: PlacementKind
    status: PlacementStatus
    start_on: date
    planned_end_on: date | None
    ended_on: date | None
    hours_per_week: float
    ordinary_hours_per_week: float
    purpose: str
    caseworker: str
    consultant: str


def placement_export(session: Session, viewer: Viewer, *, team: bool, include_ended: bool) -> list[PlacementExportRow]:
    """Placements of the citizens in one's caseload (or the team's), newest start first."""
    role = Role.LEADER if team else viewer.role
    s, vk = aliased(Worker), aliased(Worker)
    statement = (
        sa.select(  # sa.select: SQLModel's select() is typed for at most four columns
            Placement,
            col(Citizen.cpr),
            col(Citizen.first_name),
            col(Citizen.last_name),
            col(Company.name),
            col(Company.cvr),
            col(s.initials),
            col(vk.initials),
        )
        .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
        .join(Company, col(Company.id) == col(Placement.company_id))
        .join(s, col(s.id) == col(Citizen.caseworker_id), isouter=True)
        .join(vk, col(vk.id) == col(Citizen.consultant_id), isouter=True)
        .where(col(Placement.deleted_at).is_(None), caseload_condition(viewer.worker_id, role, viewer.team_id))
        .order_by(col(Placement.start_on).desc(), Citizen.last_name, Citizen.first_name)
    )
    if not include_ended:
        statement = statement.where(col(Placement.status) != PlacementStatus.ENDED)
    return [
        PlacementExportRow(
            p.citizen_id,
            cpr,
            first,
            last,
            company,
            cvr,
            p.kind,
            p.status,
            p.start_on,
            p.planned_end_on,
            p.ended_on,
            p.hours_per_week,
            p.ordinary_hours_per_week,
            p.purpose,
            s_ini or "",
            vk_ini or "",
        )
        for p, cpr, first, last, company, cvr, s_ini, vk_ini in session.execute(statement).all()
    ]


@dataclass(frozen=True)
class CompanyExportRow:
    name: str
    cvr: str | None
    industry: str
    address: str
    postal_code: str
    city: str
    phone: str
    owner: str
    running_placements: int
    notes: str


def company_export(session: Session) -> list[CompanyExportRow]:
    running = (
        select(sa.func.count(col(Placement.id)))
        .where(
            Placement.company_id == Company.id,
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.deleted_at).is_(None),
        )
        .scalar_subquery()
    )
    statement = (
        select(Company, Worker.initials, running)
        .join(Worker, col(Worker.id) == col(Company.owner_id), isouter=True)
        .where(col(Company.deleted_at).is_(None))
        .order_by(sa.func.lower(Company.name))
    )
    return [
        CompanyExportRow(
            c.name, c.cvr, c.industry, c.address, c.postal_code, c.city, c.phone, owner or "", int(count or 0), c.notes
        )
        for c, owner, count in session.exec(statement).all()
    ]
