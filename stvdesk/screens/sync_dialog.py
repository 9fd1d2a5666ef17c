"""Synkronisér: the field laptop's sync from the desk, between two visits, without quitting
(README, "A field laptop that syncs").

The same sync as `stvdesk sync` (stvdesk.sync.run), on the desk's own engine, in a thread worker:
the desk holds the file's instance lock, so the sync runs inside the process that holds it. The
password of the worker's server login is asked when the server wants one and kept only for
this sync. Each step the sync reports is shown on a status line under a progress bar; at the end
the dialog says what went and came, new conflicts are announced with the key of their inbox, and
the screen below reads its data and the header's sync state again when it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static

from stvdesk.screens.base import DeskScreen
from stvdesk.settings import readable_key
from stvdesk.widgets.data_path import danish_failure
from stvdesk.widgets.keys import key_of

if TYPE_CHECKING:
    from stvdesk.context import DeskContext
    from stvdesk.sync.run import SyncReport

TITLE = "Synkronisér med teamets server"


class SyncDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    SyncDialog { align: center middle; }
    SyncDialog .dialog { width: 72; height: auto; }
    SyncDialog #sync-password { display: none; }
    SyncDialog.-password #sync-password { display: block; }
    SyncDialog ProgressBar { margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "close", "Luk", id="sync.close")]

    def __init__(self, desk: DeskContext) -> None:
        super().__init__()
        self.desk = desk
        self.running = False
        self.report: SyncReport | None = None
        self.lines: list[str] = []  # every step said, in order (the status line shows the last)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{TITLE}[/b]", classes="dialog-title")
            yield Input(placeholder="Adgangskode til dit login på serveren", password=True, id="sync-password")
            # Without a total while the sync runs (how many batches go is not known beforehand).
            yield ProgressBar(total=None, show_eta=False, id="sync-progress")
            yield Static("Forbinder til serveren …", id="sync-status")
            yield Static("", id="sync-keys")

    def on_mount(self) -> None:
        self._keys_hint()
        self._start(None)

    def _keys_hint(self) -> None:
        close = key_of(self, "sync.close") or "Escape"
        words = "venter på serveren" if self.running else "lukker"
        self.query_one("#sync-keys", Static).update(f"[dim]{close} {words}[/dim]")

    def _start(self, password: str | None) -> None:
        self.running = True
        self.set_class(False, "-password")
        self.query_one("#sync-progress", ProgressBar).update(total=None, progress=0)
        self._keys_hint()
        self._run(password)

    # --- in the worker --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="desk-sync", exit_on_error=False)
    def _run(self, password: str | None) -> None:
        from stvdesk.sync.run import PasswordWanted, SyncError, WrongPassword, sync_with_server

        def step(text: str) -> None:
            self.app.call_from_thread(self._step, text)

        try:
            report = sync_with_server(self.desk.engine, password, step)
        except PasswordWanted as asked:
            self.app.call_from_thread(self._ask_password, isinstance(asked, WrongPassword))
        except SyncError as exc:
            self.app.call_from_thread(self._failed, str(exc))
        except Exception as exc:  # said in Danish too, never a traceback on the desk
            self.app.call_from_thread(self._failed, danish_failure(exc))
        else:
            self.app.call_from_thread(self._done, report)

    # --- on the UI thread -----------------------------------------------------------------------

    def _step(self, text: str) -> None:
        self.lines.append(text)
        self.query_one("#sync-status", Static).update(escape(text))

    def _ask_password(self, wrong: bool) -> None:
        self.running = False
        self.set_class(True, "-password")
        self.query_one("#sync-status", Static).update(
            "Login eller adgangskode passer ikke. Prøv igen." if wrong else "Skriv adgangskoden og tryk Enter."
        )
        field = self.query_one("#sync-password", Input)
        field.value = ""
        field.focus()
        self._keys_hint()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value and not self.running:
            self._start(event.value)

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one("#sync-progress", ProgressBar).update(total=1, progress=0)
        self.lines.append(message)
        self.query_one("#sync-status", Static).update(f"[b red]{escape(message)}[/]")
        self._keys_hint()

    def _done(self, report: SyncReport) -> None:
        from stvdesk.sync.inbox import conflict_summary

        self.running, self.report = False, report
        self.query_one("#sync-progress", ProgressBar).update(total=1, progress=1)
        lines = [
            f"Sendt: {report.pushed} ændringer og {report.events} logningshændelser.",
            f"Hentet: {report.pulled} rækker.",
        ]
        if report.erased:
            lines.append(f"Fjernet fra den bærbare: {report.erased} borgere, der ikke længere er i dine sager.")
        self.lines += lines
        self.query_one("#sync-status", Static).update(escape("\n".join(lines)))
        self._keys_hint()
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if isinstance(below, DeskScreen):
            below.refresh_header()  # the last sync and the counts, at once
        if report.conflicts:
            inbox = readable_key(key_of(self.app, "app.conflicts") or "f12")
            self.app.notify(
                f"{conflict_summary(report.kinds)}. Vælg under Konflikter ({inbox}).",
                title="Nye konflikter",
                severity="warning",
                timeout=20,
                markup=False,
            )
        else:
            self.app.notify("Synkroniseret.", title="Synkronisering")

    def action_close(self) -> None:
        if self.running:  # a sync broken off would be finished by the next one, but not behind the desk's back
            self.notify("Synkroniseringen er i gang; vent til den er færdig.", severity="warning")
            return
        self.dismiss(None)
