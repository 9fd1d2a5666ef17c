"""The access log in the database: chained as written, append-only, checked."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from dataclasses import replace
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


# --- the chain's end (the anchor), its start (prunings), its keys and its guards ----------------

UPDATE_GUARD = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'logningen kan kun udvides: hændelser kan ikke ændres eller slettes'); END;"
)
GUARDS = UPDATE_GUARD + UPDATE_GUARD.replace("update", "delete").replace("UPDATE", "DELETE")


def _log(path: Path, n: int, key=None) -> None:
    """`n` events written as the desk writes them (each commit anchors the chain's head)."""
    from stvdesk.db.engine import make_engine, sqlite_url

    engine = make_engine(sqlite_url(path), key=key)
    with Session(engine) as session:
        for k in range(n):
            log_access(session, worker_id=None, action=AuditAction.VIEW, citizen_id=uuid.uuid4(), purpose=f"nr. {k}")
    engine.dispose()


def _check(path: Path, passphrase: str | None = None):
    return CliRunner().invoke(cli, ["db", "check", "--db", str(path)], input=f"{passphrase}\n" if passphrase else None)


def _careful(conn, sql: str) -> None:
    """What someone with the file does who knows about the guard: lift it, tamper, put it back."""
    conn.executescript("DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;" + sql + ";" + GUARDS)
    conn.commit()


def _recompute_from(conn, seq: int, key: bytes | None = None) -> None:
    """Rewrite every hash from event `seq` on, so the chain is valid again (unkeyed without `key`)."""
    from stvdesk.domain.audit import CHAIN_COLUMNS, ChainedEvent

    rows = [ChainedEvent.from_row(*r) for r in conn.execute(f"SELECT {CHAIN_COLUMNS} FROM audit_event ORDER BY seq")]
    previous = next(e.hash for e in rows if e.seq == seq - 1) if seq > 1 else "0" * 64
    updates = []
    for e in rows:
        if e.seq < seq:
            continue
        digest = replace(e, prev_hash=previous).digest(key)
        updates.append((previous, digest, e.seq))
        previous = digest
    conn.executescript("DROP TRIGGER audit_event_no_update;")
    conn.executemany("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", updates)
    conn.executescript(UPDATE_GUARD)
    conn.commit()


@pytest.mark.parametrize("removed", [1, 10, 12], ids=["the-last", "the-last-ten", "all"])
def test_db_check_finds_the_last_events_removed(demo_db: Path, removed: int) -> None:
    _log(demo_db, 12)
    intact = _check(demo_db)
    assert intact.exit_code == 0, intact.output
    assert "Logning: 12 hændelser, kæden er intakt" in intact.output
    assert "Anker: demo.sqlite.anker holder hændelse 12" in intact.output and "Vagter: på" in intact.output
    conn = sqlite3.connect(demo_db)
    _careful(conn, f"DELETE FROM audit_event WHERE seq > {12 - removed}")
    conn.close()
    found = _check(demo_db)
    assert found.exit_code == 1 and "BRUDT" in found.output
    assert f"de sidste {removed} hændelse{'r' if removed > 1 else ''} er fjernet" in found.output
    assert "Vagter: på" in found.output  # the guard was put back: only the anchor could tell


def test_db_check_finds_an_event_rewritten_with_the_chain_recomputed(demo_db: Path) -> None:
    _log(demo_db, 5)
    conn = sqlite3.connect(demo_db)
    _careful(conn, "UPDATE audit_event SET purpose = 'intet at se' WHERE seq = 2")
    _recompute_from(conn, 2)
    conn.close()
    found = _check(demo_db)
    assert found.exit_code == 1
    assert "Hændelse 5 er ikke den, ankeret holder: kæden er skrevet om." in found.output
    assert "Hændelse 2 er ændret" not in found.output  # the chain itself is valid again
    (demo_db.parent / "demo.sqlite.anker").unlink()  # and the anchor thrown away too
    gone = _check(demo_db)
    assert gone.exit_code == 1 and "demo.sqlite.anker mangler, skønt databasen har skrevet det" in gone.output


def test_db_check_finds_a_forged_pruning_and_believes_a_real_one(demo_db: Path, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from stvdesk.db.audit import prune_log
    from stvdesk.db.engine import make_engine, sqlite_url

    _log(demo_db, 6)
    real = tmp_path / "real.sqlite"
    shutil.copyfile(demo_db, real)
    conn = sqlite3.connect(demo_db)
    third = conn.execute("SELECT hash FROM audit_event WHERE seq = 3").fetchone()[0]
    _careful(
        conn, f"DELETE FROM audit_event WHERE seq <= 3; INSERT INTO db_meta VALUES ('audit_chain_start', '4:{third}')"
    )
    conn.close()
    forged = _check(demo_db)
    assert forged.exit_code == 1
    assert "Logningen starter ved hændelse 4, men ingen oprydning i kæden har fjernet hændelserne før den" in (
        forged.output
    )
    engine = make_engine(sqlite_url(real))
    with Session(engine) as session:
        prune_log(session, datetime(2030, 1, 1, tzinfo=UTC), worker_id=None, note="Logning ryddet")
    engine.dispose()
    pruned = _check(real)
    assert pruned.exit_code == 0, pruned.output
    assert "Logning: 1 hændelser, kæden er intakt (ryddet til og med hændelse 6)" in pruned.output
    assert "Anker: real.sqlite.anker holder hændelse 7" in pruned.output


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TRIGGER audit_event_no_delete",
        "DROP TRIGGER audit_event_no_update; "
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event WHEN 0 BEGIN SELECT RAISE(ABORT, 'x'); END",
    ],
    ids=["dropped", "defused"],
)
def test_db_check_names_a_missing_or_defused_guard(demo_db: Path, sql: str) -> None:
    _log(demo_db, 2)
    conn = sqlite3.connect(demo_db)
    conn.executescript(sql)
    conn.close()
    found = _check(demo_db)
    assert found.exit_code == 1 and "kæden er intakt" in found.output and "Vagter: MANGLER" in found.output
    assert ("audit_event_no_delete mangler" in found.output) or ("audit_event_no_update er skrevet om" in found.output)


def test_a_desk_stopped_between_commit_and_anchor_is_said_and_not_called_tampering(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stvdesk.db import audit

    _log(demo_db, 3)
    monkeypatch.setattr(audit, "write_anchor", lambda *_args, **_kw: None)  # committed, then stopped
    _log(demo_db, 2)
    behind = _check(demo_db)
    assert behind.exit_code == 0, behind.output
    assert "Kædens ende er 2 hændelser foran ankeret" in behind.output and "holder hændelse 3" in behind.output
    monkeypatch.undo()
    _log(demo_db, 1)  # the next commit moves the anchor on
    caught_up = _check(demo_db)
    assert caught_up.exit_code == 0 and "holder hændelse 6" in caught_up.output and "foran" not in caught_up.output


def test_a_restore_moves_the_anchor_back_and_the_log_says_so(demo_db: Path, tmp_path: Path) -> None:
    from stvdesk.db.migrate import backup_sqlite

    _log(demo_db, 2)
    copy = backup_sqlite(demo_db, tmp_path / "kopi.sqlite")
    _log(demo_db, 3)
    result = CliRunner().invoke(cli, ["db", "restore", str(copy), "--ja", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    restored = _check(demo_db)
    assert restored.exit_code == 0, restored.output
    assert "Logning: 3 hændelser, kæden er intakt" in restored.output and "holder hændelse 3" in restored.output
    conn = sqlite3.connect(demo_db)
    said = conn.execute("SELECT criterion FROM audit_event WHERE seq = 3").fetchone()[0]
    conn.close()
    assert said == "Databasen gendannet fra sikkerhedskopien kopi.sqlite; logningen nåede før hændelse 5"


def test_an_encrypted_files_events_are_keyed_and_stay_checkable_under_a_new_passphrase(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events before `db encrypt` stay unkeyed and verify as such; from it on they are keyed, the
    anchor is signed with the chain key, and `db rekey` carries that key to the new passphrase."""
    from stvdesk.db import cipher

    monkeypatch.setattr(cipher, "KDF_ROUNDS", 1000)  # the same derivation, cheaper: several keys are derived here
    old, new = "en lang gammel frase", "en lang ny frase"
    _log(demo_db, 2)
    encrypted = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "encrypt"], input=f"{old}\n{old}\n")
    assert encrypted.exit_code == 0, encrypted.output
    _log(demo_db, 3, cipher.key_for_file(demo_db, old))
    rekeyed = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "rekey"], input=f"{old}\n{new}\n{new}\n")
    assert rekeyed.exit_code == 0, rekeyed.output
    intact = _check(demo_db, new)
    assert intact.exit_code == 0 and "5 hændelser, kæden er intakt" in intact.output, intact.output
    assert "holder hændelse 5" in intact.output
    key = cipher.key_for_file(demo_db, new)
    conn = cipher.connect(demo_db, key)
    hashes = [h for (h,) in conn.execute("SELECT hash FROM audit_event ORDER BY seq")]
    assert [h.startswith("k:") for h in hashes] == [False, False, True, True, True]
    _careful(conn, "UPDATE audit_event SET purpose = 'intet at se' WHERE seq = 4")
    _recompute_from(conn, 4)  # recomputed as well as one can without the chain key
    conn.close()
    found = _check(demo_db, new)
    assert found.exit_code == 1
    assert "2 hændelser fra nr. 4 er ikke nøglet, skønt databasen nøgler hver hændelse fra nr. 3" in found.output


def test_a_look_up_with_a_purpose_is_logged_whether_or_not_the_number_is_known(demo_db: Path) -> None:
    from datetime import date

    from stvdesk.db.engine import make_engine, sqlite_url
    from stvdesk.db.queries.caseload import grant_access
    from stvdesk.db.queries.workers import find_worker

    engine = make_engine(sqlite_url(demo_db))
    with Session(engine) as session:
        kb = find_worker(session, "KB")
        citizen = session.exec(select(Citizen).order_by(Citizen.cpr)).first()
        assert grant_access(session, kb.id, "0101010000", "Borgeren ringede", date(2026, 11, 24)) is None
        assert grant_access(session, kb.id, citizen.cpr, "Borgeren ringede", date(2026, 11, 24)) == citizen.id
        unknown, known = session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()[-2:]
        citizen_id, cpr = citizen.id, citizen.cpr
    engine.dispose()
    assert (unknown.citizen_id, known.citizen_id) == (None, citizen_id)
    for event in (unknown, known):
        assert event.action is AuditAction.SEARCH and event.purpose == "Borgeren ringede"
        assert event.criterion.startswith("CPR-søgning #") and "0101010000" not in event.criterion
    assert cpr not in known.criterion


def test_a_log_pruned_by_an_older_version_is_given_its_record_on_upgrade(tmp_path: Path) -> None:
    """Before 0014 a pruning left no record in the chain; the upgrade writes one, so the check's
    rule (a start only where the chain says so) holds for such a log too."""
    from stvdesk.db.engine import make_engine, sqlite_url
    from stvdesk.db.migrate import open_database, upgrade

    path = tmp_path / "old.sqlite"
    upgrade(sqlite_url(path), "0013")
    _log(path, 4)
    conn = sqlite3.connect(path)
    second = conn.execute("SELECT hash FROM audit_event WHERE seq = 2").fetchone()[0]
    _careful(
        conn, f"DELETE FROM audit_event WHERE seq <= 2; INSERT INTO db_meta VALUES ('audit_chain_start', '3:{second}')"
    )
    conn.close()
    assert "ingen oprydning i kæden" in _check(path).output  # as the check would see it unupgraded
    open_database(sqlite_url(path)).engine.dispose()
    engine = make_engine(sqlite_url(path))
    with Session(engine) as session:
        assert verify_chain(session) == (3, [])
        marked = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    engine.dispose()
    assert marked.seq == 5 and marked.purpose == f"Kæden starter nu ved hændelse 3 efter {second}"
