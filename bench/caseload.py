"""Sagsstamme at jobcentre scale: open the caseload; keystroke in the search → rows painted (over
all citizens), at a person's pace and at a fast typist's; a filter change and a sort change (in
my caseload and in the team's).

Runs the real app headless (Textual's test driver, 120×40) on a cached demo database. Every
clock runs from the key put in the app's queue (`frames.send_key`) to the first frame handed
to the driver once the screen has the answer to that request in its table and the frame shows
it (`frames.FrameClock`: the table's first lines on the terminal are what the table holds).
Beside each, the old handler clock: until the screen's `show_page` had put the first rows of
the answer in the table (the frame that paints them comes later).

A person's pace: the next key only once the answer is painted and its page is whole. A fast
typist: the keys of a word FAST_GAPS apart, without waiting; the clock runs from the word's
last key, and the rows in sight on that frame (by key) must be those a person's pace painted
for the whole word (`fastN_wrong_rows` counts words where they were not: an earlier prefix's).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.frames import FrameClock, key_name, painted, send_key
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
    rows were in the table. `after`, if set, is called once the handler has returned (a
    `FrameClock.check`: an answer that changes nothing on screen brings no frame of its own)."""

    def __init__(self, screen_class: type, handler_name: str) -> None:
        self.rendered_at = 0.0
        self.first_shown: dict[tuple[object, int], float] = {}
        self.after: Callable[[], None] | None = None
        original = getattr(screen_class, handler_name)
        clock = self

        def handler(screen, *answer):
            result = original(screen, *answer)
            clock.rendered_at = time.perf_counter()
            generation = answer[0] if answer and isinstance(answer[0], int) else None
            if generation is not None and getattr(screen, "rendered_generation", None) == generation:
                clock.first_shown.setdefault((screen, generation), clock.rendered_at)
            if clock.after is not None:
                clock.after()
            return result

        setattr(screen_class, handler_name, handler)


#: The table's first lines (its header and the rows under it) a clock compares with the screen;
#: fewer than the whole table, so a notice in the bottom corner cannot hide the answer.
LINES = 12
#: A person's pace: the next key this long (s) after the last at the soonest (300 characters a
#: minute), and never before the page it brought is whole and painted.
PERSON_GAP = 0.2
#: The fast typist: keys this far apart (s), without waiting for the page; 0 = back to back.
FAST_GAPS = (0.03, 0.0)
TIMEOUT = 60.0  # s: an answer later than this is a failed run, not a figure


def ms(values: list[float], p: float | None = None) -> float:
    """Median (p None) or the p-th percentile of `values`, in ms."""
    if not values:
        return float("nan")
    return (statistics.median(values) if p is None else percentile(values, p)) * 1000


PARTS = ("open", "keys", "fast", "filters")


async def _measure(
    path: Path, key=None, parts: tuple[str, ...] = PARTS, shown: dict[str, object] | None = None
) -> dict[str, float]:
    """The figures of `parts`. `shown`, if given, gets the table's screen lines painted for
    each search typed at a person's pace (`lines`: search → lines) and where the table is
    (`region`: x, y, width), for bench.terminal to look for on a real terminal."""
    from stvdesk.db.queries.caseload_list import Scope
    from stvdesk.screens.caseload import CaseloadScreen

    clock = RenderClock(CaseloadScreen, "show_page")
    app, engine = desk_app(path, "KB", key)
    frame: dict[str, list[float]] = {"open": [], "key": [], "filter": [], "sort": []}
    handler: dict[str, list[float]] = {"open": [], "key": [], "filter": [], "sort": []}
    # Answers the screen already showed when they came (no frame of their own; FrameClock.check)
    already = dict.fromkeys(frame, 0)
    fast: dict[float, list[float]] = {gap: [] for gap in FAST_GAPS}
    fast_handler: dict[float, list[float]] = {gap: [] for gap in FAST_GAPS}
    wrong = dict.fromkeys(FAST_GAPS, 0)
    shown_for: dict[str, list[str]] = {}  # the table's lines painted for each text, at a person's pace
    rows_for: dict[str, object] = {}  # … and the rows they were (their keys)

    def current() -> CaseloadScreen | None:
        screen = app.screen
        return screen if isinstance(screen, CaseloadScreen) else None

    def answered(search: str | None = None, after: int = -1):
        """The caseload on screen has put in its table the answer to its latest request (newer
        than generation `after`; for the search `search`)."""

        def ready() -> bool:
            screen = current()
            return (
                screen is not None
                and screen.generation > after
                and screen.rendered_generation == screen.generation
                and (search is None or screen.criteria.search == search)
            )

        return ready

    def table_shown(terminal) -> bool:
        screen = current()
        return screen is not None and painted(terminal, screen.query_one("#caseload"), LINES)

    def table_place(table) -> tuple[int, int, int]:
        """x, y and width of the table's text, less the width a vertical scrollbar takes whether
        or not one is shown (a page's first rows may fit without one, the whole page not)."""
        region = table.content_region
        return region.x, region.y, region.width - table.styles.scrollbar_size_vertical

    def table_lines(wait) -> list[str]:
        x, y, width = wait.noted["place"]
        return [wait.screen[y + n][x : x + width].rstrip() for n in range(LINES)]

    def shown_rows() -> dict[str, object]:
        """The keys of the table's rows in sight (the frame shows the table as it holds it),
        and where its text is."""
        screen = current()
        if screen is None:
            return {"rows": [], "place": (0, 0, 0)}
        table = screen.query_one("#caseload")
        rows = [row.key.value for row in table.ordered_rows[: table.scrollable_content_region.height]]
        return {"rows": rows, "place": table_place(table)}

    def same_rows(painted_rows, reference) -> bool:
        """The same rows from the top, as far as both go: the first rows of an answer come before
        the rest of its page, so one frame may hold a row or two fewer than the other."""
        common = min(len(painted_rows), len(reference))
        return painted_rows[:common] == reference[:common] and (common > 0 or painted_rows == reference)

    def handler_at(screen, started: float) -> float:
        return clock.first_shown.get((screen, screen.rendered_generation), float("nan")) - started

    async def settled(screen) -> None:
        """Until the whole page of the latest request is in: the rest of a page is loaded after
        its first rows, and a person reads the first rows meanwhile."""
        waited = time.perf_counter()
        while screen.complete_generation != screen.generation or screen.rendered_generation != screen.generation:
            if time.perf_counter() - waited > TIMEOUT:
                raise RuntimeError("the caseload never finished loading (a failed worker?)")
            await asyncio.sleep(0.002)

    async def timed_key(key: str, kind: str, screen, search: str | None = None) -> None:
        """One key at a person's pace: until its answer is painted; then until the page is whole."""
        before = screen.generation
        wait = frames.expect(answered(search, before), table_shown, shown_rows)
        started = send_key(app, key)
        if search is None:  # a filter or sort key that changes nothing starts no request
            waited = time.perf_counter()
            while screen.generation == before and time.perf_counter() - waited < 1.0:
                await asyncio.sleep(0.002)
            if screen.generation == before:
                frames.waits.remove(wait)
                return
        frame[kind].append(await frames.until(wait, TIMEOUT) - started)
        handler[kind].append(handler_at(screen, started))
        already[kind] += wait.without_frame
        if VERBOSE:
            print(
                f"{kind} {key!r} frame {frame[kind][-1] * 1000:.0f} ms, handler {handler[kind][-1] * 1000:.0f} ms"
                + (" (already on screen)" if wait.without_frame else "")
            )
        await settled(screen)
        await asyncio.sleep(max(0.0, started + PERSON_GAP - time.perf_counter()))
        if search is not None:
            shown_for[search] = table_lines(wait)
            rows_for[search] = wait.noted["rows"]

    async def empty_search(screen) -> None:
        wait = frames.expect(answered(""), table_shown)
        emptied = time.perf_counter()
        screen.query_one("#caseload-search").value = ""
        await frames.until(wait, TIMEOUT)
        await settled(screen)
        await asyncio.sleep(max(0.0, emptied + PERSON_GAP - time.perf_counter()))

    async with app.run_test(size=(120, 40)) as pilot:
        frames = FrameClock(app)
        clock.after = frames.check
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(5 if "open" in parts else 0):
            wait = frames.expect(answered(), table_shown)
            started = send_key(app, "f3")
            frame["open"].append(await frames.until(wait, TIMEOUT) - started)
            screen = current()
            assert screen is not None
            handler["open"].append(handler_at(screen, started))
            await settled(screen)
            await pilot.press("f2")
            await pilot.pause()
        await pilot.press("f3")
        screen = current()
        assert screen is not None
        await settled(screen)
        # The screen opens in its search: ↓ to the list, where v changes the scope.
        await pilot.press("down")
        while screen.criteria.scope is not Scope.ALL:
            await pilot.press("v")
            await settled(screen)
        await pilot.press("slash")  # a fresh search, the field empty
        await settled(screen)
        for query in QUERIES if "keys" in parts or "fast" in parts else []:  # a person's pace
            for n in range(1, len(query) + 1):
                await timed_key(key_name(query[n - 1]), "key", screen, query[:n])
            await empty_search(screen)
        for gap in FAST_GAPS if "fast" in parts else ():  # a fast typist: a word's keys without waiting
            for query in QUERIES:
                wait = frames.expect(answered(query), table_shown, shown_rows)
                began = time.perf_counter()
                last = began
                for n, char in enumerate(query):
                    await asyncio.sleep(max(0.0, began + n * gap - time.perf_counter()) if gap else 0)
                    last = send_key(app, key_name(char))
                fast[gap].append(await frames.until(wait, TIMEOUT) - last)
                fast_handler[gap].append(handler_at(screen, last))
                await settled(screen)
                if not same_rows(wait.noted["rows"], rows_for[query]):
                    wrong[gap] += 1  # the rows painted for the word are not those it finds
                    if VERBOSE:
                        print(
                            f"fast {gap}: {query!r} painted {wait.noted['rows']} where a person's pace {rows_for[query]}"
                        )
                await empty_search(screen)
        if shown is not None:
            shown.update(lines=dict(shown_for), region=table_place(screen.query_one("#caseload")))
        await pilot.press("enter")  # back to the table
        for _ in range(2 if "filters" in parts else 0):  # all citizens → my caseload, then → the team's
            await pilot.press("v")
            await settled(screen)
            for key in "kkkkffffffffcciioottx":  # readiness, phase, CV, in placement, overdue, hours, clear
                await timed_key(key, "filter", screen)
            for _ in range(len(SortKey) + 1):
                await timed_key("s", "sort", screen)
    engine.dispose()
    figures = {
        "open_median_ms": ms(frame["open"]),
        "open_p95_ms": ms(frame["open"], 95),
        "keystroke_median_ms": ms(frame["key"]),
        "keystroke_p95_ms": ms(frame["key"], 95),
        "keystrokes": len(frame["key"]),
        # … of which the answer changed nothing on screen (e.g. "han" finds the rows "ha" showed):
        # their clock stops as the handler returns, there being no frame to wait for
        "keystrokes_already_shown": already["key"],
        "filter_median_ms": ms(frame["filter"]),
        "filter_p95_ms": ms(frame["filter"], 95),
        "sort_median_ms": ms(frame["sort"]),
        "sort_p95_ms": ms(frame["sort"], 95),
        # The old clocks, beside: when the screen's handler had put the answer in the table.
        "open_handler_median_ms": ms(handler["open"]),
        "keystroke_handler_median_ms": ms(handler["key"]),
        "keystroke_handler_p95_ms": ms(handler["key"], 95),
        "filter_handler_p95_ms": ms(handler["filter"], 95),
        "sort_handler_p95_ms": ms(handler["sort"], 95),
    }
    for gap in FAST_GAPS:
        name = f"fast{round(gap * 1000)}"  # fast30: keys 30 ms apart; fast0: back to back
        figures[f"{name}_median_ms"] = ms(fast[gap])
        figures[f"{name}_p95_ms"] = ms(fast[gap], 95)
        figures[f"{name}_handler_p95_ms"] = ms(fast_handler[gap], 95)
        figures[f"{name}_wrong_rows"] = wrong[gap]
    figures["words"] = len(QUERIES)
    # The instrument's own cost per frame (the model terminal, the clocks' checks): not in the
    # figures' clocks, but it holds the event loop up that long after each frame.
    figures["bench_ms_per_frame"] = frames.overhead / max(1, frames.frames) * 1000
    return figures


def run(citizens: int = 100_000) -> dict[str, float]:
    return asyncio.run(_measure(demo_database(citizens)))


if __name__ == "__main__":
    import sys

    for key, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000).items():
        print(f"{key:22s} {value:9.1f}")
