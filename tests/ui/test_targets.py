"""Måltal (m on Styring): the metric's name follows the settings in force."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from stvdesk.app import StvdeskApp
from stvdesk.domain.enums import TargetMetric
from stvdesk.screens.steering import SteeringScreen
from stvdesk.screens.targets import TargetsScreen
from stvdesk.settings import load_settings
from stvdesk.widgets.modals import TextPromptModal
from tests.conftest import make_desk
from tests.ui.helpers import SIZE, settle


@pytest.fixture
def leader_desk(demo_db):
    desk = make_desk(demo_db, "LV")
    yield desk
    desk.engine.dispose()


async def test_maaltal_and_styring_say_fastholdt_after_the_months_in_force(leader_desk, tmp_path) -> None:
    """Rule styring.fastholdt (a local setting, 000 4.3 asks how many are retained, not when): with
    [phase] retained_after_months = 6 the Styring dashboard, the Måltal grid and the prompt for a
    target all say "Fastholdt efter 6 måneder"."""
    config = tmp_path / "config.toml"
    config.write_text("[phase]\nretained_after_months = 6\n", encoding="utf-8")
    leader_desk.settings = load_settings(config, env={})
    retained = TargetMetric.RETAINED.value
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, SteeringScreen)
        board = app.screen.query_one("#steering-table", DataTable)
        assert str(board.get_row(retained)[0]) == "Fastholdt efter 6 måneder"
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        grid = screen.query_one("#targets-table", DataTable)
        labels = [str(grid.get_row_at(row)[0]) for row in range(grid.row_count)]
        assert str(grid.get_row(retained)[0]) == "Fastholdt efter 6 måneder"
        assert not any("3 måneder" in label for label in labels)
        grid.cursor_coordinate = grid.get_cell_coordinate(retained, grid.ordered_columns[1].key)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TextPromptModal)
        assert "Fastholdt efter 6 måneder, " in str(app.screen.title_text)
