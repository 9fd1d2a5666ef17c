"""Small reusable dialogs: pick one of a list, type a line of text, read an explanation.

Each shows its words as privacy mode (F4) lets them be shown (`widgets.privacy.private_text`):
while it is on, a CPR-like number or a name the screens below hold is hidden in a title, a
choice or an explanation, whoever wrote it; switched while the dialog is open, it redraws."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from stvdesk.widgets.data_path import danish_failure
from stvdesk.widgets.key_order import NOT_YET_ASKED, ask_when_painted, between_keys
from stvdesk.widgets.privacy import private_text

T = TypeVar("T")


class ChoiceModal(ModalScreen[Any], Generic[T]):
    """Returns the chosen value, or None on Escape."""

    DEFAULT_CSS = """
    ChoiceModal { align: center middle; }
    ChoiceModal OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="choice.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, T]], empty_text: str = "Intet at vælge.") -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.empty_text = empty_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{private_text(self, self.title_text)}[/b]", classes="dialog-title", id="choice-title")
            if self.choices:
                yield OptionList(*self._options())
            else:
                yield Static(self.empty_text)
            yield Static("[dim]Enter vælger · Escape fortryder[/dim]")

    def _options(self) -> list[Option]:
        return [Option(private_text(self, label), id=str(index)) for index, (label, _) in enumerate(self.choices)]

    def privacy_changed(self) -> None:
        self.query_one("#choice-title", Static).update(f"[b]{private_text(self, self.title_text)}[/b]")
        for options in self.query(OptionList):
            highlighted = options.highlighted
            options.clear_options()
            options.add_options(self._options())
            options.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPromptModal(ModalScreen[str | None]):
    """One line of text; Enter returns it (validated), Escape returns None.

    With `submit`, Enter first stores the text: `submit(text)` runs in a thread worker (never
    on the UI thread) and returns None when stored or a Danish message, which is shown while the
    prompt stays open with the text as typed; an exception is said in Danish the same way.
    """

    DEFAULT_CSS = "TextPromptModal { align: center middle; }"
    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        required_message: str | None = None,
        submit: Callable[[str], str | None] | None = None,
        *,
        unasked: bool = False,
        names: tuple[str, ...] = (),
    ) -> None:
        """`unasked`: the prompt comes of a check the user could not foresee (the purpose of
        opening a file outside one's caseload), so keys typed before it are not its text
        (widgets/key_order.py); a prompt the user's own key opens takes text typed ahead.
        `names`: citizens' names the title or label holds, hidden in privacy mode."""
        super().__init__()
        self.asked_at = NOT_YET_ASKED if unasked else None
        self.names = names
        self.title_text = title
        self.label = label
        self.value = value
        self.required_message = required_message
        self.submit = submit
        self._saving = False

    def storing(self) -> bool:
        """Storing what was given, to close once stored: keys typed behind it wait (widgets/key_order.py)."""
        return self._saving

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"[b]{private_text(self, self.title_text, self.names)}[/b]", classes="dialog-title", id="prompt-title"
            )
            yield Static(private_text(self, self.label, self.names), id="prompt-label")
            yield Input(value=self.value, id="prompt-input")
            yield Static("", id="prompt-error", classes="field-error")
            yield Static("[dim]Enter gemmer · Escape fortryder[/dim]")

    def on_mount(self) -> None:
        if self.asked_at is not None:
            ask_when_painted(self)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.required_message and not event.value.strip():
            self.query_one("#prompt-error", Static).update(self.required_message)
            return
        if self.submit is None:
            self.dismiss(event.value)
            return
        if self._saving:  # a second Enter while the first save runs
            return
        self._saving = True
        self.query_one("#prompt-error", Static).update("Gemmer …")
        text, submit = event.value, self.submit
        self.run_worker(
            lambda: self._submit_in_thread(submit, text), thread=True, group="prompt-save", exit_on_error=False
        )

    def _submit_in_thread(self, submit: Callable[[str], str | None], text: str) -> None:
        try:
            problem = submit(text)
        except Exception as exc:  # every failure is said at the prompt, none is lost
            problem = danish_failure(exc)
        try:
            self.app.call_from_thread(between_keys, self, lambda: self._submitted(text, problem))
        except RuntimeError:  # the app closed while the save ran
            pass

    def _submitted(self, text: str, problem: str | None) -> None:
        self._saving = False
        if problem:
            self.query_one("#prompt-error", Static).update(private_text(self, problem))
            return
        self.dismiss(text)

    def privacy_changed(self) -> None:
        self.query_one("#prompt-title", Static).update(f"[b]{private_text(self, self.title_text, self.names)}[/b]")
        self.query_one("#prompt-label", Static).update(private_text(self, self.label, self.names))

    def action_cancel(self) -> None:
        if self._saving:  # the save closes the prompt, or leaves it open with the reason
            return
        self.dismiss(None)


class InfoModal(ModalScreen[None]):
    """An explanation or a text to read whole (a journal note); any of Escape, Enter or q closes
    it. The title and the closing line stay in sight; a body taller than the screen scrolls
    (↑/↓, PgUp/PgDn) between them."""

    DEFAULT_CSS = "InfoModal { align: center middle; }"  # the rest in app.tcss, as a form's
    BINDINGS = [Binding("escape,enter,q", "close", "Luk", id="info.close")]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{private_text(self, self.title_text)}[/b]", classes="dialog-title", id="info-title")
            yield Static("[dim]Escape lukker[/dim]", id="info-foot")
            with VerticalScroll(id="info-scroll"):
                yield Static(private_text(self, self.body), id="info-body")

    def privacy_changed(self) -> None:
        self.query_one("#info-title", Static).update(f"[b]{private_text(self, self.title_text)}[/b]")
        self.query_one("#info-body", Static).update(private_text(self, self.body))

    def action_close(self) -> None:
        self.dismiss(None)
