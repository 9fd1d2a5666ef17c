"""Sommerplan through Pilot: the placements through weeks 27–32, writing a plan, the flag."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select
from textual.widgets import DataTable

from stvdesk.app import StvdeskApp
from stvdesk.clock import Clock
from stvdesk.db.models import SummerPlan
from stvdesk.screens.summer import SummerScreen
from stvdesk.widgets.form import FormModal
from tests.conftest import make_desk
from tests.ui.helpers import SIZE, settle


async def test_summer_plan_listed_written_and_flagged(demo_db) -> None:
    desk = make_desk(demo_db)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        screen = app.screen
        assert isinstance(screen, SummerScreen) and screen.year == 2027
        await screen.settled()
        assert screen.lines and all(line.plan is None for line in screen.lines)
        table = screen.query_one("#summer", DataTable)
        assert str(table.get_row_at(0)[5]) == "Ikke planlagt endnu"  # before 1 May: not yet a warning
        first = screen.lines[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)  # who covers is required
        await pilot.press(*"Mette Friis", "enter", *"VK på 40 11 22 33", "enter", "enter")
        app.screen.query_one("#f-agreed_hours").value = "8"
        await pilot.press("ctrl+s")
        await settle(pilot)  # the form's own worker stores the plan and closes it
        await screen.settled()  # then the summer's placements are read again
        assert isinstance(app.screen, SummerScreen)
        planned = next(line for line in screen.lines if line.placement_id == first.placement_id)
        assert planned.plan is not None and planned.plan.agreed_hours == 8
    with Session(desk.engine) as session:
        plan = session.exec(select(SummerPlan)).one()
        assert plan.covered_by == "Mette Friis" and plan.holiday_contact == "VK på 40 11 22 33" and plan.year == 2027
    desk.engine.dispose()

    may = make_desk(demo_db)
    may.clock = Clock(date(2027, 5, 3))
    app = StvdeskApp(may)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await app.screen.settled()
        table = app.screen.query_one("#summer", DataTable)
        flags = [str(table.get_row_at(i)[5]) for i in range(table.row_count)]
        assert "Mangler plan" in flags  # from 1 May a missing plan is flagged
    may.engine.dispose()
