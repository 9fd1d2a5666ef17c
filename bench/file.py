"""The citizen's file at scale: open it from the caseload, and switch each of its nine tabs.

Runs the real app headless (Textual's test driver, 120×40) on a cached demo database. Every
clock stops at the frame (`bench.frames`): "open" runs from Enter on the caseload until the
first frame, after the screen's `show_file` has run, that shows the file's title and its
first tab as the screen holds them; a tab switch from the tab's key until the first frame
that shows that tab's pane as it holds it. The first open of a session builds the file
screen, later ones reuse it, so the first is reported on its own.

Beside them, the old clocks: open until `show_file` returned; a tab switch as the test
driver's press() of the tab's key minus its press() of a key nothing is bound to (the
driver's own settling, about 100 ms here, is in both).
Also reports the process's peak memory (RSS) and the database file's size.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import time
from pathlib import Path

from bench.caseload import TIMEOUT, RenderClock, demo_database, desk_app, ms, percentile
from bench.frames import FrameClock, painted, send_key

PANE_LINES = 4  # the first lines of each widget of a tab (a tab's body may scroll below)


def pane_shown(terminal, pane) -> bool:
    """The pane is on screen and each of its widgets with room shows what it holds."""
    from textual.widgets import DataTable, Static

    region = pane.content_region
    if region.width <= 0 or region.height <= 0:
        return False
    widgets = [w for w in pane.query("DataTable, Static") if isinstance(w, (DataTable, Static))]
    laid_out = [w for w in widgets if w.content_region.width > 0 and w.content_region.height > 0]
    return bool(laid_out) and all(painted(terminal, w, PANE_LINES) for w in laid_out)


async def _measure(path: Path, rounds: int) -> dict[str, float]:
    from textual.widgets import TabbedContent

    from stvdesk.screens.citizen_file import CitizenFileScreen
    from stvdesk.screens.citizen_file.common import TABS

    rendered = RenderClock(CitizenFileScreen, "show_file")
    app, engine = desk_app(path, "KB")
    opens: list[float] = []
    opens_handler: list[float] = []
    tabs: list[float] = []
    presses: list[float] = []
    idle: list[float] = []

    def file_screen() -> CitizenFileScreen | None:
        screen = app.screen
        return screen if isinstance(screen, CitizenFileScreen) else None

    def active_pane(screen: CitizenFileScreen):
        return screen.query_one(f"#{screen.query_one('#file-tabs', TabbedContent).active}")

    async with app.run_test(size=(120, 40)) as pilot:
        frames = FrameClock(app)
        await app.workers.wait_for_complete()
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down")  # from the search (where the screen opens) to the list
        for _ in range(rounds):
            caseload = app.screen
            rendered.rendered_at = 0.0  # reset: show_file has not run for this opening

            def ready() -> bool:
                return file_screen() is not None and rendered.rendered_at > 0.0

            def shows(terminal) -> bool:
                screen = file_screen()
                return (
                    screen is not None
                    and painted(terminal, screen.query_one("#file-title"), 2)
                    and pane_shown(terminal, active_pane(screen))
                )

            wait = frames.expect(ready, shows)
            started = send_key(app, "enter")
            opens.append(await frames.until(wait, TIMEOUT) - started)
            opens_handler.append(rendered.rendered_at - started)
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = file_screen()
            assert screen is not None
            tabbed = screen.query_one("#file-tabs", TabbedContent)
            for key in "234567891":
                tab = TABS[int(key) - 1][0]
                wait = frames.expect(
                    lambda tab=tab, tabbed=tabbed: tabbed.active == tab,
                    lambda terminal, tab=tab, screen=screen: pane_shown(terminal, screen.query_one(f"#{tab}")),
                )
                started = send_key(app, key)
                tabs.append(await frames.until(wait, TIMEOUT) - started)
                await pilot.pause()
            for key in "234567891":  # the old clock: the driver's press, less its press of nothing
                started = time.perf_counter()
                await pilot.press(key)
                presses.append(time.perf_counter() - started)
                started = time.perf_counter()
                await pilot.press("f12")  # bound to nothing: the driver's own cost
                idle.append(time.perf_counter() - started)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is caseload
            await pilot.press("down")
    engine.dispose()
    later, later_handler = opens[1:], opens_handler[1:]  # the first open also builds the file screen
    return {
        "first_open_ms": opens[0] * 1000,
        "open_median_ms": ms(later),
        "open_p95_ms": ms(later, 95),
        "tab_median_ms": ms(tabs),
        "tab_p95_ms": ms(tabs, 95),
        "first_open_handler_ms": opens_handler[0] * 1000,
        "open_handler_median_ms": ms(later_handler),
        "open_handler_p95_ms": ms(later_handler, 95),
        "tab_press_median_ms": (statistics.median(presses) - statistics.median(idle)) * 1000,
        "tab_press_p95_ms": (percentile(presses, 95) - statistics.median(idle)) * 1000,
        "driver_press_ms": statistics.median(idle) * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_file_mb": path.stat().st_size / 1024 / 1024,
    }


def run(citizens: int = 100_000, rounds: int = 11) -> dict[str, float]:
    return asyncio.run(_measure(demo_database(citizens), rounds))
