""" "Sagsstamme": everyone in my caseload (or the team's, another worker's, everybody's),
searchable by name or CPR prefix, filterable, sortable on every column, a page at a time.

The screen opens in its search, so a name typed at once finds and never runs a command. Keys
work on the table; `/` starts a fresh search (from the table or in the field: the old text is
selected, so typing replaces it), a key no command takes typed on the table starts one too. In
the search, Enter or ↓ go to the list (where Enter opens the highlighted citizen), Escape
empties the search and goes to the list (`base.SearchedList`, shared with Virksomheder). Every
change of search, filter, sort or page asks one query function through the data path; a
generation number drops answers that a newer request has overtaken.

This module is the list and its search; the filter bar and its keys are `filters`, the forms
`forms`, the export `export`, the table's words `columns`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from stvdesk.db.audit import log_access
from stvdesk.db.queries.caseload_list import (
    CaseloadFilter,
    CaseloadPage,
    CaseloadRow,
    Scope,
    SortKey,
    Viewer,
    caseload_page,
    complete_page,
)
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cpr import is_cpr_prefix
from stvdesk.domain.enums import AuditAction, Role
from stvdesk.domain.numbers import format_number
from stvdesk.domain.privacy import shown_in_prose
from stvdesk.export.lists import filter_words
from stvdesk.screens.base import SearchedList
from stvdesk.screens.caseload import export, forms
from stvdesk.screens.caseload.columns import default_sort, fitted_columns, row_cells
from stvdesk.screens.caseload.filters import FilterBar, FilteredScreen
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.key_order import working
from stvdesk.widgets.keys import SearchField
from stvdesk.widgets.modals import InfoModal
from stvdesk.widgets.status_line import update_line

PAGE_SIZE = 100
LOADING_NOTICE_AFTER = 0.15  # seconds
SEARCH_LOG_AFTER = 1.0  # seconds of no typing before a search counts as made (and is logged)
# The rows whose details come first are those the table can show (at least this many, before
# it has a size); the rest of the page follows a moment later (half the keystroke-to-table
# time was details and table rows nobody could see yet).
FIRST_ROWS_AT_LEAST = 20


class Overtaken(Exception):
    """A page's query whose search a newer key has replaced: dropped unasked (its worker ends)."""


class CaseloadScreen(FilteredScreen, SearchedList):
    TITLE_DA = "Sagsstamme"
    SEARCH = "caseload-search"
    LIST = "caseload"
    LOAD_GROUP = "caseload"
    LIST_ENTER = "open_citizen"

    BINDINGS = [
        Binding("enter", "open_citizen", "Åbn", id="caseload.open", priority=True),
        Binding("enter", "to_list", "Til listen", id="caseload.to_list", priority=True),
        Binding("slash", "focus_search", "Søg", key_display="/", id="caseload.search"),
        Binding("h", "hold", "Afholdt", id="caseload.hold"),
        Binding("p", "new_placement", "Nyt forløb", show=False, id="caseload.new_placement"),
        Binding("n", "new_citizen", "Ny borger", id="caseload.new_citizen"),
        Binding("u", "explain_urgency", "Hast?", id="caseload.urgency"),
        Binding("s", "next_sort", "Sortér", id="caseload.sort"),
        Binding("S", "reverse_sort", "Vend", show=False, id="caseload.reverse"),
        Binding("v", "next_scope", "Visning", id="caseload.scope"),
        Binding("w", "pick_worker", "Medarbejder", id="caseload.worker"),
        Binding("k", "cycle_readiness", "Parathed", show=False, id="caseload.readiness"),
        Binding("f", "cycle_phase", "Fase", show=False, id="caseload.phase"),
        Binding("m", "cycle_target_group", "Målgruppe", show=False, id="caseload.target_group"),
        Binding("c", "toggle_filter('cv_missing')", "CV mangler", show=False, id="caseload.cv"),
        Binding("a", "toggle_filter('no_abc')", "Uden ABC", show=False, id="caseload.abc"),
        Binding("o", "toggle_filter('overdue')", "Forfaldne", show=False, id="caseload.overdue"),
        Binding("i", "toggle_filter('in_placement')", "I forløb", show=False, id="caseload.in_placement"),
        Binding("t", "toggle_filter('no_ordinary_hours')", "Uden ord. timer", show=False, id="caseload.no_hours"),
        Binding("x", "clear_filters", "Ryd filtre", id="caseload.clear"),
        Binding("e", "export", "Eksportér", show=False, id="caseload.export"),
        Binding("I", "app.import", "Importér", show=False, id="caseload.import"),
        Binding("g", "save_filter", "Gem filter", show=False, id="caseload.save_filter"),
        Binding("l", "load_filter", "Hent filter", show=False, id="caseload.load_filter"),
        Binding("right_square_bracket", "page(1)", "Næste side", key_display="]", show=False, id="caseload.next_page"),
        Binding(
            "left_square_bracket", "page(-1)", "Forrige side", key_display="[", show=False, id="caseload.prev_page"
        ),
    ]
    KEY_HELP = {
        "caseload.search": "Søg på navn eller CPR",
        "caseload.to_list": "Fra søgefeltet til listen; der åbner Enter den valgte borger",
        "caseload.hold": "Markér den valgte borgers næste opfølgning afholdt",
        "caseload.urgency": "Vis hvad hastescoren består af",
        "caseload.scope": "Min sagsstamme, teamets eller alle borgere",
        "caseload.worker": "Vis en medarbejders sagsstamme",
        "caseload.clear": "Fjern alle filtre",
        "caseload.export": "CSV eller Excel med de aktuelle filtre, også anonymiseret",
        "caseload.import": "Borgere og forløb fra Excel eller CSV",
        "caseload.save_filter": "Gem de aktuelle filtre med et navn",
        "caseload.load_filter": "Brug et gemt filter",
    }

    def __init__(self) -> None:
        super().__init__()
        self.page_offset = 0
        self.page: CaseloadPage | None = None
        self.generation = 0
        self.rendered_generation = -1  # which request the table shows (tests and bench wait on it)
        self.complete_generation = -1  # … with every row of its page
        # (generation, DB-API connection) of each query under way, by a token of its own: several
        # run at once when keys come faster than answers. Any: sqlite3's, sqlcipher3's or psycopg's
        self.running_queries: dict[object, tuple[int, Any]] = {}
        self.search_log_timer: Timer | None = None  # a search waiting to be logged
        self.logged_search = ""  # the last search written to the access log

    def compose_body(self) -> ComposeResult:
        yield SearchField(
            placeholder="Søg navn eller CPR · Enter/↓ til listen, hvor Enter åbner · Esc rydder",
            id="caseload-search",
        )
        yield FilterBar(id="caseload-bar")
        table = FastTable(id="caseload", cursor_type="row", zebra_stripes=True)
        # S/VK sorts on S; VK has its own sort via `s` (SortKey.CONSULTANT is in the cycle).
        table.add_fitted(*fitted_columns())
        yield table
        yield Static("", id="caseload-status")

    def on_mount(self) -> None:
        worker = self.desk.worker
        if worker and worker.role in (Role.LEADER, Role.PL):
            self.criteria = replace(self.criteria, scope=Scope.TEAM)
        self.reload()

    # --- loading ----------------------------------------------------------------------

    def viewer(self) -> Viewer | None:
        worker = self.desk.worker
        return Viewer(worker.id, worker.role, worker.team_id) if worker else None

    def reload(self, *, keep_offset: bool = False) -> None:
        if not keep_offset:
            self.page_offset = 0
        self.generation += 1
        self.workers.cancel_group(self, "caseload-rest")
        self.interrupt_outdated_queries()
        self.query_one("#caseload-bar", FilterBar).say(self.criteria, self.worker_name)
        # One row more than the table shows (its height less the header, plus one): a page longer
        # than the table scrolls from its first rows on, so the scrollbar does not come and go
        # between the first rows and the rest (each would lay the whole screen out again).
        shown = self.query_one("#caseload", DataTable).size.height
        self.load_page(self.generation, self.criteria, self.page_offset, max(FIRST_ROWS_AT_LEAST, shown))
        # Most answers come within a frame or two; only a slow one says "Indlæser …" (painting
        # it on every keystroke cost the query thread its GIL time).
        generation = self.generation
        self.set_timer(LOADING_NOTICE_AFTER, lambda: self._show_loading(generation))

    def _show_loading(self, generation: int) -> None:
        if self.rendered_generation != generation and self.generation == generation:
            self.say_status("[dim]Indlæser …[/dim]")

    def load_page(self, generation: int, f: CaseloadFilter, offset: int, first_rows: int) -> None:
        """The page's first rows with their details, then (if the page is longer) the rest."""
        viewer = self.viewer()
        if viewer is None:
            return
        today, weights, desk = self.desk.clock.today(), self.desk.settings.urgency, self.desk
        # The warnings' day counts in force for the worker's team (the rule catalogue's settings).
        limits = desk.settings.method(desk.me.team_name).limits

        def interruptible(query: Callable[[Any], CaseloadPage]) -> Callable[[Any], CaseloadPage]:
            def run(session: Any) -> CaseloadPage:  # Any: screens name no SQL types (the layer rule)
                if generation != self.generation:
                    raise Overtaken  # typed over before its turn came: never asked
                token = object()
                self.running_queries[token] = (generation, desk.raw_connection(session))
                try:
                    # Checked again once findable: a key that came in between interrupted the
                    # queries it found, and an interrupt before a statement starts is lost.
                    if generation != self.generation:
                        raise Overtaken
                    return query(session)
                finally:
                    del self.running_queries[token]

            return run

        def failed(message: str) -> None:
            if generation == self.generation:  # an overtaken search was stopped on purpose
                self.notify(f"Sagsstammen kunne ikke indlæses: {message}", severity="error", timeout=10)

        def first(page: CaseloadPage) -> None:
            repainted = self.show_page(generation, page)
            if not page.complete and generation == self.generation and not repainted:
                load_rest(page)  # the rows in sight stayed as they were: no frame to wait for
            elif not page.complete and generation == self.generation:
                # After the frame that shows the first rows: the rest is below them, and its
                # query's Python work would otherwise share the GIL with that frame's painting
                # (bench caseload, keystroke → painted median 37–41 ms beside it, 29–30 after).
                self.query_one("#caseload", FastTable).call_after_paint(lambda: load_rest(page))

        def load_rest(page: CaseloadPage) -> None:
            if generation != self.generation:
                return  # typed over before its first rows were painted
            rest = interruptible(lambda session: complete_page(session, page, f, viewer, today, weights, limits))
            # A group of its own: a load of the same group would cancel the worker whose answer
            # is being shown now. A newer request cancels it in reload().
            self.load(rest, lambda whole: self.show_rest(generation, whole), group="caseload-rest", failed=failed)

        read = interruptible(
            lambda session: caseload_page(
                session,
                f,
                viewer,
                today,
                offset=offset,
                limit=PAGE_SIZE,
                weights=weights,
                detail_rows=first_rows,
                limits=limits,
            )
        )
        self.load(read, first, group="caseload", failed=failed)

    def interrupt_outdated_queries(self) -> None:
        """A newer search overtakes the running ones: stop them in the database instead of
        waiting (their workers are cancelled by the data path, their answers dropped)."""
        for generation, connection in list(self.running_queries.values()):
            if generation != self.generation:
                self.desk.interrupt(connection)

    def show_rest(self, generation: int, page: CaseloadPage) -> None:
        self.show_page(generation, page)

    def show_page(self, generation: int, page: CaseloadPage) -> bool:
        """The page in the table; whether the rows in sight changed (a frame will show them)."""
        if generation != self.generation:
            return False  # overtaken by a newer search or filter
        shown = self.page
        common = min(len(page.rows), len(shown.rows)) if shown is not None else 0
        if shown is not None and shown.ids == page.ids and page.rows[:common] == shown.rows[:common]:
            # The rest of a page whose first rows are shown, or "hanse" → "hansen" finding the
            # same people: add what is new, keep the table (and its cursor) as it is.
            self.append_rows(page.rows[common:])
            self.page = page if len(page.rows) >= len(shown.rows) else replace(page, rows=shown.rows)
            self.render_status()
            repainted = False
        else:
            self.page = page
            self.render_page()
            repainted = True
        self.rendered_generation = generation
        if page.complete:
            self.complete_generation = generation
        return repainted

    def render_page(self) -> None:
        page = self.page
        if page is None:
            return
        table = self.query_one("#caseload", DataTable)
        selected = self.selected_row()
        table.clear()
        self.append_rows(page.rows)
        if selected is not None:
            ids = [r.id for r in page.rows]
            if selected.id in ids:
                table.move_cursor(row=ids.index(selected.id))
        self.render_status()

    def append_rows(self, rows: list[CaseloadRow]) -> None:
        table = self.query_one("#caseload", DataTable)
        today = self.desk.clock.today()
        privacy = self.stv_app.privacy
        for row in rows:
            table.add_row(*row_cells(row, today, privacy), key=str(row.id))

    def render_status(self) -> None:
        f = self.criteria
        self.query_one("#caseload-bar", FilterBar).say(f, self.worker_name)
        status = self.say_status
        page = self.page
        if page is None or page.total is None:
            return  # not counted yet: the count follows the first rows
        if page.total == 0:
            if f.scope is Scope.MINE and not f.search and not filter_words(f):
                status(
                    "Du har ingen borgere endnu. [b]I[/b] importerer din sagsstamme fra Excel eller CSV; "
                    "[b]n[/b] opretter en borger."
                )
            else:
                status("Ingen borgere passer til søgningen og filtrene. [dim](x rydder filtrene)[/dim]")
            return
        first, last = format_number(page.offset + 1), format_number(page.offset + len(page.rows))
        more = "  ·  ] næste side, \\[ forrige" if page.total > PAGE_SIZE else ""
        total = f"over {format_number(page.total)}" if page.more else format_number(page.total)
        status(
            f"Viser {first}–{last} af {total}{more}  ·  [dim]Filtre: k f m c a o i t · g/l gem/hent · F1 hjælp[/dim]"
        )

    def say_status(self, text: str) -> None:
        """The status line: its text changes with every answer, its height seldom. Static.update
        lays the whole screen out each time; this only when the line count changes."""
        update_line(self.query_one("#caseload-status", Static), text)

    def action_page(self, step: int) -> None:
        if self.page is None or self.page.total is None:
            return
        offset = self.page_offset + step * PAGE_SIZE
        if 0 <= offset < self.page.total:
            self.page_offset = offset
            self.reload(keep_offset=True)

    def data_changed(self) -> None:
        self.reload()

    # --- selection --------------------------------------------------------------------

    def selected_row(self) -> CaseloadRow | None:
        if self.page is None or not self.page.rows:
            return None
        table = self.query_one("#caseload", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return next((row for row in self.page.rows if str(row.id) == row_key.value), None)

    # --- search -----------------------------------------------------------------------

    def searched_text(self) -> str:
        return self.criteria.search

    @on(Input.Changed, "#caseload-search")
    def _search_changed(self, event: Input.Changed) -> None:
        changes: dict[str, Any] = {"search": event.value}
        if not self.sort_chosen:
            # A search is read in the order of what was typed: CPR order for digits (the index
            # gives it for free), name order for letters; urgency again once the field is empty.
            text = event.value.strip()
            if not text:
                sort, descending = default_sort(self.criteria.scope)
                changes.update(sort=sort, descending=descending)
            elif is_cpr_prefix(text):
                changes.update(sort=SortKey.CPR, descending=False)
            else:
                changes.update(sort=SortKey.NAME, descending=False)
        self.criteria = replace(self.criteria, **changes)
        self.reload()
        self.schedule_search_log(event.value.strip())

    # --- the access log: a search that was looked at is logged ------------------------------

    def schedule_search_log(self, text: str) -> None:
        """Log the search once the typing has paused: one event for "hansen", not six."""
        if self.search_log_timer is not None:
            self.search_log_timer.stop()
            self.search_log_timer = None
        if text:
            self.search_log_timer = self.set_timer(SEARCH_LOG_AFTER, lambda: self.log_search(text))

    def flush_search_log(self) -> None:
        """A citizen opened from a search: the search that found them is logged first."""
        if self.search_log_timer is not None:
            self.search_log_timer.stop()
            self.search_log_timer = None
            self.log_search(self.criteria.search.strip())

    def log_search(self, text: str) -> None:
        self.search_log_timer = None
        worker = self.desk.worker
        if not text or text == self.logged_search or worker is None:
            return
        self.logged_search = text
        worker_id = worker.id
        self.save(
            lambda session: log_access(session, worker_id=worker_id, action=AuditAction.SEARCH, criterion=text),
            failed=self._search_log_failed,
            group="access-log",
        )

    def _search_log_failed(self, reason: str) -> None:
        """The log refused the search: its result is taken off the screen, never kept unlogged."""
        self.query_one("#caseload-search", Input).value = ""
        self.criteria = replace(self.criteria, search="")
        self.reload()
        self.notify(
            f"Søgningen kunne ikke skrives i logningen og er derfor ikke vist. ({reason})",
            title="Logningen fejlede",
            severity="error",
            timeout=15,
        )

    # --- actions on the selected citizen ---------------------------------------------------

    def answer_pending(self) -> bool:
        """Also while a whole CPR number the list does not show is checked (`Enter` in the
        search): a key typed behind that Enter waits to see whether a purpose is asked first,
        which it then does not answer (widgets/key_order.py), instead of running a list's
        command under the question."""
        return super().answer_pending() or working(self, "caseload-cpr")

    def action_to_list(self) -> None:
        """Enter in the search never acts (the keyboard contract): it takes the search to the
        list, where the next Enter opens the highlighted citizen."""
        self.query_one("#caseload", DataTable).focus()
        forms.whole_cpr_searched(self, self.query_one("#caseload-search", Input).value)

    def action_open_citizen(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.flush_search_log()
            self.stv_app.open_citizen(row.id)

    def action_new_citizen(self) -> None:
        forms.new_citizen(self)

    def action_export(self) -> None:
        """The caseload as filtered now, as csv or xlsx; each citizen in the file is logged. A file
        with citizens in it leaves the desk: asked first."""
        self.ask_first("Eksportér listen, som den er filtreret nu, til en fil?", lambda: export.export(self))

    def action_new_placement(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.stv_app.open_citizen(row.id, tab="forloeb", then="new")

    def action_explain_urgency(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.urgency.parts:
            lines = [f"{format_number(points, 2):>5}  {label}" for label, points in row.urgency.parts]
            lines.append(f"{'─' * 5}\n{format_number(row.urgency.total, 2):>5}  i alt")
        else:
            lines = ["Intet haster: opfølgning planlagt, ingen frister overskredet."]
        if row.warnings:
            lines += ["", "[b]Advarsler[/b]", *[f"⚠ {warning}" for warning in row.warnings]]
        name = shown_in_prose(row.name, self.stv_app.privacy)
        self.app.push_screen(InfoModal(f"Hvorfor haster {name}?", "\n".join(lines)))

    def action_hold(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.next_follow_up_id is None:
            self.notify("Borgeren har ingen planlagt opfølgning at markere.", severity="warning")
            return
        name = shown_in_prose(row.name, self.stv_app.privacy)
        kind = row.next_kind.label if row.next_kind else "Opfølgning"
        self.hold_follow_up(
            row.next_follow_up_id, f"{kind} · {name} · planlagt {format_date(row.next_due)}", row.next_kind
        )

    def after_follow_up_held(self) -> None:
        self.reload(keep_offset=True)

    def refresh_privacy(self) -> None:
        self.render_page()

    def private_names(self) -> list[str]:
        return [row.name for row in self.page.rows] if self.page is not None else []
