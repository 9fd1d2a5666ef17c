"""A sync killed with SIGKILL at random moments: each time the next sync
finishes the job, every change committed on the laptop reaches the server exactly once, and
the laptop's file stays intact."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
import uuid
from datetime import date

from sqlmodel import Session, select

from stvdesk.db.audit import verify_chain
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.models import Citizen, Note
from stvdesk.db.queries.edits import Editor, add_note, update_citizen
from stvdesk.sync.run import sync
from tests.sync.conftest import login_engine
from tests.sync.test_sync import assert_converged
from tests.sync.world import create_database, drop_database, laptop, populate

KILLS = 12
NOTES_PER_ROUND = 60


def _sync_child(path: str, server_url: str) -> None:
    import stvdesk.sync.run as run

    run.BATCH = 20  # many batches: many moments where one side has committed and the other not
    owner = make_engine(server_url)
    local = make_engine(sqlite_url(path))
    server = login_engine(owner, "KB")
    sync(local, server)
    os._exit(0)


def test_a_sync_killed_at_random_moments_loses_and_doubles_nothing(pg_server, pg_empty_template, tmp_path) -> None:
    url = create_database(pg_server)
    owner = make_engine(url)
    try:
        ids = populate(owner)
        kb = laptop(owner, tmp_path, "KB", ids["KB"])
        kb.sync()
        path = kb.engine.url.database
        rng = random.Random(20261124)
        written: list[str] = []
        killed_midway = 0
        last_whole = 0.35  # seconds: what a whole sync took on this machine before measuring it
        forked = multiprocessing.get_context("fork")
        for round_no in range(KILLS):
            with kb.session() as session:
                editor = Editor(kb.worker_id, date(2026, 11, 24))
                for k in range(NOTES_PER_ROUND):
                    text = f"Runde {round_no} notat {k} {uuid.uuid4().hex[:6]}"
                    add_note(session, editor, ids[f"C{k % 3}"], text)
                    written.append(text)
                update_citizen(session, editor, ids["C0"], phone=f"runde {round_no}")
            kb.engine.dispose()
            kb.server.dispose()
            owner.dispose()
            child = forked.Process(target=_sync_child, args=(path, url))
            started = time.monotonic()
            child.start()
            # a moment inside the sync: within the time the last whole sync took, so that a
            # faster sync (or a slower machine) still has most kills fall inside one
            time.sleep(rng.uniform(0.01, 0.9) * last_whole)
            if child.is_alive():
                os.kill(child.pid, signal.SIGKILL)
                killed_midway += 1
            child.join()
            if child.exitcode == 0:
                last_whole = time.monotonic() - started
            with sqlite3.connect(path) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            kb.sync()  # finishes what the killed one began
        assert killed_midway >= KILLS // 2, f"only {killed_midway} kills fell inside a sync"
        assert_converged(owner, kb)
        with Session(owner) as session:
            texts = list(session.exec(select(Note.text)).all())
            assert sorted(t for t in texts if t.startswith("Runde")) == sorted(written)
            assert session.get(Citizen, ids["C0"]).phone == f"runde {KILLS - 1}"
            assert verify_chain(session)[1] == []
    finally:
        owner.dispose()
        drop_database(pg_server, url)
