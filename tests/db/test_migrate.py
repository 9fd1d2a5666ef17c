"""Migrations, backups, and refusing files that must not be opened."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
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
    """The same revisions build the models' schema on PostgreSQL too (issue 10)."""
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
    with pytest.raises(Exception):
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
