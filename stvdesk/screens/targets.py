""" "Måltal": a year of monthly targets for the team or one worker, metric by month.

Enter on a cell sets the target (empty removes it); `c` copies the month of the selected cell
to the next month; `o` the team → each worker; `[`/`]` the year; `i` imports a CSV file
(`maaned;ejer;maal;vaerdi`), all lines or none. Only a leader or project leader changes targets.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.cells import cell_len
from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.steering import SteeringScope, copy_targets, import_targets, set_target, targets
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.calendar import add_months
from stvdesk.domain.enums import Role, TargetMetric
from stvdesk.domain.meetings import ItemKind, parse_answer
from stvdesk.domain.targets import format_amount, metric_label
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.modals import InfoModal, TextPromptModal

SHORT_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


class TargetsScreen(DataPath, DeskScreen):
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
        # The metric's name stays whole and in place (a fixed column) while the twelve months,
        # each as wide as the widest amount, scroll sideways on a terminal too narrow for all.
        yield FastTable(id="targets-table", cursor_type="cell", zebra_stripes=True, fixed_columns=1)

    def on_mount(self) -> None:
        self.year = self.desk.clock.today().year
        team_id = self.desk.me.team_id

        def known(workers: list[WorkerInfo]) -> None:
            self.owners = [None, *[w for w in workers if w.role in (Role.S, Role.VK)]]
            self.reload()

        self.query_one("#targets-table", DataTable).focus()
        self.load(lambda s: team_workers(s, team_id), known, group="targets-owners")

    @property
    def may_edit(self) -> bool:
        return self.desk.me.role in (Role.LEADER, Role.PL)

    def scope(self) -> SteeringScope:
        owner = self.owners[self.owner_index]
        if owner is None:
            return SteeringScope.for_team(self.desk.me.team_id)
        return SteeringScope.for_worker(owner.id, owner.role)

    def months(self) -> list[date]:
        return [date(self.year, m, 1) for m in range(1, 13)]

    def reload(self) -> None:
        """Read the year's targets of the owner shown, then draw them."""
        scope, months = self.scope(), self.months()
        self.load(lambda s: targets(s, scope, months), self.render_grid, group="targets")

    def render_grid(self, found: dict[tuple[date, TargetMetric], float]) -> None:
        owner = self.owners[self.owner_index]
        who = f"{owner.name} ({owner.initials})" if owner else f"{self.desk.me.team_name} (teamet)"
        hint = (
            "Enter sæt · c kopiér måned frem · o team/medarbejder · [ ] år · i importér CSV"
            if self.may_edit
            else "Kun en leder eller projektleder kan ændre måltal · o team/medarbejder · [ ] år"
        )
        self.query_one("#targets-title", Static).update(
            f"[b]Måltal {self.year} – {escape(who)}[/b]   [dim]{hint}[/dim]"
        )
        table = self.query_one("#targets-table", FastTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        rows = {
            metric: [format_amount(metric, found[(m, metric)]) if (m, metric) in found else "·" for m in self.months()]
            for metric in TargetMetric
        }
        month_width = max([len(SHORT_MONTHS[0]), *(cell_len(cell) for cells in rows.values() for cell in cells)])
        months = self.desk.settings.phase.retained_after_months
        labels = {metric: metric_label(metric, months) for metric in TargetMetric}
        table.add_fitted(Col("Måltal", key="metric", min=max(map(len, labels.values())), priority=9))
        for month in self.months():
            table.add_column(SHORT_MONTHS[month.month - 1], width=month_width)
        for metric, cells in rows.items():
            table.add_row(labels[metric], *cells, key=metric.value)
        table.cursor_coordinate = cursor

    def _selected(self) -> tuple[TargetMetric, date] | None:
        table = self.query_one("#targets-table", DataTable)
        row, column = table.cursor_coordinate
        if column == 0:
            return None
        return list(TargetMetric)[row], date(self.year, column, 1)

    def editor(self) -> Editor:
        return Editor(self.desk.me.id, self.desk.clock.today())

    def action_edit(self) -> None:
        chosen = self._selected()
        if chosen is None:
            self.notify("Vælg en måned (pil højre).", severity="warning")
            return
        if not self.may_edit:
            self.notify("Kun en leder eller projektleder kan ændre måltal.", severity="warning")
            return
        metric, month = chosen
        desk, editor, scope = self.desk, self.editor(), self.scope()

        def submit(text: str) -> str | None:
            """In the prompt's worker: only the desk and the values taken above, never a widget."""
            value = parse_answer(ItemKind.NUMBER, text)
            desk.run(lambda s: set_target(s, editor, scope, month, metric, value))
            return None

        def entered(text: str | None) -> None:
            if text is not None:
                self.reload()

        self.app.push_screen(
            TextPromptModal(
                f"{metric_label(metric, desk.settings.phase.retained_after_months)}, "
                f"{SHORT_MONTHS[month.month - 1]} {month.year}",
                "Måltal (tomt fjerner det)",
                submit=submit,
            ),
            entered,
        )

    def action_copy_forward(self) -> None:
        chosen = self._selected()
        if chosen is None or not self.may_edit:
            self.notify("Vælg en måned – og kun en leder kan kopiere måltal.", severity="warning")
            return
        month = chosen[1]
        following, editor, scope = add_months(month, 1), self.editor(), self.scope()

        def copied(count: int) -> None:
            self.notify(f"{count} måltal kopieret til {SHORT_MONTHS[following.month - 1]}.", title="Måltal")
            if following.year != self.year:
                self.year += 1
            self.reload()

        self.save(lambda s: copy_targets(s, editor, scope, month, following), copied)

    def action_next_owner(self) -> None:
        self.owner_index = (self.owner_index + 1) % len(self.owners)
        self.reload()

    def action_year(self, delta: int) -> None:
        self.year += delta
        self.reload()

    def action_import_csv(self) -> None:
        if not self.may_edit:
            self.notify("Kun en leder eller projektleder kan importere måltal.", severity="warning")
            return
        team_id = self.desk.me.team_id
        if team_id is None:  # the targets would belong to no one
            self.notify("Du er ikke knyttet til et team; måltallene er ikke importeret.", severity="error")
            return
        desk, editor = self.desk, self.editor()
        result: dict[str, tuple[int, list[str]]] = {}

        def submit(path_text: str) -> str | None:
            """In the prompt's worker: the file is read and imported there, all lines or none."""
            path = Path(path_text.strip()).expanduser()
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                return f"{path} kan ikke læses: {getattr(exc, 'strerror', None) or exc}"
            result["done"] = desk.run(lambda s: import_targets(s, editor, team_id, text))
            return None

        def chosen(path_text: str | None) -> None:
            if not path_text or "done" not in result:
                return
            count, errors = result["done"]
            if errors:
                self.app.push_screen(
                    InfoModal("Intet er importeret – ret filen og prøv igen", escape("\n".join(errors[:30])))
                )
                return
            self.notify(f"{count} måltal importeret fra {Path(path_text.strip()).name}.", title="Måltal")
            self.reload()

        self.app.push_screen(
            TextPromptModal("Importér måltal fra CSV", "Filens sti (maaned;ejer;maal;vaerdi)", submit=submit), chosen
        )

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
