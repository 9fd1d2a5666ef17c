""" "Sommerplan": placements through weeks 27–32, each with a short plan (000, 4.1).

Enter or e writes the plan for the selected placement: who covers, how the citizen and the
company reach someone, whether the company closes, the hours agreed for the summer.
From 1 May a placement without a plan is flagged in red.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from stvdesk.db.queries.summer import SummerLine, save_summer_plan, summer_lines
from stvdesk.domain.calendar import format_date
from stvdesk.domain.numbers import format_hours, format_plain
from stvdesk.domain.parse import parse_hours
from stvdesk.domain.summer import plan_required, summer_span, summer_year
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.form import FieldSpec, FormModal


class SummerScreen(DeskScreen):
    TITLE_DA = "Sommerplan"

    BINDINGS = [
        Binding("enter,e", "edit_plan", "Skriv plan", id="summer.edit", priority=True),
    ]

    @dataclass
    class Loaded(Message):
        lines: list[SummerLine]

    def __init__(self) -> None:
        super().__init__()
        self.year = 0
        self.lines: list[SummerLine] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="summer-title")
        yield DataTable(id="summer", cursor_type="row", zebra_stripes=True)
        yield Static("", id="summer-status")

    def on_mount(self) -> None:
        self.year = summer_year(self.desk.clock.today())
        table = self.query_one("#summer", DataTable)
        for label, width in (
            ("Borger", 20),
            ("Virksomhed", 22),
            ("Art", 18),
            ("Start", 10),
            ("Slut", 10),
            ("Plan", 30),
        ):
            table.add_column(label, width=width)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="summer")
    def load(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        year = self.year
        self.post_message(
            self.Loaded(self.desk.run(lambda s: summer_lines(s, worker.id, worker.role, worker.team_id, year)))
        )

    def on_summer_screen_loaded(self, message: Loaded) -> None:
        self.lines = message.lines
        self.show_lines()

    def refresh_privacy(self) -> None:
        self.show_lines()

    def show_lines(self) -> None:
        today = self.desk.clock.today()
        urgent = plan_required(today, self.year)
        first, last = summer_span(self.year)
        missing = [line for line in self.lines if line.plan is None]
        self.query_one("#summer-title", Static).update(
            f"[b]Sommerplan {self.year}[/b] – uge 27–32 ({format_date(first)} – {format_date(last)})  ·  "
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
                "••••••" if privacy else line.citizen_name,
                line.company,
                line.kind.label,
                format_date(line.start_on),
                format_date(line.planned_end_on),
                plan,
                key=str(line.placement_id),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        note = "" if urgent else f"  ·  manglende planer markeres rødt fra 1. maj {self.year}"
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
        worker = self.desk.me

        def submit(v: dict[str, Any]) -> str | None:
            self.desk.run(
                lambda s: save_summer_plan(
                    s,
                    placement_id=line.placement_id,
                    year=self.year,
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
                self.load()

        name = "borgeren" if self.stv_app.privacy else line.citizen_name
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
