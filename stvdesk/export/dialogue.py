"""The monthly dialogue as plain text: the worker's numbers, the caseload by readiness with what
must happen, and the notes. An internal paper between leader and worker: names, never CPR."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from sqlmodel import Session

from stvdesk import settings
from stvdesk.clock import local_date
from stvdesk.db.audit import log_citizens_out
from stvdesk.db.queries.dialogue import DialogueView
from stvdesk.domain.calendar import MONTHS, format_date
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.targets import forecast, format_amount
from stvdesk.domain.text import clean_text


def dialogue_text(view: DialogueView, today: date) -> str:
    w = view.worker
    heading = f"Månedsdialog {MONTHS[view.month.month - 1]} {view.month.year} – {w.name} ({w.initials})"
    out = [heading, "=" * len(heading), "", "Tal:"]
    for line in view.board.lines:
        f = forecast(line.metric, line.actual, line.target, view.month, today)
        target = "" if line.target is None else f" af {format_amount(line.metric, line.target)}"
        out.append(f"- {view.board.label(line.metric)}: {format_amount(line.metric, line.actual)}{target} – {f.text}")
    for readiness, citizens in view.groups:
        out += ["", f"{readiness.label} ({len(citizens)}):"]
        for c in citizens:
            out.append(f"- {c.name} ({c.phase}): " + ("; ".join(c.todo) if c.todo else "intet mangler"))
    out += ["", "Noter:"]
    out += [
        f"- {format_date(local_date(note.created_at))} ({initials}): {note.text}" for note, initials in view.notes
    ] or ["- (ingen)"]
    return clean_text("\n".join(out), multiline=True) + "\n"  # no control character out, whatever is stored


def write_dialogue(
    session: Session, view: DialogueView, *, worker_id: uuid.UUID, today: date, folder: Path | None = None
) -> tuple[Path, str]:
    """The monthly dialogue to a text file in the export folder, each citizen on it logged as
    exported by `worker_id` (the one at the desk); returns (path, text)."""
    text = dialogue_text(view, today)
    path = (folder or settings.export_dir()) / f"maanedsdialog-{view.month:%Y-%m}-{view.worker.initials}.txt"
    path.write_text(text, encoding="utf-8")
    log_citizens_out(
        session,
        worker_id=worker_id,
        action=AuditAction.EXPORT,
        citizen_ids=[c.citizen_id for _readiness, citizens in view.groups for c in citizens],
        criterion=f"Månedsdialog {view.month:%m-%Y} ({view.worker.initials})",
    )
    return path, text
