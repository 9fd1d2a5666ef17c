"""What stays the leader's on a caseworker's desk, and stored text that is not markup.

A caseworker on Styring with the team's numbers shown (`v`) gets her own monthly dialogue from
`d`, read-only, never the team's list nor a colleague's with the leader's notes about them. A
title or name that Rich would read as broken markup ("[/]") is painted as written: it must not
stop the desk (a leader's opens on Styring, with the team's good stories)."""

from __future__ import annotations

import sqlalchemy as sa
from textual.widgets import DataTable, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.queries.workers import find_worker
from stvdesk.screens.dialogue import DialogueScreen, MonthDialoguesScreen
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.screens.steering import SteeringScreen
from stvdesk.widgets.form import FormModal
from tests.conftest import make_desk
from tests.ui.helpers import SIZE, settle


async def test_a_caseworker_gets_only_her_own_dialogue_and_cannot_hold_it(demo_db) -> None:
    desk = make_desk(demo_db, "KB")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, SteeringScreen)
        await pilot.press("v")  # the team's numbers
        await settle(pilot)
        assert app.screen.subject is None
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert not isinstance(screen, MonthDialoguesScreen)
        assert isinstance(screen, DialogueScreen) and screen.worker.initials == "KB"
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, FormModal) and app.screen is screen
        assert "n ny note" not in str(screen.query_one("#dialogue-title", Static).render())
        # With a colleague chosen in Styring, d still opens her own, and says why.
        await pilot.press("escape")
        await settle(pilot)
        steering = app.screen
        assert isinstance(steering, SteeringScreen)
        steering.subject = desk.run(lambda s: find_worker(s, "MS"))
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DialogueScreen) and app.screen.worker.initials == "KB"
        assert "her er din egen" in " ".join(n.message for n in app._notifications)
    desk.engine.dispose()


async def test_broken_markup_in_a_story_title_and_names_is_painted_as_written(demo_db) -> None:
    leader = make_desk(demo_db, "LV")
    with leader.engine.begin() as conn:
        conn.execute(sa.text("UPDATE success_story SET title = '[/]' || title"))
        conn.execute(sa.text("UPDATE citizen SET first_name = '[/]' || first_name"))
        conn.execute(sa.text("UPDATE worker SET name = '[/]' || name WHERE initials <> 'LV'"))
    app = StvdeskApp(leader)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SteeringScreen)
        stories = app.screen.query_one("#stories-table", DataTable)
        assert stories.row_count and str(stories.get_row_at(0)[1]).startswith("[/]")
        assert "[/]" in app.export_screenshot()
        await pilot.press("d")  # the month's dialogues: each worker's name
        await settle(pilot)
        assert isinstance(app.screen, MonthDialoguesScreen)
        await pilot.press("enter")  # a worker's caseload: each citizen's name
        await settle(pilot)
        assert isinstance(app.screen, DialogueScreen)
        assert "[/]" in app.export_screenshot()
    leader.engine.dispose()
    caseworker = make_desk(demo_db, "KB")
    app = StvdeskApp(caseworker)
    async with app.run_test(size=SIZE) as pilot:  # Min dag: her agreements name their citizens
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        await pilot.press("f3", "escape")
        await settle(pilot)
        assert "[/]" in app.export_screenshot()
    caseworker.engine.dispose()


async def test_privacy_mode_hides_the_dialogues_caseload_and_names_in_its_notes(demo_db) -> None:
    from stvdesk.domain.privacy import HIDDEN_NAME

    leader = make_desk(demo_db, "LV")
    app = StvdeskApp(leader)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")  # the first worker's dialogue
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DialogueScreen) and screen.view is not None
        name = next(c.name for _, citizens in screen.view.groups for c in citizens)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#f-text").text = f"Talte om {name}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        surname = name.split()[-1]
        assert surname in app.export_screenshot()  # (the SVG writes a space as &#160;)
        await pilot.press("f4")
        await settle(pilot)
        table = screen.query_one("#dialogue-table", DataTable)
        assert str(table.get_row_at(1)[0]) == HIDDEN_NAME
        assert surname not in app.export_screenshot()
        assert surname not in str(screen.query_one("#dialogue-side", Static).render())
    leader.engine.dispose()
