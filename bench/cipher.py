"""What encryption at rest costs: the caseload's keystroke, filter and sort
times on the same bench database, plain and SQLCipher-encrypted, each run in a process of its
own and interleaved so machine noise hits both alike; plus the one-off unlock (key derivation).

`uv run python -m bench cipher [N]` (default 10 000 citizens).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.caseload import CACHE, demo_database

PASSPHRASE = 'bench-frase med "citat"'
COMPARED = ("open_median_ms", "keystroke_median_ms", "keystroke_p95_ms", "filter_p95_ms", "sort_p95_ms")


def encrypted_copy(citizens: int) -> Path:
    from stvdesk.db.cipher import export_copy, new_key

    path = CACHE / f"demo-{citizens}.encrypted.sqlite"
    if not path.exists():
        export_copy(demo_database(citizens), None, path, new_key(PASSPHRASE))
    return path


def measure_one(citizens: int, variant: str) -> dict[str, float]:
    """One caseload run (bench.caseload) on the plain or the encrypted copy, in this process."""
    import asyncio

    from bench.caseload import _measure
    from stvdesk.db.cipher import key_for_file

    if variant == "plain":
        return asyncio.run(_measure(demo_database(citizens)))
    path = encrypted_copy(citizens)
    started = time.perf_counter()
    key = key_for_file(path, PASSPHRASE)
    unlock_ms = (time.perf_counter() - started) * 1000
    figures = asyncio.run(_measure(path, key))
    figures["unlock_ms"] = unlock_ms
    return figures


def run(citizens: int = 10_000, rounds: int = 2) -> dict[str, float]:
    demo_database(citizens)
    encrypted_copy(citizens)
    runs: dict[str, list[dict[str, float]]] = {"plain": [], "encrypted": []}
    for _ in range(rounds):
        for variant in ("plain", "encrypted"):
            done = subprocess.run(
                [sys.executable, "-m", "bench", "cipher-one", str(citizens), variant],
                check=True,
                capture_output=True,
                text=True,
            )
            runs[variant].append(json.loads(done.stdout.strip().splitlines()[-1]))
    result: dict[str, float] = {"citizens": citizens}
    for name in COMPARED:
        plain = statistics.median(r[name] for r in runs["plain"])
        encrypted = statistics.median(r[name] for r in runs["encrypted"])
        result[f"{name}_plain"] = plain
        result[f"{name}_encrypted"] = encrypted
        result[f"{name}_ratio"] = encrypted / plain if plain else float("nan")
    result["unlock_ms"] = statistics.median(r["unlock_ms"] for r in runs["encrypted"])
    return result
