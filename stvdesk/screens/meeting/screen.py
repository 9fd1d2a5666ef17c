"""A meeting, walked item by item through its dialogue guide.

Left: the guide's outline (✓ answered: the answer itself, a note alone is none). Right: the item in focus with its answer and a note.
Bottom: the agreements so far. Every answer is stored as it is typed (a short pause, moving
on, or leaving the screen), so closing the app loses nothing: the meeting stays "I gang"
and is resumed from the citizen's file or Min dag.

The focus is in the answer: when the meeting opens (at the item it was left at, a new one at its
first), after Enter (which stores the answer and moves on, in every kind of item; a number or a
date that cannot be read, or a date gone by, stays once and says why) and under every
dialog (put there as the dialog opens, so keys typed while it closes land in the answer, in
order), so what is typed goes into the answer and never runs a command. Text typed on a tick, a
choice, a rating or an income estimate goes into the item's note, never into the answer. A
finished meeting is read-only: its answers are shown, not editable, and the keys that would
change it are not offered (`check_action`). ctrl+f finishes the
meeting (a form) from every item and the outline; on a 1–5 rating the digits give the rating.
Escape goes to the outline, where the letters act: a new agreement, d removes the agreement
chosen, e exports the summary and c cancels the meeting (both asked first, j/n). PgDn/PgUp next
and previous item from anywhere; ↑/↓ and Enter in the outline.

The parts are modules of their own: the outline, the item pane with an answer editor per kind
of item, the agreements, and finishing (finish, cancel, export).
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Iterable
from typing import Any

from rich.markup import escape
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Checkbox, Input, OptionList, RadioSet, Static

from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.meetings import MeetingView, meeting_view
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import MeetingStatus
from stvdesk.domain.meetings import NO, YES
from stvdesk.domain.privacy import shown_name
from stvdesk.guides.schema import Guide, Item
from stvdesk.screens.base import DeskScreen
from stvdesk.screens.meeting import finish
from stvdesk.screens.meeting.agreements import AgreementsTable
from stvdesk.screens.meeting.answers import (
    AnswerEditor,
    AnswerGiven,
    IncomeAnswer,
    IncomeWanted,
    Pending,
    TextAnswer,
    normalized,
    store_answers,
)
from stvdesk.screens.meeting.item import ItemPane
from stvdesk.screens.meeting.outline import MeetingOutline, item_index
from stvdesk.widgets.data_path import DataPath, Failed, danish_failure
from stvdesk.widgets.keys import binds_below
from stvdesk.widgets.privacy import private_text

SAVE_PAUSE = 0.4  # seconds of quiet typing before an answer is written


class MeetingScreen(DataPath, DeskScreen):
    TITLE_DA = "Møde"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="meeting.back"),
        Binding("pagedown", "step(1)", "Næste punkt", key_display="PgDn", priority=True, id="meeting.next"),
        Binding("pageup", "step(-1)", "Forrige", key_display="PgUp", priority=True, id="meeting.previous"),
        Binding("a", "new_agreement", "Ny aftale", id="meeting.agreement"),
        Binding("d", "remove_agreement", "Fjern aftale", show=False, id="meeting.remove_agreement"),
        # A ctrl-key, not a letter: it acts in every kind of answer (a letter would type in a text
        # answer and be consumed by a tick-box or a choice) and the key bar shows it there.
        Binding("ctrl+f", "finish", "Afslut møde", key_display="^f", id="meeting.finish"),
        Binding("e", "export", "Eksport", id="meeting.export"),
        Binding("c", "cancel_meeting", "Aflys møde", show=False, id="meeting.cancel"),
    ]
    KEY_HELP = {
        "meeting.agreement": "Skriv en aftale med ansvarlig og frist",
        "meeting.finish": "Aftaler, næste opfølgning og felterne gemmes",
        "meeting.export": "Mødets resumé som tekst eller Markdown, også uden CPR og efternavne (spørger først)",
        "meeting.cancel": "Aflys mødet med en begrundelse (spørger først)",
    }

    def __init__(self, meeting_id: uuid.UUID) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.view: MeetingView | None = None
        self.guide: Guide | None = None
        self.current: int = 0  # index into guide.items
        self.pending: dict[str, Pending] = {}  # typed, not yet stored
        self.answers: dict[str, Pending] = {}  # as shown: stored, and typed on top
        self._save_timer: Timer | None = None
        self._showing: str | None = None  # the id of the item shown
        self._unsent: dict[int, dict[str, Pending]] = {}  # answers handed to a worker not yet begun
        self._batches = itertools.count()
        self._left = False  # left with Escape: the item shown is stored already
        self._enter_held: tuple[str, str] | None = None  # (item, answer) Enter stayed on: a problem said
        # Kept, not queried: the screen still reads what was typed while its widgets leave.
        self.outline = MeetingOutline(id="meeting-outline")
        self.item_pane = ItemPane(id="meeting-item")
        self.agreements = AgreementsTable(meeting_id, self.reload, self.type_ahead, id="meeting-agreements")

    # --- layout and loading ---------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static("Indlæser mødet …", id="meeting-title")
        with Horizontal(id="meeting-main"):
            yield self.outline
            yield self.item_pane
        yield Static("", id="meeting-agreements-title")
        yield self.agreements

    @property
    def _answer(self) -> AnswerEditor | None:
        """The answer editor of the item shown."""
        return self.item_pane.editor

    def on_mount(self) -> None:
        self.call_after_refresh(self.reload)  # the item pane must be mounted before an answer goes in

    def reload(self) -> None:
        meeting_id = self.meeting_id
        self.load(lambda s: meeting_view(s, meeting_id), self.show, group="meeting-load")

    def show(self, view: MeetingView | None) -> None:
        if view is None:
            self.query_one("#meeting-title", Static).update("[red]Mødet findes ikke (længere).[/red]")
            return
        first_load = self.view is None
        was_held = self.held
        self.view = view
        self.guide = self.stv_app.guide_library().get(view.meeting.guide_id, view.meeting.guide_version)
        self.answers = {item_id: Pending(a.value, a.note) for item_id, a in view.answers.items()}
        self.answers.update(self.pending)  # what is typed but not yet stored wins
        if first_load and self.guide is not None:
            self.current = self._resume_at(view)
        self.render_title()
        self.agreements.show(view, self.held)
        if was_held != self.held:
            self.refresh_bindings()  # the key bar drops what a finished meeting cannot do
        if self.guide is None:
            self.item_pane.say(
                f"[red]Guiden {escape(view.meeting.guide_id)} version {view.meeting.guide_version} er ikke indlæst "
                "(se Dialogguider, F7). Svarene er gemt og kan eksporteres med e.[/red]"
            )
            return
        self.render_outline()
        if first_load or was_held != self.held:
            # Straight into the answer: what is typed first is an answer, never a command. Once
            # finished (here, or elsewhere), the item is shown again read-only and the focus is on
            # the outline, where the letters act (e exports): no key types into a held meeting.
            self.show_item(self.current, focus=not self.held)
            if self.held:
                self.outline.focus()

    @property
    def held(self) -> bool:
        return self.view is not None and self.view.meeting.status is not MeetingStatus.IN_PROGRESS

    def _resume_at(self, view: MeetingView) -> int:
        """Where the meeting opens: at the item the worker was at when it was left, which is the
        answer stored last (leaving stores the item shown, answered or not: `_left_at`), so a
        meeting resumed goes on where it stopped, not at an item skipped on purpose. A meeting
        with nothing stored opens at its first unanswered item."""
        if self.guide is None:
            return 0
        index = {item.id: i for i, item in enumerate(self.guide.items)}
        stored = [answer for item_id, answer in view.answers.items() if item_id in index]
        if not stored:
            return self._first_unanswered()
        return index[max(stored, key=lambda answer: answer.updated_at).item_id]

    def _first_unanswered(self) -> int:
        if self.guide is None:
            return 0
        items = self.guide.items
        return next((i for i, item in enumerate(items) if not self._answered(item.id)), 0)

    def _answered(self, item_id: str) -> bool:
        """✓ in the outline: the item itself is answered. A note alone answers nothing (a tick or a
        rating with only a note is still to be given)."""
        answer = self.answers.get(item_id)
        return bool(answer and answer.value.strip())

    def refresh_privacy(self) -> None:
        """F4: the title (its summary), the agreements and the item's answer and note again, as
        privacy mode lets them be shown; what was typed is kept first."""
        if self.view is None:
            return
        self.render_title()
        self.agreements.show(self.view, self.held)
        if self.guide is not None and self._showing is not None:
            had_focus = self._in_answer()
            self.show_item(self.current, focus=had_focus)
            if not had_focus and self.focused is None:
                self.outline.focus()

    def shown(self, text: str) -> str:
        """Free text a worker wrote (an answer, a note, the summary, an agreement) as privacy mode
        lets it be shown: the citizen's names and every CPR-like number hidden while it is on."""
        return private_text(self, text)

    def private_names(self) -> Iterable[str]:
        return (self.view.citizen_name,) if self.view is not None else ()

    def render_title(self) -> None:
        view = self.view
        if view is None:
            return
        m = view.meeting
        name = escape(shown_name(view.citizen_name, self.stv_app.privacy))
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
            else f"[b]{m.status.label}[/b]"
            + (f" {format_date(m.held_on)} · {escape(self.shown(m.summary))}" if m.held_on else "")
        )
        self.query_one("#meeting-title", Static).update(
            f"[b]{escape(m.title)}[/b] · {name} · {when}" + (f" · {how}" if how else "") + f" · {status}\n"
            f"Deltagere: {', '.join(p for p in people if p)}  ·  Guide: {escape(m.guide_id)} v{m.guide_version} "
            f"({escape(origin)})"
        )

    def render_outline(self) -> None:
        if self.guide is not None:
            # Redrawn in place: putting the highlight back is no move. Were it posted, it would
            # arrive after a step made in the same turn (Enter stores, marks ✓ and moves on) and
            # take the meeting back to the item just left.
            with self.outline.prevent(OptionList.OptionHighlighted):
                self.outline.render_guide(self.guide, self._answered, self.current)

    # --- one item -------------------------------------------------------------------------

    def show_item(self, index: int, focus: bool = False) -> None:
        if self.guide is None or not self.guide.items:
            return
        if not self.item_pane.ready:
            self.call_after_refresh(self.show_item, index, focus)  # loaded before the layout was mounted
            return
        self._capture()
        index = max(0, min(index, len(self.guide.items) - 1))
        self.current = index
        item = self.guide.items[index]
        self._showing = item.id
        today = self.desk.clock.today()
        answer = self.answers.get(item.id, Pending("", ""))
        self.item_pane.show(self.guide, index, answer, self.held, today, self.shown)
        self.outline.highlight_item(index)
        if focus and not self.held:
            self._focus_answer()

    def _capture(self) -> None:
        """Take what the answer editor shows now, so nothing typed is lost on moving on."""
        if self._answer is None or self._showing is None or self.held:
            return
        current = self.answers.get(self._showing, Pending("", ""))
        new = self.item_pane.typed(current)
        item = self._current_item()
        if item is not None:  # a date as the desk writes it, once it can be read (`normalized`)
            new = Pending(normalized(item, new.value, self.desk.clock.today()), new.note)
        if new != current:
            self.answers[self._showing] = new
            self.pending[self._showing] = new

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
        self.item_pane.show_problem(item, new.value, self.desk.clock.today())
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_PAUSE, self.flush)
        if bool(old.value.strip()) != self._answered(item.id):
            self.render_outline()

    @on(Input.Changed, ".answer")
    def _typed(self, event: Input.Changed) -> None:
        # A disabled answer is shown, not typed (held, or masked in privacy mode): what it holds
        # may be the mask, never an answer.
        if event.input is self._answer and not event.input.disabled:
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
        """Enter stores the answer and moves on. An answer that cannot be read (a number, a date)
        or a date gone by stays on the item with the reason shown at once: moving on would leave a
        ✓ on an answer finishing then refuses, and the reason unseen. A second Enter on the same
        text moves on, the answer kept as written (a worker may mean it and fix it later)."""
        event.stop()
        item = self._current_item()
        if item is not None and event.input is self._answer and not self.held:
            held_back = (item.id, event.value)
            problem = self.item_pane.show_problem(
                item, event.value, self.desk.clock.today(), enter_held=self._enter_held != held_back
            )
            if problem and self._enter_held != held_back:
                self._enter_held = held_back
                self.flush()  # stored as written all the same
                return
        self._enter_held = None
        self.action_step(1, focus_answer=True)

    @on(AnswerGiven)
    def _given_on_enter(self, event: AnswerGiven) -> None:
        """Enter on a check box, a choice or an income estimate: stored as it stands, and on to
        the next item."""
        event.stop()
        if event.value is not None:
            self._answer_changed(value=event.value)
        self.action_step(1, focus_answer=True)

    @on(IncomeWanted)
    def _open_income(self, event: IncomeWanted) -> None:
        """Enter on an income item without an estimate, or space on one: the calculator for the
        meeting's citizen; its ctrl+s makes the estimate the item's answer, stored at once, and
        moves on to the next item, as Enter does on every other kind (002, tabel 5-1: hjælp til
        at beregne indkomst ved ordinære timer). Escape in the calculator stays on the item."""
        event.stop()
        item = self._current_item()
        if self.view is None or item is None or self.refuse_if_held():
            return
        citizen_id = self.view.meeting.citizen_id
        if citizen_id is None:
            self.notify("Mødet har ingen borger at regne på.", severity="warning")
            return
        from stvdesk.screens.income import open_income_calculator  # deferred: only this item needs it

        def use(text: str) -> None:
            if self._showing != item.id:  # the calculator is modal: the item is still shown
                return
            if isinstance(self._answer, IncomeAnswer):
                self._answer.set_estimate(text)
            self._answer_changed(value=text)
            self.action_step(1, focus_answer=True)  # stores it (flush) and shows the next item

        open_income_calculator(self, citizen_id, use)

    @on(events.ScreenSuspend)
    def _answer_under_dialog(self) -> None:
        """A dialog opens over the meeting (an agreement, a question, help): the focus goes to the
        answer now, under the dialog. Keys typed while the dialog closes are handed to the focus
        of the screen below as soon as it is gone, before the meeting hears of it (ScreenResume):
        had the focus stayed on the outline, where the dialog was opened from, they would run its
        letters (`a` a new agreement) or be lost."""
        if self.view is not None and self.guide is not None and not self.held:
            self._focus_answer()

    @on(events.ScreenResume)
    def _answer_after_dialog(self) -> None:
        """Back from any dialog: the focus is in the answer (put there as the dialog opened; again
        here, should the dialog have moved the item on), so that typing goes on there."""
        if self.view is not None and self.guide is not None and not self.held:
            self.call_after_refresh(self._focus_answer_unless_typing)

    def _focus_answer_unless_typing(self) -> None:
        # Text handed over as the dialog closed may have gone into the note: it keeps the focus.
        if not self._in_answer():
            self._focus_answer()

    def type_ahead(self, text: str) -> None:
        """Keys typed in a dialog after its ctrl+s, while it was storing (`agreements.AgreementForm`),
        handed over as it closes: typed on into the answer (on a tick, a choice or a rating, into
        the note), before any key typed after it."""
        answer = self._answer
        if not text or self.held or answer is None:
            return
        if isinstance(answer, TextAnswer) and not answer.disabled:
            self.set_focus(answer)
            answer.insert_text_at_cursor(text)
            return
        self._start_note(text)

    def _start_note(self, text: str) -> None:
        """Text typed on an answer that is no text: into the item's note, at its end, focused now
        (not later, as `focus()` does) so the keys typed after it go there too."""
        note = self.item_pane.note
        if note.disabled:
            return
        if not note.value:
            text = text.lstrip()  # a space before the first word is no text yet
            if not text:
                return
        self.set_focus(note)
        note.cursor_position = len(note.value)
        note.insert_text_at_cursor(text)

    @on(events.Key)
    def _text_on_a_choice(self, event: events.Key) -> None:
        """A key that types, on a tick, a choice, a rating or an income estimate, that the answer
        does not bind itself (a rating's digit, a tick's space): text, which starts the item's note
        rather than being lost (no letter acts there, `TypingControl`). The rest of a burst, sent to
        the answer before the first key moved the focus, follows it into the note in order (as on
        the Sagsstamme's list, `DeskScreen._keyboard_contract`), spaces too: a space typed after a
        letter never ticks or chooses."""
        if not event.is_printable or event.character is None or self.held:
            return
        answer, note, focused = self._answer, self.item_pane.note, self.focused
        if answer is None or isinstance(answer, TextAnswer) or focused is None:
            return
        if focused is note:
            # Only keys sent to another widget bubble up here (a field keeps the keys it types):
            # the answer's, queued before an earlier key of the burst moved the focus.
            event.stop()
            event.prevent_default()
            note.call_later(note.insert_text_at_cursor, event.character)
            return
        if focused is not answer or binds_below(focused, event.key, self):
            return
        event.stop()
        event.prevent_default()
        self._start_note(event.character)

    def field_home(self) -> MeetingOutline:
        return self.outline

    @on(OptionList.OptionHighlighted, "#meeting-outline")
    def _outline_moved(self, event: OptionList.OptionHighlighted) -> None:
        index = item_index(event.option.id)
        if (index is not None and index != self.current) or self._showing is None:
            self.show_item(index if index is not None else 0)
            self.flush()

    @on(OptionList.OptionSelected, "#meeting-outline")
    def _outline_chosen(self, event: OptionList.OptionSelected) -> None:
        self._focus_answer()

    def _focus_answer(self) -> None:
        """The focus to the answer, now. An answer shown masked (privacy mode) takes none: then the
        note, or the outline."""
        if self.held:
            return
        for widget in (self._answer, self.item_pane.note, self.outline):
            if widget is not None and not widget.disabled and widget.is_attached:
                self.set_focus(widget)
                return

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
        return Editor(worker_id=self.desk.me.id, today=self.desk.clock.today())

    def take_typed(self) -> dict[str, Pending]:
        """What is typed and not yet stored, handed over to be written (by whoever calls)."""
        self._capture()
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        batch, self.pending = dict(self.pending), {}
        return batch

    def typed_not_stored(self, batch: dict[str, Pending]) -> Failed:
        """A failed write of `batch`: said, and the answers kept to be written with the next."""

        def failed(message: str) -> None:
            for item_id, answer in batch.items():
                self.pending.setdefault(item_id, answer)  # typed again since: the newer wins
            self.notify(f"Svaret blev ikke gemt: {message}", severity="error", timeout=10)

        return failed

    def flush(self) -> None:
        """Write what is typed and not yet stored, in a worker."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.pending:
            return
        batch, self.pending = dict(self.pending), {}
        editor, meeting_id, unsent = self.editor(), self.meeting_id, self._unsent
        key = next(self._batches)
        unsent[key] = batch

        def write(session: Any) -> None:  # Any: screens name no SQL types (the layer rule)
            # Whoever takes the batch first writes it: this worker, or the screen as it goes
            # (a worker that has not begun when the screen goes never runs).
            if unsent.pop(key, None) is not None:
                store_answers(session, editor, meeting_id, batch)

        self.save(write, failed=self.typed_not_stored(batch))

    def _left_at(self, batch: dict[str, Pending]) -> dict[str, Pending]:
        """`batch` to be written as the screen is left, with the item shown written last (answered
        or not, unchanged or not): its answer is then the newest, and the meeting opens there
        again (`_resume_at`)."""
        if self._showing is None or self.held or self._left:
            return batch
        shown = batch.pop(self._showing, None) or self.answers.get(self._showing, Pending("", ""))
        return {**batch, self._showing: shown}

    def _left_unsent(self) -> dict[str, Pending]:
        """The batches no worker has begun to write, oldest first, merged (a newer answer wins)."""
        merged: dict[str, Pending] = {}
        for key in sorted(self._unsent):
            merged.update(self._unsent.pop(key, {}))
        return merged

    async def on_unmount(self) -> None:
        # The screen is going (Escape has stored everything already; this is F-keys and quitting).
        # A worker of the screen would be cancelled with it, and a write takes 15–50 ms (SQLite
        # syncs every commit to disk), too long for the UI thread: the write runs in a thread
        # that Textual awaits before it lets the screen, or the app, go.
        batch = self._left_at({**self._left_unsent(), **self.take_typed()})
        if not batch:
            return
        desk, editor, meeting_id = self.desk, self.editor(), self.meeting_id
        try:
            await asyncio.to_thread(desk.run, lambda s: store_answers(s, editor, meeting_id, batch))
        except Exception as exc:  # said, though the screen is going
            self.app.notify(f"Svaret blev ikke gemt: {danish_failure(exc)}", severity="error", timeout=15)

    def action_back(self) -> None:
        if self.focused is not None and self.focused.id != "meeting-outline" and self.guide is not None:
            self.outline.focus()
            return
        batch = self._left_at(self.take_typed())

        def stored(_result: None = None) -> None:
            self._left = True
            if not self.held and self.view is not None:
                self.notify("Mødet er gemt og kan genoptages fra borgerens sag eller Min dag.", title="Møde i gang")
            self.app.pop_screen()

        if not batch:
            stored()
            return
        editor, meeting_id = self.editor(), self.meeting_id
        # Leave once stored: a failure keeps the meeting open with the answers as typed.
        self.save(lambda s: store_answers(s, editor, meeting_id, batch), stored, failed=self.typed_not_stored(batch))

    # --- agreements, finishing, export ---------------------------------------------------------

    #: What changes a meeting: a finished (or cancelled) one cannot, so the key bar, help and the
    #: palette leave these keys out rather than offer keys that only say no.
    CHANGES = frozenset({"new_agreement", "remove_agreement", "finish", "cancel_meeting"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.CHANGES and self.held:
            return False
        return super().check_action(action, parameters)

    def refuse_if_held(self) -> bool:
        if self.held:
            self.notify("Mødet er afsluttet og kan ikke ændres.", severity="warning")
        return self.held

    def action_new_agreement(self) -> None:
        if self.view is not None and not self.refuse_if_held():
            self.agreements.new_agreement()

    def action_remove_agreement(self) -> None:
        if self.view is not None and not self.refuse_if_held():
            self.agreements.remove_chosen(self.view)

    def action_finish(self) -> None:
        finish.finish(self)

    def action_cancel_meeting(self) -> None:
        if self.view is not None and not self.refuse_if_held():
            self.ask_first("Aflys mødet? Bagefter skriver du hvorfor.", lambda: finish.cancel(self))

    def action_export(self) -> None:
        if self.view is not None:
            self.ask_first("Eksportér mødets resumé til en fil?", lambda: finish.export(self))
