""" "Sagsstamme": everyone in my caseload (or the team's, another worker's, everybody's),
searchable by name or CPR prefix, filterable, sortable on every column, a page at a time.

Keys work on the table; `/` goes to the search field and Enter or ↓ comes back. Every
change of search, filter, sort or page asks one query function in a thread worker; a
generation number drops answers that a newer request has overtaken.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
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
    save_filter,
    saved_filters,
)
from stvdesk.db.queries.edits import EditError, Editor, create_citizen
from stvdesk.db.queries.workers import team_workers
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cpr import CprError, is_cpr_prefix, mask, parse_cpr
from stvdesk.domain.enums import AuditAction, CvState, Phase, PlacementKind, Readiness, Role, TargetGroup
from stvdesk.screens.base import DeskScreen, cycle_filter
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.modals import ChoiceModal, InfoModal, TextPromptModal

PAGE_SIZE = 100
LOADING_NOTICE_AFTER = 0.15  # seconds
SEARCH_LOG_AFTER = 1.0  # seconds of no typing before a search counts as made (and is logged)
# The rows whose details come first are those the table can show (at least this many, before
# it has a size); the rest of the page follows from the same worker a moment later (issue 8:
# half the keystroke-to-table time was details and table rows nobody could see yet).
FIRST_ROWS_AT_LEAST = 20

TARGET_SHORT = {
    TargetGroup.CASH_BENEFIT: "Kontanth.",
    TargetGroup.EDUCATION_BENEFIT: "Udd.hjælp",
    TargetGroup.RESOURCE_COURSE: "Ressource",
    TargetGroup.JOB_CLARIFICATION: "Jobafkl.",
    TargetGroup.OTHER: "Andet",
}
PHASE_SHORT = {
    Phase.RELATIONSHIP: "Relation",
    Phase.JOB_PLAN: "Jobplan",
    Phase.MATCH: "Match",
    Phase.RETENTION: "Fasthold",
    Phase.PROGRESSION: "Progres.",
    Phase.AFTERCARE: "Efterv.",
}
READINESS_SHORT = {Readiness.READY: "Klar", Readiness.CLOSE: "Tæt på", Readiness.FAR: "Længere"}
CV_SHORT = {CvState.MISSING: "Mangler", CvState.STARTED: "Påbeg.", CvState.DONE: "Færdig", CvState.VISIBLE: "Synligt"}
PLACEMENT_SHORT = {
    PlacementKind.INTERNSHIP: "Prakt.",
    PlacementKind.WAGE_SUBSIDY: "Løntsk.",
    PlacementKind.ORDINARY_HOURS: "Ord.t.",
    PlacementKind.SMALL_JOB: "Småjob",
    PlacementKind.ORDINARY_JOB: "Job",
}
SCOPE_LABEL = {Scope.MINE: "Min sagsstamme", Scope.TEAM: "Teamets borgere", Scope.ALL: "Alle borgere"}

COLUMNS: list[tuple[SortKey, str, int]] = [
    (SortKey.NAME, "Navn", 14),
    (SortKey.URGENCY, "Hast", 4),
    (SortKey.CPR, "CPR", 11),
    (SortKey.AGE, "År", 3),
    (SortKey.TARGET_GROUP, "Målgruppe", 9),
    (SortKey.PHASE, "Fase", 8),
    (SortKey.READINESS, "Parat", 7),
    (SortKey.CASEWORKER, "S/VK", 5),
    (SortKey.CV, "CV", 7),
    (SortKey.ABC, "ABC", 3),
    (SortKey.NEXT_DUE, "Næste", 5),
    (SortKey.PLACEMENT, "Forløb", 10),
    (SortKey.LAST_CONTACT, "Kont.", 5),
]


def default_sort(scope: Scope) -> tuple[SortKey, bool]:
    """Sort and direction when the user has not chosen one: urgency for a caseload; name order
    for all citizens, since ranking a whole jobcentre by urgency takes seconds."""
    return (SortKey.NAME, False) if scope is Scope.ALL else (SortKey.URGENCY, True)


def row_cells(row: CaseloadRow, today, privacy: bool) -> list:
    overdue = row.next_due is not None and row.next_due < today
    next_due = Text(
        row.next_due.strftime("%d-%m") if row.next_due else "ingen",
        style="bold red" if overdue else ("yellow" if row.next_due is None else ""),
    )
    if row.placement_kind:
        hours = f"{row.ordinary_hours:g}t" if row.ordinary_hours is not None else ""
        placement = Text(
            f"{PLACEMENT_SHORT[row.placement_kind]} {hours}", style="yellow" if row.ordinary_hours == 0 else ""
        )
    else:
        placement = Text("–", style="dim")
    contact = f"{(today - row.last_contact).days} d" if row.last_contact else "–"
    urgency = Text(
        f"{row.urgency.total:g}",
        style="bold red" if row.urgency.total >= 40 else ("yellow" if row.urgency.total > 0 else "dim"),
    )
    phase = PHASE_SHORT[row.phase] + ("*" if row.phase_overridden else "")
    if row.closed_on:
        phase = Text("Lukket", style="dim reverse")
    name = "••••••" if privacy else row.name
    return [
        Text(f"⚠ {name}", style="bold") if row.warnings else name,
        urgency,
        "xxxxxx-xxxx" if privacy else mask(row.cpr),
        str(row.age),
        TARGET_SHORT[row.target_group],
        phase,
        READINESS_SHORT[row.readiness],
        f"{row.caseworker}/{row.consultant}" if row.consultant else row.caseworker,
        Text(CV_SHORT[row.cv_state], style="yellow" if row.cv_state is CvState.MISSING else ""),
        "ja" if row.has_abc else Text("–", style="yellow"),
        next_due,
        placement,
        contact,
    ]


class CaseloadScreen(DeskScreen):
    TITLE_DA = "Sagsstamme"

    BINDINGS = [
        Binding("enter", "open_citizen", "Åbn", id="caseload.open", priority=True),
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
        Binding("c", "toggle('cv_missing')", "CV mangler", show=False, id="caseload.cv"),
        Binding("a", "toggle('no_abc')", "Uden ABC", show=False, id="caseload.abc"),
        Binding("o", "toggle('overdue')", "Forfaldne", show=False, id="caseload.overdue"),
        Binding("i", "toggle('in_placement')", "I forløb", show=False, id="caseload.in_placement"),
        Binding("t", "toggle('no_ordinary_hours')", "Uden ord. timer", show=False, id="caseload.no_hours"),
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

    @dataclass
    class Loaded(Message):
        generation: int
        page: CaseloadPage

    @dataclass
    class Failed(Message):
        text: str

    @dataclass
    class Exported(Message):
        text: str
        ok: bool = True

    def __init__(self) -> None:
        super().__init__()
        self.criteria = CaseloadFilter()
        self.page_offset = 0
        self.page: CaseloadPage | None = None
        self.generation = 0
        self.rendered_generation = -1  # which request the table shows (tests and bench wait on it)
        self.complete_generation = -1  # … with every row of its page
        self.sort_chosen = False  # the user picked a sort; until then a search sorts by what was typed
        self.running_query = None  # (generation, DB-API connection) of the query under way
        self.worker_name = ""
        self.shown_bar = ""
        self.search_log_timer = None  # a search waiting to be logged
        self.logged_search = ""  # the last search written to the access log

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="Søg: navn eller CPR (/ for at søge, Enter for at gå til listen)", id="caseload-search")
        yield Static("", id="caseload-bar")
        table: DataTable = FastTable(id="caseload", cursor_type="row", zebra_stripes=True)
        # S/VK sorts on S; VK has its own sort via `s` (SortKey.CONSULTANT is in the cycle).
        for key, label, width in COLUMNS:
            table.add_column(label, key=key.code, width=width)
        yield table
        yield Static("", id="caseload-status")

    def on_mount(self) -> None:
        worker = self.desk.worker
        if worker and worker.role in (Role.LEADER, Role.PL):
            self.criteria = replace(self.criteria, scope=Scope.TEAM)
        self.query_one("#caseload", DataTable).focus()
        self.reload()

    # --- loading ----------------------------------------------------------------------

    def viewer(self) -> Viewer | None:
        worker = self.desk.worker
        return Viewer(worker.id, worker.role, worker.team_id) if worker else None

    def reload(self, *, keep_offset: bool = False) -> None:
        if not keep_offset:
            self.page_offset = 0
        self.generation += 1
        self.interrupt_running_query()
        self.render_bar(loading=True)
        visible = self.query_one("#caseload", DataTable).size.height - 1  # less the header row
        self.load(self.generation, self.criteria, self.page_offset, max(FIRST_ROWS_AT_LEAST, visible))
        # Most answers come within a frame or two; only a slow one says "Indlæser …" (painting
        # it on every keystroke cost the query thread its GIL time, issue 8).
        generation = self.generation
        self.set_timer(LOADING_NOTICE_AFTER, lambda: self._show_loading(generation))

    def _show_loading(self, generation: int) -> None:
        if self.rendered_generation != generation and self.generation == generation:
            self.query_one("#caseload-status", Static).update("[dim]Indlæser …[/dim]")

    @work(thread=True, exclusive=True, exit_on_error=False, group="caseload")
    def load(self, generation: int, f: CaseloadFilter, offset: int, first_rows: int) -> None:
        viewer = self.viewer()
        if viewer is None:
            return
        today = self.desk.clock.today()
        weights = self.desk.settings.urgency

        def interruptible(query):
            def run(session):
                self.running_query = (generation, self.desk.raw_connection(session))
                try:
                    return query(session)
                finally:
                    self.running_query = None

            return run

        try:
            page = self.desk.query(
                interruptible(
                    lambda session: caseload_page(
                        session,
                        f,
                        viewer,
                        today,
                        offset=offset,
                        limit=PAGE_SIZE,
                        weights=weights,
                        detail_rows=first_rows,
                    )
                )
            )
            self.post_message(self.Loaded(generation, page))
            if not page.complete and generation == self.generation:
                page = self.desk.query(
                    interruptible(lambda session: complete_page(session, page, f, viewer, today, weights))
                )
                self.post_message(self.Loaded(generation, page))
        except Exception as exc:  # shown, never a crash of the desk
            if generation == self.generation:
                self.post_message(self.Failed(f"Sagsstammen kunne ikke indlæses: {exc}"))

    def interrupt_running_query(self) -> None:
        """A newer search overtakes the running one: stop it in SQLite instead of waiting."""
        running, self.running_query = self.running_query, None
        if running is not None and running[0] != self.generation:
            self.desk.interrupt(running[1])

    def on_caseload_screen_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return  # overtaken by a newer search or filter
        page, shown = message.page, self.page
        common = min(len(page.rows), len(shown.rows)) if shown is not None else 0
        if shown is not None and shown.ids == page.ids and page.rows[:common] == shown.rows[:common]:
            # The rest of a page whose first rows are shown, or "hanse" → "hansen" finding the
            # same people: add what is new, keep the table (and its cursor) as it is.
            self.append_rows(page.rows[common:])
            self.page = page if len(page.rows) >= len(shown.rows) else replace(page, rows=shown.rows)
            self.render_bar(loading=False)
        else:
            self.page = page
            self.render_page()
        self.rendered_generation = message.generation
        if message.page.complete:
            self.complete_generation = message.generation

    def on_caseload_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=10)

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
        self.render_bar(loading=False)

    def append_rows(self, rows: list[CaseloadRow]) -> None:
        table = self.query_one("#caseload", DataTable)
        today = self.desk.clock.today()
        privacy = self.stv_app.privacy
        for row in rows:
            table.add_row(*row_cells(row, today, privacy), key=str(row.id))

    def render_bar(self, *, loading: bool) -> None:
        f = self.criteria
        scope = SCOPE_LABEL.get(f.scope, f"{self.worker_name}s borgere")
        arrow = "↓" if f.descending else "↑"
        filters = " · ".join(f.describe()) or "ingen filtre"
        bar = f"[b]{scope}[/b]  ·  Filtre: {filters}  ·  Sorteret: {f.sort.label} {arrow}"
        if bar != self.shown_bar:  # a keystroke in the search leaves it as it is: no repaint
            self.shown_bar = bar
            self.query_one("#caseload-bar", Static).update(bar)
        status = self.query_one("#caseload-status", Static)
        if loading:
            return
        page = self.page
        if page is None or page.total is None:
            return  # not counted yet: the count follows the first rows
        if page.total == 0:
            if f.scope is Scope.MINE and not f.search and not f.describe():
                status.update(
                    "Du har ingen borgere endnu. [b]I[/b] importerer din sagsstamme fra Excel eller CSV; "
                    "[b]n[/b] opretter en borger."
                )
            else:
                status.update("Ingen borgere passer til søgningen og filtrene. [dim](x rydder filtrene)[/dim]")
            return
        first, last = page.offset + 1, page.offset + len(page.rows)
        more = "  ·  ] næste side, \\[ forrige" if page.total > PAGE_SIZE else ""
        total = f"over {page.total:,}".replace(",", ".") if page.more else str(page.total)
        status.update(
            f"Viser {first}–{last} af {total}{more}  ·  [dim]Filtre: k f m c a o i t · g/l gem/hent · F1 hjælp[/dim]"
        )

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

    @on(Input.Changed, "#caseload-search")
    def _search_changed(self, event: Input.Changed) -> None:
        changes: dict = {"search": event.value}
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

    # --- the access log: a search that was looked at is logged (issue 9) --------------------

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
        self._write_search_log(worker.id, text)

    @work(thread=True, exit_on_error=False, group="access-log")
    def _write_search_log(self, worker_id: uuid.UUID, text: str) -> None:
        self.desk.query(
            lambda session: log_access(session, worker_id=worker_id, action=AuditAction.SEARCH, criterion=text)
        )

    @on(Input.Submitted, "#caseload-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#caseload", DataTable).focus()

    def _whole_cpr_searched(self, text: str) -> None:
        """Enter after a whole CPR number: if that citizen is not in the list and not within
        one's reach, look them up with a purpose."""
        try:
            digits = parse_cpr(text.strip()).digits
        except CprError:
            return
        worker = self.desk.worker
        if worker is None or (self.page is not None and any(r.cpr == digits for r in self.page.rows)):
            return
        from stvdesk.db.audit import citizen_by_cpr
        from stvdesk.db.queries.caseload import within_reach

        def reachable(session) -> bool:
            found = citizen_by_cpr(session, digits)  # on a team server: only what the login may see
            return found is not None and within_reach(session, worker.id, worker.role, worker.team_id, found.id)

        if not self.desk.query(reachable):
            self._look_up_with_purpose(digits)

    def _look_up_with_purpose(self, digits: str) -> None:
        """A whole CPR number that the list does not show: the citizen is outside one's reach
        (on a team server one cannot even see them). With a purpose, today's access is granted
        and the file opens; the purpose is logged with the opening."""
        from stvdesk.db.queries.caseload import grant_access
        from stvdesk.widgets.modals import TextPromptModal

        worker, today = self.desk.worker, self.desk.clock.today()

        def given(text: str | None) -> None:
            if not text or not text.strip():
                return
            found = self.desk.query(lambda s: grant_access(s, worker.id, digits, text, today))
            if found is None:
                self.notify("Der er ingen borger med dette CPR-nummer.", severity="warning")
                return
            self.flush_search_log()
            self.stv_app.open_citizen(found, purpose=text.strip())

        self.app.push_screen(
            TextPromptModal(
                "Formål med opslaget",
                f"{mask(digits)} er ikke i listen her. Skriv hvorfor du slår borgeren op –\n"
                "formålet gemmes i logningen, og adgangen gælder i dag:",
                required_message="Skriv et formål, eller tryk Escape for at lade være.",
            ),
            given,
        )

    def on_key(self, event) -> None:
        search = self.query_one("#caseload-search", Input)
        if search.has_focus and event.key in ("down", "escape"):
            if event.key == "escape" and search.value:
                search.value = ""
            else:
                self.query_one("#caseload", DataTable).focus()
            event.stop()
            event.prevent_default()

    def action_focus_search(self) -> None:
        self.query_one("#caseload-search", Input).focus()

    # --- filters and sorting ------------------------------------------------------------

    def set_filter(self, **changes) -> None:
        self.criteria = replace(self.criteria, **changes)
        self.reload()

    def action_cycle_readiness(self) -> None:
        self.set_filter(readiness=cycle_filter(list(Readiness), self.criteria.readiness))

    def action_cycle_phase(self) -> None:
        self.set_filter(phase=cycle_filter(list(Phase), self.criteria.phase))

    def action_cycle_target_group(self) -> None:
        self.set_filter(target_group=cycle_filter(list(TargetGroup), self.criteria.target_group))

    def action_toggle(self, name: str) -> None:
        self.set_filter(**{name: not getattr(self.criteria, name)})

    def action_clear_filters(self) -> None:
        f = self.criteria
        self.criteria = CaseloadFilter(
            scope=f.scope, worker_id=f.worker_id, search=f.search, sort=f.sort, descending=f.descending
        )
        self.reload()

    def data_changed(self) -> None:
        self.reload()

    def action_export(self) -> None:
        """The caseload as filtered now, as csv or xlsx; each citizen in the file is logged."""
        from stvdesk.widgets.modals import ChoiceModal

        criteria = self.criteria
        variants = [
            ("CSV (semikolon, til Excel)", ("csv", False)),
            ("Excel (.xlsx)", ("xlsx", False)),
            ("CSV uden CPR og navne (initialer)", ("csv", True)),
            ("Excel uden CPR og navne (initialer)", ("xlsx", True)),
        ]

        def chosen(choice) -> None:
            if choice is not None:
                self.notify("Eksporterer sagsstammen …", title="Eksport")
                self.export_in_background(criteria, *choice)

        self.app.push_screen(ChoiceModal("Eksportér sagsstammen med de aktuelle filtre", variants), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="caseload-export")
    def export_in_background(self, criteria: CaseloadFilter, fmt: str, redacted: bool) -> None:
        """A team's or everyone's list can take seconds: off the screen's thread."""
        try:
            written = self.stv_app.export_caseload(criteria, fmt, redacted)
        except OSError as exc:
            self.post_message(
                self.Exported(f"Filen kunne ikke skrives: {exc.strerror or exc}. Intet er logget.", False)
            )
            return
        self.post_message(
            self.Exported(
                f"{written.rows} borgere skrevet til {written.path}. Hver borger i filen er logget som eksporteret."
            )
        )

    def on_caseload_screen_exported(self, message: Exported) -> None:
        from rich.markup import escape

        from stvdesk.widgets.modals import InfoModal

        title = "Sagsstammen er eksporteret" if message.ok else "Eksporten mislykkedes"
        self.app.push_screen(InfoModal(title, escape(message.text)))

    def action_next_sort(self) -> None:
        self.sort_chosen = True
        keys = list(SortKey)
        following = keys[(keys.index(self.criteria.sort) + 1) % len(keys)]
        self.set_filter(sort=following, descending=following is SortKey.URGENCY)

    def action_reverse_sort(self) -> None:
        self.sort_chosen = True
        self.set_filter(descending=not self.criteria.descending)

    @on(DataTable.HeaderSelected, "#caseload")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.sort_chosen = True
        key = next(k for k, _, _ in COLUMNS if k.code == event.column_key.value)
        if key is self.criteria.sort:
            self.set_filter(descending=not self.criteria.descending)
        else:
            self.set_filter(sort=key, descending=key is SortKey.URGENCY)

    def action_page(self, step: int) -> None:
        if self.page is None or self.page.total is None:
            return
        offset = self.page_offset + step * PAGE_SIZE
        if 0 <= offset < self.page.total:
            self.page_offset = offset
            self.reload(keep_offset=True)

    def action_next_scope(self) -> None:
        order = [Scope.MINE, Scope.TEAM, Scope.ALL]
        current = self.criteria.scope if self.criteria.scope in order else Scope.ALL
        scope = order[(order.index(current) + 1) % len(order)]
        changes: dict = {"scope": scope, "worker_id": None}
        if not self.sort_chosen and not self.criteria.search:
            sort, descending = default_sort(scope)
            changes.update(sort=sort, descending=descending)
        self.set_filter(**changes)

    def action_pick_worker(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        workers = self.desk.query(lambda session: team_workers(session, worker.team_id))
        choices = [(f"{w.name} ({w.initials}) – {w.role.label}", w) for w in workers if w.role in (Role.S, Role.VK)]

        def chosen(picked) -> None:
            if picked is not None:
                self.worker_name = picked.name
                self.set_filter(scope=Scope.WORKER, worker_id=picked.id)

        self.app.push_screen(ChoiceModal("Vis en medarbejders sagsstamme", choices), chosen)

    # --- saved filters ------------------------------------------------------------------

    def action_save_filter(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return

        def named(name: str | None) -> None:
            if name:
                self.desk.query(lambda session: save_filter(session, worker.id, name, self.criteria))
                self.notify(f"Filteret '{name.strip()}' er gemt.", title="Gemt")

        self.app.push_screen(
            TextPromptModal("Gem filter", "Navn på filteret:", required_message="Filteret skal have et navn."), named
        )

    def action_load_filter(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        filters = self.desk.query(lambda session: saved_filters(session, worker.id))

        def chosen(f: CaseloadFilter | None) -> None:
            if f is not None:
                self.criteria = replace(f, search=self.criteria.search)
                self.reload()

        self.app.push_screen(ChoiceModal("Hent gemt filter", filters, "Du har ingen gemte filtre (g gemmer)."), chosen)

    # --- actions on the selected citizen ---------------------------------------------------

    def action_open_citizen(self) -> None:
        search = self.query_one("#caseload-search", Input)
        if search.has_focus:
            self.query_one("#caseload", DataTable).focus()
            self._whole_cpr_searched(search.value)
            return
        row = self.selected_row()
        if row is not None:
            self.flush_search_log()
            self.stv_app.open_citizen(row.id)

    def action_new_citizen(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        created: list[uuid.UUID] = []

        def submit(v: dict) -> str | None:
            editor = Editor(worker_id=worker.id, today=self.desk.clock.today())
            try:
                citizen = self.desk.query(
                    lambda s: create_citizen(
                        s,
                        editor,
                        cpr=v["cpr"].formatted,
                        first_name=v["first_name"],
                        last_name=v["last_name"],
                        target_group=v["target_group"],
                        readiness=v["readiness"],
                        caseworker_id=worker.id if worker.role is Role.S else None,
                        phone=v["phone"],
                        email=v["email"],
                    )
                )
            except (EditError, CprError) as exc:
                return str(exc)
            created.append(citizen.id)
            return None

        def closed(values: dict | None) -> None:
            if values is not None and created:
                self.reload()
                self.stv_app.open_citizen(created[0], purpose="Ny borger oprettet")

        self.app.push_screen(
            FormModal(
                "Ny borger",
                [
                    FieldSpec("cpr", "CPR-nummer", required=True, parse=parse_cpr, placeholder="ddmmåå-xxxx"),
                    FieldSpec("first_name", "Fornavn", required=True),
                    FieldSpec("last_name", "Efternavn", required=True),
                    FieldSpec(
                        "target_group",
                        "Målgruppe",
                        kind="choice",
                        value=TargetGroup.CASH_BENEFIT,
                        choices=[(t.label, t) for t in TargetGroup],
                    ),
                    FieldSpec(
                        "readiness",
                        "Parathed",
                        kind="choice",
                        value=Readiness.FAR,
                        choices=[(r.label, r) for r in Readiness],
                    ),
                    FieldSpec("phone", "Telefon"),
                    FieldSpec("email", "Mail"),
                ],
                submit,
            ),
            closed,
        )

    def action_new_placement(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.stv_app.open_citizen(row.id, tab="forloeb", then="new")

    def action_explain_urgency(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.urgency.parts:
            lines = [f"{points:>5g}  {label}" for label, points in row.urgency.parts]
            lines.append(f"{'─' * 5}\n{row.urgency.total:>5g}  i alt")
        else:
            lines = ["Intet haster: opfølgning planlagt, ingen frister overskredet."]
        if row.warnings:
            lines += ["", "[b]Advarsler[/b]", *[f"⚠ {warning}" for warning in row.warnings]]
        name = "borgeren" if self.stv_app.privacy else row.name
        self.app.push_screen(InfoModal(f"Hvorfor haster {name}?", "\n".join(lines)))

    def action_hold(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.next_follow_up_id is None:
            self.notify("Borgeren har ingen planlagt opfølgning at markere.", severity="warning")
            return
        name = "borgeren" if self.stv_app.privacy else row.name
        kind = row.next_kind.label if row.next_kind else "Opfølgning"
        self.hold_follow_up(
            row.next_follow_up_id, f"{kind} · {name} · planlagt {format_date(row.next_due)}", row.next_kind
        )

    def after_follow_up_held(self) -> None:
        self.reload(keep_offset=True)

    def refresh_privacy(self) -> None:
        self.render_page()
