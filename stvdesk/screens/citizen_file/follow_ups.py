"""Opfølgninger: the citizen's follow-ups, planned and held; h marks the chosen one held."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import FollowUpStatus
from stvdesk.screens.citizen_file.common import FileTab
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.hint import FittedLine

if TYPE_CHECKING:
    from stvdesk.db.queries.citizen_file import CitizenFile


class FollowUpsTab(FileTab):
    TAB = "opfoelgning"
    KEYS = (Binding("h", "hold", "Afholdt", show=False, id="file.hold"),)

    def compose(self) -> ComposeResult:
        yield FittedLine(id="opfoelgning-hint", classes="tab-hint")
        yield FastTable(id="opfoelgning-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, f: CitizenFile) -> None:
        today = self.today()
        table = self._table(
            "opfoelgning", ["Dato", "Art", "Hvem", "Status", "Notat"], "h markér valgt planlagt opfølgning afholdt"
        )
        for follow_up, initials in f.follow_ups:
            late = follow_up.status is FollowUpStatus.PLANNED and follow_up.due_on < today
            day = follow_up.held_on or follow_up.due_on
            table.add_row(
                Text(format_date(day), style="red" if late else ""),
                follow_up.kind.label,
                initials,
                Text(follow_up.status.label, style="red" if late else ""),
                follow_up.note or follow_up.reason,
                key=f"follow_up:{follow_up.id}",
            )
        if not f.follow_ups:
            table.add_row(Text("Ingen opfølgninger", style="yellow"), "", "", "", "", key="empty")
        self._restore(table)

    def action_hold(self) -> None:
        """The desk's one dialog for a held follow-up (DeskScreen.hold_follow_up); the screen reads
        the file again once it is stored."""
        chosen = self.selected() if self.is_shown else None
        follow_up = None
        if chosen and chosen[0] == "follow_up":
            follow_up = next((f for f, _ in self.loaded.follow_ups if f.id == chosen[1]), None)
        if follow_up is None or follow_up.status is not FollowUpStatus.PLANNED:
            self.notify("Vælg en planlagt opfølgning på fanen Opfølgninger.", severity="warning")
            return
        self.file_screen.hold_follow_up(
            follow_up.id, f"{follow_up.kind.label} · planlagt {format_date(follow_up.due_on)}", follow_up.kind
        )
