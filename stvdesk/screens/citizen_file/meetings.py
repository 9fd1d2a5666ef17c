"""Møder: the citizen's meetings (Enter opens or resumes one) and the agreements made at them."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from stvdesk.db.queries.meetings import mark_agreement_kept
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import MeetingStatus
from stvdesk.screens.citizen_file.common import FileTab
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.hint import FittedLine

if TYPE_CHECKING:
    from stvdesk.db.queries.citizen_file import CitizenFile


COLUMNS = [
    Col("Dato", min=10, priority=4),
    Col("Møde", min=16, priority=3),
    Col("Status", min=8, priority=2),
    Col("Resumé", min=10, priority=1),
]
AGREEMENT_COLUMNS = [
    Col("Aftale", min=16, priority=4),
    Col("Ansvarlig", min=9, priority=2),
    Col("Frist", min=10, priority=5),
    Col("Status", min=16, priority=3),  # "holdt 20-10-2026" whole
    Col("Fra mødet", min=10, priority=1),
]
#: The tab's keys, fullest first: the line shows the fullest that fits (80 columns: the last).
HINT = (
    "m nyt møde · Enter åbner eller genoptager det valgte møde · k markerer valgt aftale holdt",
    "m nyt møde · Enter åbner eller genoptager mødet · k markerer aftale holdt",
)


class MeetingsTab(FileTab):
    TAB = "moeder"
    KEYS = (
        Binding("m", "new_meeting", "Nyt møde", id="file.meeting"),
        Binding("k", "agreement_kept", "Aftale holdt", id="file.agreement_kept"),
    )
    TAB_ONLY = frozenset({"agreement_kept"})
    KEY_HELP = {"file.meeting": "Møde fra en dialogguide"}

    def compose(self) -> ComposeResult:
        yield FittedLine(id="moeder-hint", classes="tab-hint")
        yield FastTable(id="moeder-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="moeder-agreements-title")
        yield FastTable(id="aftaler-table", cursor_type="row", zebra_stripes=True)

    def clear(self) -> None:
        super().clear()
        self.query_one("#moeder-agreements-title", Static).update("")

    def render_tab(self, f: CitizenFile) -> None:
        today = self.today()
        table = self._table("moeder", COLUMNS, HINT)
        for meeting in f.meetings:
            style = "yellow" if meeting.status is MeetingStatus.IN_PROGRESS else ""
            table.add_row(
                format_date(meeting.held_on or meeting.planned_on),
                meeting.title or meeting.guide_id,
                Text(meeting.status.label, style=style),
                self.free(meeting.summary),
                key=f"meeting:{meeting.id}",
            )
        if not f.meetings:
            table.add_row("", Text("Ingen møder endnu – m starter et", style="dim"), "", "", key="empty")
        self._restore(table)

        agreements = self.query_one("#aftaler-table", FastTable)
        cursor = agreements.cursor_row
        agreements.clear(columns=True)
        agreements.add_fitted(*AGREEMENT_COLUMNS)
        open_count = 0
        for line in f.agreements:
            a = line.agreement
            late = a.done_on is None and a.deadline is not None and a.deadline < today
            open_count += a.done_on is None
            style = "red" if late else ("dim" if a.done_on else "")
            status = f"holdt {format_date(a.done_on)}" if a.done_on else ("over fristen" if late else "åben")
            agreements.add_row(
                Text(self.free(a.text), style=style),
                a.owner.label,
                Text(format_date(a.deadline), style=style),
                Text(status, style=style),
                line.source,
                key=f"agreement:{a.id}",
            )
        if not f.agreements:
            agreements.add_row(Text("Ingen aftaler endnu", style="dim"), "", "", "", "", key="empty")
        if agreements.row_count:
            agreements.move_cursor(row=min(cursor, agreements.row_count - 1))
        self.query_one("#moeder-agreements-title", Static).update(
            f"[b]Aftaler[/b] ({open_count} åbne af {len(f.agreements)})"
        )

    # No `new` or `done`: m (new meeting) and k (agreement kept) act on this tab already, and a key
    # bar that offers the same command under two keys says nothing more.

    def action_new_meeting(self) -> None:
        from stvdesk.screens.meeting.start import open_start_form

        open_start_form(self.file_screen, self.loaded.citizen.id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "moeder-table":
            return
        key = event.row_key.value or ""
        if key.startswith("meeting:"):
            self.file_screen.stv_app.open_meeting(uuid.UUID(key.split(":", 1)[1]))

    def action_agreement_kept(self) -> None:
        if not self.is_shown:
            self.notify("Aftaler står på fanen Møder (7).", severity="warning")
            return
        chosen = self.selected("aftaler-table")
        if chosen is None or chosen[0] != "agreement":
            self.notify("Vælg en aftale i listen over aftaler (Tab skifter liste).", severity="warning")
            return
        agreement_id, screen = chosen[1], self.file_screen

        def kept() -> None:
            self.notify("Aftalen er markeret holdt.", title="Gemt")
            screen.reload()

        def refused(message: str) -> None:
            self.notify(message, severity="warning")

        self.store(lambda s, ed: mark_agreement_kept(s, ed, agreement_id), kept, refused)
