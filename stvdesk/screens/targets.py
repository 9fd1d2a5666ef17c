""" "Måltal": a year of monthly targets for the team or one worker, metric by month.

Enter on a cell sets the target (empty removes it); `c` copies the month of the selected cell
to the next month; `o` the team → each worker; `[`/`]` the year; `i` imports a CSV file
(`maaned;ejer;maal;vaerdi`), all lines or none. Only a leader or project leader changes targets.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.steering import SteeringScope, copy_targets, import_targets, set_target, targets
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.calendar import add_months
from stvdesk.domain.enums import Role, TargetMetric
from stvdesk.domain.meetings import ItemKind, parse_answer
from stvdesk.domain.parse import ParseError
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.modals import InfoModal, TextPromptModal

SHORT_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


class TargetsScreen(DeskScreen):
    TITLE_DA = "Måltal"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="targets.back"),
        Binding("enter", "edit", "Sæt måltal", id="targets.edit", priority=True),
        Binding("c", "copy_forward", "Kopiér måned frem", id="targets.copy"),
        Binding("o", "next_owner", "Team/medarbejder", id="targets.owner"),
        Binding("left_square_bracket", "year(-1)", "Forrige år", key_display="[", id="targets.previous"),
        Binding("right_square_bracket", "year(1)", "Næste år", key_display="]", id="targets.next"),
        Binding("i", "import_csv", "Importér CSV", id="targets.import"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = 0
        self.owners: list[WorkerInfo | None] = [None]  # None: the team
        self.owner_index = 0

    def compose_body(self) -> ComposeResult:
        yield Static("", id="targets-title")
        yield DataTable(id="targets-table", cursor_type="cell", zebra_stripes=True)

    def on_mount(self) -> None:
        self.year = self.desk.clock.today().year
        workers = self.desk.query(lambda s: team_workers(s, self.desk.worker.team_id))
        self.owners = [None, *[w for w in workers if w.role in (Role.S, Role.VK)]]
        self.query_one("#targets-table", DataTable).focus()
        self.render_grid()

    @property
    def may_edit(self) -> bool:
        return self.desk.worker.role in (Role.LEADER, Role.PL)

    def scope(self) -> SteeringScope:
        owner = self.owners[self.owner_index]
        if owner is None:
            return SteeringScope.for_team(self.desk.worker.team_id)
        return SteeringScope.for_worker(owner.id, owner.role)

    def months(self) -> list[date]:
        return [date(self.year, m, 1) for m in range(1, 13)]

    def render_grid(self) -> None:
        owner = self.owners[self.owner_index]
        who = f"{owner.name} ({owner.initials})" if owner else f"{self.desk.worker.team_name} (teamet)"
        hint = (
            "Enter sæt · c kopiér måned frem · o team/medarbejder · [ ] år · i importér CSV"
            if self.may_edit
            else "Kun en leder eller projektleder kan ændre måltal · o team/medarbejder · [ ] år"
        )
        self.query_one("#targets-title", Static).update(
            f"[b]Måltal {self.year} – {escape(who)}[/b]   [dim]{hint}[/dim]"
        )
        found = self.desk.query(lambda s: targets(s, self.scope(), self.months()))
        table = self.query_one("#targets-table", DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("Måltal", width=28)
        for month in self.months():
            table.add_column(SHORT_MONTHS[month.month - 1], width=6)
        for metric in TargetMetric:
            cells = [
                f"{found[(m, metric)]:g}".replace(".", ",") if (m, metric) in found else "·" for m in self.months()
            ]
            table.add_row(metric.label, *cells, key=metric.value)
        table.cursor_coordinate = cursor

    def _selected(self) -> tuple[TargetMetric, date] | None:
        table = self.query_one("#targets-table", DataTable)
        row, column = table.cursor_coordinate
        if column == 0:
            return None
        return list(TargetMetric)[row], date(self.year, column, 1)

    def editor(self) -> Editor:
        return Editor(self.desk.worker.id, self.desk.clock.today())

    def action_edit(self) -> None:
        chosen = self._selected()
        if chosen is None:
            self.notify("Vælg en måned (pil højre).", severity="warning")
            return
        if not self.may_edit:
            self.notify("Kun en leder eller projektleder kan ændre måltal.", severity="warning")
            return
        metric, month = chosen

        def entered(text: str | None) -> None:
            if text is None:
                return
            try:
                value = parse_answer(ItemKind.NUMBER, text)
                self.desk.query(lambda s: set_target(s, self.editor(), self.scope(), month, metric, value))
            except (ParseError, EditError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.render_grid()

        self.app.push_screen(
            TextPromptModal(
                f"{metric.label}, {SHORT_MONTHS[month.month - 1]} {month.year}", "Måltal (tomt fjerner det)"
            ),
            entered,
        )

    def action_copy_forward(self) -> None:
        chosen = self._selected()
        if chosen is None or not self.may_edit:
            self.notify("Vælg en måned – og kun en leder kan kopiere måltal.", severity="warning")
            return
        month = chosen[1]
        count = self.desk.query(lambda s: copy_targets(s, self.editor(), self.scope(), month, add_months(month, 1)))
        self.notify(f"{count} måltal kopieret til {SHORT_MONTHS[add_months(month, 1).month - 1]}.", title="Måltal")
        if add_months(month, 1).year != self.year:
            self.year += 1
        self.render_grid()

    def action_next_owner(self) -> None:
        self.owner_index = (self.owner_index + 1) % len(self.owners)
        self.render_grid()

    def action_year(self, delta: int) -> None:
        self.year += delta
        self.render_grid()

    def action_import_csv(self) -> None:
        if not self.may_edit:
            self.notify("Kun en leder eller projektleder kan importere måltal.", severity="warning")
            return

        def chosen(path_text: str | None) -> None:
            if not path_text:
                return
            path = Path(path_text.strip()).expanduser()
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                self.notify(f"{path} kan ikke læses: {getattr(exc, 'strerror', None) or exc}", severity="error")
                return
            count, errors = self.desk.query(lambda s: import_targets(s, self.editor(), self.desk.worker.team_id, text))
            if errors:
                self.app.push_screen(
                    InfoModal("Intet er importeret – ret filen og prøv igen", escape("\n".join(errors[:30])))
                )
                return
            self.notify(f"{count} måltal importeret fra {path.name}.", title="Måltal")
            self.render_grid()

        self.app.push_screen(TextPromptModal("Importér måltal fra CSV", "Filens sti (maaned;ejer;maal;vaerdi)"), chosen)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
