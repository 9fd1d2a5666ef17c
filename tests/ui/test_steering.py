"""Styring through Pilot: the numbers, their drill-down, real time after a change in a file,
and a good story from a file on the team's dashboard."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, CvStatus
from stvdesk.domain.enums import CvState, TargetMetric
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.steering import DrillDownModal, SteeringScreen
from stvdesk.widgets.form import FormModal
from tests.conftest import make_desk
from tests.ui.helpers import SIZE, settle


def _value(screen: SteeringScreen, metric: TargetMetric) -> str:
    table = screen.query_one("#steering-table", DataTable)
    return str(table.get_row(metric.value)[1])


@pytest.fixture
def leader_desk(demo_db):
    desk = make_desk(demo_db, "LV")
    yield desk
    desk.engine.dispose()


async def test_every_number_opens_the_citizens_behind_it(leader_desk) -> None:
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SteeringScreen) and screen.subject is None  # a leader starts with the team
        assert "Team Vest (teamet) – november 2026" in str(screen.query_one("#steering-title", Static).render())
        table = screen.query_one("#steering-table", DataTable)
        for row, metric in enumerate(TargetMetric):
            if metric is TargetMetric.ORDINARY_HOURS_TOTAL:
                continue
            table.move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
            modal = app.screen
            assert isinstance(modal, DrillDownModal)
            shown = _value(screen, metric)
            assert len(modal.rows) == int(shown), metric
            assert modal.title_text.endswith(f": {shown}")
            await pilot.press("escape")
            await settle(pilot)


async def test_a_change_in_a_file_shows_on_the_dashboard_at_once(leader_desk) -> None:
    citizen_id = leader_desk.query(lambda s: s.exec(
        select(Citizen.id).join(CvStatus, CvStatus.citizen_id == Citizen.id)
        .where(CvStatus.jobnet_state == CvState.MISSING, Citizen.closed_on.is_(None))).first())
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        before = int(_value(screen, TargetMetric.WITH_CV))
        app.open_citizen(citizen_id, tab="cv")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#f-jobnet_state").value = CvState.VISIBLE
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # back to Styring
        await settle(pilot)
        assert app.screen is screen
        assert int(_value(screen, TargetMetric.WITH_CV)) == before + 1

        # a good story from the file shows on the team's dashboard
        app.open_citizen(citizen_id)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#f-title").value = "Første lønnede timer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert "24-11-2026 Første lønnede timer" in str(screen.query_one("#steering-stories", Static).render())


async def test_a_caseworker_sees_her_own_numbers_and_can_switch(demo_db) -> None:
    desk = make_desk(demo_db)  # KB
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert "Karen Bach (KB) – november 2026" in str(screen.query_one("#steering-title", Static).render())
        mine = int(_value(screen, TargetMetric.IN_PLACEMENT))
        await pilot.press("v")
        await settle(pilot)
        assert int(_value(screen, TargetMetric.IN_PLACEMENT)) > mine
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "oktober 2026" in str(screen.query_one("#steering-title", Static).render())
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert "november 2026" in str(screen.query_one("#steering-title", Static).render())
    desk.engine.dispose()
