"""Modal: mark a follow-up held today, with the form of contact and an optional note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from stvdesk.domain.enums import ContactForm, FollowUpKind
from stvdesk.widgets.privacy import private_text

DEFAULT_FORM = {
    FollowUpKind.PHONE: ContactForm.PHONE,
    FollowUpKind.AFTERCARE: ContactForm.PHONE,
    FollowUpKind.COMPANY_VISIT: ContactForm.COMPANY_VISIT,
    FollowUpKind.PLACEMENT_FOLLOW_UP: ContactForm.COMPANY_VISIT,
}


class HoldFollowUpModal(ModalScreen[tuple[str, ContactForm] | None]):
    """Returns (note, form) on Enter, None on Escape. Tab reaches the form of contact."""

    BINDINGS = [
        Binding("escape", "cancel", "Fortryd", id="hold_follow_up.cancel"),
        Binding("ctrl+s", "save", "Gem", priority=True, id="hold_follow_up.save"),
    ]

    def __init__(self, description: str, held_on_text: str, kind: FollowUpKind | None = None) -> None:
        super().__init__()
        self.description = description
        self.held_on_text = held_on_text
        self.default_form = DEFAULT_FORM.get(kind, ContactForm.IN_PERSON) if kind else ContactForm.IN_PERSON

    def compose(self) -> ComposeResult:
        with Vertical(id="hold-dialog", classes="dialog"):
            yield Static("[b]Markér opfølgning som afholdt[/b]", classes="dialog-title")
            yield Static(private_text(self, self.description), id="hold-description", markup=False)
            yield Static(f"Afholdt: {self.held_on_text}")
            yield Label("Notat (valgfrit):")
            yield Input(placeholder="Kort notat om samtalen", id="hold-note")
            yield Label("Form:")
            yield Select(
                [(form.label, form) for form in ContactForm],
                value=self.default_form,
                allow_blank=False,
                compact=True,
                id="hold-form",
            )
            yield Static("[dim]Enter (i notatet) eller ctrl+s gemmer · Tab til formen · Escape fortryder[/dim]")

    def privacy_changed(self) -> None:
        """F4 over the dialog: the citizen named in its line is hidden too (the names the screens
        under it hold, `widgets.privacy.names_on_screen`)."""
        self.query_one("#hold-description", Static).update(private_text(self, self.description))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        form = self.query_one("#hold-form", Select).value
        note = self.query_one("#hold-note", Input).value
        self.dismiss((note, form if isinstance(form, ContactForm) else self.default_form))

    def action_cancel(self) -> None:
        self.dismiss(None)
