"""The monthly dialogue as plain text: the worker's numbers, the caseload by readiness with what
must happen, and the notes. An internal paper between leader and worker: names, never CPR."""

from __future__ import annotations

from datetime import date

from stvdesk.db.queries.dialogue import DialogueView
from stvdesk.domain.calendar import format_date
from stvdesk.domain.targets import forecast

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def dialogue_text(view: DialogueView, today: date) -> str:
    w = view.worker
    heading = f"Månedsdialog {MONTHS[view.month.month - 1]} {view.month.year} – {w.name} ({w.initials})"
    out = [heading, "=" * len(heading), "", "Tal:"]
    for line in view.board.lines:
        f = forecast(line.metric, line.actual, line.target, view.month, today)
        target = "" if line.target is None else f" af {line.target:g}"
        out.append(f"- {line.metric.label}: {line.actual:g}{target} – {f.text}")
    for readiness, citizens in view.groups:
        out += ["", f"{readiness.label} ({len(citizens)}):"]
        for c in citizens:
            out.append(f"- {c.name} ({c.phase}): " + ("; ".join(c.todo) if c.todo else "intet mangler"))
    out += ["", "Noter:"]
    out += [f"- {format_date(note.created_at.date())} ({initials}): {note.text}" for note, initials in view.notes] or [
        "- (ingen)"
    ]
    return "\n".join(out) + "\n"
