"""Python's garbage collector while the desk runs: what lives from the start out of its reach,
the young generations collected small and often, and full collections while nobody types.

A collection stops the UI thread for as long as it walks its generations, and a key typed
meanwhile waits. A full collection walks everything made since the start (25–70 ms); Python
would start one by allocation counts, in the middle of typing as likely as not, so here it waits
until the desk has been quiet for a moment. The young generations are collected at (2 000, 10)
allocations: a middle collection then takes under 7 ms, where at (10 000, 10) it took up to
40 ms inside a frame.

Before all that, a desk started on a terminal paints its first frame with the collector held
(`hold_until_first_frame`): importing Textual and the desk and building the first screen make
objects that nearly all live on (some 4 % were garbage, about 0.5 MB), and Python collected them
some 145 times on the way, 18–26 ms of a 190–205 ms start (a bare Textual app: 9 ms). They are
frozen at the first frame, so the collections while the data layer is imported skip them, and
`Collector.start` thaws them for its one full collection, which frees that garbage.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable

#: allocations between young collections; young collections per middle one
YOUNG = (2_000, 10)
#: Python's third threshold, set out of reach: full collections are started by `Collector.tick`
NEVER = 1 << 30
#: seconds since the last key or click before a full collection may run
QUIET = 0.5
#: middle collections since the last full one that make a full one due (Python's own default)
DUE_AFTER = 10
#: … and that make it run even while keys keep coming (a long stretch of work without a pause)
OVERDUE_AFTER = 100
#: how often the desk asks whether a full collection is due (seconds)
CHECK_EVERY = 1.0
#: The schedule is for the generational collector of Python 3.11–3.13; from 3.14 the collector is
#: incremental (its thresholds and counts mean other things), and is left as Python sets it.
SCHEDULED = sys.version_info < (3, 14)

_held = False  # the collector is off until the first frame (hold_until_first_frame)


def hold_until_first_frame() -> None:
    """The collector off while the desk imports Textual and builds its first screen, where
    nearly nothing made is garbage; `release_after_first_frame` turns it on again."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_after_first_frame(*, freeze: bool = True) -> None:
    """The collector on again, if `hold_until_first_frame` turned it off. `freeze`: what the
    start made is moved out of the collector's walks first, so that the collections while the
    data layer is imported beside the first frame do not walk Textual's objects again and again
    (`Collector.start` later thaws them, collects everything once and freezes what lives)."""
    global _held
    if not _held:
        return
    _held = False
    if freeze:
        gc.freeze()
    gc.enable()


class Collector:
    """The desk's schedule for the collector: `start` once the first screen is shown, `touched`
    on every key and click, `tick` every CHECK_EVERY seconds, `stop` when the app ends (so a
    process that runs several apps, the tests, frees each one)."""

    def __init__(
        self,
        *,
        now: Callable[[], float] = time.monotonic,
        counts: Callable[[], tuple[int, int, int]] = gc.get_count,
        collect: Callable[[], object] = gc.collect,
    ) -> None:
        self._now = now
        self._counts = counts
        self._collect = collect
        self._saved: tuple[int, ...] | None = None
        self.last_input = now()
        self.full_collections = 0  # started by tick, for tests and the curious

    @property
    def running(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        """Everything made so far lives as long as the app: collected once, then frozen out of
        every later collection's walk."""
        if self._saved is not None:
            return
        gc.unfreeze()  # the start frozen at the first frame (garbage among it) walked once more
        self._collect()
        gc.freeze()
        self._saved = gc.get_threshold()
        if SCHEDULED:
            gc.set_threshold(YOUNG[0], YOUNG[1], NEVER)

    def touched(self) -> None:
        """A key or a click came: the desk is not quiet."""
        self.last_input = self._now()

    def tick(self) -> bool:
        """A full collection if one is due and the desk is quiet, or if it is long overdue;
        True if it ran."""
        if self._saved is None or not SCHEDULED:
            return False
        due = self._counts()[2]
        quiet = self._now() - self.last_input >= QUIET
        if due >= OVERDUE_AFTER or (due >= DUE_AFTER and quiet):
            self._collect()
            self.full_collections += 1
            return True
        return False

    def stop(self) -> None:
        if self._saved is None:
            return
        gc.unfreeze()
        gc.set_threshold(*self._saved)
        self._saved = None
