"""Finding a citizen from every screen: `/` opens the palette as a citizen finder, and the command
palette (ctrl+p) finds citizens beside the commands.

The search is the Sagsstamme's (`caseload_page` over every citizen the worker may see, by the
start of a name or of a CPR number, through the same indexes), a few rows, without counting.
Choosing a citizen opens the file as the Sagsstamme does (`open_citizen`: outside one's reach a
purpose is asked first).

The access log: as on the Sagsstamme, a search that showed citizens is logged once the typing
has paused (`SEARCH_LOG_AFTER`), and at once when a citizen is opened from it or the palette
closes. Should the log refuse it, the palette closes: no result stays on the screen unlogged.

Privacy mode (F4): an entry shows neither the name nor the CPR number, only what the
Sagsstamme's hidden row shows (age, phase, S/VK).
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.markup import escape
from textual.timer import Timer

from stvdesk.db.audit import log_access
from stvdesk.db.queries.caseload_list import CaseloadFilter, CaseloadRow, Scope, SortKey, Viewer, caseload_page
from stvdesk.domain.cpr import is_cpr_prefix
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.privacy import shown_cpr, shown_name
from stvdesk.screens.base import desk_app
from stvdesk.screens.caseload.columns import PHASE_SHORT
from stvdesk.screens.caseload.screen import SEARCH_LOG_AFTER
from stvdesk.widgets.data_path import save_on
from stvdesk.widgets.palette import DeskPalette

MOST = 8  # citizens shown for one search
QUIET = 0.1  # seconds without typing before the database is asked (a newer search cancels it)
SHORTEST = 2  # letters or digits before a search is made (one letter lists half the jobcentre)
#: Below the palette's own good matches: a command whose name fits scores near 1.
SCORE = 0.5

FINDER_PLACEHOLDER = "Find en borger: navn eller CPR …"
FINDER_NO_MATCHES = "Ingen borgere passer"


def worth_searching(text: str) -> bool:
    """A search is made for the start of a CPR number or a name of at least SHORTEST characters."""
    return len(text.replace(" ", "").replace("-", "")) >= SHORTEST and (
        is_cpr_prefix(text) or any(c.isalpha() for c in text)
    )


def hit_texts(row: CaseloadRow, privacy: bool) -> tuple[str, str]:
    """An entry's line and its help line: name and CPR (hidden while private), then what the
    Sagsstamme's row shows of the citizen besides."""
    line = f"{shown_name(row.name, privacy)}  {shown_cpr(row.cpr, privacy)}"
    people = f"{row.caseworker}/{row.consultant}" if row.consultant else row.caseworker
    about = [f"{row.age} år", PHASE_SHORT[row.phase], f"S/VK {people}" if people else ""]
    if row.closed_on is not None:
        about.append("lukket sag")
    return line, "Borger · " + " · ".join(part for part in about if part)


def open_finder(node: DOMNode, provider: type[CitizenProvider] | None = None, placeholder: str = "") -> None:
    """The citizen finder: the palette with citizens only, empty (a fresh search every time).
    `provider` chooses what opening a citizen does (by default the file, as the Sagsstamme)."""
    node.app.push_screen(
        DeskPalette(
            providers=[provider or CitizenProvider],
            placeholder=placeholder or FINDER_PLACEHOLDER,
            no_matches=FINDER_NO_MATCHES,
            id="--citizen-finder",
        )
    )


@dataclass
class SearchLog:
    """The access-log events of one palette's searches: a search that showed citizens, once."""

    node: DOMNode  # the app: its timers and workers outlive the palette
    worker_id: uuid.UUID
    waiting: str = ""  # shown, not yet logged
    logged: str = ""
    timer: Timer | None = None

    def typing(self) -> None:
        """A newer search is typed: the one waiting was not paused on, as on the Sagsstamme."""
        self._stop()
        self.waiting = ""

    def shown(self, text: str) -> None:
        """Citizens were shown for `text`: logged once the typing pauses."""
        self._stop()
        self.waiting = text
        self.timer = self.node.set_timer(SEARCH_LOG_AFTER, self.flush)

    def flush(self) -> None:
        """Log the search waiting now (a citizen is opened from it, or the palette closes)."""
        self._stop()
        text, self.waiting = self.waiting, ""
        if not text or text == self.logged:
            return
        self.logged = text
        worker_id = self.worker_id
        save_on(
            self.node,
            lambda session: log_access(session, worker_id=worker_id, action=AuditAction.SEARCH, criterion=text),
            failed=self._refused,
            group="access-log",
        )

    def _stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def _refused(self, reason: str) -> None:
        """The log refused the search: its result is taken off the screen, never kept unlogged."""
        app = self.node.app
        if CommandPalette.is_open(app):
            app.pop_screen()
        app.notify(
            f"Søgningen kunne ikke skrives i logningen og er derfor ikke vist. ({reason})",
            title="Logningen fejlede",
            severity="error",
            timeout=15,
        )


class CitizenProvider(Provider):
    """Citizens for the palette: by name or the start of a CPR number."""

    log: SearchLog | None = None

    async def startup(self) -> None:
        worker = desk_app(self.screen).desk.worker
        if worker is not None:
            self.log = SearchLog(self.app, worker.id)

    async def search(self, query: str) -> Hits:
        text = query.strip()
        log = self.log
        if log is None:
            return
        log.typing()
        if not worth_searching(text):
            return
        await asyncio.sleep(QUIET)  # cancelled here when the next key comes first
        shell = desk_app(self.screen)
        desk, worker = shell.desk, shell.desk.me
        viewer = Viewer(worker.id, worker.role, worker.team_id)
        criteria = CaseloadFilter(
            scope=Scope.ALL, search=text, sort=SortKey.CPR if is_cpr_prefix(text) else SortKey.NAME, descending=False
        )
        today, weights = desk.clock.today(), desk.settings.urgency

        def read(session: Any) -> list[CaseloadRow]:  # Any: screens name no SQL types (the layer rule)
            page = caseload_page(session, criteria, viewer, today, limit=MOST, weights=weights, detail_rows=MOST)
            return page.rows

        # Off the UI thread: DeskContext.run opens a session of its own for the call. The palette
        # cancels this search when a key comes; the thread's answer is then dropped.
        rows = await asyncio.to_thread(desk.run, read)
        privacy = shell.privacy
        for rank, row in enumerate(rows):
            line, about = hit_texts(row, privacy)
            yield Hit(
                SCORE - rank / 100,
                Text(line),
                partial(self._open, row.id),
                text=line,
                help=escape(about),
            )
        if rows:
            log.shown(text)

    #: Where a citizen chosen opens: the file's tab, and what opens over it there.
    OPENS_ON: tuple[str, str | None] = ("overblik", None)

    def _open(self, citizen_id: uuid.UUID) -> None:
        if self.log is not None:
            self.log.flush()
        tab, then = self.OPENS_ON
        desk_app(self.screen).open_citizen(citizen_id, tab=tab, then=then)

    async def shutdown(self) -> None:
        if self.log is not None:
            self.log.flush()


INCOME_PLACEHOLDER = "Indkomstberegner – find borgeren: navn eller CPR …"


class IncomeCitizenProvider(CitizenProvider):
    """The finder for the income calculator from outside a file: the citizen chosen opens on the
    file's Forløb tab with the calculator over it (it reads the file's placements)."""

    OPENS_ON = ("forloeb", "income")
