"""The caseload's filters: the bar that says in words what is shown (whose citizens, which
filters, which sort), and the keys that change it: readiness, phase and target group in turn,
the yes/no filters, sorting, whose caseload, and filters saved by name.

`FilteredScreen` holds the filter and the keys; the caseload screen adds the list it filters.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on
from textual.widgets import DataTable, Static

from stvdesk.db.queries.caseload_list import CaseloadFilter, Scope, SortKey, save_filter, saved_filters
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.enums import Phase, Readiness, Role, TargetGroup
from stvdesk.export.lists import filter_words
from stvdesk.screens.base import DeskScreen, cycle_filter
from stvdesk.screens.caseload.columns import COLUMNS, SORT_LABEL, default_sort
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.modals import ChoiceModal, TextPromptModal

SCOPE_LABEL = {Scope.MINE: "Min sagsstamme", Scope.TEAM: "Teamets borgere", Scope.ALL: "Alle borgere"}


class FilterBar(Static):
    """One line: whose citizens, the filters in words, the sort. Redrawn only when it changes
    (a keystroke in the search leaves it as it is: no repaint)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.shown = ""

    def say(self, criteria: CaseloadFilter, worker_name: str) -> None:
        scope = SCOPE_LABEL.get(criteria.scope, f"{worker_name}s borgere")
        arrow = "↓" if criteria.descending else "↑"
        filters = " · ".join(filter_words(criteria)) or "ingen filtre"
        bar = f"[b]{scope}[/b]  ·  Filtre: {filters}  ·  Sorteret: {SORT_LABEL[criteria.sort]} {arrow}"
        if bar != self.shown:
            self.shown = bar
            self.update(bar)


class FilteredScreen(DataPath, DeskScreen):
    """The filter of the caseload screen and the keys that change it; every change reloads."""

    def __init__(self) -> None:
        super().__init__()
        self.criteria = CaseloadFilter()
        self.sort_chosen = False  # the user picked a sort; until then a search sorts by what was typed
        self.worker_name = ""  # whose caseload, for Scope.WORKER

    def reload(self, *, keep_offset: bool = False) -> None:  # pragma: no cover - the list's
        raise NotImplementedError

    def set_filter(self, **changes: Any) -> None:
        self.criteria = replace(self.criteria, **changes)
        self.reload()

    def action_cycle_readiness(self) -> None:
        self.set_filter(readiness=cycle_filter(list(Readiness), self.criteria.readiness))

    def action_cycle_phase(self) -> None:
        self.set_filter(phase=cycle_filter(list(Phase), self.criteria.phase))

    def action_cycle_target_group(self) -> None:
        self.set_filter(target_group=cycle_filter(list(TargetGroup), self.criteria.target_group))

    # Not action_toggle: that is Textual's own (it flips a boolean attribute of the node).
    def action_toggle_filter(self, name: str) -> None:
        self.set_filter(**{name: not getattr(self.criteria, name)})

    def action_clear_filters(self) -> None:
        f = self.criteria
        self.criteria = CaseloadFilter(
            scope=f.scope, worker_id=f.worker_id, search=f.search, sort=f.sort, descending=f.descending
        )
        self.reload()

    # --- sorting ----------------------------------------------------------------------------

    def action_next_sort(self) -> None:
        self.sort_chosen = True
        keys = list(SortKey)
        following = keys[(keys.index(self.criteria.sort) + 1) % len(keys)]
        self.set_filter(sort=following, descending=following is SortKey.URGENCY)

    def action_reverse_sort(self) -> None:
        self.sort_chosen = True
        self.set_filter(descending=not self.criteria.descending)

    @on(DataTable.HeaderSelected, "#caseload")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.sort_chosen = True
        key = next(k for k, _, _ in COLUMNS if k.code == event.column_key.value)
        if key is self.criteria.sort:
            self.set_filter(descending=not self.criteria.descending)
        else:
            self.set_filter(sort=key, descending=key is SortKey.URGENCY)

    # --- whose caseload ---------------------------------------------------------------------

    def action_next_scope(self) -> None:
        order = [Scope.MINE, Scope.TEAM, Scope.ALL]
        current = self.criteria.scope if self.criteria.scope in order else Scope.ALL
        scope = order[(order.index(current) + 1) % len(order)]
        changes: dict[str, Any] = {"scope": scope, "worker_id": None}
        if not self.sort_chosen and not self.criteria.search:
            sort, descending = default_sort(scope)
            changes.update(sort=sort, descending=descending)
        self.set_filter(**changes)

    def action_pick_worker(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        team_id = worker.team_id

        def pick(workers: list[WorkerInfo]) -> None:
            choices = [(f"{w.name} ({w.initials}) – {w.role.label}", w) for w in workers if w.role in (Role.S, Role.VK)]

            def chosen(picked: WorkerInfo | None) -> None:
                if picked is not None:
                    self.worker_name = picked.name
                    self.set_filter(scope=Scope.WORKER, worker_id=picked.id)

            self.app.push_screen(ChoiceModal("Vis en medarbejders sagsstamme", choices), chosen)

        self.load(lambda session: team_workers(session, team_id), pick, group="caseload-workers", opens_dialog=True)

    # --- saved filters ----------------------------------------------------------------------

    def action_save_filter(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        desk, criteria = self.desk, self.criteria

        def submit(name: str) -> str | None:
            """In the prompt's worker: only the desk and the values taken above, never a widget."""
            desk.run(lambda session: save_filter(session, worker.id, name, criteria))
            return None

        def named(name: str | None) -> None:
            if name:
                self.notify(f"Filteret '{name.strip()}' er gemt.", title="Gemt")

        self.app.push_screen(
            TextPromptModal(
                "Gem filter", "Navn på filteret:", required_message="Filteret skal have et navn.", submit=submit
            ),
            named,
        )

    def action_load_filter(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        worker_id = worker.id

        def pick(filters: list[tuple[str, CaseloadFilter]]) -> None:
            def chosen(f: CaseloadFilter | None) -> None:
                if f is not None:
                    self.criteria = replace(f, search=self.criteria.search)
                    self.reload()

            self.app.push_screen(
                ChoiceModal("Hent gemt filter", filters, "Du har ingen gemte filtre (g gemmer)."), chosen
            )

        self.load(lambda session: saved_filters(session, worker_id), pick, group="caseload-filters", opens_dialog=True)
