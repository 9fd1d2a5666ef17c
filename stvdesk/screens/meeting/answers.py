"""The answer editors, one per kind of guide item: a check box for a check, radio buttons for a
choice or a 1–5 rating (where the digits 1–5 give the rating), the estimate for an income item
(worked out in the income calculator), a line of text for the rest (text, number, date). Each
says what it shows as the text stored for the answer, so moving on never loses what was typed.

Enter answers and moves on in every kind: in the line of text (Input.Submitted), on the check box
(the box as it stands, "nej" too), on the choice (the option highlighted) and on an income item
that has an estimate (kept as it is): those three post `AnswerGiven`. An income item without an
estimate has no answer to keep yet: Enter opens the calculator, and its ctrl+s gives the estimate
and moves on. Space ticks a check box or works the estimate out anew, without moving on; it never
chooses (see `ChoiceAnswer`). The check box and the choice consume the keys that type
(`TypingControl`), so no letter of the meeting acts while an answer has the focus; a rating's
digits are its own bindings (the meeting is no file: no digit switches a tab here), which the key
bar shows while it has the focus. What is typed on them as text goes into the item's note
(`MeetingScreen._text_on_a_choice`), never into the answer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.markup import escape
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static

from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.meetings import save_answer
from stvdesk.domain.calendar import format_date
from stvdesk.domain.meetings import NO, YES, ItemKind, parse_answer
from stvdesk.domain.parse import ParseError, parse_date
from stvdesk.guides.schema import Item
from stvdesk.widgets.keys import TypingControl

PLACEHOLDER = {ItemKind.NUMBER: "et tal, fx 12 eller 7,5", ItemKind.DATE: "dd-mm-åååå"}
RATINGS = tuple(str(n) for n in range(1, 6))


@dataclass
class Pending:
    """An answer as typed: its value and the note to the item."""

    value: str
    note: str


class AnswerGiven(Message):
    """Enter on a check box, a choice or an income estimate: `value` is the answer (None: nothing
    chosen); go on."""

    def __init__(self, value: str | None) -> None:
        super().__init__()
        self.value = value


class CheckAnswer(TypingControl, Checkbox):
    answered = False  # Enter was pressed on it: an unticked box is then "nej"

    def answer_text(self, stored: str) -> str:
        # an untouched check box is no answer: "nej" only once it has been answered
        if not self.value and not stored and not self.answered:
            return ""
        return YES if self.value else NO

    def on_key(self, event: events.Key) -> None:
        # Before the check box's own Enter binding (which would only tick it).
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.answered = True
            self.post_message(AnswerGiven(YES if self.value else NO))


class ChoiceAnswer(TypingControl, RadioSet):
    """A choice (and a rating): ↑/↓ highlight an option, Enter chooses the one highlighted and
    moves on, a rating's digit chooses its rating; the mouse chooses too. Space chooses nothing:
    a sentence typed here (straight after a dialog, say) is letters and spaces, and each space
    would choose the option highlighted, an answer nobody gave. Enter and the digits are keys a
    sentence does not hold by accident, so the answer changes only when it is meant to."""

    given: str | None = None  # chosen with Enter; the radio set says so a moment later

    def on_mount(self) -> None:
        # The radio set highlights its first option; an answer already given is highlighted instead,
        # so that Enter keeps it.
        self.call_later(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def answer_text(self, stored: str) -> str:
        if self.given is not None:
            return self.given
        return str(self.pressed_button.label) if self.pressed_button else ""

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if self.given is not None and str(event.pressed.label) != self.given:
            self.given = None  # chosen again with space or the mouse

    def action_toggle_button(self) -> None:
        """The radio set's space (and Enter, which `on_key` takes first): chooses nothing."""

    def on_key(self, event: events.Key) -> None:
        # Before the radio set's own Enter binding (which would only press the option).
        if event.key != "enter":
            return
        event.stop()
        event.prevent_default()
        index = self._selected
        button = self._nodes[index] if index is not None else self.pressed_button
        if not isinstance(button, RadioButton):
            self.post_message(AnswerGiven(None))
            return
        self.given = str(button.label)
        button.value = True
        self.post_message(AnswerGiven(self.given))


class RatingAnswer(ChoiceAnswer):
    """A 1–5 rating: a digit chooses its option (and Enter keeps it and moves on, as in a choice)."""

    BINDINGS = [
        Binding(
            RATINGS[0], f"rate({RATINGS[0]})", "Vurdering", key_display=f"{RATINGS[0]}–{RATINGS[-1]}", id="rating.1"
        ),
        *[Binding(n, f"rate({n})", f"Vurdering {n}", show=False, id=f"rating.{n}") for n in RATINGS[1:]],
    ]

    def action_rate(self, rating: int) -> None:
        buttons = list(self.query(RadioButton))
        index = RATINGS.index(str(rating))
        if index < len(buttons):
            self._selected = index  # highlighted too: Enter keeps it
            buttons[index].value = True


class TextAnswer(Input):
    def answer_text(self, stored: str) -> str:
        return self.value


class IncomeWanted(Message):
    """Open the income calculator for the meeting's citizen (Enter on an income item without an
    estimate, space on any): its ctrl+s makes the estimate the answer and moves on."""


class IncomeAnswer(TypingControl, Static, can_focus=True):
    """An income item's answer: the calculator's estimate, as it gave it (several lines). It is
    not typed: the calculator's ctrl+s hands the estimate back (`set_estimate`). Enter keeps an
    estimate and moves on, as on every other kind of item (a meeting walked with Enter is never
    stopped in the calculator); without one it opens the calculator, the only way to answer.
    Space works it out anew without moving on, as space changes a tick or a choice."""

    BINDINGS = [
        Binding("space", "calculate", "Indkomstberegner", key_display="mellemrum", id="income_answer.calculate"),
    ]

    DEFAULT_CSS = """
    IncomeAnswer { height: auto; background: $boost; padding: 0 1; }
    IncomeAnswer:focus { background: $primary 30%; }
    """

    def __init__(self, value: str, *, id: str, disabled: bool) -> None:
        super().__init__(self._shown(value, disabled), id=id, classes="answer", disabled=disabled)
        self.value = value

    @staticmethod
    def _shown(value: str, held: bool) -> str:
        if held:
            return escape(value) if value.strip() else "[dim](intet skøn)[/dim]"
        if value.strip():
            return (
                f"{escape(value)}\n[dim]Enter beholder skønnet og går videre; "
                "mellemrum regner igen i indkomstberegneren.[/dim]"
            )
        return "[dim]Intet skøn endnu. Enter åbner indkomstberegneren for borgeren.[/dim]"

    def set_estimate(self, text: str) -> None:
        self.value = text
        self.update(self._shown(text, self.disabled))

    def answer_text(self, stored: str) -> str:
        return self.value

    def action_calculate(self) -> None:
        self.post_message(IncomeWanted())

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(AnswerGiven(self.value) if self.value.strip() else IncomeWanted())


AnswerEditor = CheckAnswer | ChoiceAnswer | TextAnswer | IncomeAnswer


def answer_editor(item: Item, value: str, widget_id: str, held: bool) -> AnswerEditor:
    """The editor for `item`, showing `value`; disabled once the meeting is held."""
    if item.kind is ItemKind.CHECK:
        return CheckAnswer("Ja", value=value.strip().lower() == YES, id=widget_id, classes="answer", disabled=held)
    if item.kind in (ItemKind.CHOICE, ItemKind.RATING):
        options = item.options if item.kind is ItemKind.CHOICE else RATINGS
        buttons = [RadioButton(option, value=option.lower() == value.strip().lower()) for option in options]
        kind = ChoiceAnswer if item.kind is ItemKind.CHOICE else RatingAnswer
        return kind(*buttons, id=widget_id, classes="answer", disabled=held)
    if item.kind is ItemKind.INCOME:
        return IncomeAnswer(value, id=widget_id, disabled=held)
    placeholder = PLACEHOLDER.get(item.kind, "")
    # Not selected on focus: the focus comes back here after every dialog, and typing on must
    # not replace the answer.
    return TextAnswer(
        value,
        placeholder=placeholder,
        compact=True,
        select_on_focus=False,
        id=widget_id,
        classes="answer",
        disabled=held,
    )


def is_editor(widget: Widget | None) -> bool:
    return isinstance(widget, (CheckAnswer, ChoiceAnswer, TextAnswer, IncomeAnswer))


def answer_problem(item: Item, value: str, today: date) -> str:
    """What is wrong with the answer as typed (Danish, plain), or "": it is stored as typed either
    way. A date before today is wrong too: every date a guide asks for is a day to come (the next
    follow-up, the next call)."""
    try:
        parsed = parse_answer(item.kind, value, item.options, today=today)
    except ParseError as exc:
        return str(exc)
    if item.kind is ItemKind.DATE and isinstance(parsed, date) and parsed < today:
        return f"{format_date(parsed)} ligger før i dag."
    return ""


def normalized(item: Item, value: str, today: date) -> str:
    """A date answer as the desk writes dates (dd-mm-åååå), once it can be read: "1.12" typed in
    November is stored as 01-12-2026, so it means the same day when the meeting is resumed or
    exported later, and the summary shows the day the finish form proposes. Anything else, and a
    date that cannot be read, as typed."""
    if item.kind is not ItemKind.DATE or not value.strip():
        return value
    try:
        return format_date(parse_date(value, today=today))
    except ParseError:
        return value


def store_answers(session: Any, editor: Editor, meeting_id: uuid.UUID, batch: dict[str, Pending]) -> None:
    """Write answers as typed (in a worker, or at once as the screen goes). Any: screens name no
    SQL types (the layer rule)."""
    for item_id, p in batch.items():
        save_answer(session, editor, meeting_id, item_id, p.value, p.note)
