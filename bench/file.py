"""The citizen's file at scale: open it from the caseload, and switch each of its nine tabs.

Runs the real app headless (Textual's test driver, 120×40) on a cached demo database. "Open"
runs from Enter on the caseload until the file has rendered its data (the screen's show_file
returned); the first open of a session builds the file screen, later ones reuse it, so the
first is reported on its own. A tab switch has no such handler, so it is the test driver's press() of the tab's
key minus its press() of a key nothing is bound to (the driver's own settling, about 100 ms
here, is in both).
Also reports the process's peak memory (RSS) and the database file's size.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import time
from pathlib import Path

from bench.caseload import RenderClock, demo_database, desk_app, percentile


async def _measure(path: Path, rounds: int) -> dict[str, float]:
    from stvdesk.screens.citizen_file import CitizenFileScreen

    rendered = RenderClock(CitizenFileScreen, "show_file")
    app, engine = desk_app(path, "KB")
    opens: list[float] = []
    tabs: list[float] = []
    idle: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(rounds):
            caseload = app.screen
            rendered.rendered_at = 0.0
            started = time.perf_counter()
            await pilot.press("enter")
            while rendered.rendered_at == 0.0:
                await pilot.pause(0.001)
            opens.append(rendered.rendered_at - started)
            for key in "234567891":
                started = time.perf_counter()
                await pilot.press(key)
                tabs.append(time.perf_counter() - started)
                started = time.perf_counter()
                await pilot.press("f12")  # bound to nothing: the driver's own cost
                idle.append(time.perf_counter() - started)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is caseload
            await pilot.press("down")
    engine.dispose()
    later = opens[1:]  # the first open also builds the file screen, which is then reused
    return {
        "first_open_ms": opens[0] * 1000,
        "open_median_ms": statistics.median(later) * 1000,
        "open_p95_ms": percentile(later, 95) * 1000,
        "tab_median_ms": (statistics.median(tabs) - statistics.median(idle)) * 1000,
        "tab_p95_ms": (percentile(tabs, 95) - statistics.median(idle)) * 1000,
        "driver_press_ms": statistics.median(idle) * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_file_mb": path.stat().st_size / 1024 / 1024,
    }


def run(citizens: int = 100_000, rounds: int = 11) -> dict[str, float]:
    return asyncio.run(_measure(demo_database(citizens), rounds))
