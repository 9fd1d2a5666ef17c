"""A pull that erases a citizen who left the laptop's reach writes access-log events: the anchor
beside the file follows them, so `db check` finds the chain and its anchor agreeing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlmodel import Session, select

from stvdesk.db.audit import check_file, read_anchor
from stvdesk.db.models import Citizen, Worker
from tests.sync.test_sync import shared_citizen


def test_the_anchor_follows_the_events_a_pull_writes(server, make_laptop) -> None:
    kb = make_laptop("KB")
    path = Path(kb.engine.url.database)
    leaving = shared_citizen(kb)
    with Session(server) as session:
        me = session.get(Worker, kb.worker_id)
        other = session.exec(
            select(Worker).where(Worker.role == me.role, Worker.id != me.id, Worker.partner_id != me.partner_id)
        ).first()
        moved = session.get(Citizen, leaving.id)
        moved.caseworker_id, moved.consultant_id = other.id, other.partner_id
        session.add(moved)
        session.commit()

    report = kb.sync()
    assert report.erased == 1
    conn = sqlite3.connect(path)
    try:
        head = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
        problems = check_file(conn, path, None).problems
    finally:
        conn.close()
    anchor = read_anchor(path)
    assert anchor is not None and anchor.seq == head
    assert problems == ()
