"""Modal: mark a follow-up held today, with an optional note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class HoldFollowUpModal(ModalScreen[str | None]):
    """Returns the note (possibly empty) on Enter, None on Escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Fortryd", id="hold.cancel"),
    ]

    def __init__(self, description: str, held_on_text: str) -> None:
        super().__init__()
        self.description = description
        self.held_on_text = held_on_text

    def compose(self) -> ComposeResult:
        with Vertical(id="hold-dialog", classes="dialog"):
            yield Static("[b]Markér opfølgning som afholdt[/b]", classes="dialog-title")
            yield Static(self.description)
            yield Static(f"Afholdt: {self.held_on_text}")
            yield Label("Notat (valgfrit):")
            yield Input(placeholder="Kort notat om samtalen", id="hold-note")
            yield Static("[dim]Enter gemmer · Escape fortryder[/dim]")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
