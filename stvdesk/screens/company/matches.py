"""Tab 6 "Match": the team's citizens (ready or close) whose goals fit the company, each with
why; the match explains, the consultant decides. Found the first time the tab is shown."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from stvdesk.db.queries.companies import CompanyView
from stvdesk.db.queries.matching import CitizenMatch, citizens_for_company
from stvdesk.screens.company.tab import CompanyTab
from stvdesk.widgets.fast_table import FastTable


class MatchTab(CompanyTab):
    TAB_ID = "c-match"
    LABEL = "Match"
    HINT = (
        "Teamets borgere (klar eller tæt på), hvis mål passer – matchet forklarer, du beslutter · Enter åbner borgeren"
    )

    KEY_HELP = {"company.tab.c-match": "Teamets borgere, hvis mål passer"}

    def __init__(self, number: int, company_id: uuid.UUID, reload: Callable[[], object]) -> None:
        super().__init__(number, company_id, reload)
        self.matches: list[CitizenMatch] | None = None  # None: not looked for yet

    def compose(self) -> ComposeResult:
        yield Static("", id="c-match-hint", classes="tab-hint")
        yield FastTable(id="c-match-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="c-match-why")

    def find_once(self) -> None:
        """Look for matching citizens the first time the tab is shown (the search is slow)."""
        if self.matches is None:
            worker_id = self.desk.me.id
            company_id = self.company_id
            self.load(lambda s: citizens_for_company(s, company_id, worker_id), self._found, group="company-match")

    def _found(self, matches: list[CitizenMatch]) -> None:
        self.matches = matches
        self.render_matches()

    def render_tab(self, view: CompanyView) -> None:
        self.render_matches()

    def render_matches(self) -> None:
        table = self.table(["Borger", "Parathed", "Point", "Hvorfor"])
        if self.matches is None:
            table.add_row("", "", "", Text("Finder borgere …", style="dim"), key="empty")
            return
        for m in self.matches:
            table.add_row(
                self.shown_name(m.name),
                m.readiness.label,
                str(m.match.score),
                "; ".join(m.match.reasons),
                key=f"citizen:{m.citizen_id}",
            )
        if not self.matches:
            table.add_row(
                "",
                "",
                "",
                Text("Ingen af teamets borgere har mål, der passer til branchen", style="yellow"),
                key="empty",
            )
        self._restore(table)

    @on(DataTable.RowHighlighted, "#c-match-table")
    def _why(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value or ""
        match = next((m for m in self.matches or [] if f"citizen:{m.citizen_id}" == key), None)
        self.query_one("#c-match-why", Static).update(
            ""
            if match is None
            else f"[b]{escape(self.shown_name(match.name))}[/b] ({match.match.score} point)\n"
            + "\n".join(f"• {escape(reason)}" for reason in match.match.reasons)
        )

    @on(DataTable.RowSelected, "#c-match-table")
    def _open_citizen(self, event: DataTable.RowSelected) -> None:
        key = (event.row_key.value or "").split(":")
        if key[0] == "citizen":
            self.stv_app.open_citizen(uuid.UUID(key[1]))
