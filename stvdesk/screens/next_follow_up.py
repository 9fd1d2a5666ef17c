"""Modal: the next follow-up the cadence rules propose. Enter accepts; type another date first
to move it; Escape plans none."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from stvdesk.domain.cadence import Proposal
from stvdesk.domain.calendar import format_date, format_long
from stvdesk.domain.parse import ParseError, parse_due_date


class NextFollowUpModal(ModalScreen[date | None]):
    DEFAULT_CSS = "NextFollowUpModal { align: center middle; }"
    BINDINGS = [Binding("escape", "none", "Ingen ny", id="next_follow_up.none")]

    def __init__(self, proposal: Proposal, today: date) -> None:
        super().__init__()
        self.proposal = proposal
        self.today = today

    def compose(self) -> ComposeResult:
        p = self.proposal
        with Vertical(classes="dialog"):
            yield Static("[b]Næste opfølgning[/b]", classes="dialog-title")
            yield Static(f"Foreslået efter reglerne: {p.kind.label}, {format_long(p.due)}\n[dim]{p.rule}[/dim]")
            yield Label("Dato:")
            yield Input(format_date(p.due), id="next-due", compact=True)
            yield Static("", id="next-error", classes="field-error")
            yield Static("[dim]Enter opretter · skriv en anden dato for at flytte · Escape: ingen ny[/dim]")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_due_date(event.value, self.today))
        except ParseError as exc:
            self.query_one("#next-error", Static).update(str(exc))

    def action_none(self) -> None:
        self.dismiss(None)
