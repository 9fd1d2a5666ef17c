"""Monthly progression entries per placement (progressionsskema; 000, 4.6)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session, col, select

from stvdesk.db.models import Placement, ProgressEntry
from stvdesk.db.queries.edits import EditError, Editor, _commit, _stamp
from stvdesk.domain.calendar import month_start
from stvdesk.domain.progression import RATED, MonthRating, rating_errors


def save_progress(
    session: Session,
    editor: Editor,
    placement_id: uuid.UUID,
    *,
    month: date,
    ratings: dict[str, int | None],
    ordinary_hours: float,
    description: str,
) -> ProgressEntry:
    """Store the month's entry for a placement; a second entry in the same month replaces the first."""
    placement = session.get(Placement, placement_id)
    if placement is None or placement.deleted_at is not None:
        raise EditError("Forløbet findes ikke længere.")
    if errors := rating_errors(ratings):
        raise EditError("Vurderingerne skal være fra 1 til 5 (" + ", ".join(errors) + ").")
    if ordinary_hours < 0:
        raise EditError("Ordinære timer kan ikke være negative.")
    month = month_start(month)
    if month > month_start(editor.today):
        raise EditError("Progression kan ikke skrives for en måned, der ikke er begyndt.")
    entry = session.exec(
        select(ProgressEntry).where(
            ProgressEntry.placement_id == placement_id,
            ProgressEntry.month == month,
            col(ProgressEntry.deleted_at).is_(None),
        )
    ).first()
    if entry is None:
        entry = ProgressEntry(citizen_id=placement.citizen_id, placement_id=placement_id, month=month)
    for key in RATED:
        setattr(entry, key, ratings.get(key))
    entry.ordinary_hours, entry.description = ordinary_hours, description.strip()
    _stamp(entry, editor)
    session.add(entry)
    _commit(session, editor, placement.citizen_id, f"Progression for {month:%m-%Y} skrevet")
    return entry


def placement_progress(
    session: Session, placement_ids: list[uuid.UUID], months: int = 6
) -> dict[uuid.UUID, list[MonthRating]]:
    """The last `months` entries per placement, oldest first."""
    if not placement_ids:
        return {}
    rows = session.exec(
        select(ProgressEntry)
        .where(col(ProgressEntry.placement_id).in_(placement_ids), col(ProgressEntry.deleted_at).is_(None))
        .order_by(col(ProgressEntry.placement_id), col(ProgressEntry.month))
    ).all()
    out: dict[uuid.UUID, list[MonthRating]] = {}
    for entry in rows:
        if entry.placement_id is None:  # never: the query asked for these placements
            continue
        out.setdefault(entry.placement_id, []).append(
            MonthRating(entry.month, {key: getattr(entry, key) for key in RATED}, entry.ordinary_hours)
        )
    return {key: values[-months:] for key, values in out.items()}


def latest_entry(session: Session, placement_id: uuid.UUID) -> ProgressEntry | None:
    return session.exec(
        select(ProgressEntry)
        .where(ProgressEntry.placement_id == placement_id, col(ProgressEntry.deleted_at).is_(None))
        .order_by(col(ProgressEntry.month).desc())
    ).first()
