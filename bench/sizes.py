"""Every speed and memory budget (ROWS below) at 1 000, 10 000 and 100 000 citizens, as one table.

Each size runs in a process of its own (`python -m bench size N`), so its peak RSS is its
own: that process opens the caseload, the citizen's file and the team dashboard in the app,
and starts stvdesk cold on the same database against the minimal Textual app.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile

from bench import caseload, dashboard, file, startup

SIZES = (1_000, 10_000, 100_000)

# (label, section, key, budget as text, test against the figure)
ROWS: list[tuple[str, str, str, str, object]] = [
    ("Cold start, ratio to minimal Textual app", "startup", "ratio_median", "≤ 1.5", lambda v: v <= 1.5),
    ("  stvdesk cold start (s, median)", "startup", "stvdesk_median_s", "", None),
    ("  minimal Textual app (s, median)", "startup", "minimal_median_s", "", None),
    ("  minimal app + data layer import (s)", "startup", "minimal_with_data_layer_median_s", "", None),
    ("  ratio to minimal app + data layer", "startup", "ratio_to_data_layer_floor", "", None),
    ("Caseload open (ms, median)", "caseload", "open_median_ms", "", None),
    ("Keystroke → table (ms, median)", "caseload", "keystroke_median_ms", "", None),
    ("Keystroke → table (ms, p95)", "caseload", "keystroke_p95_ms", "≤ 50", lambda v: v <= 50),
    ("Filter change (ms, p95)", "caseload", "filter_p95_ms", "", None),
    ("Sort change (ms, p95)", "caseload", "sort_p95_ms", "", None),
    ("File open, first of the session (ms)", "file", "first_open_ms", "", None),
    ("File open (ms, median)", "file", "open_median_ms", "≤ 100", lambda v: v <= 100),
    ("File open (ms, p95)", "file", "open_p95_ms", "", None),
    ("Tab switch (ms, median)", "file", "tab_median_ms", "≤ 50", lambda v: v <= 50),
    ("Tab switch (ms, p95)", "file", "tab_p95_ms", "", None),
    ("Team dashboard shown (ms, median)", "dashboard", "median_ms", "≤ 150", lambda v: v <= 150),
    ("Team dashboard, first showing (ms)", "dashboard", "first_ms", "", None),
    ("Peak RSS (MB)", "process", "peak_rss_mb", "≤ 250", lambda v: v <= 250),
    ("Database file (MB)", "file", "db_file_mb", "", None),
]


def measure_size(citizens: int) -> dict[str, dict[str, float]]:
    """All figures at one size, in this process."""
    figures = {
        "caseload": caseload.run(citizens),
        "file": file.run(citizens),
        "dashboard": dashboard.run(citizens),
    }
    figures["process"] = {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    with tempfile.TemporaryDirectory() as home:  # the user's own config and data stay out of it
        figures["startup"] = startup.run(repeats=5, data_home=home, db=caseload.demo_database(citizens))
    return figures


def run(sizes: tuple[int, ...] = SIZES) -> dict[str, object]:
    results: dict[str, object] = {}
    for citizens in sizes:
        # Build the cached database first, in a process of its own: a build's memory is not
        # the app's, and would otherwise be the size's peak RSS.
        subprocess.run([sys.executable, "-m", "bench", "cache", str(citizens)], check=True, capture_output=True)
        done = subprocess.run(
            [sys.executable, "-m", "bench", "size", str(citizens)], check=True, capture_output=True, text=True
        )
        results[str(citizens)] = json.loads(done.stdout.strip().splitlines()[-1])
    print(table(results))
    return results


def table(results: dict[str, object]) -> str:
    sizes = list(results)
    lines = [f"{'':42s}" + "".join(f"{int(s):>10,}".replace(",", " ") for s in sizes) + f"{'budget':>9s}"]
    for label, section, key, budget, ok in ROWS:
        cells = []
        for size in sizes:
            value = results[size].get(section, {}).get(key)  # type: ignore[union-attr]
            mark = "" if value is None or ok is None or size != sizes[-1] else (" " if ok(value) else "!")
            cells.append(
                f"{value:>9.2f}{mark}"
                if isinstance(value, float) and value < 10
                else f"{value:>9.0f}{mark}"
                if value is not None
                else f"{'–':>10s}"
            )
        lines.append(f"{label:42s}" + "".join(f"{c:>10s}" for c in cells) + f"{budget:>9s}")
    lines.append("(! : over budget at the largest size; budgets apply at 100 000 citizens)")
    return "\n".join(lines)
