"""Crash safety, tested the way SQLite tests itself: a child process writes
in a loop through the desk's own engine and write path, and is killed with SIGKILL at random
points. After every kill the file passes integrity_check, holds every commit the child had
reported before it died, and the access log's chain is intact."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
from sqlmodel import Session

from stvdesk.db import cipher
from stvdesk.db.audit import log_access, verify_chain
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.migrate import open_database
from stvdesk.domain.enums import AuditAction

KILLS = 50


def _writer(path: str, key, start: int, report) -> None:
    """Commit one access-log event per loop and report its number only after the commit."""
    engine = make_engine(sqlite_url(path), key=key)
    number = start
    while True:
        with Session(engine) as session:
            log_access(session, worker_id=None, action=AuditAction.VIEW, criterion=f"skridt {number}")
        report.send(number)
        number += 1


def _committed(path: Path, key) -> tuple[set[int], str, list[str]]:
    conn = cipher.connect(path, key)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        found = {
            int(row[0].split()[1])
            for row in conn.execute("SELECT criterion FROM audit_event WHERE criterion LIKE 'skridt %'")
        }
    finally:
        conn.close()
    engine = make_engine(sqlite_url(path), key=key)
    with Session(engine) as session:
        problems = verify_chain(session)[1]
    engine.dispose()
    return found, integrity, problems


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "sqlcipher"])
def test_sigkill_at_random_points_loses_no_reported_commit(tmp_path: Path, encrypted: bool) -> None:
    path = tmp_path / "crash.sqlite"
    key = cipher.new_key("en frase til nedbrud") if encrypted else None
    open_database(sqlite_url(path), key=key).engine.dispose()
    context = multiprocessing.get_context("fork")  # the child starts with the modules already loaded
    chance = random.Random(20261124 + encrypted)
    reported: set[int] = set()
    kills = KILLS if not encrypted else KILLS // 2
    for round_ in range(kills):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_writer, args=(str(path), key, round_ * 1000, send), daemon=True)
        child.start()
        send.close()
        wanted = chance.randint(1, 25)
        got = 0
        deadline = time.monotonic() + 30
        while got < wanted and time.monotonic() < deadline:
            if receive.poll(0.5):
                reported.add(receive.recv())
                got += 1
        time.sleep(chance.uniform(0, 0.004))  # land inside the next transaction, or between two
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        while receive.poll():  # numbers sent just before the kill were committed too
            try:
                reported.add(receive.recv())
            except EOFError:
                break
        receive.close()
        assert got == wanted, f"round {round_}: the child reported only {got} commits"
        found, integrity, problems = _committed(path, key)
        assert integrity == "ok", f"round {round_}: {integrity}"
        assert reported <= found, f"round {round_}: lost {sorted(reported - found)[:5]}"
        assert problems == [], f"round {round_}: {problems[:3]}"
    assert len(reported) >= kills
