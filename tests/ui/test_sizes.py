"""The leader's tables at 80×24 and at 200×50 in one run: help (F1), Måltal, Styring's funnel and
the import's column list are fitted by content and priority like every other list: readable at 80
columns without scrolling sideways, and at 200 columns no cell cut while there is room."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from stvdesk.app import StvdeskApp
from stvdesk.screens.help import HelpScreen
from stvdesk.screens.importing import ImportScreen
from stvdesk.screens.steering import SteeringScreen
from stvdesk.screens.targets import TargetsScreen
from tests.conftest import make_desk
from tests.ui.helpers import settle


@pytest.fixture
def leader_desk(demo_db):
    desk = make_desk(demo_db, "LV")
    yield desk
    desk.engine.dispose()


def _cut_columns(table: DataTable) -> list[str]:
    """The columns narrower than their widest cell or label (left-out columns count as cut)."""
    cut = []
    for index, column in enumerate(table.ordered_columns):
        cells = [cell_len(str(table.get_row_at(row)[index])) for row in range(table.row_count)]
        if column.get_render_width(table) - 2 * table.cell_padding < max([cell_len(column.label.plain), *cells]):
            cut.append(column.label.plain)
    return cut


def _in_sight(app, widget) -> bool:
    region = widget.region
    return (
        bool(region)
        and app.screen.region.contains_region(region)
        and app.get_widget_at(region.x, region.y)[0] is widget
    )


async def test_the_leaders_tables_fit_80_and_200_columns(leader_desk, tmp_path) -> None:
    heading = "Bemærkninger fra den tidligere sagsbehandler om borgeren"
    sheet = tmp_path / "stamme.csv"
    sheet.write_text(f"CPR-nr.;Navn;{heading}\n010190-1234;Ane Berg;ingen\n", encoding="utf-8")
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Help: the key and its action whole, the explanation cut at a word, nothing sideways,
        # and the lines under the table in sight.
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys", DataTable)
        assert keys.virtual_size.width <= keys.size.width
        assert set(_cut_columns(keys)) <= {"Forklaring"}
        assert next(c.get_render_width(keys) for c in keys.ordered_columns if c.label.plain == "Forklaring") >= 22
        assert _in_sight(app, app.screen.query_one("#help-binding-id"))
        await pilot.press("escape")
        await settle(pilot)

        # Styring: the funnel's five columns and the caseloads beside it, none past the edge.
        await pilot.press("f10")
        await settle(pilot)
        steering = app.screen
        assert isinstance(steering, SteeringScreen)
        funnel = steering.query_one("#funnel-table", DataTable)
        assert not _cut_columns(funnel) and funnel.virtual_size.width <= funnel.size.width
        for part in ("#steering-funnel", "#steering-loads", "#steering-stories"):
            assert app.screen.region.contains_region(steering.query_one(part).region), part

        # Måltal: the metric's name stays whole and in place while the months scroll to December.
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, TargetsScreen)
        targets = app.screen.query_one("#targets-table", DataTable)
        await pilot.press(*["right"] * 12)
        await pilot.pause()
        assert targets.cursor_coordinate.column == 12 and targets.scroll_x > 0
        first = str(targets.get_row_at(0)[0])
        assert targets.render_line(1).text.lstrip().startswith(first), targets.render_line(1).text

        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert not _cut_columns(targets) and targets.virtual_size.width <= targets.size.width
        await pilot.press("escape")
        await settle(pilot)
        assert not _cut_columns(funnel)
        await pilot.press("f1")
        await settle(pilot)
        keys = app.screen.query_one("#help-keys", DataTable)
        assert not _cut_columns(keys)  # the dialog grows with its explanations
        await pilot.press("escape")
        await settle(pilot)

        # The import's column list: a long heading in the file is shown whole.
        app.push_screen(ImportScreen(str(sheet)))
        await settle(pilot)
        columns = app.screen.query_one("#import-columns", DataTable)
        assert columns.row_count == 3 and not _cut_columns(columns)
