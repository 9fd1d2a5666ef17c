""" "Styring": this month's numbers against the targets, for one worker or the team (issue 7).

Each metric with actual, target, a progress bar, the forecast and the last 12 months as a
sparkline; the readiness funnel with what is missing; for the team each worker's caseload
against the band and the team's good stories. Enter on a metric lists the citizens behind the
number (the same query). It reads the data again whenever it is shown, so a change made in
another screen is there when you come back.

Keys: `v` the team's or my numbers, `w` another worker's, `[`/`]` previous and next month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from stvdesk.db.queries.steering import (
    Dashboard,
    DrillRow,
    SteeringScope,
    WorkerLoad,
    dashboard,
    metric_rows,
    team_loads,
    team_stories,
)
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.calendar import add_months, format_date, month_start
from stvdesk.domain.caseload import LoadLevel, band_for, load_level
from stvdesk.domain.enums import Role, TargetMetric
from stvdesk.domain.parse import format_hours
from stvdesk.domain.progression import sparkline
from stvdesk.domain.targets import forecast, progress_bar
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.modals import ChoiceModal

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def month_label(month: date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def amount(metric: TargetMetric, value: float | None) -> str:
    if value is None:
        return "–"
    return format_hours(round(value, 1)) if metric is TargetMetric.ORDINARY_HOURS_TOTAL else f"{value:g}"


class DrillDownModal(ModalScreen[None]):
    """The citizens behind a number; Enter opens one."""

    DEFAULT_CSS = """
    DrillDownModal { align: center middle; }
    DrillDownModal DataTable { height: auto; max-height: 24; }
    """
    BINDINGS = [Binding("escape", "close", "Luk", id="drill.close")]

    def __init__(self, title: str, rows: list[DrillRow], hours: bool, privacy: bool) -> None:
        super().__init__()
        self.title_text, self.rows, self.hours, self.privacy = title, rows, hours, privacy

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{escape(self.title_text)}[/b]", classes="dialog-title")
            table: DataTable = DataTable(id="drill-table", cursor_type="row", zebra_stripes=True)
            table.add_columns("Borger", "Timer" if self.hours else "")
            for n, row in enumerate(self.rows):
                table.add_row(
                    "••••••" if self.privacy else row.name,
                    format_hours(round(row.amount, 1)) if self.hours else "",
                    key=f"{n}:{row.citizen_id}",
                )
            yield table
            yield Static("[dim]Enter åbner borgeren · Escape lukker[/dim]")

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        import uuid

        citizen_id = uuid.UUID((event.row_key.value or "").split(":", 1)[1])
        self.dismiss(None)
        self.app.open_citizen(citizen_id)

    def action_close(self) -> None:
        self.dismiss(None)


class SteeringScreen(DeskScreen):
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
    ]

    @dataclass
    class Loaded(Message):
        board: Dashboard
        loads: list[WorkerLoad]
        stories: list

    def __init__(self) -> None:
        super().__init__()
        self.board: Dashboard | None = None
        self.month: date | None = None
        self.subject: WorkerInfo | None = None  # None: the team

    def compose_body(self) -> ComposeResult:
        yield Static("", id="steering-title")
        table: DataTable = DataTable(id="steering-table", cursor_type="row", zebra_stripes=True)
        for label, width in (
            ("Måltal", 27),
            ("Faktisk", 7),
            ("Mål", 6),
            ("Fremdrift", 13),
            ("Prognose", 42),
            ("12 måneder", 13),
        ):
            table.add_column(label, width=width)
        yield table
        with Horizontal(id="steering-lower"):
            with Vertical(id="steering-funnel"):
                yield Static("[b]Parathed[/b] – åbne sager nu (Enter på et tal viser borgerne)")
                funnel: DataTable = DataTable(id="funnel-table", cursor_type="cell")
                for label, width in (("", 12), ("Borgere", 8), ("Uden CV", 8), ("Uden ABC", 9), ("Uden delmål", 11)):
                    funnel.add_column(label, width=width)
                yield funnel
            yield Static("", id="steering-loads")
            yield Static("", id="steering-stories")

    def on_mount(self) -> None:
        worker = self.desk.worker
        self.month = month_start(self.desk.clock.today())
        self.subject = None if worker.role in (Role.LEADER, Role.PL) else worker
        self.query_one("#steering-table", DataTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.board is not None:  # real time: whatever changed elsewhere shows now
            self.load()

    def scope(self) -> SteeringScope:
        if self.subject is None:
            return SteeringScope.for_team(self.desk.worker.team_id)
        return SteeringScope.for_worker(self.subject.id, self.subject.role)

    @work(thread=True, exclusive=True, exit_on_error=False, group="steering")
    def load(self) -> None:
        scope, month, today = self.scope(), self.month, self.desk.clock.today()
        team_id = self.desk.worker.team_id

        def read(session):
            board = dashboard(session, scope, month, today)
            loads = team_loads(session, team_id) if scope.team_id is not None else []
            stories = team_stories(session, team_id) if scope.team_id is not None else []
            return board, loads, stories

        self.post_message(self.Loaded(*self.desk.query(read)))

    def on_steering_screen_loaded(self, message: Loaded) -> None:
        self.board = message.board
        self.render_board(message.board, message.loads, message.stories)

    def render_board(self, board: Dashboard, loads: list[WorkerLoad], stories: list) -> None:
        today = self.desk.clock.today()
        who = (
            f"{self.subject.name} ({self.subject.initials})"
            if self.subject
            else f"{self.desk.worker.team_name} (teamet)"
        )
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
                line.metric.label,
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
                str(group.citizens),
                str(group.without_cv),
                str(group.without_abc),
                str(group.without_sub_goal),
                key=group.readiness.value,
            )
        funnel.cursor_coordinate = funnel_cursor
        lines = []
        if loads:
            lines.append("[b]Sagsstammer[/b]")
            for load in loads:
                band = band_for(load.role, self.desk.settings.bands)
                level = load_level(load.citizens, band)
                colour = {LoadLevel.OVER: "red", LoadLevel.UNDER: "yellow", LoadLevel.WITHIN: "green"}[level]
                lines.append(
                    f"{load.initials:<4} {load.role.value:<3} [{colour}]{load.citizens:>3}[/{colour}]  ({band})"
                )
        self.query_one("#steering-loads", Static).update("\n".join(lines))
        tales = ["[b]Gode historier[/b]"] if stories else []
        tales += [f"{format_date(s.told_on)} {escape(s.title)}" for s in stories]
        self.query_one("#steering-stories", Static).update("\n".join(tales))

    # --- actions --------------------------------------------------------------------------

    def action_drill(self) -> None:
        if self.board is None:
            return
        if self.focused is self.query_one("#funnel-table", DataTable):
            self.drill_funnel()
            return
        table = self.query_one("#steering-table", DataTable)
        if not table.row_count:
            return
        metric = TargetMetric(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        scope, month, today = self.scope(), self.board.month, self.desk.clock.today()
        rows = self.desk.query(lambda s: metric_rows(s, metric, scope, month, today))
        line = next(line for line in self.board.lines if line.metric is metric)
        title = f"{metric.label}, {month_label(month)}: {amount(metric, line.actual)}"
        self.app.push_screen(
            DrillDownModal(title, rows, metric is TargetMetric.ORDINARY_HOURS_TOTAL, self.stv_app.privacy)
        )

    def action_export(self) -> None:
        """The month's numbers for the team and each worker to Excel and CSV (in a worker: it
        computes every worker's dashboard)."""
        self.notify("Skriver Excel-filen …", title="Eksport")
        self._export(self.board.month if self.board else month_start(self.desk.clock.today()))

    @work(thread=True, exclusive=True, exit_on_error=False, group="steering-export")
    def _export(self, month: date) -> None:
        from stvdesk.db.queries.steering import month_boards
        from stvdesk.export.steering import write_csv, write_workbook
        from stvdesk.settings import export_dir

        worker, today = self.desk.worker, self.desk.clock.today()
        team, workers = self.desk.query(lambda s: month_boards(s, worker.team_id, month, today))
        path = export_dir() / f"styring-{month:%Y-%m}-{worker.team_name.replace(' ', '_')}.xlsx"
        write_workbook(path, worker.team_name, team, workers, today)
        write_csv(path.with_suffix(".csv"), team, workers, today)
        self.app.call_from_thread(
            self.notify, f"Gemt som {path} og {path.with_suffix('.csv').name}.", title="Eksport", timeout=10
        )

    def drill_funnel(self) -> None:
        from stvdesk.db.queries.steering import FUNNEL_GAPS, funnel_rows

        table = self.query_one("#funnel-table", DataTable)
        row, column = table.cursor_coordinate
        group = self.board.funnel[row]
        gap = None if column <= 1 else FUNNEL_GAPS[column - 2]
        scope, today = self.scope(), self.desk.clock.today()
        rows = self.desk.query(lambda s: funnel_rows(s, scope, today, group.readiness, gap))
        shown = group.citizens if gap is None else getattr(group, gap)
        what = {
            None: "",
            "without_cv": " uden CV",
            "without_abc": " uden ABC-plan",
            "without_sub_goal": " uden aftalt delmål",
        }[gap]
        self.app.push_screen(
            DrillDownModal(f"{group.readiness.label}{what}: {shown}", rows, False, self.stv_app.privacy)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "access_log":  # the log is the leader's: not shown to S and VK
            return self.desk.worker.role in (Role.LEADER, Role.PL)
        return True

    def action_access_log(self) -> None:
        """The team's access log: for leaders only (issue 9)."""
        from stvdesk.screens.access_log import AccessLogScreen

        if self.desk.worker.role not in (Role.LEADER, Role.PL):
            self.notify("Logningen kan kun ses af teamets leder.", severity="warning")
            return
        self.app.push_screen(AccessLogScreen())

    def action_dialogue(self) -> None:
        """The monthly dialogue with the worker shown, or one to pick when the team is shown."""
        from stvdesk.screens.dialogue import DialogueScreen

        month = self.board.month if self.board else month_start(self.desk.clock.today())
        if self.subject is not None:
            self.app.push_screen(DialogueScreen(self.subject, month))
            return
        workers = self.desk.query(lambda s: team_workers(s, self.desk.worker.team_id))
        choices = [(f"{w.name} ({w.initials}) – {w.role.label}", w) for w in workers if w.role in (Role.S, Role.VK)]
        self.app.push_screen(
            ChoiceModal("Månedsdialog med", choices),
            lambda worker: worker is not None and self.app.push_screen(DialogueScreen(worker, month)),
        )

    def action_targets(self) -> None:
        from stvdesk.screens.targets import TargetsScreen

        self.app.push_screen(TargetsScreen())

    def action_toggle_team(self) -> None:
        self.subject = self.desk.worker if self.subject is None else None
        self.load()

    def action_pick_worker(self) -> None:
        workers = self.desk.query(lambda s: team_workers(s, self.desk.worker.team_id))
        choices = [(f"{w.name} ({w.initials}) – {w.role.label}", w) for w in workers if w.role in (Role.S, Role.VK)]

        def chosen(worker: WorkerInfo | None) -> None:
            if worker is not None:
                self.subject = worker
                self.load()

        self.app.push_screen(ChoiceModal("Vis en medarbejders styring", choices), chosen)

    def action_month(self, delta: int) -> None:
        target = add_months(self.month, delta)
        if target > month_start(self.desk.clock.today()):
            self.notify("Måneden er ikke begyndt endnu.", severity="warning")
            return
        self.month = target
        self.load()
