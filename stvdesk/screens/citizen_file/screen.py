"""The citizen's file: a title line over nine tabs (Overblik, ABC-plan, CV, Min Plan, Forløb,
Opfølgninger, Møder, Journal, Historik), keys 1–9 switch tab; n adds, e edits, d marks done, each
on the tab shown.

The screen holds what belongs to the file as a whole: reading it (with its VIEW event in the access
log), the title line, privacy mode, revealing the CPR number, the tab bar and the keys that are
the same on every tab. Each tab is a widget of its own module (`common.FileTab`).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from rich.markup import escape
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import Static, TabbedContent

from stvdesk.db.audit import log_access
from stvdesk.db.queries.citizen_file import CitizenFile, citizen_file
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.privacy import shown_cpr, shown_name
from stvdesk.screens.base import DeskScreen
from stvdesk.screens.citizen_file.abc import AbcTab
from stvdesk.screens.citizen_file.common import TABS, FileTab, tab_key_help, tab_keys, tab_labels
from stvdesk.screens.citizen_file.cv import CvTab
from stvdesk.screens.citizen_file.follow_ups import FollowUpsTab
from stvdesk.screens.citizen_file.history import HistoryTab
from stvdesk.screens.citizen_file.journal import JournalTab
from stvdesk.screens.citizen_file.meetings import MeetingsTab
from stvdesk.screens.citizen_file.overview import OverviewTab
from stvdesk.screens.citizen_file.placements import PlacementsTab
from stvdesk.screens.citizen_file.plan import PlanTab
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.tab_bar import fit_tabs

if TYPE_CHECKING:
    from stvdesk.context import Session

_Tab = TypeVar("_Tab", bound=FileTab)

#: One widget per tab, by the tab's id in TABS.
PANES: dict[str, type[FileTab]] = {
    pane.TAB: pane
    for pane in (
        OverviewTab,
        AbcTab,
        CvTab,
        PlanTab,
        PlacementsTab,
        FollowUpsTab,
        MeetingsTab,
        JournalTab,
        HistoryTab,
    )
}
assert list(PANES) == [tab for tab, _label in TABS], "one pane per tab, in the order of TABS"

#: The order help (F1) and the palette have always listed the tabs' keys in.
KEY_ORDER = (
    "file.new_action",
    "file.new_dev",
    "file.hours",
    "file.end",
    "file.phase",
    "file.correct",
    "file.hold",
    "file.reassign",
    "file.close",
    "file.open_offer",
    "file.meeting",
    "file.agreement_kept",
    "file.progress",
    "file.match",
    "file.income",
    "file.story",
)


class CitizenFileScreen(DataPath, DeskScreen):
    TITLE_DA = "Borgerens sag"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="file.back"),
        *[
            Binding(str(n), f"show_tab('{tab}')", f"Fane: {label}", show=False, id=f"file.tab.{tab}")
            for n, (tab, label) in enumerate(TABS, start=1)
        ],
        Binding("n", "new", "Ny", id="file.new"),
        Binding("e", "edit", "Ret", id="file.edit"),
        Binding("d", "done", "Udført", id="file.done"),
        *tab_keys(PANES.values(), KEY_ORDER),
        Binding("c", "reveal_cpr", "Vis CPR", show=False, id="file.reveal_cpr"),
    ]
    KEY_HELP = {"file.back": "Tilbage til forrige skærm", **tab_key_help(PANES.values())}

    CPR_SHOWN_SECONDS = 20

    def __init__(
        self, citizen_id: uuid.UUID, tab: str = "overblik", then: str | None = None, purpose: str = ""
    ) -> None:
        super().__init__()
        self.citizen_id = citizen_id
        self.purpose = purpose  # given when the citizen is outside the worker's reach; logged
        self.cpr_shown = False  # the whole CPR number, for CPR_SHOWN_SECONDS after `c`
        self.file: CitizenFile | None = None
        self.first_tab = tab
        self.shown_tab = tab  # the tab shown, for check_action (TabbedContent.TabActivated keeps it)
        self.then = then  # "new": open the tab's new-item form once loaded; "income": the calculator
        self.view_logged_for: uuid.UUID | None = None  # the access log has this opening
        # Set once this opening's read has started (the screen reads when it is shown, a moment
        # after it is pushed): until then `settled` has nothing in flight to wait for.
        self.read_started = asyncio.Event()

    @property
    def loaded(self) -> CitizenFile:
        """The file shown; the forms and actions that read it come once it is loaded."""
        if self.file is None:
            raise RuntimeError("the citizen's file is not loaded yet")
        return self.file

    @property
    def privacy(self) -> bool:
        return self.stv_app.privacy

    # --- layout -------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static("Indlæser …", id="file-title")
        with TabbedContent(initial=self.first_tab, id="file-tabs"):
            for n, (tab, label) in enumerate(TABS, start=1):
                yield PANES[tab](f"{n} {label}", id=tab)

    def on_resize(self, event: events.Resize) -> None:
        # Every tab stays in sight on a narrow terminal: shorter labels rather than a cut bar.
        fit_tabs(self.query_one("#file-tabs", TabbedContent), tab_labels(), event.size.width)

    def panes(self) -> list[FileTab]:
        return list(self.query(FileTab))

    def pane(self, tab: str) -> FileTab:
        return self.query_one(f"#{tab}", FileTab)

    def tab(self, kind: type[_Tab]) -> _Tab:
        return self.query_one(kind)

    def active_tab(self) -> str:
        return self.query_one("#file-tabs", TabbedContent).active

    def show_citizen(
        self, citizen_id: uuid.UUID, tab: str = "overblik", then: str | None = None, purpose: str = ""
    ) -> None:
        """Make this (already built) screen another citizen's file before it is shown again.

        Building the nine tabs costs more than loading a file, so the app keeps one
        file screen and reuses it. Everything of the previous citizen is wiped here, before
        the screen is visible, so no name of one citizen is ever seen on another's file."""
        self.citizen_id, self.then, self.file, self.view_logged_for = citizen_id, then, None, None
        self.purpose = purpose
        self.cpr_shown = False
        self.read_started.clear()
        self._draw_header()
        self.query_one("#file-title", Static).update("Indlæser …")
        for pane in self.panes():
            pane.clear()
        self.query_one("#file-tabs", TabbedContent).active = tab
        self.shown_tab = tab
        self.set_focus(None)  # focus goes where it went the first time (Screen.AUTO_FOCUS)

    # --- reading the file -----------------------------------------------------------------

    def on_screen_resume(self) -> None:
        # First shown, shown again for another citizen, or back from a meeting or a form:
        # every time, show what is stored now.
        self.reload()
        if self.size.width:  # the terminal may have changed size while another screen was shown
            fit_tabs(self.query_one("#file-tabs", TabbedContent), tab_labels(), self.size.width)

    def reload(self) -> None:
        """Read the file in a worker and show it; a new opening writes its VIEW event in the same
        read, so a file whose viewing the access log refused is never shown."""
        today, citizen_id, worker, purpose = self.desk.clock.today(), self.citizen_id, self.desk.worker, self.purpose
        log_view = self.view_logged_for != citizen_id  # one event per opening, not per reload
        self.view_logged_for = citizen_id

        def read(session: Session) -> CitizenFile | None:
            found = citizen_file(session, citizen_id, today)
            if found is not None and log_view:
                log_access(
                    session,
                    worker_id=worker.id if worker else None,
                    action=AuditAction.VIEW,
                    citizen_id=citizen_id,
                    purpose=purpose,
                )
            return found

        def show(found: CitizenFile | None) -> None:
            if citizen_id == self.citizen_id:  # else another citizen's file is opened here since
                self.show_file(found)

        def failed(message: str) -> None:
            if citizen_id != self.citizen_id:
                return
            if log_view and self.view_logged_for == citizen_id:
                self.view_logged_for = None  # not logged: the next read logs it, or shows nothing
            said = "kunne ikke hentes" if self.file is None else "kunne ikke hentes igen – det viste er fra før"
            self.query_one("#file-title", Static).update(f"[red]Borgerens sag {said}: {escape(message)}[/red]")

        self.load(read, show, group="citizen-file", failed=failed)
        self.read_started.set()

    async def settled(self) -> None:
        """Until this opening's file is read and shown (or why not is said) and every save started
        here is done; right after the screen is pushed too, before its read has started."""
        await self.read_started.wait()
        await super().settled()

    def show_file(self, found: CitizenFile | None) -> None:
        self.file = found
        self.render_file()
        if self.then == "new" and found is not None:
            self.then = None
            self.action_new()
        elif self.then == "income" and found is not None:
            self.then = None
            self.tab(PlacementsTab).action_income()

    def after_follow_up_held(self) -> None:
        self.reload()

    def refresh_privacy(self) -> None:
        self.render_file()

    def private_names(self) -> Iterable[str]:
        if self.file is None:
            return ()
        c = self.file.citizen
        return (c.full_name, c.first_name, c.last_name)

    def render_file(self) -> None:
        f = self.file
        if f is None:
            self.query_one("#file-title", Static).update("[red]Borgeren findes ikke (længere).[/red]")
            return
        c = f.citizen
        name = escape(shown_name(c.full_name, self.privacy))
        cpr = shown_cpr(c.cpr, self.privacy, whole=self.cpr_shown)
        closed = f"  [reverse] Lukket {format_date(c.closed_on)} [/reverse]" if c.closed_on else ""
        self.query_one("#file-title", Static).update(
            f"[b]{name}[/b]  {cpr}  {f.age} år  ·  {c.current_phase.label}  ·  {c.readiness.label}{closed}"
        )
        for pane in self.panes():
            pane.render_tab(f)

    # --- keys ----------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#file-tabs", TabbedContent).active = tab
        table = self.query(f"#{tab}-table")
        if table:
            table.first().focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # By digit, click or a new citizen: the key bar shows the keys of the tab shown now.
        # Kept here, not asked of the TabbedContent: check_action runs for every binding each
        # time the bindings are read, and a query there made each reading ~100 times slower.
        if event.tabbed_content.id == "file-tabs" and event.pane.id:
            self.shown_tab = event.pane.id
            self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()

    # n, e and d mean the same on every tab and act on the tab shown; a tab's own keys run on
    # their tab (`in_tab`), whichever tab is shown. None acts before the file is shown.

    def action_new(self) -> None:
        if self.file is not None:
            self.pane(self.active_tab()).new()

    def action_edit(self) -> None:
        if self.file is not None:
            self.pane(self.active_tab()).edit()

    def action_done(self) -> None:
        if self.file is not None:
            self.pane(self.active_tab()).done()

    def action_in_tab(self, tab: str, action: str) -> None:
        if self.file is not None:
            getattr(self.pane(tab), f"action_{action}")()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The key bar, help (F1) and the palette show the keys that act on the tab shown, and
        only those: n, e and d where the tab has them (Journal has no e or d: r corrects a
        note), a tab's keys for its own list while it is shown."""
        shown = PANES.get(self.shown_tab)
        if action in ("new", "edit", "done"):
            return shown is not None and shown.acts_on(action)
        if action == "in_tab" and len(parameters) == 2:
            tab, tab_action = parameters
            pane = PANES.get(str(tab))
            if pane is not None and tab_action in pane.TAB_ONLY:
                return pane is shown
        return super().check_action(action, parameters)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Forms that open on their tab: under a key ("n") they depend on the tab shown."""
        for title, help_text, tab, form in (
            ("Nyt journalnotat", "Skriv et notat i journalen", "journal", lambda: self.tab(JournalTab).form_note()),
            (
                "Nyt virksomhedsforløb",
                "Opret praktik, løntilskud, ordinære timer …",
                "forloeb",
                lambda: self.tab(PlacementsTab).form_placement(),
            ),
            ("Nyt delmål", "Tilføj et delmål til Min Plan", "plan", lambda: self.tab(PlanTab).form_plan_step()),
            ("Nyt jobmål", "Tilføj et A-, B- eller C-mål", "abc", lambda: self.tab(AbcTab).form_job_goal()),
            (
                "Indkomstberegner",
                "Hvad giver ordinære timer? Skøn over løn og ydelse måned for måned",
                "forloeb",
                lambda: self.tab(PlacementsTab).action_income(),
            ),
        ):
            yield SystemCommand(title, help_text, partial(self._open_form, tab, form))

    def _open_form(self, tab: str, form: Callable[[], None]) -> None:
        self.action_show_tab(tab)
        if self.file is not None:
            form()

    # --- the whole CPR number -----------------------------------------------------------

    def action_reveal_cpr(self) -> None:
        """Show the whole CPR number for a while; each reveal is one REVEAL_CPR event."""
        if self.file is None or self.cpr_shown:
            return
        if self.privacy:
            self.notify("Skærmen er i privatvisning (F4); CPR vises ikke.", severity="warning")
            return
        citizen_id, worker, purpose = self.file.citizen.id, self.desk.worker, self.purpose

        def failed(message: str) -> None:
            self.notify(
                f"CPR-nummeret vises ikke: visningen kunne ikke skrives i logningen. ({message})",
                title="Logningen fejlede",
                severity="error",
            )

        # Shown only once the reveal is in the access log: a reveal the log refused never shows.
        self.save(
            lambda session: log_access(
                session,
                worker_id=worker.id if worker else None,
                action=AuditAction.REVEAL_CPR,
                citizen_id=citizen_id,
                purpose=purpose,
            ),
            lambda _logged: self._show_cpr(citizen_id),
            failed=failed,
            group="citizen-file-log",
        )

    def _show_cpr(self, citizen_id: uuid.UUID) -> None:
        if self.file is None or self.file.citizen.id != citizen_id or self.privacy:
            return
        self.cpr_shown = True
        self.render_file()
        self.set_timer(self.CPR_SHOWN_SECONDS, self._hide_cpr)

    def _hide_cpr(self) -> None:
        if self.cpr_shown:
            self.cpr_shown = False
            if self.file is not None:
                self.render_file()
