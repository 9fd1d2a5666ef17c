""" "Logning": the team's access log for a leader – who looked up, searched, changed or
exported what, when and why – filtered by citizen (CPR), worker and period. Opened from
Styring with `l`. Reading the log is itself not logged as a view of any citizen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from stvdesk.clock import local_time
from stvdesk.db.audit import LogRow, citizen_by_cpr, team_log
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cpr import CprError, mask, parse_cpr
from stvdesk.domain.numbers import format_number
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.modals import ChoiceModal, TextPromptModal

PERIODS = [(7, "seneste 7 dage"), (30, "seneste 30 dage"), (183, "seneste 6 måneder")]


class AccessLogScreen(DeskScreen):
    TITLE_DA = "Logning"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="access_log.back"),
        Binding("c", "citizen", "Borger (CPR)", id="access_log.citizen"),
        Binding("w", "worker", "Medarbejder", id="access_log.worker"),
        Binding("p", "period", "Periode", id="access_log.period"),
        Binding("x", "clear", "Ryd filtre", id="access_log.clear"),
        Binding("e", "export_citizen_log", "Udtræk til borgeren", id="access_log.export"),
    ]

    @dataclass
    class Loaded(Message):
        rows: list[LogRow]

    def __init__(self) -> None:
        super().__init__()
        self.period = 0  # index into PERIODS
        self.citizen: tuple[uuid.UUID, str] | None = None  # id, masked CPR
        self.citizen_name = ""
        self.worker: tuple[uuid.UUID, str] | None = None  # id, initials

    def compose_body(self) -> ComposeResult:
        yield Static("", id="log-title")
        yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#log-table", DataTable)
        for label, width in (("Tid", 17), ("Af", 5), ("Handling", 12), ("Borger", 24), ("Formål / søgning", 46)):
            table.add_column(label, width=width)
        table.focus()
        self.load()

    def render_title(self, count: int | None = None) -> None:
        parts = [PERIODS[self.period][1]]
        if self.citizen:
            parts.append(f"borger {self.citizen[1]}")
        if self.worker:
            parts.append(f"medarbejder {self.worker[1]}")
        shown = f"  ·  {format_number(count)} hændelser" if count is not None else ""
        self.query_one("#log-title", Static).update(
            f"[b]Logning – {self.desk.me.team_name}[/b]  ·  {' · '.join(parts)}{shown}   "
            "[dim]c borger · w medarbejder · p periode · x ryd"
            + (" · e udtræk til borgeren" if self.citizen else "")
            + "[/dim]"
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="access-log")
    def load(self) -> None:
        today = self.desk.clock.today()
        since = today - timedelta(days=PERIODS[self.period][0] - 1)
        team_id = self.desk.me.team_id
        citizen_id = self.citizen[0] if self.citizen else None
        worker_id = self.worker[0] if self.worker else None
        self.post_message(
            self.Loaded(
                self.desk.run(lambda s: team_log(s, team_id, since, today, citizen_id=citizen_id, worker_id=worker_id))
            )
        )

    def on_access_log_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one("#log-table", DataTable)
        table.clear()
        privacy = self.stv_app.privacy
        for row in message.rows:
            at = local_time(row.at)
            table.add_row(
                f"{format_date(at.date())} {at:%H:%M}",
                row.worker,
                row.action.label,
                "••••••" if privacy and row.citizen else row.citizen,
                row.purpose or row.criterion,
                key=str(row.seq),
            )
        if not message.rows:
            table.add_row("", "", "", "Ingen hændelser i perioden", "", key="empty")
        self.render_title(len(message.rows))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_period(self) -> None:
        self.period = (self.period + 1) % len(PERIODS)
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export_citizen_log" and self.citizen is None:
            return None  # shown dimmed: choose a citizen (c) first
        return super().check_action(action, parameters)

    def action_export_citizen_log(self) -> None:
        """The chosen citizen's own log as a text file for the citizen (the same text as
        `stvdesk export logning`); the export is itself logged."""
        if self.citizen is None:
            return
        from stvdesk.db.audit import citizen_log_lines, log_access
        from stvdesk.domain.enums import AuditAction
        from stvdesk.export.access_log import citizen_log_text
        from stvdesk.settings import export_dir

        citizen_id, masked = self.citizen
        today = self.desk.clock.today()
        lines = self.desk.run(lambda s: citizen_log_lines(s, citizen_id))
        path = export_dir() / f"logning-{masked[:6]}-{today:%Y%m%d}.txt"
        path.write_text(citizen_log_text(self.citizen_name, lines, today), encoding="utf-8")
        worker_id = self.desk.me.id
        self.desk.run(
            lambda s: log_access(
                s,
                worker_id=worker_id,
                action=AuditAction.EXPORT,
                citizen_id=citizen_id,
                criterion="Logningsudtræk til borgeren",
            )
        )
        self.notify(f"{len(lines)} opslag skrevet til {path}", title="Udtræk til borgeren", timeout=10)

    def action_clear(self) -> None:
        self.citizen = self.worker = None
        self.period = 0
        self.refresh_bindings()
        self.load()

    def action_citizen(self) -> None:
        def given(text: str | None) -> None:
            if not text:
                return
            try:
                digits = parse_cpr(text).digits
            except CprError as exc:
                self.notify(str(exc), severity="error")
                return
            found = self.desk.run(lambda s: citizen_by_cpr(s, digits))
            if found is None:
                self.notify("Der er ingen borger med dette CPR-nummer.", severity="warning")
                return
            self.citizen = (found.id, mask(digits))
            self.citizen_name = found.full_name
            self.refresh_bindings()
            self.load()

        self.app.push_screen(TextPromptModal("Borgerens logning", "CPR-nummer (ddmmåå-xxxx):"), given)

    def action_worker(self) -> None:
        workers = self.desk.run(lambda s: team_workers(s, self.desk.me.team_id))

        def chosen(picked: WorkerInfo | None) -> None:
            if picked is not None:
                self.worker = (picked.id, picked.initials)
                self.load()

        self.app.push_screen(
            ChoiceModal("Vis en medarbejders opslag", [(f"{w.name} ({w.initials})", w) for w in workers]), chosen
        )

    def refresh_privacy(self) -> None:
        self.load()
