"""The answer editors, one per kind of guide item: a check box for a check, radio buttons for a
choice or a 1–5 rating, a line of text for the rest (text, number, date). Each says what it
shows as the text stored for the answer, so moving on never loses what was typed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.markup import escape
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, RadioSet

from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.meetings import save_answer
from stvdesk.domain.meetings import NO, YES, ItemKind, parse_answer
from stvdesk.domain.parse import ParseError
from stvdesk.guides.schema import Item

PLACEHOLDER = {ItemKind.NUMBER: "et tal, fx 12 eller 7,5", ItemKind.DATE: "dd-mm-åååå"}
RATINGS = tuple(str(n) for n in range(1, 6))


@dataclass
class Pending:
    """An answer as typed: its value and the note to the item."""

    value: str
    note: str


class CheckAnswer(Checkbox):
    def answer_text(self, stored: str) -> str:
        # an untouched check box is no answer: "nej" only once it has been answered
        if not self.value and not stored:
            return ""
        return YES if self.value else NO


class ChoiceAnswer(RadioSet):
    def answer_text(self, stored: str) -> str:
        return str(self.pressed_button.label) if self.pressed_button else ""


class TextAnswer(Input):
    def answer_text(self, stored: str) -> str:
        return self.value


AnswerEditor = CheckAnswer | ChoiceAnswer | TextAnswer


def answer_editor(item: Item, value: str, widget_id: str, held: bool) -> AnswerEditor:
    """The editor for `item`, showing `value`; disabled once the meeting is held."""
    if item.kind is ItemKind.CHECK:
        return CheckAnswer("Ja", value=value.strip().lower() == YES, id=widget_id, classes="answer", disabled=held)
    if item.kind in (ItemKind.CHOICE, ItemKind.RATING):
        options = item.options if item.kind is ItemKind.CHOICE else RATINGS
        buttons = [RadioButton(option, value=option.lower() == value.strip().lower()) for option in options]
        return ChoiceAnswer(*buttons, id=widget_id, classes="answer", disabled=held)
    placeholder = PLACEHOLDER.get(item.kind, "")
    return TextAnswer(value, placeholder=placeholder, compact=True, id=widget_id, classes="answer", disabled=held)


def is_editor(widget: Widget | None) -> bool:
    return isinstance(widget, (CheckAnswer, ChoiceAnswer, TextAnswer))


def answer_problem(item: Item, value: str, today: date) -> str:
    """What is wrong with the answer as typed (markup), or "": it is stored as typed either way."""
    try:
        parse_answer(item.kind, value, item.options, today=today)
    except ParseError as exc:
        return f"[red]{escape(str(exc))}[/red] [dim](svaret er gemt, som det er skrevet)[/dim]"
    return ""


def store_answers(session: Any, editor: Editor, meeting_id: uuid.UUID, batch: dict[str, Pending]) -> None:
    """Write answers as typed (in a worker, or at once as the screen goes). Any: screens name no
    SQL types (the layer rule)."""
    for item_id, p in batch.items():
        save_answer(session, editor, meeting_id, item_id, p.value, p.note)
