""" "Virksomheder": the company register with search and filters, the caseload's keys.

The screen opens in its search of name or CVR, as the Sagsstamme does (`base.SearchedList`):
Enter or ↓ go to the list, Escape empties the search and goes there; on the list `s` starts a
fresh search and a key no command takes starts one with it. `/` is the desk's citizen finder
here as everywhere (this is no citizen search). On the list: `v` my companies → the team's →
all; `b` one industry at a time; `g` only old agreements to renegotiate; `f` only flagged
companies; `x` clears; `n` new company; Enter opens the company.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from stvdesk.db.queries.companies import REGISTER_LIMIT, CompanyFilter, CompanyRow, company_rows, industries
from stvdesk.domain.numbers import format_number
from stvdesk.screens.base import SearchedList, cycle_filter
from stvdesk.screens.company.forms import company_form
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.keys import SearchField

SCOPES = ("mine", "team", "all")
SCOPE_LABEL = {"mine": "Mine virksomheder", "team": "Teamets virksomheder", "all": "Alle virksomheder"}


def flag_text(row: CompanyRow) -> Text:
    parts = []
    if row.zero_ordinary:
        parts.append(f"{row.zero_ordinary} uden ord. timer")
    if row.silent:
        parts.append("ingen kontakt")
    if row.renegotiate:
        parts.append("genforhandl")
    return Text(", ".join(parts), style="yellow" if parts else "")


class CompaniesScreen(DataPath, SearchedList):
    TITLE_DA = "Virksomheder"
    SEARCH = "company-search"
    LIST = "company-table"
    LOAD_GROUP = "companies"
    LIST_ENTER = "open_company"

    BINDINGS = [
        Binding("enter", "open_company", "Åbn", id="companies.open", priority=True),
        Binding("enter", "to_list", "Til listen", id="companies.to_list", priority=True),
        # Not `/`: that finds a citizen from every screen, and this search finds companies.
        Binding("s", "focus_search", "Søg", id="companies.search"),
        Binding("v", "next_scope", "Mine/teamets/alle", id="companies.scope"),
        Binding("b", "next_industry", "Branche", id="companies.industry"),
        Binding("g", "toggle_renegotiate", "Genforhandl", id="companies.renegotiate"),
        Binding("f", "toggle_flagged", "Flag", id="companies.flagged"),
        Binding("x", "clear", "Ryd", id="companies.clear"),
        Binding("n", "new_company", "Ny virksomhed", id="companies.new"),
    ]
    KEY_HELP = {
        "companies.search": "En ny søgning på navn eller CVR",
        "companies.to_list": "Fra søgefeltet til listen; der åbner Enter den valgte virksomhed",
        "companies.new": "Navn, CVR, branche …",
    }

    def __init__(self) -> None:
        super().__init__()
        self.scope = "mine"
        self.filter = CompanyFilter()
        self.rows: list[CompanyRow] = []
        self.generation = 0
        self.industry_list: list[str] | None = None

    def compose_body(self) -> ComposeResult:
        yield SearchField(
            placeholder="Søg på navn eller CVR · Enter/↓ til listen, hvor Enter åbner · Esc rydder",
            id="company-search",
            compact=True,
        )
        yield Static("", id="company-status")
        # The name takes the spare width and gives way last; the flags are said in whole words.
        table = FastTable(id="company-table", cursor_type="row", zebra_stripes=True)
        table.add_fitted(
            Col("Navn", min=20, priority=9),
            Col("CVR", min=8, priority=3),
            Col("Branche", min=10, priority=4),
            Col("By", min=8, priority=2),
            Col("VK", min=3, priority=5),
            Col("I forløb", min=8, priority=6),
            Col("Kontakt", min=7, priority=7),
            Col("Flag", min=14, priority=8),
        )
        yield table

    def on_mount(self) -> None:
        if self.desk.me.role.value != "VK":
            self.scope = "team"
        self.reload()

    def on_screen_resume(self) -> None:
        if self.rows or self.generation:
            self.reload()

    def current_filter(self) -> CompanyFilter:
        worker = self.desk.me
        return replace(
            self.filter,
            owner_id=worker.id if self.scope == "mine" else None,
            team_id=worker.team_id if self.scope == "team" else None,
        )

    def reload(self) -> None:
        """Ask again; an answer to an older question is dropped (the generation number)."""
        self.generation += 1
        generation, f = self.generation, self.current_filter()
        today, flags = self.desk.clock.today(), self.desk.settings.flags
        self.load(
            lambda s: company_rows(s, f, today, flags), lambda found: self.show(generation, *found), group="companies"
        )

    def show(self, generation: int, rows: list[CompanyRow], total: int) -> None:
        if generation != self.generation:
            return
        self.rows = rows
        today = self.desk.clock.today()
        table = self.query_one("#company-table", DataTable)
        table.clear()
        for row in rows:
            contact = f"{(today - row.last_contact).days} d" if row.last_contact else "aldrig"
            table.add_row(
                row.name,
                row.cvr,
                row.industry,
                row.city,
                row.owner_initials,
                str(row.active_placements) if row.active_placements else "–",
                Text(contact, style="yellow" if row.silent else ""),
                flag_text(row),
                key=str(row.id),
            )
        f = self.filter
        parts = [SCOPE_LABEL[self.scope]]
        if f.search:
            parts.append(f"søgning »{f.search}«")
        if f.industry:
            parts.append(f"branche: {f.industry}")
        if f.renegotiate:
            parts.append("kun gamle aftaler")
        if f.flagged:
            parts.append("kun med flag")
        shown = f"{format_number(len(rows))} af {format_number(total)}" if total > len(rows) else format_number(total)
        more = (
            f" – søg for at finde de øvrige (højst {format_number(REGISTER_LIMIT)} vises)" if total > len(rows) else ""
        )
        self.query_one("#company-status", Static).update(
            f"[b]{' · '.join(parts)}[/b]: {shown} {'virksomhed' if total == 1 else 'virksomheder'}{more}   "
            "[dim]v visning · b branche · g genforhandl · f flag · x ryd · n ny[/dim]"
        )

    # --- search and filters -------------------------------------------------------------

    def searched_text(self) -> str:
        return self.filter.search

    @on(Input.Changed, "#company-search")
    def _search(self, event: Input.Changed) -> None:
        self.filter = replace(self.filter, search=event.value)
        self.reload()

    def action_next_scope(self) -> None:
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        self.reload()

    def action_next_industry(self) -> None:
        if self.industry_list is None:
            self.load(industries, self._industries_known, group="companies-industries")
            return
        self.filter = replace(self.filter, industry=cycle_filter(self.industry_list, self.filter.industry))
        self.reload()

    def _industries_known(self, known: list[str]) -> None:
        self.industry_list = known
        self.action_next_industry()

    def action_toggle_renegotiate(self) -> None:
        self.filter = replace(self.filter, renegotiate=not self.filter.renegotiate)
        self.reload()

    def action_toggle_flagged(self) -> None:
        self.filter = replace(self.filter, flagged=not self.filter.flagged)
        self.reload()

    def action_clear(self) -> None:
        self.filter = CompanyFilter()
        search = self.query_one("#company-search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self.reload()

    # --- open and create ---------------------------------------------------------------------

    def selected(self) -> uuid.UUID | None:
        table = self.query_one("#company-table", DataTable)
        if not table.row_count:
            return None
        return uuid.UUID(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_open_company(self) -> None:
        company_id = self.selected()
        if company_id is not None:
            self.stv_app.open_company(company_id)

    def action_new_company(self) -> None:
        company_form(self, self.reload)

    @on(DataTable.RowSelected, "#company-table")
    def _clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_company()
