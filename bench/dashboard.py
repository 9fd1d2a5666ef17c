"""The team dashboard as a leader sees it: F10 pressed → the board computed and painted.

Runs the real app headless (Textual's test driver, 120×40) as the first team's leader (LV in
the demo) on a cached demo database. The clock stops at the first frame, after the screen's
`show` has put the board, the funnel, the caseloads and the stories in place, that shows the
title, the board and the funnel as the screen holds them (`bench.frames`); beside it the old
clock, until `show` returned. The first showing also builds the cached SQL; the figure is the
median and 95th percentile of the showings after it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.caseload import TIMEOUT, RenderClock, demo_database, desk_app, ms
from bench.frames import FrameClock, painted, send_key


async def _measure(path: Path, rounds: int) -> dict[str, float]:
    from stvdesk.screens.steering import SteeringScreen

    rendered = RenderClock(SteeringScreen, "show")
    app, engine = desk_app(path, "LV")
    shows: list[float] = []
    handlers: list[float] = []

    def board_shown(terminal) -> bool:
        screen = app.screen
        return isinstance(screen, SteeringScreen) and all(
            painted(terminal, screen.query_one(name), 10)
            for name in ("#steering-title", "#steering-table", "#funnel-table")
        )

    async with app.run_test(size=(120, 40)) as pilot:
        frames = FrameClock(app)
        await app.workers.wait_for_complete()
        # A leader opens on Styring: start each round from Min dag so F10 always shows the board anew.
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(rounds + 1):
            rendered.rendered_at = 0.0
            wait = frames.expect(
                lambda: isinstance(app.screen, SteeringScreen) and rendered.rendered_at > 0.0, board_shown
            )
            started = send_key(app, "f10")
            shows.append(await frames.until(wait, TIMEOUT) - started)
            handlers.append(rendered.rendered_at - started)
            await app.workers.wait_for_complete()
            await pilot.press("f2")
            await app.workers.wait_for_complete()
            await pilot.pause()
    engine.dispose()
    later, later_handlers = shows[1:], handlers[1:]
    return {
        "first_ms": shows[0] * 1000,
        "median_ms": ms(later),
        "p95_ms": ms(later, 95),
        "first_handler_ms": handlers[0] * 1000,
        "handler_median_ms": ms(later_handlers),
        "handler_p95_ms": ms(later_handlers, 95),
    }


def run(citizens: int = 100_000, rounds: int = 7) -> dict[str, float]:
    return asyncio.run(_measure(demo_database(citizens), rounds))
