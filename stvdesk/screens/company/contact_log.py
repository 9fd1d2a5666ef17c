"""Tab 4 "Kontaktlog": every contact with the company, newest first; `l` logs a new one (a
next step with a date becomes a follow-up)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from stvdesk.db.queries.companies import CompanyView
from stvdesk.domain.calendar import format_date
from stvdesk.screens.company.forms import log_form
from stvdesk.screens.company.tab import CompanyTab
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.privacy import private_text


class ContactLogTab(CompanyTab):
    TAB_ID = "c-log"
    LABEL = "Kontaktlog"
    HINT = "l logger en ny kontakt (for en borger, spurgt til ordinære timer; et næste skridt med dato bliver en opfølgning)"
    KEYS = [Binding("l", "log_contact", "Log kontakt", id="company.log")]
    KEY_HELP = {"company.log": "Opkald, besøg eller mail, evt. for en borger og med spørgsmål om ordinære timer"}

    def compose(self) -> ComposeResult:
        yield Static("", id="c-log-hint", classes="tab-hint")
        yield FastTable(id="c-log-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, view: CompanyView) -> None:
        table = self.table(["Dato", "Hvordan", "Hvem", "Med", "For borger", "Ord. timer", "Resultat", "Næste skridt"])
        for entry, initials, contact in view.log:
            citizen = view.log_citizens.get(entry.id, "")
            # Outcomes and next steps are free text that may name the citizen they were about.
            named = [citizen] if citizen else []
            step = private_text(self, entry.next_step, named) + (
                f" ({format_date(entry.next_step_on)})" if entry.next_step_on else ""
            )
            table.add_row(
                format_date(entry.contacted_on),
                entry.channel.label,
                initials,
                contact,
                self.shown_name(citizen) if citizen else "",
                "spurgt" if entry.ordinary_hours_asked else "",
                private_text(self, entry.outcome, named),
                step,
            )
        if not view.log:
            table.add_row("", "", "", "", "", "", Text("Ingen kontakter logget", style="yellow"), "")
        self._restore(table)

    def log_contact(self) -> None:
        if self.data is not None:
            log_form(self, self.company_id, self.data.view.contacts, self.reload_company)
