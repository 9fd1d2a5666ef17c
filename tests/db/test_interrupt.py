"""A superseded search is stopped inside the database (SQLite or PostgreSQL), not waited for."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from stvdesk.clock import Clock
from stvdesk.context import DeskContext


def test_interrupt_stops_a_running_statement(demo_engine) -> None:
    desk = DeskContext(engine=demo_engine, clock=Clock())
    started = threading.Event()
    raw: list = []
    outcome: list = []

    def slow(session):
        raw.append(desk.raw_connection(session))
        started.set()
        # counts to 50 million: many seconds unless interrupted
        return session.execute(
            sa.text(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000000) SELECT count(*) FROM n"
            )
        ).scalar()

    def worker() -> None:
        try:
            outcome.append(desk.run(slow))
        except OperationalError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    assert started.wait(5)
    time.sleep(0.1)
    began = time.perf_counter()
    desk.interrupt(raw[0])
    thread.join(10)
    assert not thread.is_alive()
    assert isinstance(outcome[0], OperationalError)
    assert "interrupt" in str(outcome[0]) or "cancel" in str(outcome[0])  # SQLite / PostgreSQL's words
    assert time.perf_counter() - began < 2
    # the pooled connection still works afterwards
    assert desk.run(lambda s: s.execute(sa.text("SELECT 1")).scalar()) == 1
