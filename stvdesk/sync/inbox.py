"""The conflict inbox: a laptop's changes the server could not take as they stood,
each with both values, until a worker chooses: keep mine, keep theirs, or write a merge.

Choosing "mine" or writing a merge is an ordinary change on the laptop (so it goes through
the outbox, against the server's value as its base, and wins at the next sync); "theirs"
changes nothing, as the laptop already shows the server's value.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session, col, select

import stvdesk.db.models as m
from stvdesk.clock import utcnow
from stvdesk.db.audit import log_access
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.numbers import PLAIN_DECIMALS, format_number
from stvdesk.domain.text import clean_line, clean_text
from stvdesk.sync.codec import decode, decode_row
from stvdesk.sync.tables import META_COLUMNS

TABLE_LABELS = {
    "citizen": "Stamdata",
    "job_goal": "Jobmål",
    "development_goal": "Udviklingsmål",
    "goal_action": "Handling",
    "cv_status": "CV",
    "plan_step": "Delmål (Min Plan)",
    "company": "Virksomhed",
    "company_contact": "Kontaktperson",
    "company_contact_log": "Virksomhedskontakt",
    "job_opening": "Jobåbning",
    "placement": "Forløb",
    "placement_hours": "Timer i forløb",
    "progress_entry": "Progression",
    "meeting": "Møde",
    "meeting_answer": "Svar i møde",
    "agreement": "Aftale",
    "follow_up": "Opfølgning",
    "note": "Notat",
    "success_story": "God historie",
    "target": "Måltal",
    "saved_filter": "Gemt filter",
    "summer_plan": "Sommerplan",
    "placement_support": "Praktisk støtte",
    "visit_order": "Besøgsrækkefølge",
    "dialogue_note": "Dialognotat",
}
FIELD_LABELS = {
    "phone": "Telefon",
    "email": "E-mail",
    "address": "Adresse",
    "postal_code": "Postnummer",
    "city": "By",
    "first_name": "Fornavn",
    "last_name": "Efternavn",
    "readiness": "Parathed",
    "target_group": "Målgruppe",
    "phase_override": "Fase (egen vurdering)",
    "phase_override_reason": "Begrundelse for fase",
    "caseworker_id": "Sagsbehandler",
    "consultant_id": "Virksomhedskonsulent",
    "text": "Tekst",
    "title": "Titel",
    "description": "Beskrivelse",
    "status": "Status",
    "deadline": "Frist",
    "done_on": "Udført",
    "due_on": "Dato",
    "note": "Notat",
    "reason": "Begrundelse",
    "purpose": "Formål",
    "tasks": "Opgaver",
    "hours_per_week": "Timer pr. uge",
    "ordinary_hours_per_week": "Ordinære timer pr. uge",
    "planned_end_on": "Planlagt slut",
    "ended_on": "Sluttet",
    "next_step": "Næste skridt",
    "summary": "Resumé",
    "name": "Navn",
    "role": "Rolle",
    "notes": "Noter",
    "value": "Værdi",
    "owner": "Ansvarlig",
}
KIND_LABELS = {
    "field": "samme felt ændret begge steder",
    "edited_deleted": "du ændrede, men det er slettet på serveren",
    "deleted_edited": "du slettede, men det er ændret på serveren",
    "gone": "findes ikke længere på serveren (eller er ikke længere i dine sager)",
    "rejected": "serveren afviste rækken",
}


def conflict_summary(kinds: dict[str, int]) -> str:
    """New conflicts of a sync in Danish, kind by kind: "2 konflikter: 1 samme felt ændret begge
    steder, 1 du ændrede, men det er slettet på serveren"."""
    total = sum(kinds.values())
    if not total:
        return ""
    order = list(KIND_LABELS)
    ranked = sorted(kinds.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    parts = [f"{n} {KIND_LABELS.get(kind, kind)}" for kind, n in ranked if n]
    return f"{total} {'konflikt' if total == 1 else 'konflikter'}: {', '.join(parts)}"


class ConflictError(ValueError):
    """The choice cannot be made; the message is Danish."""


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    found_at: datetime
    kind: str
    table_name: str
    row_id: uuid.UUID
    field: str
    citizen_id: uuid.UUID | None
    citizen: str  # name, or ""
    what: str  # "Stamdata · Telefon"
    mine: str  # shown values
    theirs: str
    base: str
    message: str

    @property
    def mergeable(self) -> bool:
        return self.kind == "field" and _is_text(self.table_name, self.field)

    @property
    def keeps_mine(self) -> bool:
        return self.kind in ("field", "edited_deleted", "deleted_edited")


def _is_text(table_name: str, field: str) -> bool:
    from stvdesk.sync.codec import python_type
    from stvdesk.sync.tables import table

    return field in table(table_name).c and python_type(table(table_name).c[field]) is str


def show(value: Any) -> str:
    if value is None or value == "":
        return "(tom)"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        from stvdesk.clock import format_instant

        return format_instant(value)
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float):
        # Every stored decimal: two versions that differ must not look alike.
        return format_number(value, PLAIN_DECIMALS)
    return str(value)


def _shown(c: m.SyncConflict, which: str) -> str:
    # The values come from the outbox and the server as JSON, past the column types that clean
    # text as it is read: an inbox written by an older version may hold escape sequences.
    return clean_text(_as_text(c, which), multiline=True)


def _as_text(c: m.SyncConflict, which: str) -> str:
    value = json.loads(getattr(c, which))
    if c.kind == "field":
        return show(decode(c.table_name, c.field, value))
    if isinstance(value, dict):
        decoded = decode_row(c.table_name, value)
        return (
            "; ".join(
                f"{FIELD_LABELS.get(k, k)}: {show(v)}" for k, v in sorted(decoded.items()) if k not in META_COLUMNS
            )
            or "(slettet)"
        )
    return (
        "(slettet)" if which in ("mine", "theirs") and c.kind in ("deleted_edited", "edited_deleted") else show(value)
    )


def open_conflicts(session: Session) -> list[ConflictRow]:
    """Unresolved conflicts, oldest first, with the citizen's name and both values as shown."""
    found = session.exec(
        select(m.SyncConflict, m.Citizen.first_name, m.Citizen.last_name)
        .join(m.Citizen, col(m.Citizen.id) == col(m.SyncConflict.citizen_id), isouter=True)
        .where(col(m.SyncConflict.resolved_at).is_(None))
        .order_by(col(m.SyncConflict.found_at))
    ).all()
    rows = []
    for c, first, last in found:
        what = TABLE_LABELS.get(c.table_name, c.table_name)
        if c.field:
            what += f" · {FIELD_LABELS.get(c.field, c.field)}"
        rows.append(
            ConflictRow(
                c.id,
                c.found_at,
                c.kind,
                c.table_name,
                c.row_id,
                c.field,
                c.citizen_id,
                f"{first} {last}" if first is not None else "",
                what,
                _shown(c, "mine"),
                _shown(c, "theirs"),
                _shown(c, "base") if c.kind == "field" else "",
                clean_line(c.message) or KIND_LABELS.get(c.kind, c.kind),
            )
        )
    return rows


def _conflict(session: Session, conflict_id: uuid.UUID) -> m.SyncConflict:
    found = session.get(m.SyncConflict, conflict_id)
    if found is None or found.resolved_at is not None:
        raise ConflictError("Konflikten er allerede løst.")
    return found


def _row(session: Session, c: m.SyncConflict) -> m.Tracked:
    model = next(t for t in m.USER_TABLES if t.__tablename__ == c.table_name)
    row = session.get(model, c.row_id)
    if row is None:
        raise ConflictError("Rækken findes ikke længere på den bærbare.")
    return row


def _done(session: Session, c: m.SyncConflict, resolution: str, worker_id: uuid.UUID, text: str) -> None:
    c.resolved_at, c.resolution = utcnow(), resolution
    session.add(c)
    log_access(
        session,
        worker_id=worker_id,
        action=AuditAction.CHANGE,
        citizen_id=c.citizen_id,
        criterion=f"Synkroniseringskonflikt løst ({text}): {TABLE_LABELS.get(c.table_name, c.table_name)}"
        + (f" · {FIELD_LABELS.get(c.field, c.field)}" if c.field else ""),
    )


def _stamp(row: m.Tracked, worker_id: uuid.UUID) -> None:
    row.updated_at, row.updated_by = utcnow(), worker_id


def keep_mine(session: Session, conflict_id: uuid.UUID, worker_id: uuid.UUID) -> None:
    """Put this laptop's value back; it goes to the server at the next sync."""
    c = _conflict(session, conflict_id)
    mine = json.loads(c.mine)
    if c.kind == "field":
        row = _row(session, c)
        setattr(row, c.field, decode(c.table_name, c.field, mine))
    elif c.kind == "edited_deleted":
        row = _row(session, c)
        row.deleted_at = None
        for key, value in decode_row(c.table_name, mine).items():
            setattr(row, key, value)
    elif c.kind == "deleted_edited":
        row = _row(session, c)
        row.deleted_at = utcnow()
    else:
        raise ConflictError("Her er kun serverens udgave; marker konflikten som set (t).")
    _stamp(row, worker_id)
    _done(session, c, "mine", worker_id, "min værdi beholdt")


def keep_theirs(session: Session, conflict_id: uuid.UUID, worker_id: uuid.UUID) -> None:
    """Leave the server's value, which the laptop already shows."""
    c = _conflict(session, conflict_id)
    _done(session, c, "theirs", worker_id, "serverens værdi beholdt")


def write_merge(session: Session, conflict_id: uuid.UUID, text: str, worker_id: uuid.UUID) -> None:
    """A text written from both values replaces them; it goes to the server at the next sync."""
    c = _conflict(session, conflict_id)
    if c.kind != "field" or not _is_text(c.table_name, c.field):
        raise ConflictError("Kun et tekstfelt kan flettes; vælg din værdi (m) eller serverens (t).")
    row = _row(session, c)
    setattr(row, c.field, text.strip())
    _stamp(row, worker_id)
    _done(session, c, "merged", worker_id, "flettet")
