"""The desk's header line: who is at the desk, the role, the date and the ISO week."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.calendar import format_date, week_label, WEEKDAYS


def header_text(worker: WorkerInfo | None, today: date, demo: bool, privacy: bool = False) -> str:
    parts = ["[b]stvdesk[/b]"]
    if demo:
        parts.append("[reverse] DEMO [/reverse]")
    if privacy:
        parts.append("[b reverse yellow] PRIVATLIV: navne og CPR skjult [/]")
    if worker:
        parts.append(f"{worker.name} ({worker.initials})")
        parts.append(worker.role.label)
    parts.append(f"{WEEKDAYS[today.weekday()]} {format_date(today)}")
    parts.append(week_label(today))
    return "  ·  ".join(parts)


class DeskHeader(Static):
    DEFAULT_CSS = """
    DeskHeader {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """
