"""Practical support in a placement (002, table 5-1): a checklist per placement, the items due
for Min dag and the open items for the visit sheet."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.db.models import AuditEvent, Citizen, Company, Placement, PlacementSupport, utcnow
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.domain.enums import AuditAction, PlacementStatus, Role, SupportItem, SupportState
from stvdesk.domain.support import ITEMS, is_due


@dataclass(frozen=True)
class SupportLine:
    item: SupportItem
    state: SupportState = SupportState.OPEN
    due_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class SupportSheet:
    """A placement's whole checklist: every item, stored or not (an item never stored is open)."""

    placement_id: uuid.UUID
    citizen_id: uuid.UUID
    citizen_name: str
    company: str
    lines: tuple[SupportLine, ...]


@dataclass(frozen=True)
class OpenSupport:
    """One open item of a placement, with whose and where."""

    placement_id: uuid.UUID
    citizen_id: uuid.UUID
    citizen_name: str
    company: str
    item: SupportItem
    due_on: date | None
    note: str


def _placement_row(session: Session, placement_id: uuid.UUID) -> tuple[Placement, str, str]:
    row = session.execute(
        sa.select(Placement, col(Citizen.first_name), col(Citizen.last_name), col(Company.name))
        .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
        .join(Company, col(Company.id) == col(Placement.company_id))
        .where(col(Placement.id) == placement_id, col(Placement.deleted_at).is_(None))
    ).first()
    if row is None:
        raise EditError("Forløbet findes ikke længere.")
    placement, first, last, company = row
    return placement, f"{first} {last}", company


def support_sheet(session: Session, placement_id: uuid.UUID) -> SupportSheet:
    """The placement's checklist in the items' order (002, table 5-1)."""
    placement, name, company = _placement_row(session, placement_id)
    stored = {
        row.item: row
        for row in session.exec(
            select(PlacementSupport).where(
                PlacementSupport.placement_id == placement_id, col(PlacementSupport.deleted_at).is_(None)
            )
        )
    }
    lines = tuple(
        SupportLine(item, row.state, row.due_on, row.note) if (row := stored.get(item)) else SupportLine(item)
        for item in ITEMS
    )
    return SupportSheet(placement.id, placement.citizen_id, name, company, lines)


def save_support(session: Session, editor: Editor, placement_id: uuid.UUID, lines: Iterable[SupportLine]) -> int:
    """Store the checklist's lines; only the items that changed are written, each change a line
    in the citizen's history. Returns how many items changed."""
    placement, _name, _company = _placement_row(session, placement_id)
    stored = {
        row.item: row
        for row in session.exec(select(PlacementSupport).where(PlacementSupport.placement_id == placement_id))
    }
    changed: list[str] = []
    for line in lines:
        row = stored.get(line.item)
        note = line.note.strip()
        if row is None:
            if line.state is SupportState.OPEN and line.due_on is None and not note:
                continue  # an untouched item needs no row: never stored reads as open
            row = PlacementSupport(placement_id=placement_id, item=line.item)
        elif (row.state, row.due_on, row.note, row.deleted_at) == (line.state, line.due_on, note, None):
            continue
        row.state, row.due_on, row.note, row.deleted_at = line.state, line.due_on, note, None
        row.updated_at, row.updated_by = utcnow(), editor.worker_id
        session.add(row)
        changed.append(f"{line.item.label}: {line.state.label.lower()}")
    if not changed:
        return 0
    session.add(
        AuditEvent(
            at=utcnow(),
            worker_id=editor.worker_id,
            device=editor.device,
            action=AuditAction.CHANGE,
            citizen_id=placement.citizen_id,
            criterion="Praktisk støtte: " + ", ".join(changed),
        )
    )
    try:
        session.commit()
    except sa.exc.IntegrityError as exc:
        session.rollback()
        raise EditError("Den praktiske støtte kunne ikke gemmes; prøv igen.") from exc
    return len(changed)


def _open_items(session: Session, *conditions: sa.ColumnElement[bool]) -> list[OpenSupport]:
    rows = session.execute(
        sa.select(
            PlacementSupport,
            col(Placement.citizen_id),
            col(Citizen.first_name),
            col(Citizen.last_name),
            col(Company.name),
        )
        .join(Placement, col(Placement.id) == col(PlacementSupport.placement_id))
        .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
        .join(Company, col(Company.id) == col(Placement.company_id))
        .where(
            col(PlacementSupport.deleted_at).is_(None),
            col(PlacementSupport.state) == SupportState.OPEN,
            col(Placement.deleted_at).is_(None),
            col(Placement.status) != PlacementStatus.ENDED,
            *conditions,
        )
    ).all()
    items = [
        OpenSupport(row.placement_id, citizen_id, f"{first} {last}", company, row.item, row.due_on, row.note)
        for row, citizen_id, first, last, company in rows
    ]
    order = {item: n for n, item in enumerate(ITEMS)}
    return sorted(items, key=lambda s: (s.due_on or date.max, s.citizen_name, order[s.item]))


def due_support(
    session: Session, worker_id: uuid.UUID, role: Role, team_id: uuid.UUID | None, today: date
) -> list[OpenSupport]:
    """The worker's (a leader: the team's) open items whose date has come, for Min dag."""
    items = _open_items(
        session, caseload_condition(worker_id, role, team_id), col(PlacementSupport.due_on).is_not(None)
    )
    return [s for s in items if is_due(SupportState.OPEN, s.due_on, today)]


def open_support(session: Session, citizen_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[OpenSupport]]:
    """Every open item of the citizens' running placements, by citizen (for the visit sheet)."""
    ids = list(citizen_ids)
    found: dict[uuid.UUID, list[OpenSupport]] = {}
    if not ids:
        return found
    for item in _open_items(session, col(Placement.citizen_id).in_(ids)):
        found.setdefault(item.citizen_id, []).append(item)
    return found
