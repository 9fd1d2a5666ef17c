"""What "Min dag" looks like at 120×40 on the demo data with today fixed to 24-11-2026."""

from __future__ import annotations

from stvdesk.app import StvdeskApp


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_min_dag_snapshot(desk, snap_compare) -> None:
    assert snap_compare(StvdeskApp(desk), terminal_size=(120, 40), run_before=_settle)


def test_citizen_summary_snapshot(desk, snap_compare) -> None:
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
