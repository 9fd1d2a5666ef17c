"""The agreements at the bottom of a meeting: what is agreed, who is responsible, by when.
`a` writes a new one, `d` removes the one chosen (asked first); the title line names the keys
as they work now (after a jobcentre's remap). An agreement's text is free text: privacy mode (F4)
shows it through the free-text redaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Input, Static

from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.meetings import MeetingView, add_agreement, remove_agreement
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import StepOwner
from stvdesk.domain.meetings import agreement_problems
from stvdesk.domain.parse import parse_optional_date
from stvdesk.screens.base import desk_app
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import ConfirmModal, FieldSpec, FormModal
from stvdesk.widgets.keys import key_of
from stvdesk.widgets.privacy import private_text


class AgreementForm(FormModal):
    """The form of a new agreement, which keeps what is typed while it stores. After ctrl+s the
    save runs in a worker for a moment; a worker who types on at once (the next answer) would type
    into the form's field, gone with the form. So while it stores, no field has the focus, the
    keys that type are kept in order, and `typed_ahead` gets them as the form closes, before any
    key typed after it; a refused save types them back into the field they were meant for."""

    def __init__(self, *args: Any, typed_ahead: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_ahead = typed_ahead
        self._kept: list[str] | None = None  # None: not storing
        self._field: Widget | None = None  # where the focus was at ctrl+s

    def action_save(self) -> None:
        super().action_save()
        if self._saving and self._kept is None:
            self._kept, self._field = [], self.focused
            self.set_focus(None)  # the keys now come to the form itself (`on_key`)

    def on_key(self, event: events.Key) -> None:
        if self._kept is not None and event.is_printable and event.character is not None:
            event.stop()
            event.prevent_default()
            self._kept.append(event.character)

    def _submitted(self, values: dict[str, Any], problem: str | None) -> None:
        kept, field = "".join(self._kept or []), self._field
        self._kept, self._field = None, None
        if problem:
            if field is not None and field.is_attached:
                self.set_focus(field)
                if isinstance(field, Input) and kept:
                    field.insert_text_at_cursor(kept)
        elif kept:
            # Before the form goes: a key typed after this reaches the meeting only once it has.
            self.typed_ahead(kept)
        super()._submitted(values, problem)


class AgreementsTable(DataPath, FastTable):
    def __init__(
        self,
        meeting_id: uuid.UUID,
        reload: Callable[[], None],
        type_ahead: Callable[[str], None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.meeting_id = meeting_id
        self.reload_meeting = reload  # after a change: the screen reads the meeting again
        self.type_ahead = type_ahead  # keys typed while a new agreement was stored: to the answer

    def on_mount(self) -> None:
        # Fitted to the width by content (a plain DataTable kept the first agreement at the
        # width of the empty table's labels: "Møde m").
        self.add_fitted(
            Col("Aftale", min=16, priority=3),
            Col("Ansvarlig", min=8, priority=2),
            Col("Frist", min=10, priority=1),
        )

    def editor(self) -> Editor:
        desk = desk_app(self).desk
        return Editor(worker_id=desk.me.id, today=desk.clock.today())

    def show(self, view: MeetingView, held: bool) -> None:
        cursor = self.cursor_row
        self.clear()
        today = desk_app(self).desk.clock.today()
        for agreement in view.agreements:
            late = agreement.deadline is not None and agreement.deadline < today and agreement.done_on is None
            self.add_row(
                private_text(self, agreement.text),
                agreement.owner.label,
                Text(format_date(agreement.deadline), style="red" if late else ""),
                key=str(agreement.id),
            )
        count = len(view.agreements)
        if view.meeting.no_agreements and not count:
            text = "[b]Aftaler[/b]: ingen aftaler (markeret ved afslutning)"
        else:
            keys = [
                f"{escape(key)} {what}"
                for key, what in (
                    (key_of(self.screen, "meeting.agreement"), "ny aftale"),
                    (key_of(self.screen, "meeting.remove_agreement"), "fjern valgt"),
                    (key_of(self.screen, "meeting.finish"), "afslut mødet"),
                )
                if key
            ]
            text = f"[b]Aftaler ({count})[/b]" + (
                "" if held else f"  [dim]{' · '.join([*keys, 'alt gemmes løbende'])}[/dim]"
            )
        self.screen.query_one("#meeting-agreements-title", Static).update(text)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1))

    def new_agreement(self) -> None:
        desk = desk_app(self).desk
        today, editor, meeting_id = desk.clock.today(), self.editor(), self.meeting_id

        def submit(v: dict[str, Any]) -> str | None:
            """In the form's worker: only the desk and the values taken above, never a widget."""
            desk.run(
                lambda s: add_agreement(s, editor, meeting_id, text=v["text"], owner=v["owner"], deadline=v["deadline"])
            )
            return None

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.reload_meeting()

        self.app.push_screen(
            AgreementForm(
                "Ny aftale",
                [
                    FieldSpec(
                        "text", "Hvad er aftalt", required=True, placeholder="fx Tilbyde 4 lønnede timer fra januar"
                    ),
                    FieldSpec(
                        "owner",
                        "Ansvarlig",
                        kind="choice",
                        value=StepOwner.CITIZEN,
                        choices=[(o.label, o) for o in StepOwner],
                    ),
                    FieldSpec(
                        "deadline",
                        "Frist",
                        placeholder="dd-mm-åååå (valgfri)",
                        parse=lambda t: parse_optional_date(t, today=today),
                    ),
                ],
                submit,
                lambda v: agreement_problems(v["text"], v["deadline"], today),
                typed_ahead=self.type_ahead,
            ),
            closed,
        )

    def remove_chosen(self, view: MeetingView) -> None:
        if not self.row_count:
            self.notify("Der er ingen aftaler at fjerne.", severity="warning")
            return
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        agreement = next(a for a in view.agreements if str(a.id) == key)
        editor = self.editor()

        def failed(message: str) -> None:
            self.data_failed(message)
            self.reload_meeting()

        def answered(yes: bool | None) -> None:
            if yes:
                self.save(
                    lambda s: remove_agreement(s, editor, agreement.id),
                    lambda _result: self.reload_meeting(),
                    failed=failed,
                )

        self.app.push_screen(ConfirmModal(f"Fjern aftalen »{escape(agreement.text)}«?"), answered)
