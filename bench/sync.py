"""Sync at volume: 10 000 changed rows each way between a field laptop and a
throw-away PostgreSQL cluster, as the worker's own login (row-level security on).

Up: the laptop writes 5 000 notes and changes 5 000 Min Plan sub-goals, then syncs. Down: a
colleague on the server does the same to 5 000 other sub-goals and notes, and the laptop syncs.
Also: the laptop's first sync (its whole reach), and what the outbox costs a local commit (the
same 10 000 changes on a file that does not sync).

`uv run python -m bench.sync [N]` (needs Debian's postgresql package; see tests/pg_cluster.py).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.migrate import upgrade
from stvdesk.db.models import Note, PlanStep
from stvdesk.domain.enums import StepOwner
from tests.pg_cluster import start_cluster
from tests.sync.world import laptop, populate


def _steps(owner, citizens: list, count: int, label: str) -> None:
    now = datetime.now(UTC)
    rows = [
        PlanStep(
            citizen_id=citizens[k % len(citizens)],
            text=f"{label} {k}",
            owner=StepOwner.CITIZEN,
            created_at=now,
            updated_at=now,
        )
        for k in range(count)
    ]
    with Session(owner) as session:
        session.add_all(rows)
        session.commit()


def _change(engine, citizens: list, worker_id, half: int, steps_like: str, tag: str) -> float:
    """`half` new notes and `half` sub-goals changed, in one commit each; seconds taken."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    with Session(engine) as session:
        session.add_all(
            Note(
                citizen_id=citizens[k % len(citizens)],
                worker_id=worker_id,
                text=f"{tag} notat {k}",
                updated_by=worker_id,
            )
            for k in range(half)
        )
        session.commit()
    with Session(engine) as session:
        steps = session.exec(select(PlanStep).where(PlanStep.text.like(f"{steps_like}%")).limit(half)).all()
        for step in steps:
            step.text, step.updated_at, step.updated_by = f"{step.text} ({tag})", now, worker_id
        session.commit()
    return time.perf_counter() - started


def run(changes: int = 10_000) -> dict:
    half = changes // 2
    cluster = start_cluster()
    if cluster is None:
        raise SystemExit("ingen PostgreSQL-server: installér Debian-pakken postgresql")
    try:
        admin = sa.create_engine(cluster.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE bench_sync")
        admin.dispose()
        url = sa.engine.make_url(cluster.url).set(database="bench_sync").render_as_string(hide_password=False)
        upgrade(url)
        owner = make_engine(url)
        ids = populate(owner, citizens=50)
        citizens = [ids[f"C{k}"] for k in range(50)]
        _steps(owner, citizens, half, "Laptopmål")
        _steps(owner, citizens, half, "Servermål")
        with owner.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
        folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        kb = laptop(owner, folder, "KB", ids["KB"])
        started = time.perf_counter()
        first = kb.sync()
        first_seconds = time.perf_counter() - started

        # the same changes on a file that does not sync: what the outbox costs a commit
        plain_path = folder / "plain.sqlite"
        kb.engine.dispose()  # the last connection's close checkpoints the WAL into the file
        shutil.copyfile(kb.engine.url.database, plain_path)
        plain = make_engine(sqlite_url(plain_path))
        with plain.begin() as conn:
            conn.exec_driver_sql("DELETE FROM db_meta WHERE key LIKE 'sync_%'")
        plain.dispose()
        plain = make_engine(sqlite_url(plain_path))
        plain_commit = _change(plain, citizens, ids["KB"], half, "Laptopmål", "lokal")
        outbox_commit = _change(kb.engine, citizens, ids["KB"], half, "Laptopmål", "felt")

        started = time.perf_counter()
        up = kb.sync()
        up_seconds = time.perf_counter() - started

        _change(owner, citizens, ids["RK"], half, "Servermål", "kontor")
        started = time.perf_counter()
        down = kb.sync()
        down_seconds = time.perf_counter() - started
        figures = {
            "changes_each_way": changes,
            "first_sync": {"seconds": round(first_seconds, 2), "rows": first.pulled},
            "up": {
                "seconds": round(up_seconds, 2),
                "pushed": up.pushed,
                "events": up.events,
                "conflicts": up.conflicts,
                "split": {k: round(v, 2) for k, v in up.seconds.items()},
            },
            "down": {
                "seconds": round(down_seconds, 2),
                "pulled": down.pulled,
                "split": {k: round(v, 2) for k, v in down.seconds.items()},
            },
            "local_commit": {
                "with_outbox_s": round(outbox_commit, 2),
                "without_s": round(plain_commit, 2),
                "ratio": round(outbox_commit / plain_commit, 2),
            },
        }
        for engine in (kb.engine, kb.server, owner, plain):
            engine.dispose()
        return figures
    finally:
        cluster.stop()


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000), indent=2))
