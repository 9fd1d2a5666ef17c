"""Historik: who changed what in the file, and when (the CHANGE lines of the access log)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult

from stvdesk.clock import format_stamp
from stvdesk.screens.citizen_file.common import FileTab
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.hint import FittedLine

if TYPE_CHECKING:
    from stvdesk.db.queries.citizen_file import CitizenFile


class HistoryTab(FileTab):
    TAB = "historik"

    def compose(self) -> ComposeResult:
        yield FittedLine(id="historik-hint", classes="tab-hint")
        yield FastTable(id="historik-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, f: CitizenFile) -> None:
        table = self._table("historik", ["Tidspunkt", "Hvem", "Ændring"], "Hvem ændrede hvad og hvornår")
        for line in f.history:
            table.add_row(format_stamp(line.at), line.worker, self.free(line.text))
        if not f.history:
            table.add_row("", "", Text("Ingen ændringer registreret i stvdesk endnu", style="dim"))
        self._restore(table)
