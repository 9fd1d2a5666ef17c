"""A meeting, walked item by item through its dialogue guide.

Left: the guide's outline (✓ answered). Right: the item in focus with its answer and a note.
Bottom: the agreements so far. Every answer is stored as it is typed (a short pause, moving
on, or leaving the screen), so closing the app loses nothing: the meeting stays "I gang"
and is resumed from the citizen's file or Min dag.

Keys: ↑/↓ in the outline, Enter to answer, Enter in an answer moves on, PgDn/PgUp next and
previous item from anywhere, Escape back to the outline. a new agreement, d removes the
agreement chosen, f finishes, e exports the summary, c cancels the meeting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, DataTable, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.followups import situation_for
from stvdesk.db.queries.meetings import (
    MeetingView,
    add_agreement,
    answered_values,
    cancel_meeting,
    finish_meeting,
    meeting_view,
    remove_agreement,
    save_answer,
)
from stvdesk.domain.cadence import next_follow_up
from stvdesk.domain.calendar import format_date, next_working_day
from stvdesk.domain.enums import FollowUpKind, MeetingStatus, StepOwner
from stvdesk.domain.meetings import NO, YES, ItemKind, agreement_problems, parse_answer
from stvdesk.domain.parse import ParseError, parse_date, parse_due_date, parse_optional_date
from stvdesk.guides.schema import FILL_TARGETS, Guide, Item
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.modals import InfoModal, TextPromptModal

SAVE_PAUSE = 0.4  # seconds of quiet typing before an answer is written

_NEXT_KIND = {
    FollowUpKind.THREE_PARTY: FollowUpKind.PLACEMENT_FOLLOW_UP,
    FollowUpKind.COMPANY_VISIT: FollowUpKind.COMPANY_VISIT,
}


@dataclass
class Pending:
    value: str
    note: str


class MeetingScreen(DeskScreen):
    TITLE_DA = "Møde"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="meeting.back"),
        Binding("pagedown", "step(1)", "Næste punkt", key_display="PgDn", priority=True, id="meeting.next"),
        Binding("pageup", "step(-1)", "Forrige", key_display="PgUp", priority=True, id="meeting.previous"),
        Binding("a", "new_agreement", "Ny aftale", id="meeting.agreement"),
        Binding("d", "remove_agreement", "Fjern aftale", show=False, id="meeting.remove_agreement"),
        Binding("f", "finish", "Afslut møde", id="meeting.finish"),
        Binding("e", "export", "Eksport", id="meeting.export"),
        Binding("c", "cancel_meeting", "Aflys", show=False, id="meeting.cancel"),
    ]

    @dataclass
    class Loaded(Message):
        view: MeetingView | None

    @dataclass
    class Saved(Message):
        problem: str | None

    def __init__(self, meeting_id: uuid.UUID) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.view: MeetingView | None = None
        self.guide: Guide | None = None
        self.current: int = 0  # index into guide.items
        self.pending: dict[str, Pending] = {}
        self.answers: dict[str, Pending] = {}
        self._save_timer = None
        self._showing: str | None = None
        self._answer = None  # the answer widget of the item shown
        self._answers_made = 0

    # --- layout -------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static("Indlæser mødet …", id="meeting-title")
        with Horizontal(id="meeting-main"):
            yield OptionList(id="meeting-outline")
            with VerticalScroll(id="meeting-item"):
                yield Static("", id="item-section")
                yield Static("", id="item-text")
                yield Vertical(id="item-answer")
                yield Static("", id="item-error")
                yield Label("Note til punktet", id="item-note-label")
                yield Input(placeholder="Skriv en note (valgfri)", id="item-note", compact=True)
                yield Static("", id="item-fills")
        yield Static("", id="meeting-agreements-title")
        yield DataTable(id="meeting-agreements", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#meeting-agreements", DataTable)
        table.add_columns("Aftale", "Ansvarlig", "Frist")
        self.call_after_refresh(self.load)  # the item pane must be mounted before an answer goes in

    @work(thread=True, exclusive=True, exit_on_error=False, group="meeting-load")
    def load(self) -> None:
        self.post_message(self.Loaded(self.desk.query(lambda s: meeting_view(s, self.meeting_id))))

    def on_meeting_screen_loaded(self, message: Loaded) -> None:
        view = message.view
        if view is None:
            self.query_one("#meeting-title", Static).update("[red]Mødet findes ikke (længere).[/red]")
            return
        first_load = self.view is None
        self.view = view
        library = self.stv_app.guide_library()
        self.guide = library.get(view.meeting.guide_id, view.meeting.guide_version)
        self.answers = {item_id: Pending(a.value, a.note) for item_id, a in view.answers.items()}
        self.answers.update(self.pending)  # what is typed but not yet stored wins
        if first_load and self.guide is not None:
            self.current = self._first_unanswered()
        self.render_title()
        self.render_agreements()
        if self.guide is None:
            self.query_one("#item-text", Static).update(
                f"[red]Guiden {escape(view.meeting.guide_id)} version {view.meeting.guide_version} er ikke indlæst "
                "(se Dialogguider, F7). Svarene er gemt og kan eksporteres med e.[/red]"
            )
            return
        self.render_outline()
        if first_load:
            self.show_item(self.current)
            self.query_one("#meeting-outline", OptionList).focus()

    @property
    def held(self) -> bool:
        return self.view is not None and self.view.meeting.status is not MeetingStatus.IN_PROGRESS

    def _first_unanswered(self) -> int:
        items = self.guide.items
        return next((i for i, item in enumerate(items) if not self._answered(item.id)), 0)

    def _answered(self, item_id: str) -> bool:
        answer = self.answers.get(item_id)
        return bool(answer and (answer.value.strip() or answer.note.strip()))

    def refresh_privacy(self) -> None:
        if self.view is not None:
            self.render_title()

    def render_title(self) -> None:
        view, m = self.view, self.view.meeting
        name = "••••••" if self.stv_app.privacy else escape(view.citizen_name)
        when = format_date(m.planned_on) + (f" kl. {m.start_time:%H:%M}" if m.start_time else "")
        how = " · ".join(escape(part) for part in (m.form.label if m.form else "", m.place) if part)
        people = [
            f"S {view.caseworker_initials}" if view.caseworker_initials else "",
            f"VK {view.consultant_initials}" if view.consultant_initials else "",
            "borger" if m.citizen_present else "borger ikke med",
            escape(view.company + (f" v/ {view.contact}" if view.contact else "")) if view.company else "",
        ]
        origin = self.guide.origin if self.guide else "ikke indlæst"
        status = (
            "[green]I gang[/green]"
            if not self.held
            else f"[b]{m.status.label}[/b]" + (f" {format_date(m.held_on)} · {escape(m.summary)}" if m.held_on else "")
        )
        self.query_one("#meeting-title", Static).update(
            f"[b]{escape(m.title)}[/b] · {name} · {when}" + (f" · {how}" if how else "") + f" · {status}\n"
            f"Deltagere: {', '.join(p for p in people if p)}  ·  Guide: {escape(m.guide_id)} v{m.guide_version} "
            f"({escape(origin)})"
        )

    def render_outline(self) -> None:
        outline = self.query_one("#meeting-outline", OptionList)
        highlighted = outline.highlighted
        outline.clear_options()
        index = 0
        for section in self.guide.sections:
            outline.add_option(Option(Text(section.title, style="bold"), disabled=True))
            for item in section.items:
                mark = "✓" if self._answered(item.id) else "·"
                style = "green" if mark == "✓" else ""
                label = Text.assemble((f" {mark} ", style), item.text)
                outline.add_option(Option(label, id=f"item:{index}"))
                index += 1
        if highlighted is not None:
            outline.highlighted = highlighted
        else:
            self._highlight(self.current)

    def _highlight(self, index: int) -> None:
        outline = self.query_one("#meeting-outline", OptionList)
        try:
            outline.highlighted = outline.get_option_index(f"item:{index}")
        except Exception:  # the outline is not built yet
            pass

    def render_agreements(self) -> None:
        table = self.query_one("#meeting-agreements", DataTable)
        cursor = table.cursor_row
        table.clear()
        today = self.desk.clock.today()
        for agreement in self.view.agreements:
            late = agreement.deadline is not None and agreement.deadline < today and agreement.done_on is None
            table.add_row(
                agreement.text,
                agreement.owner.label,
                Text(format_date(agreement.deadline), style="red" if late else ""),
                key=str(agreement.id),
            )
        count = len(self.view.agreements)
        if self.view.meeting.no_agreements and not count:
            text = "[b]Aftaler[/b]: ingen aftaler (markeret ved afslutning)"
        else:
            text = f"[b]Aftaler ({count})[/b]" + (
                "" if self.held else "  [dim]a ny aftale · d fjern valgt · f afslut mødet · alt gemmes løbende[/dim]"
            )
        self.query_one("#meeting-agreements-title", Static).update(text)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    # --- one item -------------------------------------------------------------------------

    def show_item(self, index: int, focus: bool = False) -> None:
        if self.guide is None or not self.guide.items:
            return
        if not self.query_one("#item-answer", Vertical).is_mounted:
            self.call_after_refresh(self.show_item, index, focus)  # loaded before the layout was mounted
            return
        self._capture()
        index = max(0, min(index, len(self.guide.items) - 1))
        self.current = index
        item = self.guide.items[index]
        section = next(s for s in self.guide.sections if item in s.items)
        number = f"Punkt {index + 1} af {len(self.guide.items)}"
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
        answer = self.answers.get(item.id, Pending("", ""))
        self._showing = item.id
        widget = self._answer_widget(item, answer.value)
        self._answer = widget
        note = self.query_one("#item-note", Input)
        with note.prevent(Input.Changed):
            note.value = answer.note
        note.disabled = self.held
        self._show_error(item, answer.value)
        self._highlight(index)
        container = self.query_one("#item-answer", Vertical)
        container.remove_children()
        container.mount(widget)
        if focus and not self.held:
            widget.focus()

    def _capture(self) -> None:
        """Take what the answer widget shows now, so nothing typed is lost on moving on."""
        widget = getattr(self, "_answer", None)
        if widget is None or self._showing is None or self.held:
            return
        if isinstance(widget, Input):
            value = widget.value
        elif isinstance(widget, Checkbox):
            value = YES if widget.value else NO
        elif isinstance(widget, RadioSet):
            value = str(widget.pressed_button.label) if widget.pressed_button else ""
        else:
            return
        current = self.answers.get(self._showing, Pending("", ""))
        if not current.value and value == NO and isinstance(widget, Checkbox):
            value = ""  # an untouched check box is no answer
        notes = self.query("#item-note")
        new = Pending(value, notes.first(Input).value if notes else current.note)
        if new != current:
            self.answers[self._showing] = new
            self.pending[self._showing] = new

    def _answer_widget(self, item: Item, value: str):
        # A new id for every widget: the old one may still be leaving the DOM when this one arrives.
        self._answers_made += 1
        ids = {"id": f"answer-{self._answers_made}", "classes": "answer", "disabled": self.held}
        if item.kind is ItemKind.CHECK:
            return Checkbox("Ja", value=value.strip().lower() == YES, **ids)
        if item.kind in (ItemKind.CHOICE, ItemKind.RATING):
            options = item.options if item.kind is ItemKind.CHOICE else tuple(str(n) for n in range(1, 6))
            buttons = [RadioButton(option, value=option.lower() == value.strip().lower()) for option in options]
            return RadioSet(*buttons, **ids)
        placeholder = {ItemKind.NUMBER: "et tal, fx 12 eller 7,5", ItemKind.DATE: "dd-mm-åååå"}.get(item.kind, "")
        return Input(value, placeholder=placeholder, compact=True, **ids)

    def _show_error(self, item: Item, value: str) -> None:
        try:
            parse_answer(item.kind, value, item.options, today=self.desk.clock.today())
            message = ""
        except ParseError as exc:
            message = f"[red]{escape(str(exc))}[/red] [dim](svaret er gemt, som det er skrevet)[/dim]"
        self.query_one("#item-error", Static).update(message)

    def _current_item(self) -> Item | None:
        if self.guide is None or self._showing is None:
            return None
        return self.guide.item(self._showing)

    def _answer_changed(self, value: str | None = None, note: str | None = None) -> None:
        item = self._current_item()
        if item is None or self.held:
            return
        old = self.answers.get(item.id, Pending("", ""))
        new = Pending(old.value if value is None else value, old.note if note is None else note)
        if new == old:
            return
        self.answers[item.id] = new
        self.pending[item.id] = new
        self._show_error(item, new.value)
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_PAUSE, self.flush)
        if (bool(old.value.strip() or old.note.strip())) != self._answered(item.id):
            self.render_outline()

    @on(Input.Changed, ".answer")
    def _typed(self, event: Input.Changed) -> None:
        if event.input is self._answer:
            self._answer_changed(value=event.value)

    @on(Input.Changed, "#item-note")
    def _noted(self, event: Input.Changed) -> None:
        self._answer_changed(note=event.value)

    @on(Checkbox.Changed, ".answer")
    def _checked(self, event: Checkbox.Changed) -> None:
        if event.checkbox is self._answer:
            self._answer_changed(value=YES if event.value else NO)

    @on(RadioSet.Changed, ".answer")
    def _chosen(self, event: RadioSet.Changed) -> None:
        if event.radio_set is self._answer:
            self._answer_changed(value=str(event.pressed.label))

    @on(Input.Submitted, ".answer")
    @on(Input.Submitted, "#item-note")
    def _next_on_enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_step(1, focus_answer=True)

    @on(OptionList.OptionHighlighted, "#meeting-outline")
    def _outline_moved(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if (option_id.startswith("item:") and int(option_id[5:]) != self.current) or self._showing is None:
            self.show_item(int(option_id[5:]) if option_id.startswith("item:") else 0)
            self.flush()

    @on(OptionList.OptionSelected, "#meeting-outline")
    def _outline_chosen(self, event: OptionList.OptionSelected) -> None:
        self._focus_answer()

    def _focus_answer(self) -> None:
        widget = getattr(self, "_answer", None)
        if widget is not None and widget.is_mounted and not self.held:
            widget.focus()

    def _in_answer(self) -> bool:
        focused = self.focused
        return focused is not None and (
            focused is self._answer or focused.id == "item-note" or focused.parent is self._answer
        )

    def action_step(self, delta: int, focus_answer: bool | None = None) -> None:
        if self.guide is None:
            return
        focus = focus_answer if focus_answer is not None else self._in_answer()
        self.show_item(self.current + delta, focus=bool(focus))
        self.flush()

    # --- storing ----------------------------------------------------------------------------

    def editor(self) -> Editor:
        return Editor(worker_id=self.desk.worker.id, today=self.desk.clock.today())

    def flush(self, wait: bool = False) -> None:
        """Write what is typed and not yet stored. In a worker, or at once (`wait`) when the
        screen is about to go."""
        if wait:
            self._capture()
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.pending:
            return
        batch, self.pending = dict(self.pending), {}
        if wait:
            self._write(batch)
        else:
            self._write_in_worker(batch)

    def _write(self, batch: dict[str, Pending]) -> str | None:
        editor = self.editor()
        try:
            self.desk.query(
                lambda s: [
                    save_answer(s, editor, self.meeting_id, item_id, p.value, p.note) for item_id, p in batch.items()
                ]
            )
        except EditError as exc:
            return str(exc)
        return None

    @work(thread=True, exit_on_error=False, group="meeting-save")
    def _write_in_worker(self, batch: dict[str, Pending]) -> None:
        self.post_message(self.Saved(self._write(batch)))

    def on_meeting_screen_saved(self, message: Saved) -> None:
        if message.problem:
            self.notify(f"Svaret blev ikke gemt: {message.problem}", severity="error", timeout=10)

    def on_unmount(self) -> None:
        self.flush(wait=True)

    def action_back(self) -> None:
        if self.focused is not None and self.focused.id != "meeting-outline" and self.guide is not None:
            self.query_one("#meeting-outline", OptionList).focus()
            return
        self.flush(wait=True)
        if not self.held and self.view is not None:
            self.notify("Mødet er gemt og kan genoptages fra borgerens sag eller Min dag.", title="Møde i gang")
        self.app.pop_screen()

    # --- agreements -------------------------------------------------------------------------

    def _refuse_if_held(self) -> bool:
        if self.held:
            self.notify("Mødet er afsluttet og kan ikke ændres.", severity="warning")
        return self.held

    def action_new_agreement(self) -> None:
        if self.view is None or self._refuse_if_held():
            return
        today = self.desk.clock.today()

        def submit(v: dict) -> str | None:
            try:
                self.desk.query(
                    lambda s: add_agreement(
                        s, self.editor(), self.meeting_id, text=v["text"], owner=v["owner"], deadline=v["deadline"]
                    )
                )
            except EditError as exc:
                return str(exc)
            return None

        def closed(values: dict | None) -> None:
            if values is not None:
                self.load()

        self.app.push_screen(
            FormModal(
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
            ),
            closed,
        )

    def action_remove_agreement(self) -> None:
        if self.view is None or self._refuse_if_held():
            return
        table = self.query_one("#meeting-agreements", DataTable)
        if not table.row_count:
            self.notify("Der er ingen aftaler at fjerne.", severity="warning")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        agreement = next(a for a in self.view.agreements if str(a.id) == key)

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.desk.query(lambda s: remove_agreement(s, self.editor(), agreement.id))
                except EditError as exc:
                    self.notify(str(exc), severity="error")
                self.load()

        from stvdesk.widgets.form import ConfirmModal

        self.app.push_screen(ConfirmModal(f"Fjern aftalen »{escape(agreement.text)}«?"), answered)

    # --- finishing -----------------------------------------------------------------------------

    def _proposed_next(self, values: dict) -> date:
        today = self.desk.clock.today()
        answered = next(
            (values[item.id] for item in self.guide.items if item.fills == "follow_up.next_date" and item.id in values),
            None,
        )
        if isinstance(answered, date) and answered >= today:
            return answered
        situation = self.desk.query(lambda s: situation_for(s, self.view.meeting.citizen_id, today))
        proposal = next_follow_up(today, situation, self.desk.settings.cadence_for(self.desk.worker.team_name))
        return proposal.due if proposal else next_working_day(today)

    def action_finish(self) -> None:
        if self.view is None or self.guide is None or self._refuse_if_held():
            return
        self.flush(wait=True)
        today = self.desk.clock.today()
        m = self.view.meeting
        values, _ = answered_values(self.guide, {k: _AnswerLike(p.value) for k, p in self.answers.items()}, today)
        next_on = self._proposed_next(values)
        people = [(f"{self.desk.worker.name} ({self.desk.worker.initials})", self.desk.worker.id)]
        for worker_id, label in ((m.caseworker_id, self.view.caseworker), (m.consultant_id, self.view.consultant)):
            if worker_id and worker_id != self.desk.worker.id:
                people.append((label, worker_id))
        kind = self.view.follow_up_kind or _NEXT_KIND.get(m.kind, m.kind)
        if kind is FollowUpKind.THREE_PARTY and m.placement_id:
            kind = FollowUpKind.PLACEMENT_FOLLOW_UP
        count = len(self.view.agreements)
        result: dict = {}

        def submit(v: dict) -> str | None:
            editor = self.editor()
            try:
                result["r"] = self.desk.query(
                    lambda s: finish_meeting(
                        s,
                        editor,
                        self.meeting_id,
                        self.guide,
                        held_on=v["held_on"],
                        no_agreements=v["no_agreements"],
                        next_follow_up_on=v["next_on"],
                        next_kind=v["next_kind"],
                        next_worker_id=v["next_worker"],
                    )
                )
            except EditError as exc:
                return f"Mødet kan ikke afsluttes endnu:\n{exc}"
            return None

        def closed(values: dict | None) -> None:
            if values is None or "r" not in result:
                return
            r = result["r"]
            lines = [f"✓ {escape(line)}" for line in r.written] + [
                f"[yellow]! {escape(line)}[/yellow]" for line in r.not_written
            ]
            self.app.push_screen(
                InfoModal(
                    "Mødet er afsluttet", "\n".join(lines) + "\n\n[dim]e eksporterer resuméet til journalen.[/dim]"
                )
            )
            self.load()

        self.app.push_screen(
            FormModal(
                "Afslut møde",
                [
                    FieldSpec(
                        "held_on",
                        "Mødet blev holdt",
                        value=format_date(min(m.planned_on or today, today)),
                        required=True,
                        parse=lambda t: parse_date(t, today=today),
                    ),
                    FieldSpec("no_agreements", "Ingen aftaler på dette møde", kind="bool", value=False),
                    FieldSpec(
                        "next_on",
                        "Næste opfølgning",
                        value=format_date(next_on),
                        required=True,
                        parse=lambda t: parse_due_date(t, today),
                    ),
                    FieldSpec(
                        "next_kind",
                        "Næste opfølgnings art",
                        kind="choice",
                        value=kind,
                        choices=[(k.label, k) for k in FollowUpKind],
                    ),
                    FieldSpec("next_worker", "Hos", kind="choice", value=people[0][1], choices=people),
                ],
                submit,
                intro=f"Mødet har {count} aftale{'r' if count != 1 else ''}. Svar, der udfylder felter "
                "(timer, delmål, mål, progression), gemmes nu i sagen.",
            ),
            closed,
        )

    def action_cancel_meeting(self) -> None:
        if self.view is None or self._refuse_if_held():
            return

        def answered(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self.desk.query(lambda s: cancel_meeting(s, self.editor(), self.meeting_id, reason))
            except EditError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify("Mødet er aflyst; en planlagt opfølgning er stadig planlagt.", title="Aflyst")
            self.load()

        self.app.push_screen(
            TextPromptModal("Aflys møde", "Hvorfor aflyses mødet?", required_message="Skriv en grund."), answered
        )

    # --- export ------------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.view is None:
            return
        self.flush(wait=True)
        self.stv_app.export_meeting(self.meeting_id)


@dataclass
class _AnswerLike:
    """What answered_values reads of a stored answer, for answers still being typed."""

    value: str
    note: str = ""
