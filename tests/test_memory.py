"""The collector's schedule (stvdesk/memory.py): full collections wait for a quiet desk."""

from __future__ import annotations

import gc

import pytest

from stvdesk.memory import (
    DUE_AFTER,
    NEVER,
    OVERDUE_AFTER,
    QUIET,
    SCHEDULED,
    YOUNG,
    Collector,
    hold_until_first_frame,
    release_after_first_frame,
)


class Fake:
    """A clock and the collector's counts the test sets, and the collections asked for."""

    def __init__(self) -> None:
        self.now = 100.0
        self.middle_since_full = 0
        self.collected = 0

    def collector(self) -> Collector:
        return Collector(now=lambda: self.now, counts=self.counts, collect=self.collect)

    def counts(self) -> tuple[int, int, int]:
        return (0, 0, self.middle_since_full)

    def collect(self) -> int:
        self.collected += 1
        self.middle_since_full = 0
        return 0


@pytest.fixture
def fake():
    fake = Fake()
    yield fake
    gc.unfreeze()  # whatever a failed test left frozen


def test_start_freezes_what_lives_and_stop_gives_the_thresholds_back(fake: Fake) -> None:
    before = gc.get_threshold()
    collector = fake.collector()
    collector.start()
    try:
        assert collector.running and gc.get_freeze_count() > 0
        assert gc.get_threshold() == ((*YOUNG, NEVER) if SCHEDULED else before)
        assert fake.collected == 1  # what was garbage at start is not frozen
    finally:
        collector.stop()
    assert not collector.running and gc.get_freeze_count() == 0 and gc.get_threshold() == before


@pytest.mark.skipif(not SCHEDULED, reason="Python's incremental collector is left as it is")
def test_a_due_full_collection_waits_until_no_key_has_come_for_a_moment(fake: Fake) -> None:
    collector = fake.collector()
    collector.start()
    try:
        fake.collected = 0
        fake.middle_since_full = DUE_AFTER
        collector.touched()
        fake.now += QUIET / 2
        assert not collector.tick() and fake.collected == 0  # typing: not now
        fake.now += QUIET
        assert collector.tick() and fake.collected == 1  # quiet: now
        assert not collector.tick()  # nothing due any more
    finally:
        collector.stop()


def test_nothing_is_collected_when_nothing_is_due_however_quiet(fake: Fake) -> None:
    collector = fake.collector()
    collector.start()
    try:
        fake.collected = 0
        fake.middle_since_full = DUE_AFTER - 1
        fake.now += 60
        assert not collector.tick() and fake.collected == 0
    finally:
        collector.stop()


@pytest.mark.skipif(not SCHEDULED, reason="Python's incremental collector is left as it is")
def test_a_long_overdue_full_collection_runs_even_while_keys_keep_coming(fake: Fake) -> None:
    collector = fake.collector()
    collector.start()
    try:
        fake.collected = 0
        fake.middle_since_full = OVERDUE_AFTER
        collector.touched()
        assert collector.tick() and fake.collected == 1
    finally:
        collector.stop()


def test_a_stopped_collector_collects_nothing(fake: Fake) -> None:
    collector = fake.collector()
    fake.middle_since_full = OVERDUE_AFTER
    assert not collector.tick() and fake.collected == 0


@pytest.fixture
def collector_on():
    """Whatever a test does to the collector, the next one finds it on and nothing frozen."""
    yield
    gc.enable()
    gc.unfreeze()


def test_the_collector_held_for_the_first_frame_is_on_again_after_it_with_the_start_frozen(collector_on) -> None:
    gc.unfreeze()
    hold_until_first_frame()
    assert not gc.isenabled()
    release_after_first_frame()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.unfreeze()
    release_after_first_frame()  # a second release has nothing to give back
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_someone_else_turned_off_stays_off(collector_on) -> None:
    gc.disable()
    hold_until_first_frame()
    release_after_first_frame()
    assert not gc.isenabled()


async def test_the_desk_turns_the_collector_on_once_its_first_frame_is_out(desk, collector_on) -> None:
    import threading

    from stvdesk.app import StvdeskApp
    from stvdesk.context import DeskContext

    gate = threading.Event()

    def opening() -> DeskContext:
        assert gate.wait(10)
        return desk

    hold_until_first_frame()
    app = StvdeskApp(DeskContext(clock=desk.clock, settings=desk.settings), opening=opening)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled()  # the skeleton is on screen, the database not yet open
        gate.set()


@pytest.mark.parametrize("ends", ["returns", "raises"])
def test_a_desk_started_on_a_terminal_is_built_with_the_collector_held_and_gives_it_back(
    demo_db, monkeypatch: pytest.MonkeyPatch, collector_on, ends: str
) -> None:
    """Also when the app ends before its first frame (it never came to turn it on)."""
    import sys

    from stvdesk.app import StvdeskApp
    from stvdesk.cli.desk import _DeskStart, _launch
    from stvdesk.cli.options import Options
    from stvdesk.db.engine import sqlite_url
    from stvdesk.settings import Settings
    from tests.conftest import TODAY

    class Terminal:
        def isatty(self) -> bool:
            return True

    held: list[bool] = []

    def run(app: StvdeskApp) -> None:
        held.append(not gc.isenabled())
        if ends == "raises":
            raise RuntimeError("the terminal went away")

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setattr(StvdeskApp, "run", run)
    start = _DeskStart(sqlite_url(demo_db), Options(settings=Settings(), db=None, as_initials="KB", today=TODAY))
    if ends == "raises":
        with pytest.raises(RuntimeError):
            _launch(start)
    else:
        assert _launch(start) is None
    assert held == [True] and gc.isenabled()


def test_garbage_frozen_with_the_start_is_freed_by_the_collectors_first_full_collection(collector_on) -> None:
    import weakref

    class Node:
        pass

    gc.unfreeze()
    hold_until_first_frame()
    cycle = Node()
    cycle.me = cycle  # garbage the collector alone frees, made while it was held
    gone = weakref.ref(cycle)
    del cycle
    release_after_first_frame()  # frozen with the rest of the start
    gc.collect()
    assert gone() is not None
    collector = Collector()
    collector.start()
    try:
        assert gone() is None
    finally:
        collector.stop()
