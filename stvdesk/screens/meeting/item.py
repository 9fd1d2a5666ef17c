"""The right-hand pane of a meeting: the item in focus, with its section, help, answer editor,
what is wrong with the answer as typed, the note, and which field of the file it fills.

Answers and notes are free text a worker wrote: in privacy mode (F4) they are shown through the
free-text redaction (`widgets.privacy.private_text`). A text the redaction changes is shown
redacted and cannot be edited while privacy is on (typing in a masked text would store the mask);
F4 off shows it whole and editable again. A text with nothing to hide stays editable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from stvdesk.guides.schema import FILL_TARGETS, Guide, Item
from stvdesk.screens.meeting.answers import AnswerEditor, Pending, answer_editor, answer_problem


class ItemPane(VerticalScroll):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor: AnswerEditor | None = None  # the answer editor of the item shown
        # Kept, not queried: what was typed is still read while the pane leaves the screen.
        self.note = Input(placeholder="Skriv en note (valgfri)", id="item-note", compact=True, select_on_focus=False)
        self._made = 0
        self._problem = ""  # what #item-error shows
        # Shown redacted (privacy mode), so not editable: what the widget holds is no answer.
        self._answer_masked = False
        self._note_masked = False

    def compose(self) -> ComposeResult:
        yield Static("", id="item-section")
        yield Static("", id="item-text")
        yield Vertical(id="item-answer")
        yield Static("", id="item-error")
        yield Label("Note til punktet", id="item-note-label")
        yield self.note
        yield Static("", id="item-fills")

    @property
    def ready(self) -> bool:
        return self.query_one("#item-answer", Vertical).is_mounted

    def show(
        self,
        guide: Guide,
        index: int,
        answer: Pending,
        held: bool,
        today: date,
        shown: Callable[[str], str] = lambda text: text,
    ) -> AnswerEditor:
        """Show item `index` of the guide with its answer as typed so far; `held`: read-only (a
        finished meeting); `shown`: free text as privacy mode lets it be shown."""
        item = guide.items[index]
        section = next(s for s in guide.sections if item in s.items)
        number = f"Punkt {index + 1} af {len(guide.items)}"
        self.query_one("#item-section", Static).update(
            f"[dim]{number} · {escape(section.title)}[/dim]"
            + (f"\n[i]{escape(section.intro)}[/i]" if section.intro else "")
        )
        help_text = f"\n[dim]{escape(item.help)}[/dim]" if item.help else ""
        required = " [yellow](skal besvares)[/yellow]" if item.required else ""
        self.query_one("#item-text", Static).update(f"[b]{escape(item.text)}[/b]{required}{help_text}")
        fills = FILL_TARGETS[item.fills][1] if item.fills else ""
        self.query_one("#item-fills", Static).update(
            f"[dim]Gemmes som {fills}, når mødet afsluttes.[/dim]" if fills else ""
        )
        # A new id for every editor: the old one may still be leaving the DOM when this one arrives.
        self._made += 1
        value, note = shown(answer.value), shown(answer.note)
        self._answer_masked, self._note_masked = value != answer.value, note != answer.note
        editor = answer_editor(item, value, f"answer-{self._made}", held or self._answer_masked)
        self.editor = editor
        with self.note.prevent(Input.Changed):
            self.note.value = note
        self.note.disabled = held or self._note_masked
        self.show_problem(item, answer.value, today)
        container = self.query_one("#item-answer", Vertical)
        container.remove_children()
        container.mount(editor)
        return editor

    def typed(self, stored: Pending) -> Pending:
        """The answer as the editor and the note show it now (`stored`: as last kept)."""
        value = stored.value
        if self.editor is not None and not self._answer_masked:
            value = self.editor.answer_text(stored.value)
        return Pending(value, stored.note if self._note_masked else self.note.value)

    def show_problem(self, item: Item, value: str, today: date, *, enter_held: bool = False) -> str:
        """Say what is wrong with the answer as typed, as it is typed; `enter_held`: Enter stayed
        on the item because of it, and says so. Returns the problem ("" when there is none)."""
        found = answer_problem(item, value, today)
        problem = ""
        if found:
            after = (
                "Enter igen går videre med svaret, som det er skrevet"
                if enter_held
                else "svaret er gemt, som det er skrevet"
            )
            problem = f"[red]{escape(found)}[/red] [dim]({after})[/dim]"
        if problem != self._problem:  # on every key typed: the same text again would lay the pane out again
            self._problem = problem
            self.query_one("#item-error", Static).update(problem)
        return found

    def say(self, text: str) -> None:
        """A message in place of the item (the guide is not loaded)."""
        self.query_one("#item-text", Static).update(text)
