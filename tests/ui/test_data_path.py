"""The data path: the database never holds up a key press, and a failure is said where it happened."""

from __future__ import annotations

import sqlite3
import threading
import time

from sqlalchemy import event
from textual.widgets import Input

from stvdesk.app import StvdeskApp
from stvdesk.screens.caseload import CaseloadScreen
from stvdesk.widgets.fast_table import FastTable
from tests.ui.helpers import SIZE, settle

HOLD_LIMIT = 60.0  # a held statement gives up after this long, so a broken test fails instead of hanging


class HeldDatabase:
    """While held, every statement run by a worker thread waits until the test lets go, and a
    statement run on the UI thread is recorded (it would freeze every key press behind it).

    Wall-clock thresholds measured the test harness rather than the app (Pilot waits for the
    process to go idle after each key), so the claim is checked by order instead: the keys are
    handled while the database has not answered once. A listener is never removed while worker
    threads run statements: SQLAlchemy's listener list is not safe for that."""

    def __init__(self, engine) -> None:
        self.held = False
        self.release = threading.Event()
        self.waiting = 0
        self.on_ui_thread: list[str] = []
        event.listen(engine, "before_cursor_execute", self._statement)

    def hold(self) -> None:
        self.release.clear()
        self.held = True

    def let_go(self) -> None:
        self.held = False
        self.release.set()

    def _statement(self, _conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not self.held:
            return
        if threading.current_thread() is threading.main_thread():
            self.on_ui_thread.append(statement)
            return
        self.waiting += 1
        self.release.wait(HOLD_LIMIT)


async def test_keys_are_handled_at_once_while_the_database_does_not_answer(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        db = HeldDatabase(desk.engine)
        db.hold()
        try:
            await pilot.press("f3")  # the caseload opens now; its rows come when the database answers
            await pilot.press("slash", *"hans")
            assert isinstance(app.screen, CaseloadScreen)
            assert app.screen.query_one("#caseload-search", Input).value == "hans"
            assert app.screen.page is None  # no answer yet: the keys did not wait for one
            assert db.waiting >= 1
            assert db.on_ui_thread == []
        finally:
            db.let_go()
        await settle(pilot)
        assert app.screen.page is not None and all("hans" in r.name.lower() for r in app.screen.page.rows)


async def test_typed_ahead_the_latest_text_answers_and_overtaken_searches_are_dropped(desk, monkeypatch) -> None:
    """Keys faster than answers: each key's query waits at a gate of its text; the latest text's
    gate opens first, the overtaken ones after it. The field echoes every key at once, the table
    ends with the latest text's rows, and a request overtaken before its turn never asks at all."""
    from dataclasses import replace

    from textual import events

    from stvdesk.screens.caseload import screen as caseload_screen

    gates: dict[str, threading.Event] = {}
    asked: list[str] = []
    caseload_page = caseload_screen.caseload_page

    def gated(session, f, *args, **kwargs):
        asked.append(f.search)
        gate = gates.get(f.search)
        if gate is not None:
            gate.wait(HOLD_LIMIT)
        return caseload_page(session, f, *args, **kwargs)

    monkeypatch.setattr(caseload_screen, "caseload_page", gated)
    interrupted: list[object] = []
    monkeypatch.setattr(desk, "interrupt", interrupted.append)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        screen = app.screen
        assert isinstance(screen, CaseloadScreen) and screen.page is not None
        word = next(w for r in screen.page.rows for w in r.name.split() if w.isascii() and w.isalpha() and len(w) > 3)
        text = word[:4].lower()
        typed = [text[: i + 1] for i in range(len(text))]
        gates.update({t: threading.Event() for t in typed})
        await pilot.press("slash")  # the search, its text selected
        search = screen.query_one("#caseload-search", Input)
        try:
            await pilot.press(text[0])  # its query starts and waits at its gate
            for _ in range(200):
                if typed[0] in asked:
                    break
                await pilot.pause(0.01)
            assert typed[0] in asked
            for char in text[1:]:  # then a burst: the terminal hands over every key before the app looks
                key = events.Key(char, char)
                key.set_sender(app)
                app._driver.send_message(key)
            for _ in range(50):
                if screen.criteria.search == text:
                    break
                await pilot.pause()
            assert search.value == text and screen.criteria.search == text  # echoed, nothing answered
            assert screen.rendered_generation != screen.generation
            outdated = [c for g, c in list(screen.running_queries.values()) if g != screen.generation]
            assert outdated and all(any(c is i for i in interrupted) for c in outdated)  # stopped, not awaited
            gates[text].set()  # the latest text answers first …
            for _ in range(200):
                if screen.complete_generation == screen.generation:
                    break
                await pilot.pause(0.01)
            assert screen.complete_generation == screen.generation
        finally:
            for gate in gates.values():  # … the overtaken ones after it
                gate.set()
        await settle(pilot)
        table = screen.query_one("#caseload", FastTable)
        names = [str(table.get_row_at(i)[0]).lower() for i in range(table.row_count)]
        assert names and all(text in name for name in names)  # what is painted answers the last key
        assert screen.rendered_generation == screen.generation and screen.criteria.search == text
        assert text in asked

        # A request that a newer one overtook before its worker ran is dropped unasked, silently.
        before = len(asked)
        screen.load_page(screen.generation - 1, replace(screen.criteria, search="zz"), 0, 20)
        await settle(pilot)
        assert asked[before:] == [] and not app._notifications
        assert [str(table.get_row_at(i)[0]).lower() for i in range(table.row_count)] == names


async def test_a_file_opens_and_its_tabs_switch_at_once_while_the_database_does_not_answer(desk) -> None:
    from stvdesk.screens.citizen_file import CitizenFileScreen
    from stvdesk.screens.citizen_file.screen import TABS

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        db = HeldDatabase(desk.engine)
        db.hold()
        try:
            await pilot.press("enter")  # the reach check runs in a worker; the key is handled now
            assert db.waiting >= 1 and db.on_ui_thread == []
        finally:
            db.let_go()
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        db.hold()
        try:
            await pilot.press("2", "3", "9")  # tabs switch while any load they start is held
            assert app.screen.active_tab() == TABS[8][0]
            assert db.on_ui_thread == []
        finally:
            db.let_go()
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
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
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
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
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


def _text(screen, selector: str) -> str:
    from textual.widgets import Static

    return str(screen.query_one(selector, Static).render())


async def test_the_access_log_opens_and_takes_keys_while_the_database_does_not_answer(demo_db) -> None:
    from stvdesk.screens.access_log import AccessLogScreen
    from stvdesk.widgets.key_order import ANSWER_WAIT
    from stvdesk.widgets.modals import ChoiceModal
    from tests.conftest import make_desk

    desk = make_desk(demo_db, "LV")  # only a leader opens the log
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await app.screen.settled()
        db = HeldDatabase(desk.engine)
        db.hold()
        try:
            await pilot.press("l")  # the log opens now; its rows come when the database answers
            screen = app.screen
            assert isinstance(screen, AccessLogScreen)
            # The team's workers are asked for (a list to choose from comes of it); `p`, typed
            # behind, waits for that list at most ANSWER_WAIT (widgets/key_order.py), and with no
            # answer from the database it changes the period all the same.
            await pilot.press("w", "p")
            waited = time.monotonic()
            while screen.period != 1 and time.monotonic() - waited < ANSWER_WAIT + 1:
                await pilot.pause(0.05)
            assert screen.period == 1
            assert not isinstance(app.screen, ChoiceModal)  # no answer yet
            assert db.waiting >= 1
            assert db.on_ui_thread == []
        finally:
            db.let_go()
        await screen.settled()
        assert isinstance(app.screen, ChoiceModal)  # the workers came, and the choice opened
        assert "seneste 30 dage" in _text(screen, "#log-title") and "hændelser" in _text(screen, "#log-title")
    desk.engine.dispose()


async def test_failed_loads_on_sommerplan_konflikter_and_logning_are_said_where_they_happened(demo_db) -> None:
    from sqlmodel import select

    from stvdesk.db.models import Citizen
    from stvdesk.screens.access_log import AccessLogScreen
    from stvdesk.screens.conflicts import ConflictsScreen
    from stvdesk.screens.summer import SummerScreen
    from stvdesk.widgets.modals import TextPromptModal
    from tests.conftest import make_desk

    desk = make_desk(demo_db, "LV")
    cpr = desk.run(lambda s: s.exec(select(Citizen.cpr)).first())
    typed = f"{cpr[:6]}-{cpr[6:]}"
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        broken = FailingDatabase(desk.engine, "SELECT", "WITH")
        broken.on = True

        await pilot.press("f6")
        summer = app.screen
        assert isinstance(summer, SummerScreen)
        await summer.settled()
        assert "Sommerplanen kunne ikke læses: Disken svarede ikke" in _text(summer, "#summer-status")

        await app.push_screen(ConflictsScreen())  # F12 opens it only on a laptop that syncs
        conflicts = app.screen
        assert isinstance(conflicts, ConflictsScreen)
        await conflicts.settled()
        assert "kunne ikke læses: Disken svarede ikke" in _text(conflicts, "#conflicts-title")
        await pilot.press("escape")
        assert app.screen is summer  # the screen stays, and Escape leaves it as ever

        await pilot.press("f10")
        await app.screen.settled()
        await pilot.press("l")
        log = app.screen
        assert isinstance(log, AccessLogScreen)
        await log.settled()
        assert "kunne ikke læses: Disken svarede ikke" in _text(log, "#log-title")
        await pilot.press("c", *typed, "enter")  # the citizen's CPR number is looked up at the prompt
        prompt = app.screen
        assert isinstance(prompt, TextPromptModal)
        await settle(pilot)  # the prompt's own worker (it is no data-path node)
        assert app.screen is prompt  # still open, with the number as typed and why it failed
        assert prompt.query_one("#prompt-input", Input).value == typed
        assert "Disken svarede ikke" in _text(prompt, "#prompt-error")

        broken.on = False
        await pilot.press("enter")  # the same number again, now that the database answers
        await settle(pilot)
        await log.settled()
        assert app.screen is log and log.citizen is not None
        assert f"borger {cpr[:6]}-xxxx" in _text(log, "#log-title") and "hændelser" in _text(log, "#log-title")
    desk.engine.dispose()


async def test_a_failed_check_on_import_is_said_under_the_path_which_stays_typed(desk) -> None:
    from stvdesk.screens.importing import ImportScreen
    from tests.ui.test_import import WORKBOOK

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_import()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        path = screen.query_one("#import-path", Input)
        path.value = str(WORKBOOK)
        path.focus()
        broken = FailingDatabase(desk.engine, "SELECT", "WITH")
        broken.on = True
        await pilot.press("enter")  # the file is read, then checked against the database: that fails
        await screen.settled()
        assert app.screen is screen and path.value == str(WORKBOOK)
        assert "Disken svarede ikke" in _text(screen, "#import-file")
        assert screen.plan is None
        broken.on = False
        await pilot.press("enter")
        await screen.settled()
        assert screen.plan is not None and "Disken" not in _text(screen, "#import-file")
