"""Tab 2 "Forløb": the citizens placed here now and before, with hours, progression trend,
flags and goals; Enter opens the citizen, `p` writes the month's progression."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from stvdesk.db.queries.companies import CompanyView
from stvdesk.domain.calendar import format_date
from stvdesk.domain.numbers import format_hours
from stvdesk.domain.progression import sparkline, trend_word
from stvdesk.screens.company.forms import progress_form
from stvdesk.screens.company.tab import CompanyTab
from stvdesk.widgets.fast_table import FastTable


class PlacementsTab(CompanyTab):
    TAB_ID = "c-forloeb"
    LABEL = "Forløb"
    HINT = "Enter åbner borgeren · p skriver månedens progression for det valgte forløb"
    KEYS = [Binding("p", "progress", "Progression", id="company.progress")]
    KEY_HELP = {"company.progress": "Månedens progression for det valgte forløb på fanen Forløb"}

    def compose(self) -> ComposeResult:
        yield Static("", id="c-forloeb-hint", classes="tab-hint")
        yield FastTable(id="c-forloeb-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, view: CompanyView) -> None:
        progress = self.data.progress if self.data is not None else {}
        table = self.table(["Borger", "Art", "Start", "Timer (ord.)", "Progression", "Flag", "Jobmål"])
        for item in view.current + view.past:
            p = item.placement
            ended = p.ended_on is not None
            means = [m.mean for m in progress.get(p.id, [])]
            trend = f"{sparkline(means)} {trend_word(means)}" if means else "–"
            style = "dim" if ended else ""
            table.add_row(
                Text(self.shown_name(item.citizen_name), style=style),
                Text(p.kind.label + (f" (slut {format_date(p.ended_on)})" if ended else ""), style=style),
                format_date(p.start_on),
                f"{format_hours(p.hours_per_week)} ({format_hours(p.ordinary_hours_per_week)})",
                trend,
                Text("; ".join(item.flags), style="yellow"),
                "; ".join(item.goals[:2]) or "–",
                key=f"placement:{p.id}:{item.citizen_id}",
            )
        if not view.current and not view.past:
            table.add_row(
                Text("Ingen borgere har været i forløb her", style="dim"), "", "", "", "", "", "", key="empty"
            )
        self._restore(table)

    @on(DataTable.RowSelected, "#c-forloeb-table")
    def _open_citizen(self, event: DataTable.RowSelected) -> None:
        key = (event.row_key.value or "").split(":")
        if key[0] == "placement":
            self.stv_app.open_citizen(uuid.UUID(key[2]), tab="forloeb")

    def progress(self) -> None:
        chosen = self.selected_key() if self.is_active else None
        if chosen is None or chosen[0] != "placement" or self.data is None:
            self.notify("Vælg et forløb på fanen Forløb (2).", severity="warning")
            return
        view = self.data.view
        item = next(p for p in view.current + view.past if str(p.placement.id) == chosen[1])
        who = f"{self.shown_name(item.citizen_name)} hos {view.company.name}"
        progress_form(self, item.placement.id, who, self.reload_company)
