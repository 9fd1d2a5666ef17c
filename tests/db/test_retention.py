"""Retention: closed cases erased without a trace, the access log
pruned with its chain still verifiable."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, SQLModel

from stvdesk.cli import cli
from stvdesk.db.audit import log_access, verify_chain
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.retention import case_erasure_cutoff, is_due_for_erasure, log_cutoff
from tests.conftest import TODAY

TOKENS = ["Zqxjvbfirst", "Zqxjvblast", "Yqxwvmfirst", "Yqxwvmlast"]


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(1, 50),
    st.one_of(st.none(), st.dates(min_value=date(1980, 1, 1), max_value=date(2100, 1, 1))),
)
def test_a_case_is_due_exactly_when_its_years_have_run(today: date, years: int, closed: date | None) -> None:
    cutoff = case_erasure_cutoff(today, years)
    assert is_due_for_erasure(closed, today, years) == (closed is not None and closed <= cutoff)
    assert cutoff.year == today.year - years and cutoff <= today
    assert log_cutoff(today, 6) < today


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _close_two_citizens_long_ago(path: Path) -> list[str]:
    """Give two citizens unmistakable names (written through the triggers and FTS) and close
    their cases six years ago; returns their ids."""
    with sqlite3.connect(path) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM citizen ORDER BY id LIMIT 2")]
        for citizen_id, (first, last) in zip(ids, [TOKENS[:2], TOKENS[2:]], strict=True):
            conn.execute(
                "UPDATE citizen SET first_name = ?, last_name = ?, closed_on = ? WHERE id = ?",
                (first, last, (TODAY - timedelta(days=6 * 366)).isoformat(), citizen_id),
            )
    return ids


def _due_count(path: Path) -> int:
    """Cases due for erasure at TODAY with the default five years: the two closed here and the
    demo's own closed long ago."""
    cutoff = case_erasure_cutoff(TODAY, 5).isoformat()
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM citizen WHERE closed_on <= ?", (cutoff,)).fetchone()[0]


def test_retention_dry_run_lists_and_changes_nothing(demo_db: Path) -> None:
    _close_two_citizens_long_ago(demo_db)
    due = _due_count(demo_db)
    assert due > 2
    before = dump(demo_db)
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db), "--today", "2026-11-24", "db", "retention", "--proevekoersel"]
    )
    assert result.exit_code == 0, result.output
    assert f"{TOKENS[0]} {TOKENS[1]}" in result.output and f"\n{due} borgere.\n" in result.output
    assert "Prøvekørsel" in result.output
    assert dump(demo_db) == before


def test_retention_erases_every_row_and_leaves_no_trace_in_the_file(demo_db: Path) -> None:
    ids = _close_two_citizens_long_ago(demo_db)
    due = _due_count(demo_db)
    with sqlite3.connect(demo_db) as conn:
        others = conn.execute("SELECT count(*) FROM citizen").fetchone()[0] - due
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "--today", "2026-11-24", "db", "retention", "--ja"])
    assert result.exit_code == 0, result.output
    assert f"\n{due} borgere slettet" in result.output
    raw = demo_db.read_bytes()
    wal = Path(f"{demo_db}-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for token in TOKENS:
        assert token.encode() not in raw, token
    engine = make_engine(sqlite_url(demo_db))
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if "citizen_id" in table.c and table.name != "audit_event":
                left = conn.exec_driver_sql(
                    f"SELECT count(*) FROM {table.name} WHERE citizen_id IN (?, ?)", tuple(ids)
                ).scalar()
                assert left == 0, table.name
        assert conn.exec_driver_sql("SELECT count(*) FROM citizen").scalar() == others
        assert (
            conn.exec_driver_sql("SELECT count(*) FROM citizen_fts WHERE citizen_fts MATCH ?", (TOKENS[1],)).scalar()
            == 0
        )
        erased = conn.exec_driver_sql("SELECT count(*) FROM audit_event WHERE criterion LIKE 'Slettet:%'").scalar()
        assert erased == due
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with Session(engine) as session:
        assert verify_chain(session)[1] == []
    engine.dispose()


def test_the_plain_grep_would_have_found_them(demo_db: Path) -> None:
    """Before erasure the names are in the file, so the test above can fail."""
    _close_two_citizens_long_ago(demo_db)
    with sqlite3.connect(demo_db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert TOKENS[1].encode() in demo_db.read_bytes()


def test_prune_log_removes_old_events_and_the_chain_still_verifies(demo_db: Path) -> None:
    engine = make_engine(sqlite_url(demo_db))
    old = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with Session(engine) as session:
        for offset in range(5):
            log_access(session, worker_id=None, action=AuditAction.VIEW, at=old + timedelta(hours=offset))
        log_access(session, worker_id=None, action=AuditAction.VIEW)  # today: kept
        total = verify_chain(session)[0]
    engine.dispose()
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db), "--today", "2026-11-24", "db", "prune-log", "--proevekoersel"]
    )
    assert "Prøvekørsel" in result.output
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "--today", "2026-11-24", "db", "prune-log"])
    assert result.exit_code == 0, result.output
    removed = int(result.output.strip().splitlines()[-1].split()[0])
    assert removed >= 5
    check = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "check"])
    assert check.exit_code == 0, check.output
    assert "kæden er intakt (ryddet til og med" in check.output
    engine = make_engine(sqlite_url(demo_db))
    with Session(engine) as session:
        count, problems = verify_chain(session)
        assert problems == [] and count == total - removed + 1  # plus the pruning's own event
        log_access(session, worker_id=None, action=AuditAction.SEARCH, criterion="efter oprydning")
        assert verify_chain(session)[1] == []
    engine.dispose()
    # a pruned log is still tamper-evident
    conn = sqlite3.connect(demo_db)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET purpose = 'ændret' WHERE seq = (SELECT min(seq) FROM audit_event)")
    conn.commit()
    conn.close()
    check = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "check"])
    assert check.exit_code == 1 and "BRUDT" in check.output
