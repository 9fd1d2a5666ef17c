"""The Textual app: screens, global keys, command palette."""

from __future__ import annotations

import os
import sys
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual._wait import wait_for_idle
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, Provider
from textual.keys import _character_to_key
from textual.screen import ModalScreen, Screen

from stvdesk.context import DeskContext, DeskRefused
from stvdesk.domain.enums import Role
from stvdesk.domain.privacy import redact
from stvdesk.domain.rules import catalogue
from stvdesk.memory import CHECK_EVERY, Collector, release_after_first_frame
from stvdesk.screens.base import DeskScreen, SearchedList
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.settings import GLOBAL_KEYS
from stvdesk.widgets.data_path import DataPath, danish_failure
from stvdesk.widgets.key_order import KeyOrder, typed_before_asked, working
from stvdesk.widgets.keys import binding_commands, gives_way, key_of
from stvdesk.widgets.palette import DeskCommandsProvider, DeskPalette
from stvdesk.widgets.privacy import names_on_screen

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from stvdesk.db.preview import AgendaPreview
    from stvdesk.db.queries.workers import WorkerInfo
    from stvdesk.guides.loader import GuideLibrary

# What opens the desk's database (check, upgrade, who is at the desk) in a worker after the
# first frame; it says a refusal as DeskRefused (the command line's `open_desk`).
Opening = Callable[[], DeskContext]
#: Min dag's agenda read before the database is opened (cli/desk._DeskStart.preview), or None
Preview = Callable[[], "AgendaPreview | None"]
#: how long the opening waits for the preview's rows to be painted before it imports the data
#: layer beside them (both want the UI thread's interpreter; the rows first)
PREVIEW_PAINT_WAIT = 0.25
#: seconds a held key waits at most for the app to have done with the key before it
HAND_ON_WAIT = 0.5
#: keys that move the cursor over the skeleton's rows: they act while the database opens
CURSOR_KEYS = frozenset({"up", "down", "pageup", "pagedown", "home", "end"})
#: the app's actions that need no database: they act while it opens, whatever key they are on
ACT_WHILE_OPENING = frozenset({"quit", "help_quit", "toggle_privacy"})


def _citizen_provider() -> type[Provider]:
    from stvdesk.screens.finder import CitizenProvider

    return CitizenProvider


class StvdeskApp(App[str | None], DataPath):
    """Exit result: None normally; "demo" when the first-run form asks for the demo."""

    CSS_PATH = "app.tcss"
    TITLE = "stvdesk"
    # Classes every screen gets by the terminal's size, for app.tcss: "-narrow" below 110 columns
    # (80×24 is the smallest the desk is made for), "-short" below 32 lines.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    # The palette (ctrl+p) finds citizens beside the commands (screens/finder.py, imported when
    # the palette first opens); the commands by title, help line and Danish keywords, each title
    # once (widgets/palette.DeskCommandsProvider, in place of Textual's title-only provider).
    COMMANDS = {DeskCommandsProvider, _citizen_provider}

    BINDINGS = [
        Binding("f1,question_mark", "help", "Hjælp", key_display="F1/?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Kommandoer", key_display="^p", priority=True, id="app.palette"),
        # The screen switches are priority bindings: one acts as its key comes, before the keys
        # typed after it are sent on, so a name typed at once after F3 reaches the Sagsstamme's
        # search whole (else the burst went to the screen being left). In a dialog they do
        # nothing (`_go_to`).
        Binding("f2", "min_dag", "Min dag", priority=True, id="app.min_dag"),
        Binding("f3", "caseload", "Sagsstamme", priority=True, id="app.caseload"),
        # Privacy acts on every screen, a dialog's too: a modal screen cuts the app's other keys off.
        Binding("f4", "toggle_privacy", "Privatliv", priority=True, id="app.privacy"),
        Binding("f5", "agenda", "Kalender", priority=True, id="app.agenda"),
        Binding("f6", "summer", "Sommerplan", priority=True, id="app.summer"),
        Binding("f7", "guides", "Dialogguider", priority=True, id="app.guides"),
        Binding("f8", "companies", "Virksomheder", priority=True, id="app.companies"),
        Binding("f9", "visit_day", "Besøgsdag", priority=True, id="app.visit_day"),
        Binding("f10", "steering", "Styring", priority=True, id="app.steering"),
        # "/" anywhere: in a text field it types (Textual leaves it to the field); a screen with a
        # search of its own (Sagsstamme) binds it first.
        Binding("slash", "find_citizen", "Find borger", key_display="/", id="app.find_citizen"),
        # Not on the key bar (only a syncing laptop has conflicts); the header names the key.
        Binding(GLOBAL_KEYS["app.conflicts"], "conflicts", "Konflikter", show=False, id="app.conflicts"),
        # Only on a syncing laptop (check_action hides it elsewhere): sync between two visits.
        Binding(GLOBAL_KEYS["app.sync"], "sync", "Synkronisér", key_display="^r", id="app.sync"),
        Binding("ctrl+q", "quit", "Afslut", key_display="^q", priority=True, id="app.quit"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]
    # What a key does beyond its name, by binding id: help (F1) and the palette show it.
    KEY_HELP = {
        "app.help": "Alle taster på skærmen, du står på",
        "app.palette": "Søg blandt skærmens og skrivebordets kommandoer",
        "app.min_dag": "Dagens og ugens opfølgninger og hvad der er forfaldent",
        "app.caseload": "Alle mine borgere: søg, filtrér, sortér",
        "app.privacy": "Skjul navne og CPR på alle skærme",
        "app.agenda": "Opfølgninger uge for uge, forfaldne øverst",
        "app.summer": "Forløb gennem sommerugerne og deres plan",
        "app.guides": "Læs guiderne til møder, deres version og kilde",
        "app.companies": "Virksomhedsregistret: søg, filtrér, ny virksomhed",
        "app.visit_day": "Forbered dagens virksomhedsbesøg og eksportér besøgsarket",
        "app.steering": "Månedens tal mod måltallene for dig eller teamet",
        "app.find_citizen": "Søg en borger på navn eller CPR fra enhver skærm og åbn sagen",
        "app.conflicts": "Ændringer, serveren ikke kunne tage: vælg din eller serverens",
        "app.sync": "Send dine ændringer til teamets server og hent kollegernes, uden at lukke skrivebordet",
        "app.quit": "Luk stvdesk",
    }

    def __init__(self, desk: DeskContext, opening: Opening | None = None, preview: Preview | None = None) -> None:
        """`desk` is the opened desk; or, with `opening`, a desk whose database is not open yet
        (its settings, clock and demo flag): the shell and Min dag's skeleton are painted first
        and `opening` runs in a worker after that frame. A refusal ends the app and is kept in
        `refusal` for the command line to say on the terminal."""
        super().__init__()
        self.desk = desk
        self._opening = opening
        self._preview = preview
        # Keys typed while the database opens (the skeleton or the preview's rows on screen):
        # held, and handed on in order once the desk is open (`_hand_on_held_keys`), so that a
        # name typed at once never meets a screen that cannot act yet. None: nothing is held.
        self._held_keys: list[events.Key] | None = [] if opening is not None and not desk.is_open else None
        self._handed_on: events.Key | None = None  # the one on its way
        self._key_order = KeyOrder(self)  # every key after the one before it (widgets/key_order.py)
        self._palette_choice = False  # a palette's choice whose command has not run yet
        # the questions whose user has been told that keys typed before them were not used
        self._told_typed_before: weakref.WeakSet[Screen[object]] = weakref.WeakSet()
        self.refusal: DeskRefused | None = None
        # A jobcentre's own keys ([taster] in config.toml), before the first screen is built.
        self.set_keymap(desk.settings.keys)
        self.privacy = False  # names and CPR hidden on every screen (field use)
        self._guides: GuideLibrary | None = None
        self.collector = Collector()
        # The tab underline's slide is 18 repaints of the whole screen per tab switch; on an
        # old field laptop that is most of the switch. A user can have it back with
        # TEXTUAL_ANIMATIONS=full.
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        # Queries run in thread workers while the UI thread paints; with Python's default 5 ms
        # switch interval a finished query waits up to 5 ms for the GIL at each hand-over.
        # 1 ms took opening the caseload from 100 to 67 ms median (bench caseload, two runs each).
        sys.setswitchinterval(0.001)

    def guide_library(self, reload: bool = False) -> GuideLibrary:
        """The dialogue guides, loaded once (built-in and the jobcentre's own)."""
        if self._guides is None or reload:
            from stvdesk.guides.loader import load_guides

            self._guides = load_guides()
        return self._guides

    def on_mount(self) -> None:
        self.title = "stvdesk"
        if self._opening is not None:
            # The first frame without the data layer: Min dag's skeleton ("Henter …"), filled once
            # the database is open. Most desks open on Min dag; an empty database's first-run
            # form takes its place.
            self.push_screen(MinDagScreen())
        else:
            self._begin()
        if self.desk.settings.keys:
            self._check_keymap()

    def on_ready(self) -> None:
        """The first frame is on the terminal: now the database opens, beside it."""
        release_after_first_frame()
        if self._opening is not None and not self.desk.is_open:
            self._open_desk()

    def _begin(self) -> None:
        """The first screen of an opened desk, and what it has to say."""
        skeleton: MinDagScreen | None = None
        if self.desk.worker is None:
            from stvdesk.db.queries.workers import has_workers

            # Whether the database is still empty decides the first screen: asked in a worker.
            self.load(has_workers, self._first_screen, group="first-screen", failed=self._cannot_start)
        elif self.leads():
            # Known only now, so the skeleton painted while the database opened was Min dag's;
            # it is replaced before it asked anything of the database.
            if isinstance(self.screen, MinDagScreen):
                self.switch_screen(self.home_screen())
            else:
                self.push_screen(self.home_screen())
        elif isinstance(self.screen, MinDagScreen):  # the skeleton painted while the database opened
            skeleton = self.screen
            skeleton.refresh_header()
            skeleton.reload()
        else:
            self.push_screen(MinDagScreen())
        for notice in self.desk.notices:
            self.notify(notice, title="Sikkerhed", severity="warning", timeout=20)
        if self.desk.opening_lines:
            self.notify("\n".join(self.desk.opening_lines), title="Databasen", timeout=20, markup=False)
        if skeleton is not None:
            # The full collection waits until Min dag's rows are shown: run beside its query, it
            # held the rows back (the data layer was only just imported).
            self.run_worker(self._settle_after(skeleton), group="settle-memory", exit_on_error=False)
        else:
            # Keys typed on the skeleton meant Min dag's commands: on another first screen (a
            # leader's Styring, the first-run form) they would mean other things.
            self._hand_on_held_keys(to_screen=False)
            self.call_after_refresh(self._settle_memory)

    async def _settle_after(self, screen: MinDagScreen) -> None:
        await screen.settled()
        # Min dag is whole now, the same screen the keys were typed on: they go to it, in order.
        self.call_after_refresh(self._hand_on_held_keys, to_screen=True)
        self.call_after_refresh(self._settle_memory)

    @work(thread=True, exit_on_error=False, group="open-desk")
    def _open_desk(self) -> None:
        """Open the database (and import the data layer) beside the painted skeleton."""
        assert self._opening is not None
        self._show_preview_first()
        try:
            desk = self._opening()
        except DeskRefused as refused:
            self.call_from_thread(self._refused, refused)
        except Exception as exc:  # what the opening did not word itself, still said in Danish
            self.call_from_thread(self._refused, DeskRefused(danish_failure(exc), code=1))
        else:
            self.call_from_thread(self._opened, desk)

    def _show_preview_first(self) -> None:
        """In the opening's worker: Min dag's agenda read without the data layer, shown in the
        skeleton, and its frame painted before the opening imports the data layer."""
        if self._preview is None:
            return
        try:
            preview = self._preview()
        except Exception:  # the opening that follows says what is wrong with the file
            return
        if preview is None:
            return
        painted = threading.Event()
        try:
            self.call_from_thread(self._show_preview, preview, painted)
        except RuntimeError:  # the app closed meanwhile
            return
        painted.wait(PREVIEW_PAINT_WAIT)

    def _show_preview(self, preview: AgendaPreview, painted: threading.Event) -> None:
        screen = self.screen
        if self.desk.is_open or not isinstance(screen, MinDagScreen):
            painted.set()
            return
        screen.show_preview(preview.lines, painted.set)

    def _opened(self, desk: DeskContext) -> None:
        self.desk = desk
        self._begin()

    def _refused(self, refused: DeskRefused) -> None:
        """The database could not be opened: the app ends and the command line says why."""
        self.refusal = refused
        self.exit(return_code=refused.code)

    def _first_screen(self, has_workers: bool) -> None:
        from stvdesk.screens.first_run import FirstRunScreen

        first = MinDagScreen() if has_workers else FirstRunScreen()
        if isinstance(self.screen, MinDagScreen):  # the skeleton painted while the database opened
            self.switch_screen(first)
        else:
            self.push_screen(first)

    def _cannot_start(self, message: str) -> None:
        """Without knowing whether the database has a team there is no first screen to show."""
        self.exit(return_code=1, message=Text(f"stvdesk kunne ikke starte: {message}"))

    @work(thread=True, exit_on_error=False, group="keymap")
    def _check_keymap(self) -> None:
        """[taster] against every binding of the desk. That needs every screen imported (slow), so
        it runs beside the desk, and only where the config remaps keys; the settings checked
        the keys themselves before the desk opened."""
        from stvdesk.screens.keymap import check_keymap, declared_bindings, field_keys_taken

        settings = self.desk.settings
        declared = declared_bindings(type(self))
        problems = check_keymap(settings.keys, declared, settings.source)
        if problems:
            self.call_from_thread(
                self.notify, "\n".join(problems), title="Indstillinger", severity="error", timeout=60, markup=False
            )
        # A warning: such a key works, only not inside a text field, where the field keeps it.
        taken = field_keys_taken(settings.keys, declared, settings.source)
        if taken:
            self.call_from_thread(
                self.notify, "\n".join(taken), title="Indstillinger", severity="warning", timeout=60, markup=False
            )

    def _settle_memory(self) -> None:
        """Everything made at start lives as long as the app: frozen out of the collector's
        reach; young collections small, full ones while nobody types (stvdesk/memory.py).
        Full collections walked all of Textual's and SQLAlchemy's start-up objects and paused
        the desk for up to 150 ms a few dozen times in a benchmark run of typing and filtering."""
        if self.collector.running:
            return
        self.collector.start()
        self.set_interval(CHECK_EVERY, self.collector.tick, name="collector")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)
        ):
            self.collector.touched()
        if isinstance(event, events.Key) and not event.is_forwarded:
            for key in self._as_typed(event):
                # A key the key order hands back was typed before any key held while the database
                # opens (those are held in order behind it), so it is not held again.
                if self._key_order.hands_back(key) or not self._holds(key):
                    await self._key_order.handle(key, self._dispatch_key)
            return
        await super().on_event(event)

    async def _dispatch_key(self, key: events.Key) -> None:
        """A key to where Textual sends it, unless it was typed before the question on screen
        was asked (widgets/key_order.py): the question stays, and the user is told once."""
        screen = self.screen
        if typed_before_asked(screen, key) and not self._key_order.app_key(key.key):
            if screen not in self._told_typed_before:
                self._told_typed_before.add(screen)
                self.notify(
                    "Tastetryk fra før spørgsmålet kom blev ikke brugt: svar på det nu.",
                    severity="warning",
                    timeout=5,
                )
            return
        await super().on_event(key)

    def _as_typed(self, key: events.Key) -> list[events.Key]:
        """Escape and a key that reach the terminal together (a fast typist, keys sent by a
        program) come as one "alt+key", which a field would type as the letter, and Enter would
        lose: where nothing binds that alt key, it is the two keys typed, Escape first."""
        character = key.character
        if not key.key.startswith("alt+"):
            return [key]
        if any(key.key in bindings.key_to_bindings for _node, bindings in self.screen._binding_chain):
            return [key]
        if character is not None and len(character) == 1 and character.isprintable():
            second = events.Key(_character_to_key(character), character)
        else:  # Escape and Enter, Tab, Backspace or an arrow read together: alt+enter and the like
            rest = character[1:] if character and character.startswith("\x1b") else character
            second = events.Key(key.key.removeprefix("alt+"), rest or None)
        split = [events.Key("escape", "\x1b"), second]
        for part in split:
            part.time = key.time  # typed when the two were read, not when they were told apart
        return split

    def _holds(self, key: events.Key) -> bool:
        """Whether a key typed before the desk is open is held for later. Quitting, privacy and
        moving the cursor over the rows shown act at once, unless a key is held before them
        (the keys then keep their order); so do the held keys as they are handed on."""
        held = self._held_keys
        if held is None or key is self._handed_on:
            return False
        moves_over_rows = key.key in CURSOR_KEYS and self._preview_shown()
        if not held and self._handed_on is None and (moves_over_rows or self._acts_while_opening(key.key)):
            return False
        if key.key == "ctrl+j":
            # Enter typed before the app took the terminal: the terminal made it a line feed.
            enter = events.Key("enter", "\r")
            enter.time = key.time
            key = enter
        held.append(key)
        return True

    def _preview_shown(self) -> bool:
        """Whether Min dag shows the agenda read before the database opened (a cursor key typed
        before it, as the app starts, moves over no rows: it is held with the rest)."""
        return isinstance(self.screen, MinDagScreen) and bool(self.screen.preview)

    def _acts_while_opening(self, key: str) -> bool:
        return any(binding.action in ACT_WHILE_OPENING for binding in self._bindings.key_to_bindings.get(key, []))

    def _hand_on_held_keys(self, *, to_screen: bool) -> None:
        """The desk is open: the keys held meanwhile go to the screen in the order typed, if it
        is the one they were typed on; else they are dropped, and the user told."""
        held = self._held_keys or []
        if not to_screen:
            self._held_keys = None
            if held:
                self.notify(
                    f"{len(held)} tastetryk fra før databasen var åben blev ikke brugt.", severity="warning", timeout=5
                )
            return
        self.run_worker(self._hand_on(), group="hand-on-keys", exit_on_error=False)

    async def _hand_on(self) -> None:
        """The held keys one by one, each once the app has gone idle after the one before (a
        dialog that key opened has its field focused by then): as a person types, not as a
        burst, whose keys would reach a dialog before its field. Keys typed meanwhile queue
        behind."""
        held = self._held_keys
        while held:
            typed = held.pop(0)
            self._handed_on = events.Key(typed.key, typed.character)
            self._handed_on.time = typed.time  # typed then: a question it meets was asked after it
            self.post_message(self._handed_on)
            await wait_for_idle(0, HAND_ON_WAIT)  # as Textual's Pilot waits between keys
        self._held_keys, self._handed_on = None, None

    def on_unmount(self) -> None:
        self.collector.stop()

    def leads(self) -> bool:
        """Whether the worker at the desk leads the team (role LEDER or PL)."""
        worker = self.desk.worker
        return worker is not None and worker.role in (Role.LEADER, Role.PL)

    def home_screen(self) -> DeskScreen:
        """The desk's first screen: a leader's is the team's Styring, where leadership close to
        operations starts (000, 4.1 and 4.3); everyone else's is Min dag (F2 for a leader too)."""
        if self.leads():
            from stvdesk.screens.steering import SteeringScreen

            return SteeringScreen()
        return MinDagScreen()

    def start_desk(self, worker: WorkerInfo) -> None:
        """After the first-run form: the desk opens on its first screen (`home_screen`)."""
        self.desk.worker = worker
        self.switch_screen(self.home_screen())

    # --- navigation -------------------------------------------------------------------

    def open_citizen(
        self, citizen_id: uuid.UUID, tab: str = "overblik", then: str | None = None, purpose: str = ""
    ) -> None:
        """Open a citizen's file. Outside one's own and one's partner's caseload (a leader: the
        team's) a purpose is asked for first; it goes into the access log."""
        from stvdesk.db.queries.caseload import shown_name, within_reach
        from stvdesk.widgets.modals import TextPromptModal

        worker = self.desk.worker
        if purpose or worker is None:
            self._show_file(citizen_id, tab, then, purpose)
            return

        def reached(answer: tuple[bool, str | None]) -> None:
            inside, name = answer
            if inside:
                self._show_file(citizen_id, tab, then, purpose)
                return

            def given(text: str | None) -> None:
                if text and text.strip():
                    self.open_citizen(citizen_id, tab, then, purpose=text.strip())

            reach_words = "teamets sagsstammer" if self.leads() else "din eller din makkers sagsstamme"

            self.push_screen(
                TextPromptModal(
                    "Formål med opslaget",
                    f"{name or 'Borgeren'} hører ikke til {reach_words}.\n"
                    "Skriv hvorfor du åbner sagen – formålet gemmes i logningen:",
                    required_message="Skriv et formål, eller tryk Escape for at lade være.",
                    unasked=True,
                    names=(name,) if name else (),
                ),
                given,
            )

        # The reach check is a query: it runs in a worker, and the latest citizen asked for wins.
        def reach(session: Any) -> tuple[bool, str | None]:  # Any: the app names no SQL types
            if within_reach(session, worker.id, worker.role, worker.team_id, citizen_id):
                return True, None
            return False, shown_name(session, citizen_id)

        self.load(reach, reached, group="open-citizen")

    def between_keys(self, apply: Callable[[], None]) -> None:
        """`apply` (a dialog's answer that closes it) between two keys (widgets/key_order.py)."""
        self._key_order.between_keys(apply)

    def answer_pending(self) -> bool:
        """A citizen's file asked for and not yet shown: the keys typed behind the key that opened
        it wait for it (widgets/key_order.py), so a tab's digit switches the file's tab. Also a
        choice made in the palette or the finder whose command has not run yet (Textual runs it
        once the palette has closed): `/` a name `Enter 6` opens the file on tab 6."""
        return self._palette_choice or working(self, "open-citizen")

    @on(CommandPalette.Closed)
    def _palette_closed(self, event: CommandPalette.Closed) -> None:
        if event.option_selected:
            self._palette_choice = True
            # Textual queues the chosen command behind this message: cleared behind it in turn.
            self.call_later(self._palette_choice_run)

    def _palette_choice_run(self) -> None:
        self._palette_choice = False

    def _show_file(self, citizen_id: uuid.UUID, tab: str, then: str | None, purpose: str) -> None:
        from stvdesk.screens.citizen_file import CitizenFileScreen

        # One file screen is built once and reused (building its nine tabs cost more
        # than loading the file); a file opened from within a file gets a screen of its own.
        if not self.is_screen_installed("citizen-file"):
            self.install_screen(CitizenFileScreen(citizen_id, tab, then, purpose), "citizen-file")
        else:
            screen = self.get_screen("citizen-file", CitizenFileScreen)
            if screen in self.screen_stack:
                self.push_screen(CitizenFileScreen(citizen_id, tab, then, purpose))
                return
            screen.show_citizen(citizen_id, tab, then, purpose)
        self.push_screen("citizen-file")

    def open_meeting(self, meeting_id: uuid.UUID) -> None:
        from stvdesk.screens.meeting import MeetingScreen

        self.push_screen(MeetingScreen(meeting_id))

    def open_company(self, company_id: uuid.UUID, tab: str = "c-overblik") -> None:
        from stvdesk.screens.company import CompanyScreen

        self.push_screen(CompanyScreen(company_id, tab))

    def _go_to(self, screen_type: type[DeskScreen]) -> None:
        """Show a top-level screen: back to the bottom of the stack, then switch. Not from a
        dialog: its key goes on to the dialog (a priority binding would otherwise close a form
        typed half-way without asking)."""
        if isinstance(self.screen, ModalScreen):
            raise SkipAction()
        if self.desk.worker is None:
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, screen_type):
            self.switch_screen(screen_type())
        elif isinstance(self.screen, SearchedList):
            # Back on a list whose first use is typing (left with its list focused): in its
            # search again, the old text selected, so a name typed after the key replaces it.
            self.screen.action_focus_search()

    def action_min_dag(self) -> None:
        self._go_to(MinDagScreen)

    def action_caseload(self) -> None:
        from stvdesk.screens.caseload import CaseloadScreen

        self._go_to(CaseloadScreen)

    def action_agenda(self) -> None:
        from stvdesk.screens.agenda import AgendaScreen

        self._go_to(AgendaScreen)

    def action_summer(self) -> None:
        from stvdesk.screens.summer import SummerScreen

        self._go_to(SummerScreen)

    def action_companies(self) -> None:
        from stvdesk.screens.companies import CompaniesScreen

        self._go_to(CompaniesScreen)

    def action_visit_day(self) -> None:
        from stvdesk.screens.visit_day import VisitDayScreen

        self._go_to(VisitDayScreen)

    def action_steering(self) -> None:
        from stvdesk.screens.steering import SteeringScreen

        self._go_to(SteeringScreen)

    def action_guides(self) -> None:
        from stvdesk.screens.guides import GuidesScreen

        self._go_to(GuidesScreen)

    def action_conflicts(self) -> None:
        if not self.desk.syncs:
            self.notify("Denne desk synkroniserer ikke, så den har ingen konflikter.", title="Konflikter")
            return
        from stvdesk.screens.conflicts import ConflictsScreen

        if self.desk.worker is not None and not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen())

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        """Textual's look-up of a key's bindings, except that a priority binding a jobcentre remapped
        onto a key the focused field has its own use for keeps off it (`keys.gives_way`). A remap
        onto ctrl+k, ctrl+u or ctrl+w would otherwise delete nothing and switch the screen instead
        (and onto a letter it would never be typed): a user who types expects the field's keys to
        edit the text, which is the keyboard contract's first rule, while the remapped command
        only waits for Escape to the list. Start-up names such a remap (`keymap.field_keys_taken`).
        Only the priority pass needs this: in the other the field's own bindings come first."""
        if not priority or not self._keymap:
            return await super()._check_bindings(key, priority)
        screen = self.screen
        # As Textual's own look-up, from the app down to the focus, leaving out those that give way.
        for namespace, bindings in reversed(screen._binding_chain):
            for binding in bindings.key_to_bindings.get(key, ()):
                if binding.priority and not gives_way(screen, namespace, binding, key):
                    if await self.run_action(binding.action, namespace):
                        return True
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Synkronisér exists only on a laptop that syncs (hidden from key bar, help and palette
        elsewhere)."""
        if action == "sync":
            return self.desk.syncs and self.desk.worker is not None
        return True

    def action_sync(self) -> None:
        from stvdesk.screens.sync_dialog import SyncDialog

        if self.desk.syncs and self.desk.worker is not None and not isinstance(self.screen, SyncDialog):
            self.push_screen(SyncDialog(self.desk))

    def action_import(self) -> None:
        from stvdesk.screens.importing import ImportScreen

        if self.desk.worker is not None and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen())

    def action_team_board(self) -> None:
        from stvdesk.screens.team_board import TeamBoardScreen

        if self.desk.worker is not None and not isinstance(self.screen, TeamBoardScreen):
            self.push_screen(TeamBoardScreen())

    def action_month_dialogues(self) -> None:
        from stvdesk.screens.dialogue import MonthDialoguesScreen

        if self.desk.worker is not None and not isinstance(self.screen, MonthDialoguesScreen):
            self.push_screen(MonthDialoguesScreen())

    def action_toggle_privacy(self) -> None:
        self.privacy = not self.privacy
        for screen in self.screen_stack:
            # Every screen that shows a citizen: the desk's screens and the forms and dialogs over them.
            changed = getattr(screen, "privacy_changed", None)
            if callable(changed):
                changed()
        self.notify(
            "Privatliv er slået til: navne og CPR er skjult." if self.privacy else "Privatliv er slået fra.",
            title="Privatliv",
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of the desk passes here: while privacy is on, a CPR-like number or
        the name of a citizen a screen holds is hidden in it, whoever wrote the text (a refusal
        from the database may quote a value)."""
        if self.privacy:
            names = names_on_screen(self)
            message, title = redact(message, names), redact(title, names)
        super().notify(
            message,
            title=title,
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def action_find_citizen(self) -> None:
        """The citizen finder: the palette searching citizens only, fresh on every `/`."""
        if self.desk.worker is None or isinstance(self.screen, DeskPalette):
            return
        from stvdesk.screens.finder import open_finder

        open_finder(self)

    def action_income_calculator(self) -> None:
        """The income calculator from any screen: the citizen finder, then the calculator over the
        chosen citizen's file (its Forløb tab, whose placements it starts from)."""
        if self.desk.worker is None or isinstance(self.screen, DeskPalette):
            return
        from stvdesk.screens.finder import INCOME_PLACEHOLDER, IncomeCitizenProvider, open_finder

        open_finder(self, IncomeCitizenProvider, INCOME_PLACEHOLDER)

    def action_help(self) -> None:
        from stvdesk.screens.help import HelpScreen  # not needed for the first frame

        if isinstance(self.screen, HelpScreen):
            return
        # The rules as the desk applies them (its settings, the worker's team's cadence).
        team = self.desk.worker.team_name if self.desk.worker else None
        self.push_screen(HelpScreen(self.screen, catalogue(self.desk.settings.method(team))))

    def action_help_quit(self) -> None:
        # The quit key as it is now: a jobcentre may have given it another ([taster]).
        self.notify(
            f"Tryk [b]{key_of(self, 'app.quit') or 'ctrl+q'}[/b] for at afslutte stvdesk.", title="Vil du afslutte?"
        )

    # --- command palette --------------------------------------------------------------

    def action_command_palette(self) -> None:
        # Textual's own palette, with its placeholder and "no matches" in Danish.
        if self.use_command_palette and not isinstance(self.screen, DeskPalette):
            self.push_screen(DeskPalette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(
            DeskPalette(
                providers=[ThemeProvider], placeholder="Søg efter et farvetema …", no_matches="Ingen farvetemaer passer"
            )
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) from the keys themselves: the screen's bindings, then what the
        screen offers beyond its keys (`palette_commands`), then the app's bindings and its own
        few commands without a key. Titles are the bindings' Danish descriptions; the help line
        names the key as it works now (after [taster]). Textual's own commands
        (`super().get_system_commands`: Theme, Quit, Keys, Maximize/Minimize, Screenshot) are
        English: each the desk keeps is here in Danish (Skift tema, Afslut is the quit key,
        Forstør/Normal størrelse); Keys is help (F1), and Screenshot is left out, since it would
        write what the screen shows (names, CPR numbers) to a file outside the access log."""
        yield from binding_commands(screen)
        extra = getattr(screen, "palette_commands", None)
        if callable(extra):
            yield from extra()
        yield from binding_commands(self)
        yield from self.palette_commands()
        yield from self.view_commands(screen)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The app's commands that have no key of their own."""
        if self.desk.worker is not None:
            yield SystemCommand(
                "Importér fil",
                "Borgere, forløb, virksomheder eller opfølgninger fra Excel eller CSV",
                self.action_import,
            )
            if self.leads():
                yield SystemCommand(
                    "Månedsdialoger",
                    "Månedens dialoger med teamets medarbejdere: hvilke er holdt, og hvilke mangler",
                    self.action_month_dialogues,
                )
            yield SystemCommand(
                "Teamtavle",
                "Det tværgående møde hver 14. dag: borgere klar eller tæt på uden match ved siden af åbne jobåbninger",
                self.action_team_board,
            )
            # In a file the file's own entry comes first and is the one listed (one per title).
            yield SystemCommand(
                "Indkomstberegner",
                "Hvad giver ordinære timer? Find borgeren – beregneren åbner over sagens Forløb",
                self.action_income_calculator,
            )
        yield SystemCommand("Skift tema", "Vælg farvetema", self.action_change_theme)

    def view_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's Maximize and Minimize in Danish: on a small terminal a list or a field can
        take the whole screen (Escape gives the screen back)."""
        if screen.maximized is not None:
            yield SystemCommand("Normal størrelse", "Vis hele skærmen igen (også Escape)", screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(
                "Forstør",
                "Vis listen eller feltet med markøren på hele skærmen (Escape gendanner)",
                screen.action_maximize,
            )


__all__ = ["DeskScreen", "StvdeskApp"]
