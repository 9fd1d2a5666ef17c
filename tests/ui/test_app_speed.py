"""What the app does for speed (README, "For developers": speed, and why) that a user never sees but must not break."""

from __future__ import annotations

import gc

from textual.widgets import DataTable

from stvdesk.app import StvdeskApp
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.help import HelpScreen
from stvdesk.widgets.keybar import KeyBar

SIZE = (120, 40)


async def test_start_up_objects_are_frozen_while_the_app_runs_and_freed_after(desk) -> None:
    before = gc.get_threshold()
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] > before[0]
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


async def test_the_key_bar_shows_the_screens_keys_and_a_click_presses_one(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert "F1/?" in line and "Hjælp" in line
        assert bar.key_at(0).description == "Åbn borger"  # Min dag's own keys come first
        start = next(start for start, _, shown in bar.spans if shown.description == "Hjælp")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        assert "Søg" in str(app.screen.query_one(KeyBar).render())  # the new screen's own keys


async def test_a_reused_file_screen_never_shows_the_previous_citizen(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        caseload = app.screen
        first, second = caseload.page.rows[0], caseload.page.rows[1]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        file_screen = app.screen
        assert isinstance(file_screen, CitizenFileScreen) and file_screen.citizen_id == first.id
        await pilot.press("5")  # a table tab, so the reused screen must come back on its first tab
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down")
        seen: list[str] = []
        original = CitizenFileScreen.on_screen_resume

        def resumed(screen) -> None:  # what the screen holds the moment it is shown again
            seen.append(str(screen.query_one("#file-title").render()))
            seen.extend(
                str(cell)
                for table in screen.query(DataTable)
                for row in range(table.row_count)
                for cell in table.get_row_at(row)
            )
            original(screen)

        CitizenFileScreen.on_screen_resume = resumed
        try:
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        finally:
            CitizenFileScreen.on_screen_resume = original
        assert app.screen is file_screen and file_screen.citizen_id == second.id
        assert seen and not any(first.name in text or first.cpr[:6] in text for text in seen)
        assert file_screen.active_tab() == "overblik"
        assert second.name in str(file_screen.query_one("#file-title").render())


async def test_a_key_or_a_click_tells_the_collector_the_desk_is_in_use(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.collector.running
        app.collector.last_input = 0.0
        await pilot.press("f3")
        assert app.collector.last_input > 0.0
        app.collector.last_input = 0.0
        await pilot.click(offset=(5, 5))
        assert app.collector.last_input > 0.0
