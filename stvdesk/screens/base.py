"""A screen with the desk's header and footer around its body."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen

from stvdesk.db.queries.followups import FollowUpError, mark_held, plan_follow_up, propose_next
from stvdesk.domain.cadence import Proposal
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import ContactForm, FollowUpKind
from stvdesk.screens.hold_follow_up import HoldFollowUpModal
from stvdesk.widgets.header import DeskHeader, header_text
from stvdesk.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from stvdesk.app import StvdeskApp
    from stvdesk.context import DeskContext


class DeskScreen(Screen):
    """Subclasses implement compose_body()."""

    #: the title in the command palette and the help screen
    TITLE_DA = ""

    @property
    def desk(self) -> DeskContext:
        return self.stv_app.desk

    @property
    def stv_app(self) -> StvdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield DeskHeader(self._header_text(), id="desk-header")
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def _header_text(self) -> str:
        ctx = self.desk
        return header_text(ctx.worker, ctx.clock.today(), ctx.demo, self.stv_app.privacy, self._sync_text())

    def _sync_text(self) -> str:
        if not self.desk.syncs:
            return ""
        from stvdesk.clock import format_instant
        from stvdesk.sync.run import status
        from stvdesk.widgets.header import sync_text

        state = self.desk.query(status)
        return sync_text(format_instant(state.last_ok) if state.last_ok else None, state.waiting, state.open_conflicts)

    def refresh_header(self) -> None:
        self.query_one("#desk-header", DeskHeader).update(self._header_text())

    @on(events.ScreenResume)
    def _sync_header_on_resume(self) -> None:
        """Changes made on another screen (or conflicts chosen) change the waiting counts."""
        if self.desk.syncs and self.is_mounted:
            self.refresh_header()

    def privacy_changed(self) -> None:
        """Privacy mode was switched: redraw the header, then what the screen shows."""
        self.refresh_header()
        self.refresh_privacy()

    def refresh_privacy(self) -> None:
        """Screens that show names or CPR numbers redraw them here."""

    def data_changed(self) -> None:
        """Many rows changed at once below this screen (an import): screens that list rows and do
        not reload when shown again reload here."""

    # --- holding a follow-up: the same dialog and save from every screen ----------------------

    @dataclass
    class FollowUpHeld(Message):
        follow_up_id: uuid.UUID
        citizen_id: uuid.UUID | None
        worker_id: uuid.UUID
        proposal: Proposal | None

    @dataclass
    class HoldRefused(Message):
        text: str

    def hold_follow_up(self, follow_up_id: uuid.UUID, description: str, kind: FollowUpKind | None = None) -> None:
        """Ask for the note and the form of contact, then store the follow-up as held today."""
        today = self.desk.clock.today()

        def answered(answer: tuple[str, ContactForm] | None) -> None:
            if answer is not None:
                self._save_held(follow_up_id, *answer)

        self.app.push_screen(HoldFollowUpModal(description, format_date(today), kind), answered)

    @work(thread=True, exit_on_error=False, group="hold-follow-up")
    def _save_held(self, follow_up_id: uuid.UUID, note: str, form: ContactForm) -> None:
        worker = self.desk.worker
        assert worker is not None
        today = self.desk.clock.today()
        cadence = self.desk.settings.cadence_for(worker.team_name)

        def hold(session):
            held = mark_held(session, follow_up_id, held_on=today, by_worker=worker.id, note=note, form=form)
            return held.citizen_id, held.worker_id, propose_next(session, follow_up_id, cadence)

        try:
            citizen_id, owner_id, proposal = self.desk.query(hold)
        except FollowUpError as exc:
            self.post_message(self.HoldRefused(str(exc)))
            return
        self.post_message(self.FollowUpHeld(follow_up_id, citizen_id, owner_id, proposal))

    def on_desk_screen_follow_up_held(self, message: DeskScreen.FollowUpHeld) -> None:
        self.notify("Opfølgningen er markeret som afholdt.", title="Gemt")
        self.after_follow_up_held()
        if message.proposal is None or message.citizen_id is None:
            return
        from stvdesk.screens.next_follow_up import NextFollowUpModal

        proposal, citizen_id, owner_id = message.proposal, message.citizen_id, message.worker_id

        def chosen(due) -> None:
            if due is None:
                return
            self.desk.query(
                lambda session: plan_follow_up(
                    session,
                    citizen_id=citizen_id,
                    worker_id=owner_id,
                    kind=proposal.kind,
                    due_on=due,
                    by_worker=self.desk.worker.id,
                )
            )
            self.notify(f"Næste opfølgning planlagt {format_date(due)}.", title="Planlagt")
            self.after_follow_up_held()

        self.app.push_screen(NextFollowUpModal(proposal, self.desk.clock.today()), chosen)

    def on_desk_screen_hold_refused(self, message: DeskScreen.HoldRefused) -> None:
        self.notify(message.text, severity="error", timeout=10)

    def after_follow_up_held(self) -> None:
        """Reload what the screen shows; each screen says how."""

    def start_meeting_for(self, line) -> None:
        """Start a meeting for the citizen of a planned follow-up (an AgendaLine); finishing it
        marks that follow-up held."""
        if line is None or line.citizen_id is None:
            self.notify("Vælg en opfølgning med en borger.", severity="warning")
            return
        from stvdesk.screens.meeting_start import open_start_form

        open_start_form(self, line.citizen_id, line.follow_up_id)


def cycle_filter(options: list, current):
    """The next of `options` after `current`, with None (no filter) between the ends: what a
    filter key does on each press."""
    values = [None, *options]
    return values[(values.index(current) + 1) % len(values)]


class TabTables:
    """For screens with a DataTable and a hint line per tab (`#{tab}-table`, `#{tab}-hint`):
    refill a table and keep the cursor where it was."""

    def _table(self, tab: str, columns: list[str], hint: str):
        from textual.widgets import DataTable, Static

        table = self.query_one(f"#{tab}-table", DataTable)
        table._stv_cursor = table.cursor_row  # put back by _restore
        table.clear(columns=True)
        table.add_columns(*columns)
        self.query_one(f"#{tab}-hint", Static).update(f"[dim]{hint}[/dim]")
        return table

    @staticmethod
    def _restore(table) -> None:
        if table.row_count:
            table.move_cursor(row=min(getattr(table, "_stv_cursor", 0), table.row_count - 1))
