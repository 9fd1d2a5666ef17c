"""The data path: the database never holds up a key press, and a failure is said where it happened."""

from __future__ import annotations

import asyncio
import sqlite3
import time

from sqlalchemy import event
from textual.widgets import Input

from stvdesk.app import StvdeskApp
from stvdesk.screens.caseload import CaseloadScreen
from tests.ui.helpers import SIZE, settle

SLOW = 3.0  # seconds per statement: a query on the UI thread would stand out on any machine, loaded or not


class SlowDatabase:
    """Every statement waits SLOW seconds while switched on (a listener is never removed while
    worker threads run statements: SQLAlchemy's listener list is not safe for that)."""

    def __init__(self, engine) -> None:
        self.on = False
        event.listen(engine, "before_cursor_execute", self._statement)

    def _statement(self, *_args: object) -> None:
        if self.on:
            time.sleep(SLOW)


async def test_keys_are_handled_at_once_while_every_query_is_slow(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gaps: list[float] = []
        done = asyncio.Event()

        async def watch_the_ui_loop() -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        watcher = asyncio.create_task(watch_the_ui_loop())
        slow = SlowDatabase(desk.engine)
        slow.on = True
        try:
            started = time.perf_counter()
            await pilot.press("f3")  # the caseload opens now; its rows come when the slow query answers
            await pilot.press("slash", *"hans")
            typed_in = time.perf_counter() - started
            assert isinstance(app.screen, CaseloadScreen)
            assert app.screen.query_one("#caseload-search", Input).value == "hans"
        finally:
            done.set()
            await watcher
            slow.on = False
        # Six key presses, each handled and painted, in less time than one statement takes, and
        # the UI loop never stood still for as long as one: nothing waited for the database.
        assert typed_in < SLOW, f"{typed_in:.3f} s"
        assert max(gaps) < SLOW / 3, f"the UI loop stood still {max(gaps):.3f} s"
        await settle(pilot)
        assert app.screen.page is not None and all("hans" in r.name.lower() for r in app.screen.page.rows)


async def test_a_file_opens_and_its_tabs_switch_at_once_while_every_query_is_slow(desk) -> None:
    from stvdesk.screens.citizen_file import CitizenFileScreen

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        slow = SlowDatabase(desk.engine)
        slow.on = True
        try:
            started = time.perf_counter()
            await pilot.press("enter")  # the reach check runs in a worker; the key is handled now
            pressed_in = time.perf_counter() - started
            slow.on = False
            await settle(pilot)
            assert isinstance(app.screen, CitizenFileScreen)
            slow.on = True
            started = time.perf_counter()
            await pilot.press("2", "3", "9")  # tabs switch while the file's own load is still slow
            switched_in = time.perf_counter() - started
        finally:
            slow.on = False
        assert pressed_in < SLOW, f"{pressed_in:.3f} s"
        assert switched_in < SLOW, f"{switched_in:.3f} s"
        await settle(pilot)
        assert app.screen.file is not None


class FailingDatabase:
    """Statements that start with one of `verbs` fail as a broken disk would make them fail."""

    def __init__(self, engine, *verbs: str) -> None:
        self.on = False
        self.verbs = tuple(v.upper() for v in verbs)
        event.listen(engine, "before_cursor_execute", self._statement)

    def _statement(self, _conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if self.on and statement.lstrip().upper().startswith(self.verbs):
            raise sqlite3.OperationalError("disk I/O error")


def _notifications(app) -> str:
    return " ".join(n.message for n in app._notifications)


async def test_a_failed_load_says_so_in_danish_and_keeps_the_search_typed(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        broken = FailingDatabase(desk.engine, "SELECT", "WITH")
        broken.on = True
        await pilot.press("slash", *"hans")
        await settle(pilot)
        broken.on = False
        assert "Disken svarede ikke" in _notifications(app)
        assert app.screen.query_one("#caseload-search", Input).value == "hans"


async def test_a_failed_save_says_so_in_danish_at_the_form_and_keeps_what_was_typed(desk) -> None:
    from stvdesk.widgets.form import FormModal

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1", "e")  # Overblik: correct the citizen's details
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        phone = form.query_one("#f-phone", Input)
        phone.value = "12 34 56 78"
        broken = FailingDatabase(desk.engine, "UPDATE", "INSERT")
        broken.on = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        broken.on = False
        assert app.screen is form  # still open
        assert form.query_one("#f-phone", Input).value == "12 34 56 78"
        assert "Disken svarede ikke" in str(form.query_one("#form-error").render())
