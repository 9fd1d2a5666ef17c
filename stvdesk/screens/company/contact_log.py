"""Tab 4 "Kontaktlog": every contact with the company, newest first; `l` logs a new one (a
next step with a date becomes a follow-up)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from stvdesk.db.queries.companies import CompanyView
from stvdesk.domain.calendar import format_date
from stvdesk.screens.company.forms import log_form
from stvdesk.screens.company.tab import CompanyTab
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.hint import FittedLine
from stvdesk.widgets.privacy import private_text

#: A name up to this width is shown whole (as in the Sagsstamme); a longer one is cut only when the
#: table has no room left.
NAME_WIDTH = 22
#: The names (the contact person, the citizen) keep their whole width first: at 80 columns
#: "ordinary hours asked", the worker's initials and then the channel give way, and the outcome and
#: next step, free text, are cut before a name is.
COLUMNS = [
    Col("Dato", min=10, priority=7),
    Col("Hvordan", min=7, priority=4),
    Col("Hvem", min=4, priority=3),
    Col("Med", min=NAME_WIDTH, priority=8),
    Col("For borger", min=NAME_WIDTH, priority=9, short="Borger"),
    Col("Ord. timer", min=6, priority=1, short="Ord. t."),
    Col("Resultat", min=12, priority=6),
    Col("Næste skridt", min=12, priority=5, short="Næste"),
]


class ContactLogTab(CompanyTab):
    TAB_ID = "c-log"
    LABEL = "Kontaktlog"
    HINT = (
        "l logger en ny kontakt (for en borger, spurgt til ordinære timer; et næste skridt med dato bliver en opfølgning)",
        "l logger en ny kontakt; et næste skridt med dato bliver en opfølgning",
    )
    KEYS = [Binding("l", "log_contact", "Log kontakt", id="company.log")]
    KEY_HELP = {"company.log": "Opkald, besøg eller mail, evt. for en borger og med spørgsmål om ordinære timer"}

    def compose(self) -> ComposeResult:
        yield FittedLine(id="c-log-hint", classes="tab-hint")
        yield FastTable(id="c-log-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, view: CompanyView) -> None:
        table = self.table(COLUMNS)
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
