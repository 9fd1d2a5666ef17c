"""Praktisk støtte: a placement's practical support checklist (002, table 5-1), a form over the
file opened from Forløb. Each item has its state, a date and a note; ctrl+s stores what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Static

from stvdesk.db.queries.support import SupportLine, SupportSheet, save_support
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import SupportState
from stvdesk.domain.parse import parse_optional_date
from stvdesk.domain.privacy import shown_name
from stvdesk.widgets.form import FieldSpec, FormModal, Submit
from stvdesk.widgets.privacy import privacy_on

if TYPE_CHECKING:
    from datetime import date

STATES = [(state.label, state) for state in SupportState]


def support_title(sheet: SupportSheet, privacy: bool) -> str:
    """The form's title: the citizen's name masked in privacy mode, the company not."""
    return f"Praktisk støtte – {shown_name(sheet.citizen_name, privacy)}, {sheet.company}"


def support_fields(sheet: SupportSheet, today: date) -> list[FieldSpec]:
    """Three fields per item, in the checklist's order: state, date, note."""
    fields: list[FieldSpec] = []
    for line in sheet.lines:
        code, label = line.item.value, line.item.label
        fields += [
            FieldSpec(f"{code}_state", label, kind="choice", value=line.state, choices=STATES),
            FieldSpec(
                f"{code}_due",
                f"{label}: dato",
                value=format_date(line.due_on) if line.due_on else "",
                parse=lambda t: parse_optional_date(t, today=today),
                placeholder="dd-mm-åååå",
            ),
            FieldSpec(f"{code}_note", f"{label}: note", value=line.note),
        ]
    return fields


def support_lines(sheet: SupportSheet, values: dict[str, Any]) -> list[SupportLine]:
    """The form's values as the checklist's lines."""
    return [
        SupportLine(
            line.item,
            values[f"{line.item.value}_state"],
            values[f"{line.item.value}_due"],
            values[f"{line.item.value}_note"],
        )
        for line in sheet.lines
    ]


class SupportForm(FormModal):
    """The checklist's form; its title names the citizen, masked while privacy mode is on."""

    def __init__(self, sheet: SupportSheet, today: date, submit: Submit) -> None:
        super().__init__(
            support_title(sheet, False),
            support_fields(sheet, today),
            submit,
            intro="Åbne punkter med en dato, der er nået, står i Min dag; åbne punkter står på besøgsarket. "
            "Sms-påmindelser noteres her som en opgave; skrivebordet sender ingen sms.",
        )
        self.sheet = sheet

    def compose(self) -> ComposeResult:
        self.title_text = support_title(self.sheet, privacy_on(self))
        yield from super().compose()

    def privacy_changed(self) -> None:
        super().privacy_changed()
        self.title_text = support_title(self.sheet, self.hidden)
        self.query_one(".dialog-title", Static).update(f"[b]{self.title_text}[/b]")


def store_support(sheet: SupportSheet) -> Any:
    """The change a stored form makes: every line, of which only those that changed are written."""
    return lambda session, editor, values: save_support(
        session, editor, sheet.placement_id, support_lines(sheet, values)
    )
