"""What "Min dag" looks like at 120×40 on the demo data with today fixed to 24-11-2026."""

from __future__ import annotations

import pytest

from stvdesk.app import StvdeskApp


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_min_dag_snapshot(desk, snap_compare) -> None:
    assert snap_compare(StvdeskApp(desk), terminal_size=(120, 40), run_before=_settle)


def test_citizen_file_overview_snapshot(desk, snap_compare) -> None:
    async def open_first(pilot) -> None:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(StvdeskApp(desk), terminal_size=(120, 40), run_before=open_first)


def test_caseload_snapshot(desk, snap_compare) -> None:
    async def open_caseload(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(StvdeskApp(desk), terminal_size=(120, 40), run_before=open_caseload)


@pytest.mark.parametrize("tab", ["2", "3", "4", "5", "6", "7", "8", "9"])
def test_citizen_file_tab_snapshot(desk, snap_compare, tab) -> None:
    """Each tab of the first citizen in the caseload (highest urgency)."""

    async def open_tab(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press(tab)
        await _settle(pilot)

    assert snap_compare(StvdeskApp(desk), terminal_size=(120, 40), run_before=open_tab)


def test_agenda_snapshot(desk, snap_compare) -> None:
    async def open_agenda(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f5")
        await _settle(pilot)

    assert snap_compare(StvdeskApp(desk), terminal_size=(120, 40), run_before=open_agenda)


def test_summer_plan_snapshot(desk, snap_compare) -> None:
    async def open_summer(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f6")
        await _settle(pilot)

    assert snap_compare(StvdeskApp(desk), terminal_size=(120, 40), run_before=open_summer)
