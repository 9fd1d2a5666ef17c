"""Tab 3 "Opfølgninger og aftaler": the planned follow-ups with the company and the citizens
placed here, and the open agreements from their meetings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from stvdesk.db.queries.companies import CompanyView
from stvdesk.domain.calendar import format_date
from stvdesk.screens.company.tab import CompanyTab
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.privacy import private_text


class FollowUpsTab(CompanyTab):
    TAB_ID = "c-opfoelgning"
    LABEL = "Opfølgninger og aftaler"
    HINT = "Planlagte opfølgninger med virksomheden og borgerne i forløb her"

    def compose(self) -> ComposeResult:
        yield Static("", id="c-opfoelgning-hint", classes="tab-hint")
        yield FastTable(id="c-opfoelgning-table", cursor_type="row", zebra_stripes=True)
        yield Static("[b]Åbne aftaler[/b]", id="c-aftaler-title")
        yield FastTable(id="c-aftaler-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, view: CompanyView) -> None:
        today = self.desk.clock.today()
        table = self.table(["Dato", "Art", "Borger", "Hvem", "Note"])
        for follow_up, citizen, initials in view.follow_ups:
            late = follow_up.due_on < today
            table.add_row(
                Text(format_date(follow_up.due_on), style="red" if late else ""),
                follow_up.kind.label,
                self.shown_name(citizen) if citizen else "(virksomheden)",
                initials,
                private_text(self, follow_up.note, [citizen] if citizen else []),
                key=f"follow_up:{follow_up.id}",
            )
        if not view.follow_ups:
            table.add_row(
                Text("Ingen planlagte – l logger en kontakt med næste skridt", style="yellow"),
                "",
                "",
                "",
                "",
                key="empty",
            )
        self._restore(table)
        agreements = self.query_one("#c-aftaler-table", DataTable)
        agreements.clear(columns=True)
        agreements.add_columns("Aftale", "Ansvarlig", "Frist", "Borger")
        for line in view.agreements:
            a = line.agreement
            late = a.deadline is not None and a.deadline < today
            agreements.add_row(
                Text(
                    private_text(self, a.text, [line.citizen_name] if line.citizen_name else []),
                    style="red" if late else "",
                ),
                a.owner.label,
                Text(format_date(a.deadline), style="red" if late else ""),
                self.shown_name(line.citizen_name) if line.citizen_name else "(virksomheden)",
            )
        if not view.agreements:
            agreements.add_row(Text("Ingen åbne aftaler", style="dim"), "", "", "")
