"""The desk's header line: who is at the desk, the role, the date and the ISO week; on a syncing
laptop also the last sync, the changes waiting and the conflicts to choose in."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.calendar import WEEKDAYS, format_date, week_label


def header_text(worker: WorkerInfo | None, today: date, demo: bool, privacy: bool = False, sync: str = "") -> str:
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
    if sync:
        parts.append(sync)
    return "  ·  ".join(parts)


def sync_text(last_ok: str | None, waiting: int, conflicts: int) -> str:
    """A syncing laptop's state for the header: when it last synced (shown time), how many of
    its changes wait to go, how many conflicts wait for a choice."""
    parts = [f"Synk. {last_ok}" if last_ok else "[b]Ikke synkroniseret[/b]"]
    if waiting:
        parts.append(f"{waiting} venter")
    if conflicts:
        parts.append(f"[b reverse] {conflicts} konflikt{'er' if conflicts != 1 else ''} (F12) [/]")
    return " ".join(parts[:1]) + "".join(f", {p}" for p in parts[1:])


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
