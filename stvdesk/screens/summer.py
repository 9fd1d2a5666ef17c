""" "Sommerplan": placements through the summer weeks, each with a short plan (000, 4.1).

Enter or e writes the plan for the selected placement: who covers, how the citizen and the
company reach someone, whether the company closes, the hours agreed for the summer.
From 1 May a placement without a plan is flagged in red. The weeks (27–32) and the day (1 May)
are local settings ([summer]; rules sommer.uger and sommer.varsel, named on the screen).
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from stvdesk.db.queries.summer import SummerLine, save_summer_plan, summer_lines
from stvdesk.domain.calendar import MONTHS, format_date
from stvdesk.domain.numbers import format_hours, format_plain
from stvdesk.domain.parse import parse_hours
from stvdesk.domain.privacy import shown_in_prose, shown_name
from stvdesk.domain.rules import SUMMER_FLAG_FROM, SUMMER_WEEKS, tag
from stvdesk.domain.summer import flag_from, plan_required, summer_span, summer_year
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import FieldSpec, FormModal


class SummerScreen(DataPath, DeskScreen):
    TITLE_DA = "Sommerplan"

    BINDINGS = [
        Binding("enter,e", "edit_plan", "Skriv plan", id="summer.edit", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = 0
        self.lines: list[SummerLine] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="summer-title")
        yield FastTable(id="summer", cursor_type="row", zebra_stripes=True)
        yield Static("", id="summer-status")

    def on_mount(self) -> None:
        self.year = summer_year(self.desk.clock.today(), self.desk.settings.summer)
        table = self.query_one("#summer", FastTable)
        # The names keep their width longest; on a narrow terminal the start date gives way first.
        table.add_fitted(
            Col("Borger", min=16, priority=9),
            Col("Virksomhed", min=14, priority=7),
            Col("Art", min=10, priority=5),
            Col("Start", min=10, priority=4),
            Col("Slut", min=10, priority=6),
            Col("Plan", min=14, priority=8),
        )
        table.focus()
        self.reload()

    def reload(self) -> None:
        """Read the placements through the summer weeks in a worker; a failure is said in the
        status line, and the lines already shown stay."""
        worker = self.desk.worker
        if worker is None:
            return
        year, summer = self.year, self.desk.settings.summer
        self.load(
            lambda s: summer_lines(s, worker.id, worker.role, worker.team_id, year, summer),
            self.show_loaded,
            group="summer",
            failed=self.load_failed,
        )

    def show_loaded(self, lines: list[SummerLine]) -> None:
        self.lines = lines
        self.show_lines()

    def load_failed(self, message: str) -> None:
        self.query_one("#summer-status", Static).update(f"[b red]Sommerplanen kunne ikke læses: {escape(message)}[/]")

    def refresh_privacy(self) -> None:
        self.show_lines()

    def show_lines(self) -> None:
        today = self.desk.clock.today()
        summer = self.desk.settings.summer
        urgent = plan_required(today, self.year, summer)
        first, last = summer_span(self.year, summer)
        missing = [line for line in self.lines if line.plan is None]
        self.query_one("#summer-title", Static).update(
            f"[b]Sommerplan {self.year}[/b] – uge {summer.first_week}–{summer.last_week} "
            f"({format_date(first)} – {format_date(last)}) {escape(tag(SUMMER_WEEKS))}  ·  "
            f"{len(self.lines)} forløb, {len(missing)} uden plan"
        )
        table = self.query_one("#summer", DataTable)
        cursor = table.cursor_row
        table.clear()
        privacy = self.stv_app.privacy
        for line in self.lines:
            if line.plan is None:
                plan = Text(
                    "Mangler plan" if urgent else "Ikke planlagt endnu", style="bold red" if urgent else "yellow"
                )
            else:
                p = line.plan
                hours = f", {format_hours(p.agreed_hours)} t/uge" if p.agreed_hours is not None else ""
                plan = Text(f"{p.covered_by or '–'}{', lukket' if p.company_closes else ''}{hours}", style="green")
            table.add_row(
                shown_name(line.citizen_name, privacy),
                line.company,
                line.kind.label,
                format_date(line.start_on),
                format_date(line.planned_end_on),
                plan,
                key=str(line.placement_id),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        flag_day = flag_from(self.year, summer)
        note = (
            f"  ·  manglende planer er røde fra {flag_day.day}. {MONTHS[flag_day.month - 1]} {self.year}"
            f" {escape(tag(SUMMER_FLAG_FROM))}"
        )
        self.query_one("#summer-status", Static).update(
            (
                "Ingen forløb løber gennem sommerugerne."
                if not self.lines
                else "Enter/e skriver planen for det valgte forløb"
            )
            + note
        )

    def selected(self) -> SummerLine | None:
        table = self.query_one("#summer", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((line for line in self.lines if str(line.placement_id) == key), None)

    def action_edit_plan(self) -> None:
        line = self.selected()
        if line is None:
            return
        plan = line.plan
        desk, worker, year = self.desk, self.desk.me, self.year

        def submit(v: dict[str, Any]) -> str | None:
            """In the form's worker: only the desk and the values taken above, never a widget."""
            desk.run(
                lambda s: save_summer_plan(
                    s,
                    placement_id=line.placement_id,
                    year=year,
                    by_worker=worker.id,
                    covered_by=v["covered_by"],
                    holiday_contact=v["holiday_contact"],
                    company_closes=v["company_closes"],
                    agreed_hours=v["agreed_hours"],
                    note=v["note"],
                )
            )
            return None

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.notify("Sommerplanen er gemt.", title="Gemt")
                self.reload()

        name = shown_in_prose(line.citizen_name, self.stv_app.privacy)
        self.app.push_screen(
            FormModal(
                f"Sommerplan {self.year}",
                [
                    FieldSpec(
                        "covered_by", "Hvem dækker i ferien", value=plan.covered_by if plan else "", required=True
                    ),
                    FieldSpec(
                        "holiday_contact",
                        "Kontakt i ferien",
                        value=plan.holiday_contact if plan else "",
                        placeholder="fx VK's telefon, virksomhedens kontaktperson",
                    ),
                    FieldSpec(
                        "company_closes",
                        "Virksomheden holder lukket",
                        kind="bool",
                        value=plan.company_closes if plan else False,
                    ),
                    FieldSpec(
                        "agreed_hours",
                        "Aftalte timer pr. uge i sommeren",
                        value=format_plain(plan.agreed_hours) if plan and plan.agreed_hours is not None else "",
                        parse=lambda t: parse_hours(t) if t.strip() else None,
                    ),
                    FieldSpec("note", "Bemærkning", value=plan.note if plan else ""),
                ],
                submit,
                intro=f"{name} · {line.company} · {line.kind.label}",
            ),
            closed,
        )

    @on(DataTable.RowSelected, "#summer")
    def _clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_plan()
