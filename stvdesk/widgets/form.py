"""A keyboard form in a dialog: fields from specs, errors at the field, nothing typed lost.

- Tab / Enter move to the next field; ctrl+s saves.
- Every field's text is parsed by its parser (Danish ParseError messages) and the form's
  cross-field check runs after, on what did parse: every problem of one save shows at once under
  its field, and the first field with one gets focus. Text with control characters (pasted
  escape sequences, direction overrides) is refused at its field.
- A required field's label ends in " *"; a field required only as other fields stand
  (`required_when`, a praktik's purpose) gets its " *" and loses it as they change.
- The save itself is the caller's `submit(values)`, run in a thread worker (never on the UI
  thread): it returns None when stored, or a Danish message, which is shown while the form stays
  open with everything as typed; an exception is said in Danish the same way.
- Escape on a changed form asks before anything is thrown away.
- Privacy mode (F4): a field that holds a name, a CPR number or contact details (`private`) is
  shown as its mask, read-only, with a Danish hint, while privacy is on. Its widget keeps the
  stored value out of sight, so saving stores it unchanged: the mask is never a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from stvdesk.domain.parse import ParseError
from stvdesk.domain.privacy import HIDDEN_CONTACT, HIDDEN_CPR, HIDDEN_NAME, redact
from stvdesk.domain.text import mark_refused, refusal
from stvdesk.widgets.data_path import danish_failure
from stvdesk.widgets.key_order import NOT_YET_ASKED, ask_when_painted, between_keys
from stvdesk.widgets.keys import key_of
from stvdesk.widgets.privacy import privacy_on, private_text

#: What a private field shows while privacy is on, by what it holds.
Private = Literal["", "name", "cpr", "contact"]
MASKS: dict[str, str] = {"name": HIDDEN_NAME, "cpr": HIDDEN_CPR, "contact": HIDDEN_CONTACT}
PRIVATE_HINT = "Skjult, mens privatliv er slået til (F4): de skjulte felter gemmes uændret."
PRIVATE_MARK = "skjult (F4)"


@dataclass
class FieldSpec:
    name: str
    label: str
    kind: str = "text"  # text | multiline | choice | bool
    value: Any = ""
    required: bool = False
    choices: list[tuple[str, Any]] = field(default_factory=list)
    parse: Callable[[str], Any] | None = None
    suggestions: list[str] = field(default_factory=list)
    placeholder: str = ""
    private: Private = ""  # holds a name, a CPR number or contact details: hidden in privacy mode
    #: Required only while the form's other fields say so (given the raw values: a Select's member,
    #: an Input's text); the label's " *" follows as they change.
    required_when: Callable[[dict[str, Any]], bool] | None = None


class FieldInput(Input):
    """An Input that never paints a control character: a pasted one is shown as a visible mark
    (␛ for ESC, see stvdesk.domain.text.mark_refused), which the form then refuses with a Danish
    message until the worker deletes it. Typing cannot enter one (keys insert printable
    characters only); pasting can, and an escape sequence painted would act on the terminal."""

    def _on_paste(self, event: events.Paste) -> None:
        super()._on_paste(events.Paste(mark_refused(event.text)))
        event.prevent_default()  # the Input's own handler must not insert the raw text too
        event.stop()


class FieldTextArea(TextArea):
    """A TextArea that never paints a control character (see FieldInput)."""

    async def _on_paste(self, event: events.Paste) -> None:
        await super()._on_paste(events.Paste(mark_refused(event.text)))
        event.prevent_default()


Submit = Callable[[dict[str, Any]], "str | None"]
CrossCheck = Callable[[dict[str, Any]], dict[str, str]]


class _Unparsed(Exception):
    """A cross-check read a field whose text did not parse: that check waits for the next save."""


class _ParsedSoFar(dict[str, Any]):
    """The values a cross-check sees while some fields have errors of their own: those fields are
    missing, and reading one (`values[name]`) stops the check rather than failing the form;
    `values.get(name)` gives None, for a check that can go on without it."""

    def __init__(self, values: dict[str, Any], unparsed: set[str]) -> None:
        super().__init__(values)
        self.unparsed = unparsed

    def __missing__(self, key: str) -> Any:
        if key in self.unparsed:
            raise _Unparsed(key)
        raise KeyError(key)


class ConfirmModal(ModalScreen[bool]):
    DEFAULT_CSS = "ConfirmModal { align: center middle; }"
    BINDINGS = [
        Binding("j,y", "answer(True)", "Ja", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Nej", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self.asked_at = NOT_YET_ASKED  # keys typed before it is shown do not answer it (widgets/key_order.py)

    def on_mount(self) -> None:
        ask_when_painted(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(private_text(self, self.question), id="confirm-question")
            yield Static("[b]j[/b] ja  ·  [b]n[/b] nej")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class FormModal(ModalScreen[dict[str, Any] | None]):
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal .dialog { width: 90; max-height: 95%; }
    FormModal TextArea { height: 6; }
    FormModal Label { margin-top: 1; color: $text-muted; }
    FormModal Checkbox { margin-top: 1; }
    FormModal Input, FormModal Select { background: $boost; }
    FormModal .field-error { display: none; }
    FormModal .field-error.shown { display: block; }
    FormModal .private-mask, FormModal #form-private { display: none; color: $text-muted; }
    FormModal.-private .private-mask, FormModal.-private #form-private { display: block; }
    FormModal.-private .private-field { display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Gem", priority=True, id="form.save"),
        Binding("escape", "cancel", "Fortryd", id="form.cancel"),
    ]

    def __init__(
        self, title: str, fields: list[FieldSpec], submit: Submit, check: CrossCheck | None = None, intro: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.submit = submit
        self._saving = False
        self.check = check
        self.intro = intro
        self.initial: dict[str, Any] = {}
        self.hidden = False  # privacy mode: the private fields show their masks

    @property
    def private_fields(self) -> list[FieldSpec]:
        return [spec for spec in self.fields if spec.private]

    def private_texts(self, kind: Private) -> list[str]:
        """What the private fields of one kind hold as text, stored and typed: hidden in any
        message too."""
        raw = self.raw_values() if self.is_mounted else {}
        specs = [spec for spec in self.fields if spec.private == kind]
        return [str(spec.value or "") for spec in specs] + [str(raw.get(spec.name, "")) for spec in specs]

    def storing(self) -> bool:
        """Storing what was given, to close once stored: keys typed behind it wait (widgets/key_order.py)."""
        return self._saving

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{self.title_text}[/b]", classes="dialog-title")
            self.hidden = privacy_on(self)
            self.set_class(self.hidden, "-private")  # before the first paint: no private value shows
            with VerticalScroll(id="form-body"):
                if self.intro:
                    yield Static(self._private(self.intro), id="form-intro")
                if self.private_fields:
                    yield Static(PRIVATE_HINT, id="form-private")
                for spec in self.fields:
                    if spec.kind == "bool":
                        yield Checkbox(spec.label, value=bool(spec.value), compact=True, id=f"f-{spec.name}")
                    else:
                        yield Label(self._label(spec, required=spec.required), id=f"f-{spec.name}-label")
                        widget = self._widget(spec)
                        if spec.private:
                            widget.add_class("private-field")
                            yield Static(
                                f"{MASKS[spec.private]}  [dim]{PRIVATE_MARK}[/dim]",
                                id=f"f-{spec.name}-mask",
                                classes="private-mask",
                            )
                        yield widget
                    yield Static("", id=f"f-{spec.name}-error", classes="field-error")
            # Below the fields, never scrolled away: how to save, and what became of a save.
            with Vertical(id="form-foot"):
                yield Static("", id="form-error", classes="field-error")  # shown by _say
                yield Static(f"[dim]{self.keys_hint()}[/dim]", id="form-keys")

    @staticmethod
    def _label(spec: FieldSpec, *, required: bool) -> str:
        return spec.label + (" *" if required else "")

    def is_required(self, spec: FieldSpec, raw: dict[str, Any]) -> bool:
        return spec.required or (spec.required_when is not None and spec.required_when(raw))

    def _mark_required(self) -> None:
        """The " *" of the fields whose requirement depends on the others, as they stand now."""
        conditional = [spec for spec in self.fields if spec.required_when is not None and spec.kind != "bool"]
        if not conditional:
            return
        raw = self.raw_values()
        for spec in conditional:
            self.query_one(f"#f-{spec.name}-label", Label).update(
                self._label(spec, required=self.is_required(spec, raw))
            )

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _follow_requirements(self) -> None:
        if self.is_mounted:
            self._mark_required()

    def keys_hint(self) -> str:
        """How to save and leave, by the keys as they are bound now (the keymap may move them)."""
        save = key_of(self, "form.save") or "ctrl+s"
        cancel = key_of(self, "form.cancel") or "Escape"
        return f"{save} gemmer · {cancel} fortryder · Tab næste felt · * skal udfyldes"

    def _widget(self, spec: FieldSpec) -> Widget:
        if spec.kind == "multiline":
            return FieldTextArea(mark_refused(str(spec.value or "")), id=f"f-{spec.name}")
        if spec.kind == "choice":
            return Select(spec.choices, value=spec.value, allow_blank=False, compact=True, id=f"f-{spec.name}")
        suggester = SuggestFromList(spec.suggestions, case_sensitive=False) if spec.suggestions else None
        return FieldInput(
            mark_refused(str(spec.value or "")),
            placeholder=spec.placeholder,
            suggester=suggester,
            compact=True,
            id=f"f-{spec.name}",
        )

    def on_mount(self) -> None:
        self.initial = self.raw_values()
        self._mark_required()
        self.privacy_changed()
        first = next((spec for spec in self.fields if not self.is_hidden(spec)), None)
        if first is not None:
            self.query_one(f"#f-{first.name}").focus()

    def is_hidden(self, spec: FieldSpec) -> bool:
        return self.hidden and bool(spec.private)

    def privacy_changed(self) -> None:
        """Show the private fields' masks (read-only) or the fields themselves, as privacy is now.
        The field's widget keeps its value either way: what was stored, or typed before F4."""
        self.hidden = privacy_on(self)
        self.set_class(self.hidden, "-private")
        for spec in self.private_fields:
            widget = self.query_one(f"#f-{spec.name}")
            widget.disabled = self.hidden  # out of the Tab order and deaf to keys while hidden
        if self.intro:
            self.query_one("#form-intro", Static).update(self._private(self.intro))

    def raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#f-{spec.name}")
            if isinstance(widget, TextArea):
                values[spec.name] = widget.text
            elif isinstance(widget, (Input, Select, Checkbox)):
                values[spec.name] = widget.value
        return values

    @property
    def dirty(self) -> bool:
        return self.raw_values() != self.initial

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def _show_errors(self, errors: dict[str, str]) -> None:
        for spec in self.fields:
            error = self.query_one(f"#f-{spec.name}-error", Static)
            error.update(self._private(errors.get(spec.name, "")))
            error.set_class(spec.name in errors, "shown")
        first = next((spec.name for spec in self.fields if spec.name in errors and not self.is_hidden(spec)), None)
        if first:
            self.query_one(f"#f-{first}").focus()

    def parsed_values(self) -> tuple[dict[str, Any], dict[str, str]]:
        raw = self.raw_values()
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.fields:
            value = raw[spec.name]
            if spec.kind in ("text", "multiline"):
                # Pasted escape sequences, control characters and direction overrides are refused
                # here, where the worker can see what was wrong; the text stays as typed.
                refused = refusal(str(value))
                if refused is not None:
                    errors[spec.name] = refused
                    continue
                if self.is_required(spec, raw) and not str(value).strip():
                    errors[spec.name] = f"{spec.label} skal udfyldes."
                    continue
                if spec.parse is not None:
                    try:
                        value = spec.parse(value)
                    except (ParseError, ValueError) as exc:
                        errors[spec.name] = str(exc)
                        continue
            values[spec.name] = value
        if self.check is not None:
            # The check runs even when fields have errors of their own, so one save says all that
            # is wrong; a field's own error stands before what the check says of it.
            try:
                checked = self.check(_ParsedSoFar(values, set(errors)) if errors else values)
            except _Unparsed:
                checked = {}
            for name, message in checked.items():
                errors.setdefault(name, message)
        return values, errors

    def action_save(self) -> None:
        values, errors = self.parsed_values()
        self._show_errors(errors)
        if errors:
            self._say("Ret de markerede felter – intet er gemt endnu.")
            return
        if self._saving:  # a second ctrl+s while the first save runs
            return
        self._saving = True
        self._say("Gemmer …")
        # The save runs in a worker, never on the UI thread: typing, Escape and the clock keep
        # going while the database works, and a failure comes back here with all still typed.
        self.run_worker(lambda: self._submit_in_thread(values), thread=True, group="form-save", exit_on_error=False)

    def _submit_in_thread(self, values: dict[str, Any]) -> None:
        try:
            problem = self.submit(values)
        except Exception as exc:  # every failure is said at the form, none is lost
            problem = danish_failure(exc)
        try:
            self.app.call_from_thread(between_keys, self, lambda: self._submitted(values, problem))
        except RuntimeError:  # the app closed while the save ran
            pass

    def _submitted(self, values: dict[str, Any], problem: str | None) -> None:
        self._saving = False
        if problem:
            self._say(problem)
            return
        self.dismiss(values)

    def _private(self, text: str) -> str:
        """A message or the intro as privacy mode lets it be shown: a refusal from the database or
        a parser may quote what a private field holds."""
        if not self.hidden:
            return text
        # The fields' own values, then every name the screens below hold (the citizen's file).
        text = redact(text, self.private_texts("name"), self.private_texts("contact") + self.private_texts("cpr"))
        return private_text(self, text)

    def _say(self, message: str) -> None:
        banner = self.query_one("#form-error", Static)
        banner.update(self._private(message))
        banner.set_class(bool(message), "shown")

    def action_cancel(self) -> None:
        if self._saving:
            # The save closes the form, or leaves it open with the reason: Escape has nothing to
            # cancel now, and a question asked over the form would be closed by the save instead.
            return
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Der er ændringer, som ikke er gemt. Vil du kassere dem?"), answered)
