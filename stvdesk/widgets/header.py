"""The desk's header line: who is at the desk, the role, the date and the ISO week; on a syncing
laptop also the last sync, the changes waiting and the conflicts to choose in.

On a narrow terminal (80 columns) the header says the same in fewer words (`compact`): initials
without the name and role, a short date, "PRIVATLIV" alone; the privacy mark and the week are
never the ones cut."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import events
from textual.widgets import Static

from stvdesk.clock import format_instant, local_time
from stvdesk.domain.calendar import WEEKDAYS, format_date, format_day, week_label

if TYPE_CHECKING:
    from stvdesk.db.queries.workers import WorkerInfo


def header_text(
    worker: WorkerInfo | None,
    today: date,
    demo: bool,
    privacy: bool = False,
    sync: str = "",
    *,
    compact: bool = False,
) -> str:
    parts = ["[b]stvdesk[/b]"]
    if demo:
        parts.append("[reverse] DEMO [/reverse]")
    if privacy:
        parts.append(
            "[b reverse yellow] PRIVATLIV [/]" if compact else "[b reverse yellow] PRIVATLIV: navne og CPR skjult [/]"
        )
    if worker and compact:
        parts.append(escape(worker.initials))
    elif worker:
        parts.append(f"{escape(worker.name)} ({escape(worker.initials)})")  # a name is never markup
        parts.append(worker.role.label)
    if compact:
        parts.append(format_day(today))
    else:
        parts.append(f"{WEEKDAYS[today.weekday()]} {format_date(today)}")
    parts.append(week_label(today))
    if sync:
        parts.append(sync)
    return (" · " if compact else "  ·  ").join(parts)


def sync_when(last_ok: datetime, today: date) -> str:
    """When the laptop last synced, by the desk's own day (its Clock: --today too): "i dag kl.
    16:05", "i går kl. 16:05", else the date and time."""
    shown = local_time(last_ok)
    if shown.date() == today:
        return f"i dag kl. {shown:%H:%M}"
    if shown.date() == today - timedelta(days=1):
        return f"i går kl. {shown:%H:%M}"
    return format_instant(last_ok)


def sync_text(last_ok: str | None, waiting: int, conflicts: int, conflicts_key: str = "F12") -> str:
    """A syncing laptop's state for the header: when it last synced (shown time), how many of
    its changes wait to go, how many conflicts wait for a choice and the key of their inbox."""
    parts = [f"Synk. {last_ok}" if last_ok else "[b]Ikke synkroniseret[/b]"]
    if waiting:
        parts.append(f", {waiting} venter")
    if conflicts:
        # The marked words carry their own spaces: after the comma no other.
        parts.append(f",[b reverse] {conflicts} konflikt{'er' if conflicts != 1 else ''} ({escape(conflicts_key)}) [/]")
    return "".join(parts)


class DeskHeader(Static):
    """One line: the widest of its texts (full, compact) that fits the terminal, else the last."""

    DEFAULT_CSS = """
    DeskHeader {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *texts: str, id: str | None = None) -> None:
        super().__init__(texts[0] if texts else "", id=id)
        self.texts: tuple[str, ...] = texts

    def show(self, *texts: str) -> None:
        self.texts = texts
        self._fit()

    def on_resize(self, _event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        if not self.texts:
            return
        width = self.content_region.width or self.app.size.width - 2
        fitting = (text for text in self.texts if Text.from_markup(text).cell_len <= width)
        self.update(next(fitting, self.texts[-1]))
