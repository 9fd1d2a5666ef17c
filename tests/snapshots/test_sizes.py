"""The desk on the smallest terminal it is made for (80×24) and on a big one (200×50): Min dag,
Sagsstamme, the citizen's file and a meeting, on the demo data with today fixed to 24-11-2026.

At 80×24 every name stays readable, the file's nine tabs and the help key (F1) stay in sight; at
200×50 the names and the company names take the spare width instead of being cut."""

from __future__ import annotations

import pytest

from stvdesk.app import StvdeskApp
from tests.snapshots.test_screens import _settle, seed_meeting

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((200, 50), id="200x50")]


@pytest.mark.parametrize("size", SIZES)
def test_min_dag_at_size(desk, snap_compare, size) -> None:
    assert snap_compare(StvdeskApp(desk), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_caseload_at_size(desk, snap_compare, size) -> None:
    async def open_caseload(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(StvdeskApp(desk), terminal_size=size, run_before=open_caseload)


@pytest.mark.parametrize("size", SIZES)
def test_citizen_file_at_size(desk, snap_compare, size) -> None:
    """Enter on the first citizen of the caseload (the most urgent): the file's Overblik."""

    async def open_file(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await _settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("enter")
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(StvdeskApp(desk), terminal_size=size, run_before=open_file)


@pytest.mark.parametrize("size", SIZES)
def test_meeting_at_size(desk, snap_compare, size) -> None:
    meeting_id = seed_meeting(desk)

    async def open_meeting(pilot) -> None:
        await _settle(pilot)
        pilot.app.open_meeting(meeting_id)
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(StvdeskApp(desk), terminal_size=size, run_before=open_meeting)
