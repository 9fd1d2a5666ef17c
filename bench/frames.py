"""Clocks that stop at the frame: when the compositor has handed the driver the frame that shows
the answer, not when the screen's handler that put the answer in its widgets returned.

Textual paints from its screen's update timer (at most 60 frames a second): it lays out what
changed, renders the dirty regions (`Compositor.render_update`) and hands the update to
`App._display`, which turns it into terminal text (`render_segments`) and writes that to the
driver. `FrameClock` wraps `_display` on one app. With the headless test driver `_display`
writes nothing, so the wrapper does the rendering to terminal text itself (the same call a
real driver's `_display` makes) before it stamps the frame: the cost of producing the escape
codes is in the figure, only the write to a terminal is not.

Every frame is also fed to a small model of a terminal (`Terminal`), so a clock can stop on
what the frame shows: a clock (`Wait`) stops at the first frame painted once `ready()` says
the answer is in the widgets (its handler ran for this request) AND `shows(terminal)` says the
screen text now holds it (`painted`: the widget's own rendering of its first lines is on the
terminal at the widget's place). An answer that changes nothing on screen brings no frame:
`FrameClock.check()`, called right after the handler, stops its clock then, as the screen already
shows it. The same `Terminal` reads a real terminal's output in a
pseudo-terminal (bench.startup, bench.terminal).
"""

from __future__ import annotations

import asyncio
import codecs
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len, get_character_cell_size

# A CSI sequence, an OSC string, a two- or three-byte escape, a control character, or a run of text.
_TOKEN = re.compile(
    r"\x1b\[([0-9;:?<>=]*)[ -/]*([@-~])"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[()*+][0-9A-Za-z]"
    r"|\x1b[@-Z\\-_0-9=>a-z]"
    r"|([\r\n\b\t])"
    r"|[\x00-\x08\x0b-\x0c\x0e-\x1a\x1c-\x1f\x7f]"
    r"|([^\x1b\x00-\x1f\x7f]+)"
)


class Terminal:
    """The text a terminal shows: cursor moves, text and screen clears of what Textual writes;
    colours and modes are read past. Enough to ask "is this text on line y at column x now"."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed_bytes(self, data: bytes) -> None:
        self.feed(self._decoder.decode(data))

    def feed(self, text: str) -> None:
        text = self._pending + text
        self._pending = ""
        position, end = 0, len(text)
        while position < end:
            match = _TOKEN.match(text, position)
            if match is None or (text[position] == "\x1b" and match.end() == end and end - position < 256):
                # An escape sequence cut at the end of a read: keep it for the next one.
                if text[position] == "\x1b" and end - position < 256:
                    self._pending = text[position:]
                    return
                position += 1
                continue
            position = match.end()
            run, control, final = match.group(4), match.group(3), match.group(2)
            if run is not None:
                self._write(run)
            elif control is not None:
                if control == "\r":
                    self.x = 0
                elif control == "\n":
                    self.y = min(self.height - 1, self.y + 1)
                elif control == "\b":
                    self.x = max(0, self.x - 1)
            elif final is not None:
                self._csi(match.group(1), final)

    def _csi(self, params: str, final: str) -> None:
        if params.startswith(("?", "<", ">", "=")):
            return  # modes, not text
        numbers = [int(p) if p.isdigit() else 0 for p in params.replace(":", ";").split(";")] if params else []

        def arg(i: int, default: int = 1) -> int:
            return numbers[i] if len(numbers) > i and numbers[i] else default

        if final in "Hf":
            self.y, self.x = min(self.height, arg(0)) - 1, min(self.width, arg(1)) - 1
        elif final == "A":
            self.y = max(0, self.y - arg(0))
        elif final == "B":
            self.y = min(self.height - 1, self.y + arg(0))
        elif final == "C":
            self.x = min(self.width - 1, self.x + arg(0))
        elif final == "D":
            self.x = max(0, self.x - arg(0))
        elif final == "G":
            self.x = min(self.width, arg(0)) - 1
        elif final == "d":
            self.y = min(self.height, arg(0)) - 1
        elif final == "J":
            mode = arg(0, 0)
            if mode in (2, 3):
                self.cells = [[" "] * self.width for _ in range(self.height)]
            elif mode == 0:
                self.cells[self.y][self.x :] = [" "] * (self.width - self.x)
                for row in self.cells[self.y + 1 :]:
                    row[:] = [" "] * self.width
        elif final == "K":
            mode = arg(0, 0)
            row = self.cells[self.y]
            if mode == 0:
                row[self.x :] = [" "] * (self.width - self.x)
            elif mode == 1:
                row[: self.x + 1] = [" "] * (self.x + 1)
            else:
                row[:] = [" "] * self.width

    def _write(self, run: str) -> None:
        row = self.cells[self.y]
        if cell_len(run) == len(run):  # every character one cell wide: one slice
            room = self.width - self.x
            if room > 0:
                part = run[:room]
                row[self.x : self.x + len(part)] = list(part)
            self.x = min(self.width, self.x + len(run))
            return
        for char in run:
            size = get_character_cell_size(char)
            if size == 0:
                continue
            if self.x + size > self.width:
                break
            row[self.x] = char
            if size == 2:
                row[self.x + 1] = ""  # the right half of a wide character
            self.x += size

    def apply(self, update: Any) -> bool:
        """Write a compositor update's text where `render_segments` would put it, without making
        and reading back its escape codes; False for a kind of update this does not know."""
        from textual._compositor import ChopsUpdate, LayoutUpdate

        if isinstance(update, LayoutUpdate):
            for y, line in enumerate(update.strips, update.region.y):
                self.x, self.y = update.region.x, y
                for strip in line:
                    self._write(strip.text)
            return True
        if isinstance(update, ChopsUpdate):  # as ChopsUpdate.render_segments walks it
            for y, x1, x2 in update.spans:
                for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=False):
                    if strip is None or x > x2 or end <= x1:
                        continue
                    if not (x2 > x >= x1 and end <= x2):
                        strip = strip.crop(0, min(end, x2) - x)
                    self.x, self.y = x, y
                    self._write(strip.text)
            return True
        return False

    def line(self, y: int) -> str:
        return "".join(self.cells[y]) if 0 <= y < self.height else ""

    def text(self) -> str:
        return "\n".join(self.line(y) for y in range(self.height))

    def blank(self) -> bool:
        return all(c in (" ", "") for row in self.cells for c in row)

    def find(self, text: str) -> tuple[int, int] | None:
        """(y, x) of the first line holding `text`, or None."""
        for y in range(self.height):
            x = self.line(y).find(text)
            if x >= 0:
                return y, x
        return None


def norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).rstrip()


def painted(terminal: Terminal, widget: Any, lines: int = 12, first: int = 0) -> bool:
    """The widget's own rendering of its content lines `first`.. (at most `lines`) is on the
    terminal at the widget's place (inside its padding, border and scrollbars: a scrollbar is
    not the answer): what the frame shows is what the widget holds now. A widget with no room
    on screen (hidden, or not laid out yet) is not painted."""
    region = widget.scrollable_content_region
    if region.width <= 0 or region.height <= 0 or not widget.display:
        return False
    for y in range(first, min(region.height, first + lines)):
        want = norm(widget.render_line(y).text)
        have = norm(terminal.line(region.y + y)[region.x : region.x + region.width])
        if want != have:
            return False
    return True


def region_text(terminal: Terminal, widget: Any, lines: int = 12) -> list[str]:
    """The terminal's text over the widget's first content lines (what a person sees there)."""
    region = widget.scrollable_content_region
    return [
        norm(terminal.line(region.y + y)[region.x : region.x + region.width]) for y in range(min(region.height, lines))
    ]


@dataclass
class Wait:
    """One clock: stops at the first frame after it was set in which `ready()` and `shows()` hold,
    or at `FrameClock.check()` if the answer that made `ready()` hold was on screen already."""

    ready: Callable[[], bool]
    shows: Callable[[Terminal], bool]
    event: asyncio.Event = field(default_factory=asyncio.Event)
    painted_at: float = 0.0
    #: what the terminal showed on that frame (its lines), for checking what was shown
    screen: list[str] = field(default_factory=list)
    #: called on that frame: what the widgets held then (e.g. which rows), for checks after
    note: Callable[[], object] | None = None
    noted: object = None
    frames: int = 0  # frames painted while waiting, this one included
    #: the first frame (or check) on which ready() held (the handler had run), shown or not
    ready_at: float = 0.0
    #: stopped by `FrameClock.check()`: the answer was on screen before it came (no frame of its own)
    without_frame: bool = False


class FrameClock:
    """Wraps one app's `_display`: stamps every frame handed to the driver and stops the clocks
    (`Wait`) whose answer that frame shows."""

    def __init__(self, app: Any, width: int = 120, height: int = 40) -> None:
        self.app = app
        self.terminal = Terminal(width, height)
        self.frames = 0
        self.last_frame_at = 0.0
        self.waits: list[Wait] = []
        self.overhead = 0.0  # s spent in the model terminal and the clocks' checks (not the app's)
        self.checks = 0  # calls of check()
        self.already_shown = 0  # clocks check() stopped: their answer was on screen before it came
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return  # nothing was handed to the driver
            if app.is_headless:
                # What a real driver's _display does before its write (the headless one skips it).
                sequence = renderable.render_segments(app.console)
            else:
                sequence = None
            at = time.perf_counter()
            self.frames += 1
            self.last_frame_at = at
            if sequence is not None and not self.terminal.apply(renderable):
                self.terminal.feed(sequence)
            for wait in self.waits:
                wait.frames += 1
            self._stop_shown(at)
            self.overhead += time.perf_counter() - at

        app._display = display

    def check(self) -> None:
        """Stop the clocks whose answer has come in (`ready()`) and that the screen already
        shows as last painted. A handler whose answer changes nothing on screen (the rows found
        for "han" are those shown for "ha") brings no frame of its own: the next one comes from
        something else, e.g. the search field's cursor blink 0.5–1 s later, and a clock that
        waited for it would count that wait as the answer's. Called right after the handler that
        may make `ready()` hold (`RenderClock.after`); the clocks stop once the app has laid out
        and painted what that handler left (a table fits its columns to new rows when idle), if
        the terminal shows the answer then; a frame that shows it before stops them as usual."""
        self.checks += 1
        self.app.call_after_refresh(self._check_painted)

    def _check_painted(self) -> None:
        at = time.perf_counter()
        self.already_shown += self._stop_shown(at, without_frame=True)
        self.overhead += time.perf_counter() - at

    def _stop_shown(self, at: float, *, without_frame: bool = False) -> int:
        """Stop the clocks that are ready and whose answer the terminal shows, stamped `at`."""
        stopped = 0
        for wait in list(self.waits):
            if not wait.ready():
                continue
            if not wait.ready_at:
                wait.ready_at = at
            if wait.shows(self.terminal):
                wait.painted_at = at
                wait.without_frame = without_frame
                wait.screen = [self.terminal.line(y) for y in range(self.terminal.height)]
                wait.noted = wait.note() if wait.note is not None else None
                self.waits.remove(wait)
                wait.event.set()
                stopped += 1
        return stopped

    def expect(
        self, ready: Callable[[], bool], shows: Callable[[Terminal], bool], note: Callable[[], object] | None = None
    ) -> Wait:
        wait = Wait(ready, shows, note=note)
        self.waits.append(wait)
        return wait

    async def until(self, wait: Wait, timeout: float = 30.0) -> float:
        """Until the wait's frame is painted; its time (perf_counter). TimeoutError if never."""
        try:
            await asyncio.wait_for(wait.event.wait(), timeout)
        except TimeoutError:
            if wait in self.waits:
                self.waits.remove(wait)
            raise
        return wait.painted_at


def send_key(app: Any, key: str) -> float:
    """Put one key press in the app's queue, as the driver does for a key read from the
    terminal, and return when (perf_counter). Unlike Pilot.press this does not wait for the app
    to settle, nor force a frame: the app paints on its own timer, as it does for a person."""
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    at = time.perf_counter()
    app._driver.send_message(event)
    return at


def key_name(char: str) -> str:
    return "space" if char == " " else char


def all_painted(widgets: Callable[[], Iterable[Any]], lines: int = 12) -> Callable[[Terminal], bool]:
    """A `shows` for several widgets: each one `painted`."""
    return lambda terminal: all(painted(terminal, w, lines) for w in widgets())


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]
