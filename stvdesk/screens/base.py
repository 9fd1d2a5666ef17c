"""A screen with the desk's header and footer around its body."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from rich.markup import escape
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from stvdesk.domain.cadence import Proposal
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import ContactForm, FollowUpKind
from stvdesk.screens.hold_follow_up import HoldFollowUpModal
from stvdesk.settings import readable_key
from stvdesk.widgets.data_path import load_on, save_on
from stvdesk.widgets.header import DeskHeader, header_text
from stvdesk.widgets.key_order import working
from stvdesk.widgets.keybar import KeyBar
from stvdesk.widgets.keys import binds_below, in_field, key_of

if TYPE_CHECKING:
    from textual.widgets import DataTable, Input

    from stvdesk.context import DeskContext
    from stvdesk.domain.agenda import AgendaLine
    from stvdesk.screens.shell import DeskShell
    from stvdesk.widgets.fast_table import Col

_T = TypeVar("_T")
_W = TypeVar("_W", bound=Widget)


def desk_app(node: DOMNode) -> DeskShell:
    """The running app as the desk's shell: every screen and modal of stvdesk runs in it."""
    return cast("DeskShell", node.app)


class DeskScreen(Screen[None]):
    """Subclasses implement compose_body()."""

    #: the title in the command palette and the help screen
    TITLE_DA = ""
    #: what a key does beyond its name (its description), by binding id: the explanation in help
    #: (F1) and the help line in the command palette, which both take the key itself from the
    #: bindings after the keymap, so none of these texts names a key
    KEY_HELP: ClassVar[Mapping[str, str]] = {}
    #: On a screen with a search above its list: the action Enter runs on the list (opening the
    #: highlighted row). In a field Enter never acts, it takes the focus to the list (`to_list`);
    #: the screen binds Enter to both and `check_action` leaves in only the one that acts now, so
    #: the key bar says what Enter does ("Til listen" in the search, "Åbn" on the list).
    LIST_ENTER: ClassVar[str] = ""

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands in the palette beyond the screen's keys (each binding is one already)."""
        return ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.LIST_ENTER and action in ("to_list", self.LIST_ENTER):
            return in_field(self.focused) == (action == "to_list")
        return True

    def action_to_list(self) -> None:
        """Enter in a field: the focus goes to the screen's list, the field's text kept."""
        home = self.field_home()
        if home is not None:
            home.focus()

    @property
    def desk(self) -> DeskContext:
        return self.stv_app.desk

    @property
    def stv_app(self) -> DeskShell:
        return desk_app(self)

    def compose(self) -> ComposeResult:
        yield DeskHeader(*self._header_texts(), id="desk-header")
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - abstract
        raise NotImplementedError

    #: a syncing laptop's state in the header, as last read (see `_read_sync_state`)
    _sync_line = ""

    def _header_texts(self) -> tuple[str, str]:
        """The header in full and compact (a narrow terminal): DeskHeader shows the one that fits."""
        ctx = self.desk
        today, privacy, sync = ctx.clock.today(), self.stv_app.privacy, self._sync_line
        return (
            header_text(ctx.worker, today, ctx.demo, privacy, sync),
            header_text(ctx.worker, today, ctx.demo, privacy, sync, compact=True),
        )

    def _draw_header(self) -> None:
        self.query_one("#desk-header", DeskHeader).show(*self._header_texts())

    def refresh_header(self) -> None:
        """Redraw the header now; on a laptop that syncs, again once the sync state is read."""
        self._draw_header()
        if self.desk.syncs:
            self._read_sync_state()

    def _read_sync_state(self) -> None:
        """The sync state's three counts, read in a worker (the header is drawn without them
        first, and again when they come)."""
        from stvdesk.sync.run import SyncStatus, status
        from stvdesk.widgets.header import sync_text, sync_when

        def shown(state: SyncStatus) -> None:
            last_ok = sync_when(state.last_ok, self.desk.clock.today()) if state.last_ok else None
            key = readable_key(key_of(self.app, "app.conflicts") or "f12")
            self._sync_line = sync_text(last_ok, state.waiting, state.open_conflicts, key)
            if self.is_mounted:
                self._draw_header()

        def failed(message: str) -> None:
            self._sync_line = f"[b red]Synk.: {escape(message)}[/]"
            if self.is_mounted:
                self._draw_header()

        load_on(self, status, shown, group="sync-state", failed=failed)

    @on(events.ScreenResume)
    def _sync_header_on_resume(self) -> None:
        """Changes made on another screen (or conflicts chosen) change the waiting counts."""
        if self.desk.syncs and self.is_mounted:
            self.refresh_header()

    def privacy_changed(self) -> None:
        """Privacy mode was switched: redraw the header, then what the screen shows."""
        self._draw_header()
        self.refresh_privacy()

    def refresh_privacy(self) -> None:
        """Screens that show names or CPR numbers redraw them here."""

    def private_names(self) -> Iterable[str]:
        """The citizens' names this screen holds: while privacy is on, a notification is cleaned
        of them (and of CPR-like numbers) whoever wrote it (StvdeskApp.notify)."""
        return ()

    def data_changed(self) -> None:
        """Many rows changed at once below this screen (an import): screens that list rows and do
        not reload when shown again reload here."""

    # --- the keyboard contract (ARCHITECTURE.md, "Keyboard contract") -------------------------

    @on(events.Key)
    def _keyboard_contract(self, event: events.Key) -> None:
        """Escape leaves a field for its list (a field that binds Escape itself, an open Select,
        keeps it). On a list, a key that types and that no binding takes goes to the screen's
        field (`typing_field`) and starts it afresh: a name typed on the list is not lost."""
        focused = self.focused
        if event.key == "escape":
            if in_field(focused) and not binds_below(focused, "escape", self):
                event.stop()
                event.prevent_default()
                self.leave_field()
            return
        if focused is None or not event.is_printable or event.character is None:
            return
        field = self.typing_field()
        if field is not None and focused is field:
            # A field never lets a key it types bubble up, so this one was sent to the list
            # before an earlier key of the same burst moved the focus here: it is typed after
            # that key (the same queue keeps them in order), not lost.
            event.stop()
            event.prevent_default()
            field.call_later(_type_more, field, event.character)
            return
        if in_field(focused) or field is None or not field.focusable or event.key in self.active_bindings:
            return
        event.stop()
        event.prevent_default()
        # Focused now (not later, as `focus()` does), so the field handles its Focus (a search
        # selects its text) before the key typed is put in, and both before the next key.
        self.set_focus(field)
        field.call_later(_start_typing, field, event.character)

    def field_home(self) -> Widget | None:
        """Where Escape takes the focus from a field: the screen's first list or table shown."""
        from textual.widgets import DataTable, OptionList

        return next((w for w in self.query(DataTable).results() if w.focusable), None) or next(
            (w for w in self.query(OptionList).results() if w.focusable), None
        )

    def leave_field(self) -> None:
        """Escape in a field: the focus goes to the screen's list (`field_home`)."""
        home = self.field_home()
        if home is not None:
            home.focus()
        else:
            self.set_focus(None)

    def typing_field(self) -> Input | None:
        """The field a key typed on the screen's list goes to (a search), if it has one."""
        return None

    def ask_first(self, question: str, then: Callable[[], None]) -> None:
        """A key that ends, cancels, removes, exports or sends asks j/n first (ConfirmModal)."""
        from stvdesk.widgets.form import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmModal(question), answered)

    def answer_pending(self) -> bool:
        """A follow-up marked held is being stored, and the next one's proposal comes of it: the
        keys typed behind the hold's Enter wait for it (widgets/key_order.py), so a second Enter
        accepts the proposal instead of opening the row under it."""
        return working(self, "hold-follow-up")

    # --- holding a follow-up: the same dialog and save from every screen ----------------------

    def hold_follow_up(self, follow_up_id: uuid.UUID, description: str, kind: FollowUpKind | None = None) -> None:
        """Ask for the note and the form of contact, then store the follow-up as held today."""
        today = self.desk.clock.today()

        def answered(answer: tuple[str, ContactForm] | None) -> None:
            if answer is not None:
                self._save_held(follow_up_id, *answer)

        self.app.push_screen(HoldFollowUpModal(description, format_date(today), kind), answered)

    def _save_held(self, follow_up_id: uuid.UUID, note: str, form: ContactForm) -> None:
        worker = self.desk.me
        today = self.desk.clock.today()
        cadence = self.desk.settings.cadence_for(worker.team_name)

        def hold(
            session: Any,
        ) -> tuple[uuid.UUID | None, uuid.UUID, Proposal | None]:  # Any: screens name no SQL types (the layer rule)
            # The queries are imported where they run: the first frame is painted without them.
            from stvdesk.db.queries.followups import mark_held, propose_next

            held = mark_held(session, follow_up_id, held_on=today, by_worker=worker.id, note=note, form=form)
            return held.citizen_id, held.worker_id, propose_next(session, follow_up_id, cadence)

        def held(result: tuple[uuid.UUID | None, uuid.UUID, Proposal | None]) -> None:
            self._follow_up_held(*result)

        # Through the data path of any screen (a screen's own `load` may be its loader).
        save_on(self, hold, held, failed=self._hold_refused, group="hold-follow-up")

    def _follow_up_held(self, citizen_id: uuid.UUID | None, owner_id: uuid.UUID, proposal: Proposal | None) -> None:
        self.notify("Opfølgningen er markeret som afholdt.", title="Gemt")
        self.after_follow_up_held()
        if proposal is None or citizen_id is None:
            return
        from stvdesk.screens.next_follow_up import NextFollowUpModal

        by_worker = self.desk.me.id

        def planned(due: date) -> None:
            self.notify(f"Næste opfølgning planlagt {format_date(due)}.", title="Planlagt")
            self.after_follow_up_held()

        def chosen(due: date | None) -> None:
            if due is None:
                return
            from stvdesk.db.queries.followups import plan_follow_up

            save_on(
                self,
                lambda session: plan_follow_up(
                    session,
                    citizen_id=citizen_id,
                    worker_id=owner_id,
                    kind=proposal.kind,
                    due_on=due,
                    by_worker=by_worker,
                ),
                lambda _follow_up: planned(due),
                failed=self._hold_refused,
                group="hold-follow-up",
            )

        self.app.push_screen(NextFollowUpModal(proposal, self.desk.clock.today()), chosen)

    def _hold_refused(self, message: str) -> None:
        self.notify(message, severity="error", timeout=10)

    def after_follow_up_held(self) -> None:
        """Reload what the screen shows; each screen says how."""

    def start_meeting_for(self, line: AgendaLine | None) -> None:
        """Start a meeting for the citizen of a planned follow-up (an AgendaLine); finishing it
        marks that follow-up held."""
        if line is None or line.citizen_id is None:
            self.notify("Vælg en opfølgning med en borger.", severity="warning")
            return
        from stvdesk.screens.meeting import open_start_form

        open_start_form(self, line.citizen_id, line.follow_up_id)


def _start_typing(field: Input, character: str) -> None:
    field.value = character
    field.cursor_position = len(character)


def _type_more(field: Input, character: str) -> None:
    field.insert_text_at_cursor(character)


class SearchedList(DeskScreen):
    """A screen whose first use is typing: a search (a `keys.SearchField`) above its list (the
    Sagsstamme, Virksomheder). It opens with the focus in the search, so a name typed at once
    never meets the list's one-letter commands; Enter (`to_list`, see `LIST_ENTER`) or ↓ take the
    focus to the list, Escape empties the search and goes there too; on the list a key that no
    binding takes starts the search with it, and the rest of its burst follows in order
    (`DeskScreen._keyboard_contract`). A subclass names its two widgets by id."""

    #: the search field's id; the screen opens with the focus in it (Textual's AUTO_FOCUS)
    SEARCH: ClassVar[str] = ""
    #: the list's (a DataTable) id: where Enter, ↓ and Escape take the focus from the search
    LIST: ClassVar[str] = ""
    #: the data path's group of the load that answers a search with the list's rows
    LOAD_GROUP: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.SEARCH:
            # Focused as soon as the screen is composed (before Mount, and again whenever it is
            # shown with nothing focused): the keys typed right after its F-key land in it.
            cls.AUTO_FOCUS = f"#{cls.SEARCH}"

    def typing_field(self) -> Input:
        from textual.widgets import Input

        return self.query_one(f"#{self.SEARCH}", Input)

    def searched_text(self) -> str:
        """The search text the screen has asked for (its list shows that, or will)."""
        raise NotImplementedError

    def answer_pending(self) -> bool:
        """The list does not show the rows for the text in the search yet (its change is still
        on its way to the screen, or its load runs): Enter and ↓ typed behind the text wait for
        them (widgets/key_order.py), so they act on what the search found."""
        return (
            self.typing_field().value != self.searched_text()
            or working(self, self.LOAD_GROUP)
            or super().answer_pending()
        )

    def field_home(self) -> DataTable[Any]:
        from textual.widgets import DataTable

        return self.query_one(f"#{self.LIST}", DataTable)

    def leave_field(self) -> None:
        """Escape in the search: the search is emptied (the list shows everything again)."""
        search = self.typing_field()
        if search.has_focus and search.value:
            search.value = ""
        super().leave_field()

    def action_focus_search(self) -> None:
        """A fresh search: the old text is selected, so what is typed replaces it."""
        search = self.typing_field()
        # At once, not as Widget.focus does after the queue: a screen shown again restores the
        # focus it holds, and must find the search there.
        self.set_focus(search)
        search.select_all()

    @on(events.Key)
    def _down_to_list(self, event: events.Key) -> None:
        if event.key == "down" and self.typing_field().has_focus:
            event.stop()
            event.prevent_default()
            self.field_home().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter is `to_list`'s (a priority binding); this is the search's own submit, should a
        # keymap have given `to_list` another key. Like ↓, it only moves: what `to_list` does
        # beyond that (the Sagsstamme's look-up of a whole CPR number) is Enter's.
        if event.input is self.typing_field():
            event.stop()
            self.field_home().focus()


def cycle_filter(options: Sequence[_T], current: _T | None) -> _T | None:
    """The next of `options` after `current`, with None (no filter) between the ends: what a
    filter key does on each press."""
    values = [None, *options]
    return values[(values.index(current) + 1) % len(values)]


class _Queries(Protocol):
    """What TabTables needs of the screen it is mixed into."""

    def query_one(self, selector: str, expect_type: type[_W]) -> _W: ...


class TabTables:
    """For screens with a DataTable and a hint line per tab (`#{tab}-table`, `#{tab}-hint`):
    refill a table and keep the cursor where it was."""

    def _table(self: _Queries, tab: str, columns: Sequence[str | Col], hint: str | Sequence[str]) -> DataTable[Any]:
        """Refill the tab's table with `columns` (a `Col` shares the width by its priority and
        minimum and may have a short label, a plain label gets the default share) and its hint
        line with `hint`: one text, or variants fullest first where the line is a `FittedLine`
        (it shows the fullest that fits; a plain Static shows the first)."""
        from textual.widgets import DataTable, Static

        from stvdesk.widgets.fast_table import FastTable
        from stvdesk.widgets.hint import FittedLine

        table = self.query_one(f"#{tab}-table", DataTable)
        vars(table)["_stv_cursor"] = table.cursor_row  # put back by _restore (a table has no such field)
        table.clear(columns=True)
        for column in columns:
            if isinstance(column, str):
                table.add_column(column)
            else:
                assert isinstance(table, FastTable), "a Col needs a FastTable"
                table.add_fitted(column)
        variants = [hint] if isinstance(hint, str) else list(hint)
        line = self.query_one(f"#{tab}-hint", Widget)
        if isinstance(line, FittedLine):
            line.say(*(f"[dim]{variant}[/dim]" for variant in variants))
        else:
            cast("Static", line).update(f"[dim]{variants[0]}[/dim]")
        return table

    @staticmethod
    def _restore(table: DataTable[Any]) -> None:
        if table.row_count:
            table.move_cursor(row=min(getattr(table, "_stv_cursor", 0), table.row_count - 1))
