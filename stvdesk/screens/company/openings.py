"""Tab 5 "Jobåbninger": the jobs spotted at the company, also those of few hours; `j` adds
one, `o` marks the selected one filled or closed."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from stvdesk.db.queries.companies import CompanyView, set_opening_status
from stvdesk.db.queries.edits import Editor
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import OpeningStatus
from stvdesk.domain.numbers import format_hours
from stvdesk.screens.company.forms import opening_form
from stvdesk.screens.company.tab import CompanyTab
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.modals import ChoiceModal


class OpeningsTab(CompanyTab):
    TAB_ID = "c-job"
    LABEL = "Jobåbninger"
    HINT = "j ny jobåbning · o markér valgt besat eller lukket · 6 viser borgere, der passer"
    NEW = Binding("j", "new_opening", "Ny jobåbning", id="company.opening")
    STATUS = Binding("o", "opening_status", "Jobåbning besat/lukket", show=False, id="company.opening_status")
    KEYS = [NEW, STATUS]
    KEY_HELP = {"company.opening": "Også få timer", "company.opening_status": "Den valgte på fanen Jobåbninger"}

    def compose(self) -> ComposeResult:
        yield Static("", id="c-job-hint", classes="tab-hint")
        yield FastTable(id="c-job-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, view: CompanyView) -> None:
        table = self.table(["Job", "Timer", "Set", "Status", "Beskrivelse"])
        for opening in view.openings:
            style = "" if opening.status is OpeningStatus.OPEN else "dim"
            table.add_row(
                Text(opening.title, style=style),
                format_hours(opening.hours_per_week),
                format_date(opening.spotted_on),
                Text(opening.status.label, style=style),
                opening.description,
                key=f"opening:{opening.id}",
            )
        if not view.openings:
            table.add_row(Text("Ingen jobåbninger – j tilføjer en", style="dim"), "", "", "", "", key="empty")
        self._restore(table)

    def new_opening(self) -> None:
        opening_form(self, self.company_id, self.reload_company)

    def opening_status(self) -> None:
        chosen = self.selected_key() if self.is_active else None
        if chosen is None or chosen[0] != "opening":
            self.notify("Vælg en jobåbning på fanen Jobåbninger (5).", severity="warning")
            return
        opening_id = uuid.UUID(chosen[1])
        editor = Editor(self.desk.me.id, self.desk.clock.today())

        def saved(_result: None) -> None:
            self.reload_company()

        def picked(status: OpeningStatus | None) -> None:
            if status is not None:
                self.save(lambda s: set_opening_status(s, editor, opening_id, status), saved)

        self.app.push_screen(ChoiceModal("Jobåbningens status", [(s.label, s) for s in OpeningStatus]), picked)
