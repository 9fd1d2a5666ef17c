"""Demo build time at a given size (target: 100 000 citizens in under a minute)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from stvdesk.clock import Clock
from stvdesk.db.demo import DemoSpec, build_demo_file


def run(citizens: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        started = time.perf_counter()
        summary = build_demo_file(path, DemoSpec(today=Clock().today(), citizens=citizens))
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    return {"citizens": summary.citizens, "rows": summary.rows, "seconds": seconds, "file_mb": size / 1e6}


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for key, value in run(n).items():
        print(f"{key:10s} {value:12.1f}")
