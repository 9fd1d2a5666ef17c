"""ABC-plan: the citizen's A, B and C job goals and development goals, each with its actions."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from stvdesk.db.queries.edits import (
    add_development_goal,
    add_goal_action,
    add_job_goal,
    complete_goal_action,
    update_goal_action,
    update_job_goal,
)
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import ActionStatus, GoalStatus, JobGoalKind
from stvdesk.domain.parse import parse_optional_date
from stvdesk.screens.citizen_file.common import FileTab, choices
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.form import FieldSpec
from stvdesk.widgets.hint import FittedLine

if TYPE_CHECKING:
    from stvdesk.db.queries.citizen_file import CitizenFile


class AbcTab(FileTab):
    TAB = "abc"
    KEYS = (
        Binding("a", "new_action", "Ny handling", show=False, id="file.new_action"),
        Binding("u", "new_development_goal", "Nyt udviklingsmål", show=False, id="file.new_dev"),
    )
    TAB_ONLY = frozenset({"new_action"})

    def compose(self) -> ComposeResult:
        yield FittedLine(id="abc-hint", classes="tab-hint")
        yield FastTable(id="abc-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, f: CitizenFile) -> None:
        today = self.today()
        table = self._table(
            "abc",
            ["Mål", "Titel / handling", "Status", "Aftalt / frist"],
            "n nyt jobmål · a ny handling til valgt mål · d handling udført · e ret · u nyt udviklingsmål",
        )
        for item in f.goals:
            g = item.goal
            table.add_row(
                Text(f"{g.kind.value}-mål", style="bold"),
                Text(self.free(g.title), style="bold"),
                g.status.label,
                format_date(g.agreed_on),
                key=f"goal:{g.id}",
            )
            for action in item.actions:
                late = action.status is ActionStatus.OPEN and action.due_on and action.due_on < today
                table.add_row(
                    "",
                    f"  • {self.free(action.text)}",
                    action.status.label,
                    Text(format_date(action.due_on), style="red" if late else ""),
                    key=f"action:{action.id}",
                )
        for d, actions in f.development_goals:
            table.add_row(
                Text("Udvikling", style="bold"),
                Text(self.free(f"{d.area}: {d.description}"), style="bold"),
                d.status.label,
                format_date(d.agreed_on),
                key=f"dev:{d.id}",
            )
            for action in actions:
                table.add_row(
                    "",
                    f"  • {self.free(action.text)}",
                    action.status.label,
                    format_date(action.due_on),
                    key=f"action:{action.id}",
                )
        if not f.goals and not f.development_goals:
            table.add_row(
                "",
                Text("Ingen mål endnu – n opretter et jobmål, u et udviklingsmål", style="yellow"),
                "",
                "",
                key="empty",
            )
        self._restore(table)

    # --- n, e, d ----------------------------------------------------------------------------

    def new(self) -> None:
        self.form_job_goal()

    def edit(self) -> None:
        chosen = self.selected()
        if chosen and chosen[0] == "goal":
            self.form_goal_status(chosen[1])
        elif chosen and chosen[0] == "action":
            self.form_edit_action(chosen[1])
        else:
            super().edit()

    def done(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen[0] != "action":
            super().done()
            return
        action_id = chosen[1]

        def refused(message: str) -> None:
            self.notify(message, severity="error")
            self.file_screen.reload()

        self.store(lambda s, ed: complete_goal_action(s, ed, action_id), failed=refused)

    # --- forms ------------------------------------------------------------------------------

    def form_job_goal(self) -> None:
        citizen_id, today = self.loaded.citizen.id, self.today()
        self.open_form(
            "Nyt jobmål (ABC-plan)",
            [
                # What A, B and C mean is a local setting ([abc] meaning, rule abc.betydning).
                FieldSpec(
                    "kind",
                    "Mål",
                    kind="choice",
                    value=JobGoalKind.A,
                    choices=[(self.desk.settings.abc.label(kind.value), kind) for kind in JobGoalKind],
                ),
                FieldSpec("title", "Job", required=True, placeholder="fx Lagermedarbejder"),
                FieldSpec("description", "Beskrivelse"),
                FieldSpec("status", "Status", kind="choice", value=GoalStatus.AGREED, choices=choices(GoalStatus)),
                FieldSpec(
                    "agreed_on",
                    "Aftalt dato",
                    value=format_date(today),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
            ],
            self.stores(
                lambda s, ed, v: add_job_goal(
                    s,
                    ed,
                    citizen_id,
                    kind=v["kind"],
                    title=v["title"],
                    description=v["description"],
                    status=v["status"],
                    agreed_on=v["agreed_on"],
                )
            ),
        )

    def form_goal_status(self, goal_id: uuid.UUID) -> None:
        goal = next(g.goal for g in self.loaded.goals if g.goal.id == goal_id)
        self.open_form(
            f"Ret {goal.kind.value}-mål",
            [
                FieldSpec("title", "Job", value=goal.title, required=True),
                FieldSpec("status", "Status", kind="choice", value=goal.status, choices=choices(GoalStatus)),
            ],
            self.stores(lambda s, ed, v: update_job_goal(s, ed, goal_id, title=v["title"].strip(), status=v["status"])),
        )

    def form_edit_action(self, action_id: uuid.UUID) -> None:
        actions = [a for g in self.loaded.goals for a in g.actions] + [
            a for _, acts in self.loaded.development_goals for a in acts
        ]
        action = next(a for a in actions if a.id == action_id)
        today = self.today()
        self.open_form(
            "Ret handling",
            [
                FieldSpec("text", "Handling", value=action.text, required=True),
                FieldSpec(
                    "due_on",
                    "Frist",
                    value=format_date(action.due_on),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
                FieldSpec("status", "Status", kind="choice", value=action.status, choices=choices(ActionStatus)),
            ],
            self.stores(
                lambda s, ed, v: update_goal_action(
                    s, ed, action_id, text=v["text"].strip(), due_on=v["due_on"], status=v["status"]
                )
            ),
        )

    def action_new_action(self) -> None:
        if not self.is_shown:
            return
        chosen = self.selected()
        if chosen is None or chosen[0] not in ("goal", "dev"):
            self.notify("Vælg et mål først (pil op/ned), så tilføjer a en handling.", severity="warning")
            return
        kind, goal_id = chosen
        today = self.today()
        self.open_form(
            "Ny handling",
            [
                FieldSpec("text", "Handling", required=True, placeholder="fx Besøge to lagre med VK"),
                FieldSpec("due_on", "Frist", parse=lambda t: parse_optional_date(t, today=today)),
            ],
            self.stores(
                lambda s, ed, v: add_goal_action(
                    s,
                    ed,
                    job_goal_id=goal_id if kind == "goal" else None,
                    development_goal_id=goal_id if kind == "dev" else None,
                    text=v["text"],
                    due_on=v["due_on"],
                )
            ),
        )

    def action_new_development_goal(self) -> None:
        citizen_id = self.loaded.citizen.id
        self.open_form(
            "Nyt udviklingsmål",
            [
                FieldSpec("area", "Område", required=True, placeholder="fx Fremmøde"),
                FieldSpec("description", "Mål", placeholder="fx Møde stabilt op tre dage om ugen"),
                FieldSpec("status", "Status", kind="choice", value=GoalStatus.AGREED, choices=choices(GoalStatus)),
            ],
            self.stores(
                lambda s, ed, v: add_development_goal(
                    s, ed, citizen_id, area=v["area"], description=v["description"], status=v["status"]
                )
            ),
        )
