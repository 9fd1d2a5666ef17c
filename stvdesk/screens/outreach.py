"""Styring's "Virksomhedskontakt" (`k`): the consultants' outreach to companies in the month
shown (000, 4.3 production steering; 4.5–4.6: new companies, contact with a named citizen in
mind, ordinary hours asked for), one row per consultant, from the contact log
(db/queries/outreach.py)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stvdesk.db.queries.outreach import OutreachRow, outreach_month
from stvdesk.domain.calendar import MONTHS
from stvdesk.widgets.data_path import load_on
from stvdesk.widgets.fast_table import Col, FastTable

if TYPE_CHECKING:
    from textual.dom import DOMNode

#: Each count's heading, its short form (a narrow terminal: a header is abbreviated, never cut)
#: and its key.
HEADINGS = (
    ("Nye virksomheder", "Nye virk.", "new"),
    ("For en navngiven borger", "For borger", "named"),
    ("Spurgt til ordinære timer", "Ord. timer", "asked"),
    ("Kontakter i alt", "I alt", "contacts"),
)


class OutreachModal(ModalScreen[None]):
    """The team's consultants' outreach in one month; Escape closes."""

    DEFAULT_CSS = """
    OutreachModal { align: center middle; }
    """
    BINDINGS = [Binding("escape", "close", "Luk", id="outreach.close")]

    def __init__(self, month: date, rows: list[OutreachRow], highlight: uuid.UUID | None = None) -> None:
        super().__init__()
        self.month, self.rows, self.highlight = month, rows, highlight

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"[b]Virksomhedskontakt – {MONTHS[self.month.month - 1]} {self.month.year}[/b]",
                classes="dialog-title",
            )
            table = FastTable(id="outreach-table", cursor_type="row", zebra_stripes=True)
            table.styles.height = len(self.rows) + 2
            table.add_fitted(
                Col("Konsulent", key="who", min=12, priority=5),
                *(Col(label, key=key, priority=4 - n, short=short) for n, (label, short, key) in enumerate(HEADINGS)),
            )
            for row in self.rows:
                table.add_row(
                    f"{row.name} ({row.initials})",
                    str(row.new_companies),
                    str(row.for_citizen),
                    str(row.hours_asked),
                    str(row.contacts),
                    key=str(row.worker_id),
                )
            if not self.rows:
                table.add_row("Ingen konsulenter i teamet", "", "", "", "")
            yield table
            yield Static(
                "[dim]Fra kontaktloggen: nye virksomheder er kontaktet første gang i måneden; "
                "en kontakt tæller for en borger, når den nævner en. Escape lukker.[/dim]",
                id="outreach-note",
            )

    def on_mount(self) -> None:
        table = self.query_one("#outreach-table", FastTable)
        keys = [str(row.worker_id) for row in self.rows]
        if self.highlight is not None and str(self.highlight) in keys:
            table.move_cursor(row=keys.index(str(self.highlight)))

    def action_close(self) -> None:
        self.dismiss(None)


def open_outreach(owner: DOMNode, team_id: uuid.UUID | None, month: date, highlight: uuid.UUID | None) -> None:
    """Read the month's outreach in a worker of `owner` (a screen), then show it."""

    def show(rows: list[OutreachRow]) -> None:
        owner.app.push_screen(OutreachModal(month, rows, highlight))

    load_on(owner, lambda session: outreach_month(session, team_id, month), show, group="outreach")
