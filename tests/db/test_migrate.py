"""Migrations, backups, and refusing files that must not be opened."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.errors import CorruptDatabaseError, ForeignDatabaseError, NewerDatabaseError, NotADatabaseError
from stvdesk.db.migrate import backup_sqlite, head_revision, include_object, open_database, script_directory, upgrade


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_created_at_head(tmp_path: Path) -> None:
    result = open_database(sqlite_url(tmp_path / "new.sqlite"))
    assert result.created and result.backup is None
    with result.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    result.engine.dispose()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_the_models(tmp_path: Path) -> None:
    """The shipped revisions build exactly the schema the models describe."""
    result = open_database(sqlite_url(tmp_path / "m.sqlite"))
    with result.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(context, SQLModel.metadata)
    result.engine.dispose()
    assert diff == []


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_the_models_on_postgresql(request) -> None:
    """The same revisions build the models' schema on PostgreSQL too."""
    engine = make_engine(request.getfixturevalue("pg_empty_database"))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_more_than_one_revision_in_a_line() -> None:
    revisions = list(script_directory().walk_revisions())
    assert len(revisions) >= 2
    assert revisions[-1].down_revision is None


def _at_first_revision_with_data(path: Path) -> None:
    url = sqlite_url(path)
    upgrade(url, "0001")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO team (id, created_at, updated_at, name, municipality)"
        " VALUES ('t1', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'Team Øst', 'Holmbæk')"
    )
    conn.execute(
        "INSERT INTO worker (id, created_at, updated_at, initials, name, role, team_id, email, phone, active)"
        " VALUES ('w1', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'ÅS', 'Åse Sø', 'S', 't1', '', '', 1)"
    )
    conn.execute(
        "INSERT INTO audit_event (id, at, device, action, criterion, purpose, prev_hash, hash)"
        " VALUES ('a1', '2026-01-01 00:00:00', 'pc', 'view', '', '', '', '')"
    )
    conn.commit()
    conn.close()


def test_older_database_is_backed_up_then_upgraded_with_data_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_first_revision_with_data(path)
    before = digest(path)
    result = open_database(sqlite_url(path))
    assert result.backup is not None and result.backup.exists()
    assert digest(result.backup) != ""  # a real, verified copy
    with sqlite3.connect(result.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert backup.execute("SELECT name FROM worker").fetchone()[0] == "Åse Sø"
    with result.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
        assert conn.exec_driver_sql("SELECT name, initials FROM worker").fetchall() == [("Åse Sø", "ÅS")]
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_event").scalar() == 1
    result.engine.dispose()
    assert digest(path) != before


def test_failed_upgrade_leaves_nothing_half_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All pending revisions run in one transaction: a failure rolls every one of them back."""
    path = tmp_path / "old.sqlite"
    _at_first_revision_with_data(path)
    conn = sqlite3.connect(path)
    # A trigger of the same name makes revision 0002 fail half-way through.
    conn.execute("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    with pytest.raises(OperationalError):
        upgrade(sqlite_url(path))
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        triggers = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert "audit_event_no_update" not in triggers


def test_garbage_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"Dette er ikke en database.\n" * 200)
    before = digest(path)
    with pytest.raises(NotADatabaseError) as info:
        open_database(sqlite_url(path))
    assert "ikke en stvdesk-database" in info.value.message
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.sqlite"]


def test_newer_revision_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    engine = open_database(sqlite_url(path)).engine
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(path)
    with pytest.raises(NewerDatabaseError) as info:
        open_database(sqlite_url(path))
    assert "nyere version" in info.value.message
    assert digest(path) == before


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = digest(path)
    with pytest.raises(ForeignDatabaseError):
        open_database(sqlite_url(path))
    assert digest(path) == before


def test_corrupt_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite"
    engine = open_database(sqlite_url(path)).engine
    with engine.begin() as conn:
        for k in range(400):
            conn.exec_driver_sql(
                "INSERT INTO team (id, created_at, updated_at, name, municipality) VALUES (?, ?, ?, ?, ?)",
                (f"{k:032x}", "2026-01-01 00:00:00", "2026-01-01 00:00:00", "x" * 200, "y"),
            )
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12), 7):  # scribble over b-tree pages
        data[offset] = 0xFF
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises((CorruptDatabaseError, NotADatabaseError)):
        open_database(sqlite_url(path))
    assert digest(path) == before


def test_backup_to_chosen_destination(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    open_database(sqlite_url(path)).engine.dispose()
    copy = backup_sqlite(path, tmp_path / "kopi.sqlite")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with pytest.raises(FileExistsError):
        backup_sqlite(path, copy)
    _ = make_engine  # the engine module is exercised by open_database


def test_head_constant_matches_the_scripts() -> None:
    assert script_directory().get_current_head() == head_revision()


# --- 0013: the text stored before cleaning existed is cleaned --------------------------------

DIRTY_NAME = "Mette\x1b[31m\x1b]0;overtaget\x07\x1b[2J\u202e"


def _dirty_at_0012(engine, nul: str) -> dict[str, object]:
    """Rows as an older version could store them, written past the column types."""
    from datetime import UTC, datetime

    from stvdesk.domain.audit import GENESIS, ChainedEvent

    sqlite = engine.dialect.name == "sqlite"
    ids = {name: uuid.uuid4() for name in ("team", "worker", "citizen", "note", "company", "event")}
    key = {name: (value.hex if sqlite else str(value)) for name, value in ids.items()}
    at = datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)  # naive UTC, as instants are stored
    purpose = "Formål\x1b[2J" + nul
    chained = ChainedEvent.from_row(
        1, at.replace(tzinfo=UTC), None, "pc", "view", ids["citizen"], "", purpose, GENESIS, ""
    )
    with engine.begin() as conn:
        run = lambda sql, **p: conn.execute(sa.text(sql), p)  # noqa: E731
        run(
            "INSERT INTO team (id, created_at, updated_at, name, municipality) VALUES (:id, :at, :at, :n, '')",
            id=key["team"],
            at=at,
            n="Team\u2066 Øst" + nul,
        )
        run(
            "INSERT INTO citizen (id, created_at, updated_at, cpr, first_name, last_name, birth_date, phone, email,"
            " address, postal_code, city, target_group, readiness, phase, phase_override_reason, opened_on)"
            " VALUES (:id, :at, :at, '0101901234', :first, :last, '1990-01-01', '', '', :address, '', '',"
            " 'andet', 'klar', 'relation', '', '2026-01-05')",
            id=key["citizen"],
            at=at,
            first=DIRTY_NAME + nul,
            last="Hansen\r\nJensen",
            address="Vej 1\x1b]8;;x\x1b\\",
        )
        run(
            "INSERT INTO note (id, created_at, updated_at, citizen_id, written_at, text)"
            " VALUES (:id, :at, :at, :citizen, :at, :text)",
            id=key["note"],
            at=at,
            citizen=key["citizen"],
            text="Linje 1\r\n\x1b[2JLinje 2\tmed tab" + nul,
        )
        run(
            "INSERT INTO company (id, created_at, updated_at, name, industry, address, postal_code, city, phone,"
            " notes, standing_agreement, renegotiate) VALUES (:id, :at, :at, :name, '', '', '', '', '', :notes, '', false)",
            id=key["company"],
            at=at,
            name="Firma\x1b[31m ApS",
            notes="Aftale:\r\n- \u202eeno",
        )
        run(
            "INSERT INTO audit_event (id, seq, at, device, action, citizen_id, criterion, purpose, prev_hash, hash)"
            " VALUES (:id, 1, :at, 'pc', 'view', :citizen, '', :purpose, :prev, :hash)",
            id=key["event"],
            at=at,
            citizen=key["citizen"],
            purpose=purpose,
            prev=GENESIS,
            hash=chained.digest(),
        )
    return {"purpose": purpose}


def _clean_after_upgrade(engine, purpose: str) -> None:
    from sqlmodel import Session

    from stvdesk.db.audit import verify_chain

    with engine.connect() as conn:
        raw = lambda sql: [tuple(r) for r in conn.execute(sa.text(sql))]  # noqa: E731
        assert raw("SELECT name FROM team") == [("Team Øst",)]
        assert raw("SELECT first_name, last_name, address FROM citizen") == [("Mette", "Hansen Jensen", "Vej 1")]
        assert raw("SELECT text FROM note") == [("Linje 1\nLinje 2\tmed tab",)]
        assert raw("SELECT name, notes FROM company") == [("Firma ApS", "Aftale:\n- eno")]
        # The access log is append-only and hash-chained: left exactly as stored, chain intact.
        assert raw("SELECT purpose FROM audit_event") == [(purpose,)]
        if engine.dialect.name == "sqlite":  # the name search's index follows the cleaned names
            assert raw("SELECT first_name FROM citizen_fts WHERE citizen_fts MATCH 'Mette'") == [("Mette",)]
    with Session(engine) as session:
        assert verify_chain(session) == (1, [])


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_an_older_database_with_dirty_text_comes_out_clean(tmp_path: Path, encrypted: bool) -> None:
    from stvdesk.db import cipher

    path = tmp_path / "old.sqlite"
    key = cipher.new_key("en frase") if encrypted else None
    upgrade(sqlite_url(path), "0012", key=key)
    engine = make_engine(sqlite_url(path), foreign_keys=False, key=key)
    dirty = _dirty_at_0012(engine, "\x00")
    engine.dispose()
    result = open_database(sqlite_url(path), key=key)
    assert result.backup is not None
    _clean_after_upgrade(result.engine, str(dirty["purpose"]))
    result.engine.dispose()


def test_an_older_database_with_dirty_text_comes_out_clean_on_postgresql(request) -> None:
    server = request.getfixturevalue("pg_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = str(sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False))
    try:
        upgrade(url, "0012")
        engine = make_engine(url)
        dirty = _dirty_at_0012(engine, "")  # PostgreSQL text cannot hold a NUL at all
        upgrade(url)
        _clean_after_upgrade(engine, str(dirty["purpose"]))
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def test_the_revisions_frozen_cleaner_is_todays_rule() -> None:
    """0013 carries its own copy of clean_text and of the text columns. Today they are the
    application's; should the rule change later, this test is the one to retire (the revision
    keeps doing what it did)."""
    import importlib

    from hypothesis import given
    from hypothesis import strategies as st
    from sqlmodel import SQLModel

    from stvdesk.db.types import CleanText
    from stvdesk.domain.text import clean_text

    revision = importlib.import_module("stvdesk.db.migrations.versions.0013_clean_stored_text")
    for table, (single, multi) in revision.TEXT_COLUMNS.items():
        columns = SQLModel.metadata.tables[table].c
        for column, multiline in [*((c, False) for c in single), *((c, True) for c in multi)]:
            assert isinstance(columns[column].type, CleanText) and columns[column].type.multiline is multiline
        listed = {*single, *multi}
        assert {c.name for c in columns if isinstance(c.type, CleanText)} == listed, table

    hostile = st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "L", "Mn"])

    @given(st.text(hostile, max_size=40) | st.text(max_size=40), st.booleans())
    def same(text: str, multiline: bool) -> None:
        assert revision.clean_text(text, multiline) == clean_text(text, multiline)

    same()
