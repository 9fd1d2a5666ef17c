""" "Kalender": follow-ups by ISO week and day, overdue at the top.

n / p move a week forward or back, t returns to this week, k filters on kind, v switches a
leader between their own follow-ups and the team's (each line names the worker).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from stvdesk.db.queries.today import WeekAgenda, week_agenda
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.agenda import AgendaLine, days_overdue
from stvdesk.domain.calendar import WEEKDAYS, format_date, holiday_name, iso_week, week_start
from stvdesk.domain.enums import FollowUpKind, Role
from stvdesk.screens.base import DeskScreen
from stvdesk.screens.min_dag import kind_text, subject_cell, subject_text
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable


class AgendaScreen(DataPath, DeskScreen):
    TITLE_DA = "Kalender"

    BINDINGS = [
        Binding("enter", "open_citizen", "Åbn borger", id="agenda.open", priority=True),
        Binding("n", "week(1)", "Næste uge", id="agenda.next"),
        Binding("p", "week(-1)", "Forrige uge", id="agenda.previous"),
        Binding("t", "this_week", "Denne uge", id="agenda.this_week"),
        Binding("k", "cycle_kind", "Art", id="agenda.kind"),
        Binding("v", "toggle_team", "Mine/teamets", id="agenda.team"),
        Binding("w", "pick_worker", "Medarbejder", id="agenda.worker"),
        Binding("h", "hold", "Afholdt", id="agenda.hold"),
        Binding("s", "start_meeting", "Start møde", id="agenda.meeting"),
        Binding("e", "export_ics", "Til Outlook (ics)", id="agenda.ics"),
        Binding("u", "export_week", "Ugeoversigt", id="agenda.week_overview"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_week: date | None = None  # Monday of the week shown; set on mount from the app's today
        self.kind: FollowUpKind | None = None
        self.team = False
        self.other: tuple[uuid.UUID, str] | None = None  # another worker's agenda (id, initials)
        self.agenda: WeekAgenda | None = None
        self.lines_by_key: dict[str, AgendaLine] = {}

    def compose_body(self) -> ComposeResult:
        yield Static("", id="agenda-title")
        yield FastTable(id="week", cursor_type="row", zebra_stripes=True)
        yield Static("", id="agenda-status")

    def on_mount(self) -> None:
        self.shown_week = week_start(self.desk.clock.today())
        worker = self.desk.worker
        self.team = bool(worker and worker.role in (Role.LEADER, Role.PL))
        table = self.query_one("#week", FastTable)
        # Names keep their width longest; on a narrow terminal the phase and "Hvem" give way.
        table.add_fitted(
            Col("Dag", key="day", min=12, priority=6),
            Col("Art", key="kind", min=10, priority=5),
            Col("Borger / virksomhed", key="subject", min=18, priority=9),
            Col("Hvem", key="worker", min=4, priority=3),
            Col("Fase", key="phase", min=10, priority=2),
        )
        table.focus()
        self.reload()

    def reload(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        today, start, kind, team, other = self.desk.clock.today(), self._week(), self.kind, self.team, self.other

        def query(session: Any) -> WeekAgenda:  # Any: screens name no SQL types (the layer rule)
            if other is not None:
                ids = [other[0]]
            else:
                ids = [w.id for w in team_workers(session, worker.team_id)] if team else [worker.id]
            return week_agenda(session, ids, today, start, kind)

        self.load(query, self.show, group="agenda")

    def show(self, agenda: WeekAgenda) -> None:
        self.agenda = agenda
        self.render_agenda()

    def refresh_privacy(self) -> None:
        self.render_agenda()

    def render_agenda(self) -> None:
        agenda = self.agenda
        if agenda is None:
            return
        today = self.desk.clock.today()
        privacy = self.stv_app.privacy
        start = agenda.week_start
        whose = f"{self.other[1]}s" if self.other else ("teamets" if self.team else "mine")
        kind = f" · kun {self.kind.label.lower()}" if self.kind else ""
        self.query_one("#agenda-title", Static).update(
            f"[b]Kalender – uge {iso_week(start)}[/b]  ({format_date(start)} – {format_date(start + timedelta(days=6))})"
            f"  ·  {whose} opfølgninger{kind}"
        )
        table = self.query_one("#week", DataTable)
        table.clear()
        self.lines_by_key = {}

        def add(line: AgendaLine, day_text: Text) -> None:
            key = str(line.follow_up_id)
            self.lines_by_key[key] = line
            style = "red" if line.due_on < today else ""
            table.add_row(
                day_text,
                Text(kind_text(line), style=style),
                Text(subject_cell(line, privacy), style=style),
                line.worker,
                line.phase.label if line.phase else "",
                key=key,
            )

        if agenda.overdue:
            table.add_row(Text(f"Forfaldne ({len(agenda.overdue)})", style="bold red"), "", "", "", "", key="h:overdue")
            for line in agenda.overdue:
                add(line, Text(f"  {line.due_on:%d-%m} · {days_overdue(line.due_on, today)} d", style="red"))
        for day, lines in agenda.days:
            holiday = holiday_name(day)
            label = f"{WEEKDAYS[day.weekday()]} {day:%d-%m}" + (f" ({holiday})" if holiday else "")
            style = "bold reverse" if day == today else ("dim" if day.weekday() >= 5 or holiday else "bold")
            table.add_row(
                Text(label, style=style),
                Text(f"{len(lines)} opfølgning{'er' if len(lines) != 1 else ''}" if lines else "–", style="dim"),
                "",
                "",
                "",
                key=f"h:{day.isoformat()}",
            )
            for line in lines:
                add(line, Text(""))
        total = sum(len(lines) for _, lines in agenda.days)
        self.query_one("#agenda-status", Static).update(
            f"{total} i ugen · {len(agenda.overdue)} forfaldne  ·  [dim]n/p næste/forrige uge · t denne uge · "
            "k art · v mine/teamets · w medarbejder · h afholdt · e til Outlook · u ugeoversigt · Enter åbn[/dim]"
        )

    # --- actions ----------------------------------------------------------------------------

    def selected_line(self) -> AgendaLine | None:
        table = self.query_one("#week", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return self.lines_by_key.get(key)

    def _week(self) -> date:
        """Monday of the week shown (this week until the screen is mounted)."""
        return self.shown_week if self.shown_week is not None else week_start(self.desk.clock.today())

    def action_week(self, step: int) -> None:
        self.shown_week = self._week() + timedelta(weeks=step)
        self.reload()

    def action_this_week(self) -> None:
        self.shown_week = week_start(self.desk.clock.today())
        self.reload()

    def action_cycle_kind(self) -> None:
        kinds = [None, *FollowUpKind]
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self.reload()

    def action_toggle_team(self) -> None:
        if self.other is None:
            self.team = not self.team
        self.other = None  # from one worker's agenda, v goes back to mine or the team's
        self.reload()

    def action_pick_worker(self) -> None:
        """One worker's agenda: a leader's monthly dialogue, or covering for a colleague."""
        from stvdesk.widgets.modals import ChoiceModal

        team_id = self.desk.me.team_id

        def pick(workers: list[WorkerInfo]) -> None:
            choices = [(f"{w.name} ({w.initials}) – {w.role.label}", w) for w in workers if w.role in (Role.S, Role.VK)]

            def chosen(picked: WorkerInfo | None) -> None:
                if picked is not None:
                    self.other = (picked.id, picked.initials)
                    self.reload()

            self.app.push_screen(ChoiceModal("Vis en medarbejders kalender", choices), chosen)

        self.load(lambda s: team_workers(s, team_id), pick, group="agenda-workers", opens_dialog=True)

    def action_open_citizen(self) -> None:
        line = self.selected_line()
        if line is not None and line.citizen_id is not None:
            self.stv_app.open_citizen(line.citizen_id, tab="opfoelgning")
        elif line is not None and line.company_id is not None:
            self.stv_app.open_company(line.company_id, tab="c-opfoelgning")

    def action_hold(self) -> None:
        line = self.selected_line()
        if line is None:
            self.notify("Vælg en opfølgning (ikke en dag).", severity="warning")
            return
        self.hold_follow_up(
            line.follow_up_id,
            f"{kind_text(line)} · {subject_text(line, self.stv_app.privacy)} · planlagt {format_date(line.due_on)}",
            line.kind,
        )

    def after_follow_up_held(self) -> None:
        self.reload()

    def action_start_meeting(self) -> None:
        self.start_meeting_for(self.selected_line())

    def on_screen_resume(self) -> None:
        if self.agenda is not None:  # back from a meeting: show what it changed
            self.reload()

    def action_export_week(self) -> None:
        self.ask_first("Skriv ugeoversigten til en fil?", self._export_week)

    def _export_week(self) -> None:
        """Write the week shown as a Markdown overview (names as initials: it may leave the office)."""
        from stvdesk.export.week import write_week_overview

        agenda = self.agenda
        if agenda is None:
            return
        worker, today, team = self.desk.me, self.desk.clock.today(), self.team
        whose = self.other[1] if self.other else None

        def written(path: Path) -> None:
            self.notify(f"Ugeoversigten er skrevet til {path}", title="Ugeoversigt", timeout=10)

        self.save(
            lambda s: write_week_overview(s, worker=worker, agenda=agenda, whose=whose, team=team, today=today),
            written,
            group="agenda-export",
        )

    def action_export_ics(self) -> None:
        self.ask_first("Skriv dine planlagte opfølgninger til en kalenderfil (ics)?", self._export_ics)

    def _export_ics(self) -> None:
        """Write my planned follow-ups as an .ics file for Outlook (initials only, no CPR)."""
        from stvdesk.export.ics import write_follow_ups_ics

        worker, today = self.desk.me, self.desk.clock.today()

        def written(done: tuple[Path, int]) -> None:
            path, count = done
            self.notify(f"{count} opfølgninger skrevet til {path}", title="Kalenderfil", timeout=10)

        self.save(
            lambda s: write_follow_ups_ics(s, worker_id=worker.id, worker_initials=worker.initials, today=today),
            written,
            group="agenda-export",
        )

    @on(DataTable.RowSelected, "#week")
    def _clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_citizen()
