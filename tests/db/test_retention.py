"""Retention: closed cases erased without a trace, the access log
pruned with its chain still verifiable."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, SQLModel, col, select

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


# --- nothing of an erased citizen is left anywhere ---------------------------------------------

ERASED = ("Ølfrid", "Zyxbækgaard", "3112390017")
# How the names may stand in a file: as written, folded and transliterated, lower-cased as the
# name index keeps them (unicode61 without diacritics).
TRACES = ["Zyxbækgaard", "zyxbækgaard", "zyxbaekgaard", "zyxbakgaard", "zyxbkgaard", "Ølfrid", "ølfrid", "olfrid"]


def _erased_with_traces(path: Path) -> tuple[str, str]:
    """The first citizen becomes ERASED, closed six years ago, and is searched for, looked up with
    a purpose, exported in a file named after them and mentioned in another citizen's history.
    Returns (erased id, another citizen's id)."""
    import uuid

    from stvdesk.db.audit import log_citizens_out

    first, last, cpr = ERASED
    with sqlite3.connect(path) as conn:
        erased, other = [
            row[0] for row in conn.execute("SELECT id FROM citizen WHERE closed_on IS NULL ORDER BY id LIMIT 2")
        ]
        conn.execute(
            "UPDATE citizen SET first_name = ?, last_name = ?, cpr = ?, closed_on = ? WHERE id = ?",
            (first, last, cpr, (TODAY - timedelta(days=6 * 366)).isoformat(), erased),
        )
    engine = make_engine(sqlite_url(path))
    erased_id, other_id = uuid.UUID(erased), uuid.UUID(other)
    with Session(engine) as session:
        for typed in ("zyxbæk", "Zyxbækgaards", "ZYXBAEKGAARD", "311239-0017", "3112390", "Ølfr"):
            log_access(session, worker_id=None, action=AuditAction.SEARCH, criterion=typed)
        log_access(
            session,
            worker_id=None,
            action=AuditAction.VIEW,
            citizen_id=erased_id,
            purpose="Opkald fra Zyxbækgaards datter om 311239-0017",
        )
        log_citizens_out(
            session,
            worker_id=None,
            action=AuditAction.EXPORT,
            citizen_ids=[erased_id, other_id],
            criterion="Sagsstamme, zyxbaekgaard–liste 311239 0017.xlsx",
        )
        log_access(
            session,
            worker_id=None,
            action=AuditAction.CHANGE,
            citizen_id=other_id,
            criterion="Journalnotat: talte med Zyxbækgaard (CPR 311239–0017)",
        )
        log_access(session, worker_id=None, action=AuditAction.SEARCH, criterion="andersen")
    engine.dispose()
    return erased, other


def _traces_in(path: Path) -> list[str]:
    """Every trace of ERASED in the database file: in any column of any table (text, or bytes read
    as text), and in the raw bytes of the file and its WAL."""
    import unicodedata

    from stvdesk.domain.cpr import CPR_IN_TEXT, ascii_digits

    cpr = ERASED[2]
    traces = {unicodedata.normalize("NFC", trace.casefold()) for trace in TRACES}
    found = []
    with sqlite3.connect(path) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                    low = unicodedata.normalize("NFC", text.casefold())
                    if any(trace in low for trace in traces):
                        found.append(f"{table}: {text[:80]}")
                    digits = ascii_digits(text) if sum(ch.isdigit() for ch in text) >= 10 else ""
                    if any(re.sub(r"[^0-9]", "", m.group()) == cpr for m in CPR_IN_TEXT.finditer(digits)):
                        found.append(f"{table}: {text[:80]}")
    raw = path.read_bytes() + (Path(f"{path}-wal").read_bytes() if Path(f"{path}-wal").exists() else b"")
    for trace in [*TRACES, cpr, f"{cpr[:6]}-{cpr[6:]}", f"{cpr[:6]} {cpr[6:]}"]:
        if trace.encode() in raw:
            found.append(f"file: {trace}")
    return found


def test_after_erasure_nothing_of_the_citizen_is_left_in_any_table_or_the_file(demo_db: Path) -> None:
    erased, other = _erased_with_traces(demo_db)
    assert len(_traces_in(demo_db)) >= 5  # the check below can fail
    with sqlite3.connect(demo_db) as conn:
        events = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "--today", "2026-11-24", "db", "retention", "--ja"])
    assert result.exit_code == 0, result.output
    assert _traces_in(demo_db) == []
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] > events  # kept, and added to
        texts = dict(conn.execute("SELECT criterion, citizen_id FROM audit_event WHERE action = 'search'").fetchall())
        assert "andersen" in texts  # a search that could not have been for them stays as typed
        exported = conn.execute(
            "SELECT criterion FROM audit_event WHERE action = 'export' AND citizen_id = ?", (other,)
        ).fetchone()[0]
        assert exported == "Sagsstamme, …–liste ….xlsx"  # the other citizen's event keeps what is not theirs
        own = {row[0] for row in conn.execute("SELECT purpose FROM audit_event WHERE citizen_id = ?", (erased,))}
        assert "(fjernet ved sletning)" in own
        assert conn.execute("SELECT 1 FROM audit_event WHERE criterion LIKE 'Logning renset ved sletning%'").fetchone()
        assert conn.execute("SELECT value FROM db_meta WHERE key = 'retention_scrub_pending'").fetchone() is None
    check = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "check"])
    assert check.exit_code == 0, check.output
    assert "kæden er intakt" in check.output


def test_an_erasure_stopped_before_the_file_was_rewritten_is_finished_by_the_next_run(demo_db: Path) -> None:
    from stvdesk.db.retention import SCRUB_PENDING_KEY, erase_citizens

    erased, _other = _erased_with_traces(demo_db)
    engine = make_engine(sqlite_url(demo_db))
    import uuid

    with Session(engine) as session:  # the erasure commits, and then the process stops
        erase_citizens(session, [uuid.UUID(erased)], worker_id=None, note="Slettet")
    engine.dispose()
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT value FROM db_meta WHERE key = ?", (SCRUB_PENDING_KEY,)).fetchone() == ("1",)
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db), "--today", "2026-11-24", "db", "retention", "--proevekoersel"]
    )
    assert "mangler at skrive filen om" in result.output
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "--today", "2026-11-24", "db", "retention", "--ja"])
    assert result.exit_code == 0, result.output
    assert "afbrudt" in result.output
    assert _traces_in(demo_db) == []
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT value FROM db_meta WHERE key = ?", (SCRUB_PENDING_KEY,)).fetchone() is None


def test_an_encrypted_files_keyed_log_is_chained_again_with_its_key(tmp_path: Path, monkeypatch) -> None:
    """An encrypted file's events are keyed (HMAC under its chain key); the erasure's rewrite keys
    them again, so `db check` still finds the chain intact, and the name is gone from the log."""
    from stvdesk.db import cipher
    from stvdesk.db.models import Citizen
    from tests.db.test_cipher import PASS, SECRET_CPR, SECRET_NAME, encrypted_db

    path, key = encrypted_db(tmp_path)
    engine = make_engine(sqlite_url(path), key=key)
    with Session(engine) as session:
        citizen = session.exec(select(Citizen)).one()
        citizen.closed_on = TODAY - timedelta(days=6 * 366)
        session.add(citizen)
        session.commit()
        log_access(session, worker_id=None, action=AuditAction.SEARCH, criterion=SECRET_NAME.lower())
        log_access(session, worker_id=None, action=AuditAction.EXPORT, criterion=f"Liste {SECRET_NAME}s.csv")
    engine.dispose()
    monkeypatch.setenv("STVDESK_PASSPHRASE", PASS)
    result = CliRunner().invoke(cli, ["--db", str(path), "--today", "2026-11-24", "db", "retention", "--ja"])
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(cli, ["--db", str(path), "db", "check"])
    assert check.exit_code == 0 and "kæden er intakt" in check.output, check.output
    conn = cipher.connect(path, key, read_only=True)
    try:
        rows = conn.execute("SELECT criterion, purpose, hash FROM audit_event").fetchall()
    finally:
        conn.close()
    assert rows and all(h.startswith("k:") for _c, _p, h in rows)
    assert not [r for r in rows if SECRET_NAME.lower() in (r[0] + r[1]).lower() or SECRET_CPR in r[0] + r[1]]


def test_erasure_scrubs_the_log_and_keeps_its_chain_on_either_backend(demo_engine) -> None:
    """The scrub and the rewrite of the chain, through a session (SQLite and a team server's
    PostgreSQL, where the server chains each new event itself)."""
    from stvdesk.db.audit import check_session
    from stvdesk.db.models import AuditEvent, Citizen
    from stvdesk.db.retention import erase_citizens

    with Session(demo_engine) as session:
        erased, other = session.exec(select(Citizen).where(col(Citizen.closed_on).is_(None)).limit(2)).all()
        surname, erased_id, other_id = erased.last_name, erased.id, other.id
        log_access(session, worker_id=None, action=AuditAction.VIEW, citizen_id=erased_id, purpose=f"{surname}s sag")
        log_access(session, worker_id=None, action=AuditAction.EXPORT, citizen_id=other_id, criterion=f"{surname}.csv")
        erase_citizens(session, [erased_id], worker_id=None, note="Slettet")
        texts = session.exec(select(AuditEvent.criterion, AuditEvent.purpose)).all()
        assert not [t for t in texts if surname.lower() in (t[0] + t[1]).lower()]
        assert check_session(session).problems == ()
