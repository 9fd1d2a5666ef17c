"""The access log in the database: chained as written, append-only, checked."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session, select

from stvdesk.cli import cli
from stvdesk.db.audit import citizen_log, log_access, verify_chain
from stvdesk.db.models import AuditEvent, Citizen
from stvdesk.domain.enums import AuditAction


def test_events_are_chained_in_the_order_written(demo_engine) -> None:
    with Session(demo_engine) as session:
        citizen = session.exec(select(Citizen)).first()
        for action in (AuditAction.VIEW, AuditAction.SEARCH, AuditAction.EXPORT):
            log_access(session, worker_id=None, action=action, citizen_id=citizen.id, criterion="hansen")
        count, problems = verify_chain(session)
        events = citizen_log(session, citizen.id)
    assert problems == [] and count >= 3
    assert [e.action for e in events[-3:]] == [AuditAction.VIEW, AuditAction.SEARCH, AuditAction.EXPORT]
    seqs = [e.seq for e in events]
    assert seqs == sorted(seqs) and events[-1].prev_hash == events[-2].hash and len(events[-1].hash) == 64
    assert events[-1].device  # the machine's name


def test_the_log_refuses_update_and_delete(demo_engine) -> None:
    with Session(demo_engine) as session:
        log_access(session, worker_id=None, action=AuditAction.VIEW, citizen_id=uuid.uuid4())
        event = session.exec(select(AuditEvent)).first()
        event.purpose = "skjult"
        with pytest.raises(DatabaseError, match="logningen kan kun udvides"):
            session.commit()
        session.rollback()
        session.delete(session.exec(select(AuditEvent)).first())
        with pytest.raises(DatabaseError, match="logningen kan kun udvides"):
            session.commit()


def _tamper(path: Path, sql: str) -> None:
    """What someone with the file and sqlite3 could do: drop the guard and change a row."""
    conn = sqlite3.connect(path)
    conn.executescript("DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;" + sql)
    conn.close()


@pytest.mark.parametrize(
    "sql, says",
    [
        ("UPDATE audit_event SET purpose = 'intet' WHERE seq = 2;", "Hændelse 2 er ændret"),
        ("DELETE FROM audit_event WHERE seq = 2;", "Hændelse 2–2 mangler"),
    ],
)
def test_db_check_finds_a_tampered_log(demo_db: Path, demo_engine, sql: str, says: str) -> None:
    with Session(demo_engine) as session:
        for _ in range(3):
            log_access(session, worker_id=None, action=AuditAction.VIEW, citizen_id=uuid.uuid4())
    demo_engine.dispose()
    result = CliRunner().invoke(cli, ["db", "check", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert "kæden er intakt" in result.output
    _tamper(demo_db, sql)
    result = CliRunner().invoke(cli, ["db", "check", "--db", str(demo_db)])
    assert result.exit_code == 1 and "BRUDT" in result.output and says in result.output


def test_a_search_for_a_cpr_number_never_stores_it(demo_engine) -> None:
    with Session(demo_engine) as session:
        log_access(session, worker_id=None, action=AuditAction.SEARCH, criterion="2512891234")
        event = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert "2512891234" not in event.criterion and event.criterion.startswith("CPR-søgning #")


def test_an_older_database_has_its_events_chained_on_upgrade(tmp_path: Path) -> None:
    from stvdesk.db.engine import sqlite_url
    from stvdesk.db.migrate import open_database, upgrade

    path = tmp_path / "old.sqlite"
    upgrade(sqlite_url(path), "0009")
    conn = sqlite3.connect(path)
    for n in range(3):  # as revision 0009's app wrote them: no seq, no hashes
        conn.execute(
            "INSERT INTO audit_event (id, at, worker_id, device, action, citizen_id, criterion, purpose, "
            "prev_hash, hash) VALUES (?, ?, NULL, 'pc', 'change', ?, 'Ret stamdata', '', '', '')",
            (uuid.uuid4().hex, f"2026-11-2{n} 08:00:00.000000", uuid.uuid4().hex),
        )
    conn.commit()
    conn.close()
    result = open_database(sqlite_url(path))  # backs up, upgrades
    with Session(result.engine) as session:
        count, problems = verify_chain(session)
        log_access(session, worker_id=None, action=AuditAction.VIEW)
        assert verify_chain(session) == (4, [])
    result.engine.dispose()
    assert (count, problems) == (3, [])


def test_a_citizens_own_log_lists_who_looked_when_and_why(demo_db: Path, demo_engine, tmp_path: Path) -> None:
    from stvdesk.db.queries.workers import find_worker

    with Session(demo_engine) as session:
        citizen = session.exec(select(Citizen).order_by(Citizen.cpr)).first()
        other = session.exec(select(Citizen).order_by(Citizen.cpr.desc())).first()
        kb = find_worker(session, "KB")
        log_access(session, worker_id=kb.id, action=AuditAction.VIEW, citizen_id=citizen.id, purpose="Borgeren ringede")
        log_access(session, worker_id=kb.id, action=AuditAction.VIEW, citizen_id=other.id, purpose="Et andet ærinde")
        cpr, name, other_name, citizen_id = citizen.cpr, citizen.full_name, other.full_name, citizen.id
    demo_engine.dispose()
    out = tmp_path / "log.txt"
    result = CliRunner().invoke(
        cli, ["--as", "KB", "export", "logning", f"{cpr[:6]}-{cpr[6:]}", "--db", str(demo_db), "--fil", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert name in text and "Karen Bach (KB)" in text and "Borgeren ringede" in text and "Visning" in text
    assert "Et andet ærinde" not in text and other_name not in text and cpr not in text
    with Session(demo_engine) as session:  # the extract is itself logged, about this citizen
        last = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last.action is AuditAction.EXPORT and last.citizen_id == citizen_id
    bad = CliRunner().invoke(cli, ["export", "logning", "320190-1234", "--db", str(demo_db)])
    assert bad.exit_code != 0 and "ikke en rigtig dato" in bad.output  # told at once, in Danish


def test_every_change_to_a_citizens_follow_ups_is_exactly_one_event(demo_engine) -> None:
    from datetime import date

    from stvdesk.db.models import Worker
    from stvdesk.db.queries.followups import mark_held, move_follow_up, plan_follow_up, skip_follow_up
    from stvdesk.domain.enums import FollowUpKind

    def changes(session, citizen_id) -> int:
        return len(
            session.exec(
                select(AuditEvent).where(AuditEvent.citizen_id == citizen_id, AuditEvent.action == AuditAction.CHANGE)
            ).all()
        )

    with Session(demo_engine) as session:
        citizen = session.exec(select(Citizen)).first()
        worker = session.exec(select(Worker)).first()
        before = changes(session, citizen.id)

        def plan():
            return plan_follow_up(
                session,
                citizen_id=citizen.id,
                worker_id=worker.id,
                kind=FollowUpKind.CONVERSATION,
                due_on=date(2026, 12, 1),
                by_worker=worker.id,
            )

        first = plan()
        assert changes(session, citizen.id) == before + 1
        mark_held(session, first.id, held_on=date(2026, 11, 24), by_worker=worker.id)
        assert changes(session, citizen.id) == before + 2
        second = plan()
        skip_follow_up(session, second.id, reason="syg", by_worker=worker.id)
        third = plan()
        move_follow_up(session, third.id, to=date(2026, 12, 8), reason="ferie", by_worker=worker.id)
        assert changes(session, citizen.id) == before + 6
        assert verify_chain(session)[1] == []
