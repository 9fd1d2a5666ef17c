"""The team dashboard as a leader sees it: F10 pressed → the board computed and on screen.

Runs the real app headless (Textual's test driver, 120×40) as the first team's leader (LV in
the demo) on a cached demo database; the clock stops when the screen's `show` has put
the board, the funnel, the caseloads and the stories in place. The first showing also builds
the cached SQL; the figure is the median and 95th percentile of the showings after it.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

from bench.caseload import RenderClock, demo_database, desk_app, percentile


async def _measure(path: Path, rounds: int) -> dict[str, float]:
    from stvdesk.screens.steering import SteeringScreen

    rendered = RenderClock(SteeringScreen, "show")
    app, engine = desk_app(path, "LV")
    shows: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        for _ in range(rounds + 1):
            rendered.rendered_at = 0.0
            started = time.perf_counter()
            await pilot.press("f10")
            while rendered.rendered_at == 0.0:
                await pilot.pause(0.001)
            shows.append(rendered.rendered_at - started)
            await pilot.press("f2")
            await app.workers.wait_for_complete()
            await pilot.pause()
    engine.dispose()
    later = shows[1:]
    return {
        "first_ms": shows[0] * 1000,
        "median_ms": statistics.median(later) * 1000,
        "p95_ms": percentile(later, 95) * 1000,
    }


def run(citizens: int = 100_000, rounds: int = 7) -> dict[str, float]:
    return asyncio.run(_measure(demo_database(citizens), rounds))
