"""A real terminal's check on the headless figures: stvdesk started in a pseudo-terminal (120×40)
on a bench database, as KB; keys written to it as a terminal would; the clock stops when the
answer's text is in what the program has written (read into `bench.frames.Terminal`).

The answer's text comes from the headless bench in the same process first (bench.caseload at
a person's pace over all citizens): for each prefix of each search, the lines of the table
it painted. On the terminal, Sagsstamme is opened (F3), the list set to all citizens (↓, v, v),
and each search is typed after `/` (a fresh search; the first key replaces the old text), one
key at a time; each key's clock runs from its write to the pseudo-terminal until the table's
lines there are those lines. A key whose rows are those already shown is not timed (the
screen cannot tell its answer from the one before); `missed` counts keys whose rows never
came (a mismatch between the headless and the real screen, which would need a look).

`uv run python -m bench terminal [N]` (default 10 000 citizens).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import termios
import time
from collections.abc import Callable

from bench import caseload, startup
from bench.frames import Terminal, norm, percentile

KEYS = {"f3": b"\x1bOR", "down": b"\x1b[B"}
VERBOSE = False


class Pty:
    """One program in a pseudo-terminal, its output read into a Terminal."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", startup.HEIGHT, startup.WIDTH, 0, 0))
        self.terminal = Terminal(startup.WIDTH, startup.HEIGHT)

    def send(self, data: bytes) -> float:
        at = time.perf_counter()
        os.write(self.fd, data)
        return at

    def until(self, check: Callable[[Terminal], bool], timeout: float = 30.0) -> float | None:
        """Read until `check` holds; when (perf_counter), or None after `timeout` s."""
        if check(self.terminal):
            return time.perf_counter()
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            chunk = os.read(self.fd, 65536)
            at = time.perf_counter()
            if not chunk:
                return None
            self.terminal.feed_bytes(chunk)
            if check(self.terminal):
                return at
        return None

    def settle(self, quiet: float = 0.5, timeout: float = 30.0) -> None:
        """Read until the program has written nothing for `quiet` s."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                return
            self.terminal.feed_bytes(os.read(self.fd, 65536))

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def run(citizens: int = 10_000) -> dict[str, float]:
    path = caseload.demo_database(citizens)
    reference: dict[str, object] = {}
    asyncio.run(caseload._measure(path, parts=("keys",), shown=reference))
    lines: dict[str, list[str]] = reference["lines"]  # type: ignore[assignment]
    x, y, width = reference["region"]  # type: ignore[misc]

    def table_is(want: list[str]) -> Callable[[Terminal], bool]:
        return lambda terminal: all(norm(terminal.line(y + n)[x : x + width]) == line for n, line in enumerate(want))

    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(startup.WIDTH), LINES=str(startup.HEIGHT))
    program = Pty(startup.bench_desk(path, env), env)
    times: list[float] = []
    missed: list[str] = []
    unchanged = 0
    try:
        if program.until(startup.agenda_rows, 120) is None:
            raise RuntimeError(f"stvdesk never showed Min dag's rows:\n{program.terminal.text()}")
        program.send(KEYS["f3"])
        if program.until(lambda t: t.find("Viser ") is not None, 60) is None:
            raise RuntimeError(f"Sagsstamme never showed its list:\n{program.terminal.text()}")
        for key in (KEYS["down"], b"v", b"v"):  # to the list; all citizens
            program.send(key)
            program.settle()
        for query in caseload.QUERIES:
            program.send(b"/")  # a fresh search: the old text selected, the next key replaces it
            program.settle(0.2)
            for n in range(1, len(query) + 1):
                if table_is(lines[query[:n]])(program.terminal):
                    # The same rows as the text before it ("lars" → "lars "): the screen cannot
                    # say when this key's answer came, so it is not timed.
                    unchanged += 1
                    if VERBOSE:
                        print(f"not timed {query[:n]!r}: the screen already showed:\n{program.terminal.text()}")
                    program.send(query[n - 1].encode())
                    program.settle(0.3)
                    continue
                sent = program.send(query[n - 1].encode())
                shown = program.until(table_is(lines[query[:n]]), 20)
                if shown is None:
                    missed.append(query[:n])
                    if VERBOSE:
                        want = "\n".join(lines[query[:n]])
                        print(
                            f"missed {query[:n]!r}; wanted at {x},{y}:\n{want}\nthe screen:\n{program.terminal.text()}"
                        )
                    program.settle()
                    continue
                times.append(shown - sent)
                program.settle(0.15)  # a person's pace: the rest of the page, then the next key
    finally:
        program.close()
    if not times:
        raise RuntimeError(f"no answer was seen on the terminal; missed {missed}")
    return {
        "citizens": citizens,
        "keystroke_median_ms": statistics.median(times) * 1000,
        "keystroke_p95_ms": percentile(times, 95) * 1000,
        "keystrokes": len(times),
        "missed": len(missed),
        "not_timed_same_rows": unchanged,
    }


if __name__ == "__main__":
    import sys

    for name, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000).items():
        print(f"{name:22s} {value:9.1f}")
