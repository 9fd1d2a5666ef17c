"""The citizen's file at scale: open it from the caseload, and switch each of its nine tabs.

Runs the real app headless (Textual's test driver, 120×40) on a cached demo database. "Open"
runs from Enter on the caseload until the file has rendered its data (the Loaded handler
returned). A tab switch has no such handler, so it is the test driver's press() of the tab's
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

from bench.caseload import TODAY, RenderClock, demo_database, percentile
from stvdesk.app import StvdeskApp
from stvdesk.clock import Clock
from stvdesk.context import DeskContext
from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import open_database
from stvdesk.db.queries.workers import find_worker


async def _measure(path: Path, rounds: int) -> dict[str, float]:
    from stvdesk.screens.citizen_file import CitizenFileScreen

    rendered = RenderClock(CitizenFileScreen, "on_citizen_file_screen_loaded")
    engine = open_database(sqlite_url(path)).engine
    desk = DeskContext(engine=engine, clock=Clock(TODAY), demo=True)
    desk.worker = desk.query(lambda s: find_worker(s, "KB"))
    app = StvdeskApp(desk)
    opens: list[float] = []
    tabs: list[float] = []
    idle: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for row in range(rounds):
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
    return {
        "open_median_ms": statistics.median(opens) * 1000,
        "open_p95_ms": percentile(opens, 95) * 1000,
        "tab_median_ms": (statistics.median(tabs) - statistics.median(idle)) * 1000,
        "tab_p95_ms": (percentile(tabs, 95) - statistics.median(idle)) * 1000,
        "driver_press_ms": statistics.median(idle) * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_file_mb": path.stat().st_size / 1024 / 1024,
    }


def run(citizens: int = 100_000, rounds: int = 5) -> dict[str, float]:
    return asyncio.run(_measure(demo_database(citizens), rounds))
