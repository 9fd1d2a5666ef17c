""" "Logning": the team's access log for a leader – who looked up, searched, changed or
exported what, when and why – filtered by citizen (CPR), worker and period. Opened from
Styring with `l`. Reading the log is itself not logged as a view of any citizen.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from stvdesk.clock import local_time
from stvdesk.db.audit import LogRow, citizen_by_cpr, team_log
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cpr import CprError, mask, parse_cpr
from stvdesk.domain.numbers import format_number
from stvdesk.domain.privacy import shown_name
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.modals import ChoiceModal, TextPromptModal
from stvdesk.widgets.status_line import update_line

PERIODS = [(7, "seneste 7 dage"), (30, "seneste 30 dage"), (183, "seneste 6 måneder")]


class AccessLogScreen(DataPath, DeskScreen):
    TITLE_DA = "Logning"

    # The rest of the screen, not `auto`: a refilled log (thousands of rows over six months) sets
    # the table's scrollable size without a layout of the screen (see FastTable).
    DEFAULT_CSS = """
    AccessLogScreen #log-table { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="access_log.back"),
        Binding("c", "citizen", "Borger (CPR)", id="access_log.citizen"),
        Binding("w", "worker", "Medarbejder", id="access_log.worker"),
        Binding("p", "period", "Periode", id="access_log.period"),
        Binding("x", "clear", "Ryd filtre", id="access_log.clear"),
        Binding("e", "export_citizen_log", "Udtræk til borgeren", id="access_log.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = 0  # index into PERIODS
        self.citizen: tuple[uuid.UUID, str] | None = None  # id, masked CPR
        self.citizen_name = ""
        self.worker: tuple[uuid.UUID, str] | None = None  # id, initials

    def compose_body(self) -> ComposeResult:
        yield Static("", id="log-title")
        yield FastTable(id="log-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#log-table", FastTable)
        table.add_fitted(
            Col("Tid", min=16, priority=8),
            Col("Af", min=4, priority=6),
            Col("Handling", min=10, priority=7),
            Col("Borger", min=16, priority=9),
            Col("Formål / søgning", min=14, priority=5),
        )
        table.focus()
        self.reload()

    def render_title(self, count: int | None = None, problem: str = "") -> None:
        parts = [PERIODS[self.period][1]]
        if self.citizen:
            parts.append(f"borger {self.citizen[1]}")
        if self.worker:
            parts.append(f"medarbejder {self.worker[1]}")
        shown = f"  ·  {format_number(count)} hændelser" if count is not None else ""
        if problem:
            shown = f"  ·  [b red]kunne ikke læses: {escape(problem)}[/]"
        text = (
            f"[b]Logning – {self.desk.me.team_name}[/b]  ·  {' · '.join(parts)}{shown}   "
            "[dim]c borger · w medarbejder · p periode · x ryd"
            + (" · e udtræk til borgeren" if self.citizen else "")
            + "[/dim]"
        )
        update_line(self.query_one("#log-title", Static), text)

    def reload(self) -> None:
        """Read the log under the filters shown, in a worker; a failure is said in the title
        line, with the filters as they were."""
        today = self.desk.clock.today()
        since = today - timedelta(days=PERIODS[self.period][0] - 1)
        team_id = self.desk.me.team_id
        citizen_id = self.citizen[0] if self.citizen else None
        worker_id = self.worker[0] if self.worker else None
        self.load(
            lambda s: team_log(s, team_id, since, today, citizen_id=citizen_id, worker_id=worker_id),
            self.show_rows,
            group="access-log",
            failed=lambda message: self.render_title(problem=message),
        )

    def show_rows(self, rows: list[LogRow]) -> None:
        table = self.query_one("#log-table", FastTable)
        table.clear()
        privacy = self.stv_app.privacy
        for row in rows:
            at = local_time(row.at)
            table.add_row(
                f"{format_date(at.date())} {at:%H:%M}",
                row.worker,
                row.action.label,
                shown_name(row.citizen, privacy) if row.citizen else row.citizen,
                row.purpose or row.criterion,
                key=str(row.seq),
            )
        if not rows:
            table.add_row("", "", "", "Ingen hændelser i perioden", "", key="empty")
        self.render_title(len(rows))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_period(self) -> None:
        self.period = (self.period + 1) % len(PERIODS)
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export_citizen_log" and self.citizen is None:
            return None  # shown dimmed: choose a citizen (c) first
        return super().check_action(action, parameters)

    def action_export_citizen_log(self) -> None:
        if self.citizen is not None:
            self.ask_first("Skriv borgerens udtræk af logningen til en fil?", self._export_citizen_log)

    def _export_citizen_log(self) -> None:
        """The chosen citizen's own log as a text file for the citizen (the same text as
        `stvdesk export logning`); the export is itself logged."""
        if self.citizen is None:
            return
        from stvdesk.export.access_log import write_citizen_log

        citizen_id, masked = self.citizen
        name, worker_id, today = self.citizen_name, self.desk.me.id, self.desk.clock.today()

        def written(result: tuple[object, int]) -> None:
            path, count = result
            self.notify(f"{count} opslag skrevet til {path}", title="Udtræk til borgeren", timeout=10)

        self.save(
            lambda s: write_citizen_log(
                s, citizen_id=citizen_id, name=name, birth_digits=masked[:6], worker_id=worker_id, made_on=today
            ),
            written,
            group="access-log-export",
        )

    def action_clear(self) -> None:
        self.citizen = self.worker = None
        self.period = 0
        self.refresh_bindings()
        self.reload()

    def action_citizen(self) -> None:
        desk = self.desk
        found: dict[str, tuple[uuid.UUID, str, str]] = {}

        def submit(text: str) -> str | None:
            """In the prompt's worker: an unknown or malformed number is said at the prompt, with
            what was typed still there."""
            try:
                digits = parse_cpr(text).digits
            except CprError as exc:
                return str(exc)
            citizen = desk.run(lambda s: citizen_by_cpr(s, digits))
            if citizen is None:
                return "Der er ingen borger med dette CPR-nummer."
            found["citizen"] = (citizen.id, mask(digits), citizen.full_name)
            return None

        def given(_text: str | None) -> None:
            if "citizen" not in found:  # Escape
                return
            citizen_id, masked, name = found["citizen"]
            self.citizen = (citizen_id, masked)
            self.citizen_name = name
            self.refresh_bindings()
            self.reload()

        self.app.push_screen(
            TextPromptModal(
                "Borgerens logning",
                "CPR-nummer (ddmmåå-xxxx):",
                required_message="Skriv et CPR-nummer, eller tryk Escape.",
                submit=submit,
            ),
            given,
        )

    def action_worker(self) -> None:
        team_id = self.desk.me.team_id

        def chosen(picked: WorkerInfo | None) -> None:
            if picked is not None:
                self.worker = (picked.id, picked.initials)
                self.reload()

        def pick(workers: list[WorkerInfo]) -> None:
            self.app.push_screen(
                ChoiceModal("Vis en medarbejders opslag", [(f"{w.name} ({w.initials})", w) for w in workers]), chosen
            )

        self.load(lambda s: team_workers(s, team_id), pick, group="access-log-workers", opens_dialog=True)

    def refresh_privacy(self) -> None:
        self.reload()
