"""What every tab of the company view shares: it is a TabPane of its own that shows its part of
the company's data, owns the actions behind its keys and the forms they open, and says in its
hint line what its keys do."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding
from textual.widgets import ContentSwitcher, DataTable, TabPane

from stvdesk.domain.privacy import shown_name
from stvdesk.screens.base import TabTables, desk_app
from stvdesk.widgets.data_path import DataPath

if TYPE_CHECKING:
    from stvdesk.context import DeskContext
    from stvdesk.db.queries.companies import CompanyView
    from stvdesk.domain.progression import MonthRating
    from stvdesk.screens.shell import DeskShell
    from stvdesk.widgets.fast_table import Col


@dataclass(frozen=True)
class CompanyData:
    """One read of the company for all tabs: the view, and each current placement's ratings."""

    view: CompanyView
    progress: dict[uuid.UUID, list[MonthRating]]


class CompanyTab(TabTables, DataPath, TabPane):
    """A tab of the company view. `KEYS` are bound by the screen, so they work from every tab
    as they always have; the screen hands each key's action to the tab that owns it."""

    TAB_ID: ClassVar[str]
    LABEL: ClassVar[str]
    #: the tab's help: the line above its table (variants, fullest first, where that line is a
    #: FittedLine: it shows the fullest that fits)
    HINT: ClassVar[str | tuple[str, ...]] = ""
    KEYS: ClassVar[list[Binding]] = []
    #: what help (F1) and the palette say of the keys beyond their names, by binding id
    KEY_HELP: ClassVar[Mapping[str, str]] = {}

    def __init__(self, number: int, company_id: uuid.UUID, reload: Callable[[], object]) -> None:
        super().__init__(f"{number} {self.LABEL}", id=self.TAB_ID)
        self.company_id = company_id
        #: the screen's read of the company, after a save: every tab redraws from it
        self.reload_company = reload
        self.data: CompanyData | None = None

    @property
    def stv_app(self) -> DeskShell:
        return desk_app(self)

    @property
    def desk(self) -> DeskContext:
        return self.stv_app.desk

    @property
    def is_active(self) -> bool:
        """The tab shown now (its pane is the switcher's current one)."""
        return isinstance(self.parent, ContentSwitcher) and self.parent.current == self.id

    def shown_name(self, name: str) -> str:
        return shown_name(name, self.stv_app.privacy)

    def show(self, data: CompanyData) -> None:
        """Keep the company's data and draw the tab from it."""
        self.data = data
        self.render_tab(data.view)

    def render_tab(self, view: CompanyView) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def redraw(self) -> None:
        if self.data is not None:
            self.render_tab(self.data.view)

    def table(self, columns: Sequence[str | Col]) -> DataTable[Any]:
        """The tab's table, emptied and given its columns (a `Col` shares the width by its
        priority), with the tab's hint above it."""
        return self._table(self.TAB_ID, columns, self.HINT)

    def selected_key(self) -> list[str] | None:
        """The parts of the selected row's key ("kind:id:…"), or None for no row or a filler."""
        table = self.query_one(f"#{self.TAB_ID}-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return key.split(":") if ":" in key else None
