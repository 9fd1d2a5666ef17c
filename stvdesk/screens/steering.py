""" "Styring": this month's numbers against the targets, for one worker or the team (000, 4.3).

Each metric with actual, target, a progress bar, the forecast and the last 12 months as a
sparkline; the readiness funnel with what is missing; for the team each worker's caseload
against the band and the team's good stories (Enter reads one in full). Enter on a metric lists
the citizens behind the number (the same query). It reads the data again whenever it is shown, so a change made in
another screen is there when you come back.

Keys: `v` the team's or my numbers, `w` another worker's, `[`/`]` previous and next month, `d`
the month's dialogues (the team's, or the worker's shown). A leader's desk opens here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from stvdesk.db.queries.steering import (
    Dashboard,
    DrillRow,
    SteeringScope,
    StoryLine,
    WorkerLoad,
    dashboard,
    metric_rows,
    team_loads,
    team_stories,
)
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.calendar import MONTHS, month_start, month_step
from stvdesk.domain.caseload import LoadLevel, band_for, load_level
from stvdesk.domain.enums import Role, TargetMetric
from stvdesk.domain.numbers import format_number
from stvdesk.domain.privacy import shown_name
from stvdesk.domain.progression import sparkline
from stvdesk.domain.rules import CASELOAD_BAND, context_lines, tag
from stvdesk.domain.targets import forecast, format_amount, progress_bar
from stvdesk.screens.base import DeskScreen, desk_app
from stvdesk.screens.stories import StoriesPanel, StoryModal
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.modals import ChoiceModal


def month_label(month: date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def amount(metric: TargetMetric, value: float | None) -> str:
    if value is None:
        return "–"
    return format_amount(metric, value)


class DrillDownModal(ModalScreen[None]):
    """The citizens behind a number; Enter opens one."""

    DEFAULT_CSS = """
    DrillDownModal { align: center middle; }
    """
    #: the most lines the list shows (its header included); a longer list scrolls inside them
    VIEW_LINES = 24
    BINDINGS = [Binding("escape", "close", "Luk", id="drill.close")]

    def __init__(self, title: str, rows: list[DrillRow], hours: bool, privacy: bool) -> None:
        super().__init__()
        self.title_text, self.rows, self.hours, self.privacy = title, rows, hours, privacy

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{escape(self.title_text)}[/b]", classes="dialog-title")
            # A fixed height, not `auto`: a list of thousands is measured by cell length and only
            # the lines in sight are drawn, with no layout of the dialog as the rows go in.
            table = FastTable(id="drill-table", cursor_type="row", zebra_stripes=True)
            table.styles.height = min(len(self.rows) + 1, self.VIEW_LINES)
            table.add_fitted(Col("Borger", min=20, priority=2), Col("Timer" if self.hours else "", key="hours"))
            for n, row in enumerate(self.rows):
                table.add_row(
                    shown_name(row.name, self.privacy),
                    format_amount(TargetMetric.ORDINARY_HOURS_TOTAL, row.amount) if self.hours else "",
                    key=f"{n}:{row.citizen_id}",
                )
            yield table
            yield Static("[dim]Enter åbner borgeren · Escape lukker[/dim]")

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        import uuid

        citizen_id = uuid.UUID((event.row_key.value or "").split(":", 1)[1])
        self.dismiss(None)
        desk_app(self).open_citizen(citizen_id)

    def action_close(self) -> None:
        self.dismiss(None)


class SteeringScreen(DataPath, DeskScreen):
    TITLE_DA = "Styring"

    BINDINGS = [
        Binding("enter", "drill", "Vis borgerne", id="steering.drill", priority=True),
        Binding("v", "toggle_team", "Teamets/mine", id="steering.team"),
        Binding("w", "pick_worker", "Medarbejder", id="steering.worker"),
        Binding("left_square_bracket", "month(-1)", "Forrige måned", key_display="[", id="steering.previous"),
        Binding("right_square_bracket", "month(1)", "Næste måned", key_display="]", id="steering.next"),
        Binding("m", "targets", "Måltal", id="steering.targets"),
        Binding("x", "export", "Excel", id="steering.export"),
        Binding("d", "dialogue", "Månedsdialog", id="steering.dialogue"),
        Binding("l", "access_log", "Logning", id="steering.access_log"),
        Binding("t", "team_board", "Teamtavle", id="steering.team_board"),
        Binding("k", "outreach", "Virksomhedskontakt", id="steering.outreach"),
    ]
    KEY_HELP = {
        "steering.team": "Skift mellem teamets tal og dine",
        "steering.targets": "Sæt, kopiér og importér månedens måltal",
        "steering.export": "Teamets og hver medarbejders tal til Excel",
        "steering.dialogue": "Månedens dialoger med teamet (holdt eller mangler), en medarbejders sagsstamme, tal og aftaler",
        "steering.access_log": "Teamets opslag, søgninger og eksporter – for lederen",
        "steering.team_board": "Det tværgående møde: borgere klar eller tæt på uden match ved siden af åbne jobåbninger",
        "steering.outreach": "Månedens virksomhedskontakt pr. konsulent: nye virksomheder, for en borger, ordinære timer",
    }

    def __init__(self) -> None:
        super().__init__()
        self.board: Dashboard | None = None
        self.month: date | None = None
        self.subject: WorkerInfo | None = None  # None: the team

    def compose_body(self) -> ComposeResult:
        yield Static("", id="steering-title")
        # The forecast takes the spare width and is cut at a word, never mid-word; the sparkline
        # gives way first on a narrow terminal.
        table = FastTable(id="steering-table", cursor_type="row", zebra_stripes=True)
        table.add_fitted(
            Col("Måltal", min=20, priority=9),
            Col("Faktisk", min=7, priority=8),
            Col("Mål", min=6, priority=7),
            Col("Fremdrift", min=12, priority=4),
            Col("Prognose", min=20, priority=6),
            Col("12 måneder", min=12, priority=3),
        )
        yield table
        with Horizontal(id="steering-lower"):
            with Vertical(id="steering-funnel"):
                yield Static("[b]Parathed[/b] – åbne sager nu (Enter på et tal viser borgerne)")
                # Fitted by content: the readiness and the count stay; the gaps give way from the right.
                funnel = FastTable(id="funnel-table", cursor_type="cell")
                funnel.add_fitted(
                    Col("", key="readiness", min=11, priority=9),
                    Col("Borgere", min=7, priority=8),
                    Col("Uden CV", min=7, priority=7),
                    Col("Uden ABC", min=8, priority=6),
                    Col("Uden delmål", min=11, priority=5),
                )
                yield funnel
            yield Static("", id="steering-loads")
            yield StoriesPanel(id="steering-stories")

    def on_mount(self) -> None:
        worker = self.desk.me
        self.month = month_start(self.desk.clock.today())
        self.subject = None if worker.role in (Role.LEADER, Role.PL) else worker
        self.query_one("#steering-table", DataTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.board is not None:  # real time: whatever changed elsewhere shows now
            self.reload()

    def _month(self) -> date:
        """The month shown (set when the screen is mounted)."""
        return self.month if self.month is not None else month_start(self.desk.clock.today())

    def scope(self) -> SteeringScope:
        if self.subject is None:
            return SteeringScope.for_team(self.desk.me.team_id)
        return SteeringScope.for_worker(self.subject.id, self.subject.role)

    def reload(self) -> None:
        scope, month, today = self.scope(), self._month(), self.desk.clock.today()
        team_id = self.desk.me.team_id

        def read(
            session: Any,
        ) -> tuple[Dashboard, list[WorkerLoad], list[StoryLine]]:  # Any: screens name no SQL types (the layer rule)
            board = dashboard(session, scope, month, today)
            loads = team_loads(session, team_id) if scope.team_id is not None else []
            stories = team_stories(session, team_id) if scope.team_id is not None else []
            return board, loads, stories

        self.load(read, self.show, group="steering")

    def show(self, loaded: tuple[Dashboard, list[WorkerLoad], list[StoryLine]]) -> None:
        self.board = loaded[0]
        self.render_board(*loaded)

    def render_board(self, board: Dashboard, loads: list[WorkerLoad], stories: list[StoryLine]) -> None:
        today = self.desk.clock.today()
        who = f"{self.subject.name} ({self.subject.initials})" if self.subject else f"{self.desk.me.team_name} (teamet)"
        self.query_one("#steering-title", Static).update(
            f"[b]Styring – {escape(who)} – {month_label(board.month)}[/b]   "
            "[dim]Enter viser borgerne bag tallet · v teamets/mine · w medarbejder · [ ] måned · m måltal · x Excel · d månedsdialog[/dim]"
        )
        table = self.query_one("#steering-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for line in board.lines:
            f = forecast(line.metric, line.actual, line.target, board.month, today)
            style = "" if line.target is None else ("green" if f.on_track else "yellow")
            peak = max(line.history) if line.history else 0
            table.add_row(
                board.label(line.metric),
                amount(line.metric, line.actual),
                amount(line.metric, line.target),
                Text(progress_bar(line.actual, line.target, 12), style=style),
                Text(f.text, style=style),
                sparkline(line.history, low=0, high=peak or 1),
                key=line.metric.value,
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        funnel = self.query_one("#funnel-table", DataTable)
        funnel_cursor = funnel.cursor_coordinate
        funnel.clear()
        for group in board.funnel:
            funnel.add_row(
                group.readiness.label,
                format_number(group.citizens),
                format_number(group.without_cv),
                format_number(group.without_abc),
                format_number(group.without_sub_goal),
                key=group.readiness.value,
            )
        funnel.cursor_coordinate = funnel_cursor
        lines = []
        if loads:
            # Only a load over the band is a warning (rule sagsstamme.baand); a low caseload is
            # what the method asks for. The reports' other figures follow as context.
            lines.append("[b]Sagsstammer[/b]")
            for load in loads:
                band = band_for(load.role, self.desk.settings.bands)
                over = load_level(load.citizens, band) is LoadLevel.OVER
                colour = "red" if over else "green"
                lines.append(
                    f"{escape(load.initials):<4} {load.role.value:<3} [{colour}]{load.citizens:>3}[/{colour}]  ({band})"
                    + (" ⚠" if over else "")
                )
            roles = list(dict.fromkeys(load.role for load in loads))
            context = [line for role in roles for line in context_lines(role)]
            lines += [f"[dim]{line}[/dim]" for line in dict.fromkeys(context)]
            lines.append(f"[dim]{tag(CASELOAD_BAND)}[/dim]")
        self.query_one("#steering-loads", Static).update("\n".join(lines))
        self.query_one(StoriesPanel).show(stories)

    # --- actions --------------------------------------------------------------------------

    def action_drill(self) -> None:
        if self.board is None:
            return
        if self.focused is self.query_one("#funnel-table", DataTable):
            self.drill_funnel()
            return
        if self.focused is self.query_one(StoriesPanel).table:
            self.read_story()
            return
        table = self.query_one("#steering-table", DataTable)
        if not table.row_count:
            return
        metric = TargetMetric(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or "")
        scope, month, today = self.scope(), self.board.month, self.desk.clock.today()
        line = next(line for line in self.board.lines if line.metric is metric)
        title = f"{self.board.label(metric)}, {month_label(month)}: {amount(metric, line.actual)}"

        def drill(rows: list[DrillRow]) -> None:
            hours = metric is TargetMetric.ORDINARY_HOURS_TOTAL
            self.app.push_screen(DrillDownModal(title, rows, hours, self.stv_app.privacy))

        self.load(lambda s: metric_rows(s, metric, scope, month, today), drill, group="steering-drill")

    def action_export(self) -> None:
        self.ask_first("Eksportér styringen til et Excel-ark?", self._export)

    def _export(self) -> None:
        """The month's numbers for the team and each worker to Excel and CSV (in a worker: it
        computes every worker's dashboard)."""
        from stvdesk.export.steering import write_month

        self.notify("Skriver Excel-filen …", title="Eksport")
        worker, today = self.desk.me, self.desk.clock.today()
        month = self.board.month if self.board else month_start(today)

        def written(path: Path) -> None:
            self.notify(f"Gemt som {path} og {path.with_suffix('.csv').name}.", title="Eksport", timeout=10)

        self.save(lambda s: write_month(s, worker=worker, month=month, today=today), written, group="steering-export")

    def drill_funnel(self) -> None:
        from stvdesk.db.queries.steering import FUNNEL_GAPS, funnel_rows

        if self.board is None:
            return
        table = self.query_one("#funnel-table", DataTable)
        row, column = table.cursor_coordinate
        group = self.board.funnel[row]
        gap = None if column <= 1 else FUNNEL_GAPS[column - 2]
        scope, today = self.scope(), self.desk.clock.today()
        shown = group.citizens if gap is None else getattr(group, gap)
        what = {
            None: "",
            "without_cv": " uden CV",
            "without_abc": " uden ABC-plan",
            "without_sub_goal": " uden aftalt delmål",
        }[gap]
        title = f"{group.readiness.label}{what}: {format_number(shown)}"

        def drill(rows: list[DrillRow]) -> None:
            self.app.push_screen(DrillDownModal(title, rows, False, self.stv_app.privacy))

        self.load(lambda s: funnel_rows(s, scope, today, group.readiness, gap), drill, group="steering-drill")

    def read_story(self) -> None:
        """The highlighted good story in full (read first, in a worker)."""
        from stvdesk.db.queries.stories import story_view

        story_id = self.query_one(StoriesPanel).selected()
        if story_id is None:
            return

        def show(story: Any) -> None:  # StoryView | None: screens name no SQL types here
            if story is None:
                self.notify("Historien findes ikke længere.", severity="warning")
                self.reload()
                return
            self.app.push_screen(StoryModal(story))

        self.load(lambda s: story_view(s, story_id), show, group="steering-story", opens_dialog=True)

    def refresh_privacy(self) -> None:
        super().refresh_privacy()
        panel = self.query_one(StoriesPanel)
        panel.show(panel.stories)  # a title may name the citizen it is about

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "access_log":  # the log is the leader's: not shown to S and VK
            return self.desk.me.role in (Role.LEADER, Role.PL)
        return True

    def action_access_log(self) -> None:
        """The team's access log: for leaders only."""
        from stvdesk.screens.access_log import AccessLogScreen

        if self.desk.me.role not in (Role.LEADER, Role.PL):
            self.notify("Logningen kan kun ses af teamets leder.", severity="warning")
            return
        self.app.push_screen(AccessLogScreen())

    def action_dialogue(self) -> None:
        """The monthly dialogue with the worker shown; with the team shown, the month's
        dialogues of the team (held or not), each opened from there."""
        from stvdesk.screens.dialogue import DialogueScreen, MonthDialoguesScreen

        month = self.board.month if self.board else month_start(self.desk.clock.today())
        me = self.desk.me
        if me.role not in (Role.LEADER, Role.PL):
            # The dialogues are the leader's with each worker: a caseworker or consultant reads
            # her own (its notes are about her), never a colleague's or the team's list.
            if self.subject is not None and self.subject.id != me.id:
                self.notify("En kollegas månedsdialog er mellem hende og lederen: her er din egen.")
            self.app.push_screen(DialogueScreen(me, month))
            return
        if self.subject is not None:
            self.app.push_screen(DialogueScreen(self.subject, month))
            return
        self.app.push_screen(MonthDialoguesScreen(month))

    def pick_worker(self, title: str, chosen: Callable[[WorkerInfo | None], None]) -> None:
        """One of the team's caseworkers and consultants, read first (in a worker)."""
        team_id = self.desk.me.team_id

        def pick(workers: list[WorkerInfo]) -> None:
            choices = [(f"{w.name} ({w.initials}) – {w.role.label}", w) for w in workers if w.role in (Role.S, Role.VK)]
            self.app.push_screen(ChoiceModal(title, choices), chosen)

        self.load(lambda s: team_workers(s, team_id), pick, group="steering-workers", opens_dialog=True)

    def action_outreach(self) -> None:
        from stvdesk.screens.outreach import open_outreach

        open_outreach(self, self.desk.me.team_id, self._month(), self.subject.id if self.subject else None)

    def action_team_board(self) -> None:
        from stvdesk.screens.team_board import TeamBoardScreen

        self.app.push_screen(TeamBoardScreen())

    def action_targets(self) -> None:
        from stvdesk.screens.targets import TargetsScreen

        self.app.push_screen(TargetsScreen())

    def action_toggle_team(self) -> None:
        self.subject = self.desk.me if self.subject is None else None
        self.reload()

    def action_pick_worker(self) -> None:
        def chosen(worker: WorkerInfo | None) -> None:
            if worker is not None:
                self.subject = worker
                self.reload()

        self.pick_worker("Vis en medarbejders styring", chosen)

    def action_month(self, delta: int) -> None:
        target = month_step(self._month(), delta, self.desk.clock.today())
        if target is None:
            self.notify("Måneden er ikke begyndt endnu.", severity="warning")
            return
        self.month = target
        self.reload()
