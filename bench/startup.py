"""Cold start: process start to "Min dag" painted, against a minimal Textual app.

Each program runs in a pseudo-terminal of 120×40; the clock stops when a text that only
appears once the screen has its data is on the terminal ("Borgere der mangler" for stvdesk,
which is rendered after Min dag's query; "Borger 19" for the minimal app).
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def time_to_marker(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0) -> float:
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-200_000:]
            # Textual writes text with escape codes between cells; compare the bare text.
            if marker in _strip(seen):
                elapsed = time.perf_counter() - started
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    if elapsed != elapsed:
        raise RuntimeError(f"{argv} never showed {marker!r}")
    return elapsed


def _strip(data: bytes) -> bytes:
    import re

    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", data)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def run(repeats: int = 7, data_home: str | None = None, db: Path | None = None) -> dict[str, float]:
    """Interleaved runs of stvdesk and the yardsticks, each started as a new process.

    Without `db`: `stvdesk demo` (the 240-citizen demo, built first). With `db`: `stvdesk --db
    FILE --as KB` on a cached bench database of any size. Two yardsticks: the minimal Textual
    app, and the same app importing stvdesk's data layer (SQLAlchemy, SQLModel and the models)
    before it starts – what no start of stvdesk can avoid.
    """
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
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
        stvdesk = [python, "-m", "stvdesk", "--db", str(db), "--as", "KB", "--today", "2026-11-24"]
        # The daily backup runs once a day beside the desk; a start is measured
        # without it, and the bench's large files are not copied into the user's data folder.
        import tempfile

        config_home = tempfile.mkdtemp(prefix="stvdesk-bench-")
        Path(config_home, "stvdesk").mkdir()
        Path(config_home, "stvdesk", "config.toml").write_text("[backup]\nkeep = 0\n", encoding="utf-8")
        env["XDG_CONFIG_HOME"] = config_home
    minimal = [python, str(ROOT / "bench" / "minimal_app.py")]
    minimal_data = [python, str(ROOT / "bench" / "minimal_app.py"), "--with-data-layer"]
    ours, theirs, floor = [], [], []
    for _ in range(repeats):  # interleaved, so machine noise hits all alike
        theirs.append(time_to_marker(minimal, b"Borger 19", env))
        floor.append(time_to_marker(minimal_data, b"Borger 19", env))
        ours.append(time_to_marker(stvdesk, b"Borgere der mangler", env))
    result = {
        "stvdesk_median_s": statistics.median(ours),
        "stvdesk_p95_s": percentile(ours, 95),
        "minimal_median_s": statistics.median(theirs),
        "minimal_p95_s": percentile(theirs, 95),
        "minimal_with_data_layer_median_s": statistics.median(floor),
    }
    result["ratio_median"] = result["stvdesk_median_s"] / result["minimal_median_s"]
    result["ratio_to_data_layer_floor"] = result["stvdesk_median_s"] / result["minimal_with_data_layer_median_s"]
    return result


if __name__ == "__main__":
    figures = run()
    for key, value in figures.items():
        print(f"{key:20s} {value:8.3f}")
