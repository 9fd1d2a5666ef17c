"""The collector's schedule (stvdesk/memory.py): full collections wait for a quiet desk."""

from __future__ import annotations

import gc

import pytest

from stvdesk.memory import DUE_AFTER, NEVER, OVERDUE_AFTER, QUIET, SCHEDULED, YOUNG, Collector


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
