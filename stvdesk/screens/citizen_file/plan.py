"""Min Plan: the citizen's sub-goals, who does each and by when."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult

from stvdesk.db.queries.edits import add_plan_step, complete_plan_step, update_plan_step
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import StepOwner
from stvdesk.domain.parse import parse_optional_date
from stvdesk.screens.citizen_file.common import FileTab, choices
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import FieldSpec
from stvdesk.widgets.hint import FittedLine

if TYPE_CHECKING:
    from stvdesk.db.queries.citizen_file import CitizenFile


#: The date is never cut (it is the point of a sub-goal); the text gives way first after who.
COLUMNS = [
    Col("Delmål", min=16, priority=3),
    Col("Ansvarlig", min=10, priority=1),
    Col("Frist", min=10, priority=4),
    Col("Status", min=15, priority=2),
]


class PlanTab(FileTab):
    TAB = "plan"

    def compose(self) -> ComposeResult:
        yield FittedLine(id="plan-hint", classes="tab-hint")
        yield FastTable(id="plan-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, f: CitizenFile) -> None:
        today = self.today()
        table = self._table("plan", COLUMNS, "n nyt delmål · e ret · d delmål nået")
        for step in f.steps:
            late = step.done_on is None and step.deadline is not None and step.deadline < today
            status = (
                f"nået {format_date(step.done_on)}" if step.done_on else ("aftalt" if step.agreed_on else "foreslået")
            )
            style = "red" if late else ("dim" if step.done_on else "")
            table.add_row(
                Text(self.free(step.text), style=style),
                step.owner.label,
                Text(format_date(step.deadline), style=style),
                Text(status, style=style),
                key=f"step:{step.id}",
            )
        if not f.steps:
            table.add_row(Text("Ingen delmål – n opretter et", style="yellow"), "", "", "", key="empty")
        self._restore(table)

    def new(self) -> None:
        self.form_plan_step()

    def edit(self) -> None:
        chosen = self.selected()
        if chosen and chosen[0] == "step":
            self.form_edit_step(chosen[1])
        else:
            super().edit()

    def done(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen[0] != "step":
            super().done()
            return
        step_id = chosen[1]

        def refused(message: str) -> None:
            self.notify(message, severity="error")
            self.file_screen.reload()

        self.store(lambda s, ed: complete_plan_step(s, ed, step_id), failed=refused)

    def form_plan_step(self) -> None:
        citizen_id, today = self.loaded.citizen.id, self.today()

        def check(v: dict[str, Any]) -> dict[str, str]:
            if v["deadline"] is not None and v["deadline"] < today:
                return {"deadline": "Fristen ligger før i dag."}
            return {}

        self.open_form(
            "Nyt delmål (Min Plan)",
            [
                FieldSpec("text", "Delmål", required=True),
                FieldSpec("owner", "Ansvarlig", kind="choice", value=StepOwner.CITIZEN, choices=choices(StepOwner)),
                FieldSpec(
                    "deadline",
                    "Frist",
                    value=format_date(today + timedelta(weeks=4)),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
            ],
            self.stores(
                lambda s, ed, v: add_plan_step(
                    s, ed, citizen_id, text=v["text"], owner=v["owner"], deadline=v["deadline"]
                )
            ),
            check,
        )

    def form_edit_step(self, step_id: uuid.UUID) -> None:
        step = next(st for st in self.loaded.steps if st.id == step_id)
        today = self.today()
        self.open_form(
            "Ret delmål",
            [
                FieldSpec("text", "Delmål", value=step.text, required=True),
                FieldSpec("owner", "Ansvarlig", kind="choice", value=step.owner, choices=choices(StepOwner)),
                FieldSpec(
                    "deadline",
                    "Frist",
                    value=format_date(step.deadline),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
            ],
            self.stores(
                lambda s, ed, v: update_plan_step(
                    s, ed, step_id, text=v["text"].strip(), owner=v["owner"], deadline=v["deadline"]
                )
            ),
        )
