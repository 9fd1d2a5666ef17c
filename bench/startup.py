"""Cold start: process start to the first frame, and to Min dag painted with its rows, against a
minimal Textual app.

Each program runs in a pseudo-terminal of 120×40, whose output is read into a model of the
terminal (`bench.frames.Terminal`); each clock stops when the screen first shows:
- the first frame: any text at all (before it, only modes are written);
- Min dag with rows: a row under the agenda's column labels ("Hvornår … Dato"); for the
  minimal app, its table's last row ("Borger 19", filled in before its first frame);
- the old marker, beside: "Borgere der mangler" (Min dag's side pane, filled in by the same
  handler as the rows, painted in the same or an earlier frame).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

from bench.frames import Terminal

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 120, 40

Check = Callable[[Terminal], bool]


def first_frame(terminal: Terminal) -> bool:
    return not terminal.blank()


def shows(text: str) -> Check:
    return lambda terminal: terminal.find(text) is not None


def agenda_rows(terminal: Terminal) -> bool:
    """Min dag's agenda has a row: the line under its column labels holds text."""
    for y in range(terminal.height - 1):
        line = terminal.line(y)
        x = line.find("Hvornår")
        if x >= 0 and "Dato" in line[x:]:
            return terminal.line(y + 1)[x : x + 30].strip() != ""
    return False


def time_to_screens(
    argv: list[str], checks: dict[str, Check], env: dict[str, str], timeout: float = 60.0
) -> dict[str, float]:
    """Start `argv` in a pseudo-terminal; seconds from the start until each check first holds."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    terminal = Terminal(WIDTH, HEIGHT)
    seen: dict[str, float] = {}
    try:
        while len(seen) < len(checks) and time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            at = time.perf_counter() - started
            terminal.feed_bytes(chunk)
            for name, check in checks.items():
                if name not in seen and check(terminal):
                    seen[name] = at
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    missing = [name for name in checks if name not in seen]
    if missing:
        raise RuntimeError(f"{argv} never showed {missing}; the screen was:\n{terminal.text()}")
    return seen


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def bench_desk(db: Path, env: dict[str, str]) -> list[str]:
    """The command that starts stvdesk on a cached bench database as KB on the bench's day;
    sets `env` up for it. The daily backup runs once a day beside the desk; a start is measured
    without it, and the bench's large files are not copied into the user's data folder."""
    import tempfile

    config_home = tempfile.mkdtemp(prefix="stvdesk-bench-")
    Path(config_home, "stvdesk").mkdir()
    Path(config_home, "stvdesk", "config.toml").write_text("[backup]\nkeep = 0\n", encoding="utf-8")
    env["XDG_CONFIG_HOME"] = config_home
    return [sys.executable, "-m", "stvdesk", "--db", str(db), "--as", "KB", "--today", "2026-11-24"]


PYCACHE = ROOT / "bench" / "cache" / "pycache"


def run(
    repeats: int = 7, data_home: str | None = None, db: Path | None = None, bytecode: bool = True
) -> dict[str, float]:
    """Interleaved runs of stvdesk and the yardsticks, each started as a new process.

    Without `db`: `stvdesk demo` (the 240-citizen demo, built first). With `db`: `stvdesk --db
    FILE --as KB` on a cached bench database of any size. Two yardsticks: the minimal Textual
    app, and the same app importing stvdesk's data layer (SQLAlchemy, SQLModel and the models)
    before it starts – what no start of stvdesk can avoid.

    `bytecode`: every program imports from compiled bytecode, as an installed program does
    from its second start on (Python keeps it in `__pycache__`). The bench keeps it in
    `bench/cache/pycache` and starts each program once untimed to fill it; without this, an
    environment with PYTHONDONTWRITEBYTECODE set (these machines) compiles every module of
    Textual, SQLAlchemy and pydantic from source at every start, which the data layer pays for
    far more than the bare app.
    """
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if data_home:
        env["XDG_DATA_HOME"] = data_home
        env["XDG_CONFIG_HOME"] = data_home
    python = sys.executable
    import subprocess

    if db is None:
        # Build (or reuse) the demo first: start-up, not the build, is measured.
        subprocess.run([python, "-m", "stvdesk", "demo", "--kun-byg"], env=env, check=True, capture_output=True)
        stvdesk = [python, "-m", "stvdesk", "demo"]
    else:
        stvdesk = bench_desk(db, env)
    minimal = [python, str(ROOT / "bench" / "minimal_app.py")]
    minimal_data = [python, str(ROOT / "bench" / "minimal_app.py"), "--with-data-layer"]
    ours: dict[str, list[float]] = {"first": [], "rows": [], "gaps": []}
    theirs: dict[str, list[float]] = {"first": [], "rows": []}
    floor: dict[str, list[float]] = {"first": [], "rows": []}
    minimal_checks = {"first": first_frame, "rows": shows("Borger 19")}
    stvdesk_checks = {"first": first_frame, "rows": agenda_rows, "gaps": shows("Borgere der mangler")}
    if bytecode:  # once each, untimed: the bytecode cache filled
        for argv, checks in ((minimal, minimal_checks), (minimal_data, minimal_checks), (stvdesk, stvdesk_checks)):
            time_to_screens(argv, checks, env)
    for _ in range(repeats):  # interleaved, so machine noise hits all alike
        for times, argv, checks in (
            (theirs, minimal, minimal_checks),
            (floor, minimal_data, minimal_checks),
            (ours, stvdesk, stvdesk_checks),
        ):
            for name, at in time_to_screens(argv, checks, env).items():
                times[name].append(at)
    med = statistics.median
    result = {
        "first_frame_median_s": med(ours["first"]),
        "rows_median_s": med(ours["rows"]),
        "minimal_first_frame_median_s": med(theirs["first"]),
        "minimal_median_s": med(theirs["rows"]),
        "minimal_p95_s": percentile(theirs["rows"], 95),
        "minimal_with_data_layer_median_s": med(floor["rows"]),
        "stvdesk_median_s": med(ours["gaps"]),
        "stvdesk_p95_s": percentile(ours["gaps"], 95),
        "bytecode_cached": float(bytecode),
    }
    result["first_frame_ratio"] = result["first_frame_median_s"] / result["minimal_first_frame_median_s"]
    result["rows_ratio"] = result["rows_median_s"] / result["minimal_median_s"]
    result["rows_ratio_to_data_layer_floor"] = result["rows_median_s"] / result["minimal_with_data_layer_median_s"]
    # The old figures: to "Borgere der mangler" on screen, over the minimal app's table.
    result["ratio_median"] = result["stvdesk_median_s"] / result["minimal_median_s"]
    result["ratio_to_data_layer_floor"] = result["stvdesk_median_s"] / result["minimal_with_data_layer_median_s"]
    return result


if __name__ == "__main__":
    figures = run()
    for key, value in figures.items():
        print(f"{key:20s} {value:8.3f}")
