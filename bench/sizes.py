"""Every speed and memory budget (ROWS below) at 1 000, 10 000 and 100 000 citizens, as one table.

Each size runs in a process of its own (`python -m bench size N`), so its peak RSS is its
own: that process opens the caseload, the citizen's file and the team dashboard in the app,
and starts stvdesk cold on the same database against the minimal Textual app. Every figure
stops at the frame that shows the answer (`bench.frames`); the table prints the old handler
clock beside it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile

from bench import caseload, dashboard, file, startup

SIZES = (1_000, 10_000, 100_000)

# (label, section, the frame clock's key, the old handler clock's key beside it, budget as text,
# test against the frame figure). The budgets apply at 100 000 citizens.
ROWS: list[tuple[str, str, str, str | None, str, object]] = [
    ("First frame, ratio to minimal Textual app", "startup", "first_frame_ratio", None, "≤ 1.5", lambda v: v <= 1.5),
    ("Min dag with rows, ratio to minimal app", "startup", "rows_ratio", "ratio_median", "≤ 2.5", lambda v: v <= 2.5),
    ("  stvdesk first frame (s, median)", "startup", "first_frame_median_s", None, "", None),
    ("  stvdesk Min dag with rows (s, median)", "startup", "rows_median_s", "stvdesk_median_s", "", None),
    ("  minimal Textual app (s, median)", "startup", "minimal_median_s", None, "", None),
    ("  minimal app + data layer import (s)", "startup", "minimal_with_data_layer_median_s", None, "", None),
    (
        "  rows, ratio to minimal app + data layer",
        "startup",
        "rows_ratio_to_data_layer_floor",
        "ratio_to_data_layer_floor",
        "",
        None,
    ),
    ("Caseload open (ms, median)", "caseload", "open_median_ms", "open_handler_median_ms", "", None),
    ("Keystroke → table (ms, median)", "caseload", "keystroke_median_ms", "keystroke_handler_median_ms", "", None),
    (
        "Keystroke → table (ms, p95)",
        "caseload",
        "keystroke_p95_ms",
        "keystroke_handler_p95_ms",
        "≤ 50",
        lambda v: v <= 50,
    ),
    (
        "Fast typist, keys 30 ms apart (ms, p95)",
        "caseload",
        "fast30_p95_ms",
        "fast30_handler_p95_ms",
        "≤ 100",
        lambda v: v <= 100,
    ),
    ("  words painted with wrong rows", "caseload", "fast30_wrong_rows", None, "0", lambda v: v == 0),
    ("Fast typist, back to back (ms, p95)", "caseload", "fast0_p95_ms", "fast0_handler_p95_ms", "", None),
    ("  words painted with wrong rows", "caseload", "fast0_wrong_rows", None, "0", lambda v: v == 0),
    ("Filter change (ms, p95)", "caseload", "filter_p95_ms", "filter_handler_p95_ms", "", None),
    ("Sort change (ms, p95)", "caseload", "sort_p95_ms", "sort_handler_p95_ms", "", None),
    ("File open, first of the session (ms)", "file", "first_open_ms", "first_open_handler_ms", "", None),
    ("File open (ms, median)", "file", "open_median_ms", "open_handler_median_ms", "≤ 100", lambda v: v <= 100),
    ("File open (ms, p95)", "file", "open_p95_ms", "open_handler_p95_ms", "", None),
    ("Tab switch (ms, median)", "file", "tab_median_ms", "tab_press_median_ms", "≤ 50", lambda v: v <= 50),
    ("Tab switch (ms, p95)", "file", "tab_p95_ms", "tab_press_p95_ms", "", None),
    ("Team dashboard shown (ms, median)", "dashboard", "median_ms", "handler_median_ms", "≤ 150", lambda v: v <= 150),
    ("Team dashboard, first showing (ms)", "dashboard", "first_ms", "first_handler_ms", "", None),
    ("Peak RSS (MB)", "process", "peak_rss_mb", None, "≤ 250", lambda v: v <= 250),
    ("Database file (MB)", "file", "db_file_mb", None, "", None),
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


def _cell(value: object, mark: str = "") -> str:
    if not isinstance(value, (int, float)) or value != value:  # missing, or NaN
        return "–"
    if isinstance(value, float) and abs(value) < 100:
        return f"{value:.2f}{mark}" if abs(value) < 10 else f"{value:.1f}{mark}"
    return f"{value:.0f}{mark}"


def table(results: dict[str, object]) -> str:
    """Per size two columns: the frame clock (budgets apply to it) and the old handler clock."""
    sizes = list(results)
    label_width = 44
    lines = [
        f"{'':{label_width}s}" + "".join(f"{f'{int(s):,}'.replace(',', ' '):>18s}" for s in sizes) + f"{'budget':>9s}",
        f"{'':{label_width}s}" + f"{'frame':>9s}{'handler':>9s}" * len(sizes),
    ]
    for label, section, key, old_key, budget, ok in ROWS:
        cells = []
        for size in sizes:
            figures = results[size].get(section, {})  # type: ignore[union-attr]
            value = figures.get(key)
            mark = ""
            if ok is not None and size == sizes[-1] and isinstance(value, (int, float)) and value == value:
                mark = " " if ok(value) else "!"  # type: ignore[operator]
            cells.append(f"{_cell(value, mark):>9s}")
            cells.append(f"{_cell(figures.get(old_key)) if old_key else '':>9s}")
        lines.append(f"{label:{label_width}s}" + "".join(cells) + f"{budget:>9s}")
    lines.append("(frame: until the frame showing the answer was handed to the driver; handler: until the")
    lines.append(" screen's handler had put it in its widgets; for start-up, the old marker 'Borgere der mangler',")
    lines.append(" for tab switch the driver's press less its press of nothing. ! : over budget at the largest size;")
    lines.append(" budgets apply at 100 000 citizens)")
    return "\n".join(lines)
