"""The Textual app: screens, global keys, command palette."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from stvdesk.context import DeskContext
from stvdesk.db.queries.workers import WorkerInfo, has_workers
from stvdesk.screens.base import DeskScreen
from stvdesk.screens.citizen_summary import CitizenSummaryScreen
from stvdesk.screens.first_run import FirstRunScreen
from stvdesk.screens.help import HelpScreen
from stvdesk.screens.min_dag import MinDagScreen


class StvdeskApp(App[str | None]):
    """Exit result: None normally; "demo" when the first-run form asks for the demo."""

    CSS_PATH = "app.tcss"
    TITLE = "stvdesk"

    BINDINGS = [
        Binding("f1,question_mark", "help", "Hjælp", key_display="F1/?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Kommandoer", key_display="^p", priority=True, id="app.palette"),
        Binding("f2", "min_dag", "Min dag", id="app.min_dag"),
        Binding("ctrl+q", "quit", "Afslut", key_display="^q", priority=True, id="app.quit"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, desk: DeskContext) -> None:
        super().__init__()
        self.desk = desk

    def on_mount(self) -> None:
        self.title = "stvdesk"
        if self.desk.worker is None and not self.desk.query(has_workers):
            self.push_screen(FirstRunScreen())
        else:
            self.push_screen(MinDagScreen())

    def start_desk(self, worker: WorkerInfo) -> None:
        """After the first-run form: the desk opens on "Min dag"."""
        self.desk.worker = worker
        self.switch_screen(MinDagScreen())

    # --- navigation -------------------------------------------------------------------

    def open_citizen(self, citizen_id: uuid.UUID) -> None:
        self.push_screen(CitizenSummaryScreen(citizen_id))

    def action_min_dag(self) -> None:
        if self.desk.worker is None:
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, MinDagScreen):
            self.switch_screen(MinDagScreen())

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        title = getattr(screen, "TITLE_DA", "") or "Denne skærm"
        self.push_screen(HelpScreen(title, list(screen.BINDINGS), list(self.BINDINGS)))

    def action_help_quit(self) -> None:
        self.notify("Tryk [b]ctrl+q[/b] for at afslutte stvdesk.", title="Vil du afslutte?")

    # --- command palette --------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every screen and action, in Danish (Textual's own English commands are left out)."""
        if self.desk.worker is not None:
            yield SystemCommand("Min dag", "Dagens og ugens opfølgninger og hvad der er forfaldent", self.action_min_dag)
        if isinstance(screen, MinDagScreen):
            yield SystemCommand("Åbn borger", "Åbn borgeren på den valgte linje", screen.action_open_citizen)
            yield SystemCommand("Markér opfølgning afholdt", "Markér den valgte opfølgning som afholdt i dag",
                                screen.action_hold)
            yield SystemCommand("Opdatér Min dag", "Hent opfølgningerne igen", screen.action_reload)
        if isinstance(screen, CitizenSummaryScreen):
            yield SystemCommand("Tilbage", "Tilbage til forrige skærm", screen.action_back)
        yield SystemCommand("Hjælp", "Vis tasterne (F1 eller ?)", self.action_help)
        yield SystemCommand("Skift tema", "Vælg farvetema", self.action_change_theme)
        yield SystemCommand("Afslut", "Luk stvdesk (ctrl+q)", self.exit)


__all__ = ["StvdeskApp", "DeskScreen"]
