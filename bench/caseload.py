"""Sagsstamme at jobcentre scale: open the caseload; keystroke in search → table updated (over
all citizens); a filter change and a sort change (in my caseload and in the team's).

Runs the real app headless (Textual's test driver, 120×40) on a cached demo database,
and times from the key press until the screen has put the answer to that keystroke into
its table (its `show_page` has returned; the next frame paints it). Pilot's own press()
returns only after its settling pauses (about 100 ms here), so it is not the clock.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import date
from pathlib import Path

from stvdesk.app import StvdeskApp
from stvdesk.clock import Clock
from stvdesk.context import DeskContext
from stvdesk.db.demo import DemoSpec, build_demo_file
from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import open_database
from stvdesk.db.queries.caseload_list import SortKey
from stvdesk.db.queries.workers import find_worker

CACHE = Path(__file__).with_name("cache")
TODAY = date(2026, 11, 24)
VERBOSE = False
QUERIES = [
    "hansen",
    "niels",
    "jens",
    "0101",
    "2512",
    "met",
    "lars p",
    "sø",
    "mette",
    "karen o",
    "1203",
    "christensen",
    "peder",
    "anne m",
]


def demo_database(citizens: int) -> Path:
    path = CACHE / f"demo-{citizens}.sqlite"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        build_demo_file(path, DemoSpec(today=TODAY, citizens=citizens))
    return path


def desk_app(path: Path, initials: str, key=None) -> tuple[StvdeskApp, object]:
    """The real app on a bench database, as the worker with these initials; and its engine.
    `key`: the file's SQLCipher key, for an encrypted copy (bench.cipher)."""
    engine = open_database(sqlite_url(path), key=key).engine
    desk = DeskContext(engine=engine, clock=Clock(TODAY), demo=True)
    desk.worker = desk.run(lambda s: find_worker(s, initials))
    return StvdeskApp(desk), engine


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


class RenderClock:
    """Notes when a screen has rendered an answer: wraps the screen's method that puts a load's
    answer on screen (its data path's `show`) and stamps the time it returned. `first_shown`
    keeps, per screen and request (generation, the caseload's first argument), when its first
    rows were in the table."""

    def __init__(self, screen_class: type, handler_name: str) -> None:
        self.rendered_at = 0.0
        self.first_shown: dict[tuple[object, int], float] = {}
        original = getattr(screen_class, handler_name)
        clock = self

        def handler(screen, *answer):
            original(screen, *answer)
            clock.rendered_at = time.perf_counter()
            generation = answer[0] if answer and isinstance(answer[0], int) else None
            if generation is not None and getattr(screen, "rendered_generation", None) == generation:
                clock.first_shown.setdefault((screen, generation), clock.rendered_at)

        setattr(screen_class, handler_name, handler)


async def _measure(path: Path, key=None) -> dict[str, float]:
    from stvdesk.screens.caseload import CaseloadScreen

    clock = RenderClock(CaseloadScreen, "show_page")
    app, engine = desk_app(path, "KB", key)
    opens: list[float] = []
    keys: list[float] = []
    filters: list[float] = []
    sorts: list[float] = []

    async def until_shown(pilot, screen) -> None:
        """Until the answer to the last key is in the table; the clock has stopped then. Then,
        as a person typing would, until the rest of the page has come too."""
        waited = time.perf_counter()
        while screen.complete_generation != screen.generation:
            if time.perf_counter() - waited > 30:
                raise RuntimeError("the caseload never finished loading (a failed worker?)")
            await pilot.pause(0.001)
        clock.rendered_at = clock.first_shown[(screen, screen.generation)]

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        for _ in range(5):
            started = time.perf_counter()
            await pilot.press("f3")
            screen = app.screen
            await until_shown(pilot, screen)
            opens.append(clock.rendered_at - started)
            await pilot.press("f2")
            await pilot.pause()
        await pilot.press("f3")
        screen = app.screen
        await until_shown(pilot, screen)
        await pilot.press("v", "v")  # all citizens
        await until_shown(pilot, screen)
        await pilot.press("slash")
        for query in QUERIES:
            for char in query:
                started = time.perf_counter()
                await pilot.press("space" if char == " " else char)
                await until_shown(pilot, screen)
                keys.append(clock.rendered_at - started)
                if VERBOSE:
                    print(f"{query!r} {char!r} {keys[-1] * 1000:.0f} ms")
            screen.query_one("#caseload-search").value = ""
            await until_shown(pilot, screen)
        await pilot.press("enter")  # back to the table
        for _ in range(2):  # all citizens → my caseload, then → the team's
            await pilot.press("v")
            await until_shown(pilot, screen)
            for key in "kkkkffffffffcciioottx":  # readiness, phase, CV, in placement, overdue, hours, clear
                started = time.perf_counter()
                await pilot.press(key)
                await until_shown(pilot, screen)
                filters.append(clock.rendered_at - started)
            for _ in range(len(SortKey) + 1):
                started = time.perf_counter()
                await pilot.press("s")
                await until_shown(pilot, screen)
                sorts.append(clock.rendered_at - started)
    engine.dispose()
    return {
        "open_median_ms": statistics.median(opens) * 1000,
        "open_p95_ms": percentile(opens, 95) * 1000,
        "keystroke_median_ms": statistics.median(keys) * 1000,
        "keystroke_p95_ms": percentile(keys, 95) * 1000,
        "keystrokes": len(keys),
        "filter_median_ms": statistics.median(filters) * 1000,
        "filter_p95_ms": percentile(filters, 95) * 1000,
        "sort_median_ms": statistics.median(sorts) * 1000,
        "sort_p95_ms": percentile(sorts, 95) * 1000,
    }


def run(citizens: int = 100_000) -> dict[str, float]:
    return asyncio.run(_measure(demo_database(citizens)))


if __name__ == "__main__":
    import sys

    for key, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000).items():
        print(f"{key:22s} {value:9.1f}")
