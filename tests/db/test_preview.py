"""Min dag's agenda read before the data layer (db/preview.py): the same rows as the desk's own
query, for the same worker, and nothing wherever that is not certain."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from stvdesk.cli.options import Options, desk_worker
from stvdesk.clock import Clock
from stvdesk.context import DeskContext
from stvdesk.db.demo_file import DEFAULT_SEED
from stvdesk.db.engine import SYNC_SERVER_KEY, SYNC_WORKER_KEY, make_engine, sqlite_url
from stvdesk.db.models import DbMeta, FollowUp, Worker
from stvdesk.db.preview import DemoDay, read_preview
from stvdesk.db.queries.today import agenda_lines
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.enums import FollowUpStatus, Role
from stvdesk.settings import Settings
from tests.conftest import TODAY


def _workers(path: Path) -> list[tuple[str, Role]]:
    with Session(make_engine(sqlite_url(path))) as session:
        return [(w.initials, w.role) for w in session.exec(select(Worker).where(Worker.deleted_at == None))]  # noqa: E711


@pytest.mark.parametrize("days", [0, 3, -9, 30])
def test_the_preview_is_the_agenda_the_desk_shows_for_every_worker_and_day(demo_db: Path, days: int) -> None:
    today = TODAY + timedelta(days=days)
    engine = make_engine(sqlite_url(demo_db))
    compared = 0
    for initials, role in _workers(demo_db):
        preview = read_preview(demo_db, initials=initials, today=today)
        if role in (Role.LEADER, Role.PL):
            assert preview is None  # a leader's desk opens on Styring
            continue
        with Session(engine) as session:
            worker = find_worker(session, initials)
            assert worker is not None
            expected = agenda_lines(session, worker.id, today)
        assert preview is not None and preview.worker_id == worker.id
        assert preview.lines == expected
        compared += len(expected)
    assert compared > 20  # the demo's workers have agendas to compare


def test_the_preview_opens_as_the_worker_the_desk_opens_as(demo_db: Path) -> None:
    """By the desk's own order: named initials (any case), else the demo's worker on a demo file."""
    desk = DeskContext(engine=make_engine(sqlite_url(demo_db)), clock=Clock(TODAY), demo=True)
    for named in (None, "rk", "KB"):
        options = Options(settings=Settings(), db=None, as_initials=named, today=TODAY)
        opened = desk_worker(desk, options)
        preview = read_preview(demo_db, initials=named, today=TODAY)
        assert opened is not None and preview is not None
        assert (preview.worker_id, preview.initials) == (opened.id, opened.initials)


def _set_meta(path: Path, key: str, value: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT OR REPLACE INTO db_meta (key, value) VALUES (?, ?)", (key, value))


def test_a_laptop_that_syncs_previews_its_own_workers_agenda_and_never_another(demo_db: Path) -> None:
    engine = make_engine(sqlite_url(demo_db))
    with Session(engine) as session:
        rk = find_worker(session, "RK")
    assert rk is not None
    _set_meta(demo_db, SYNC_SERVER_KEY, "postgresql://server/team")
    _set_meta(demo_db, SYNC_WORKER_KEY, str(rk.id))
    assert (preview := read_preview(demo_db, initials=None, today=TODAY)) is not None
    assert preview.worker_id == rk.id
    assert read_preview(demo_db, initials="KB", today=TODAY) is None  # --as another: refused by the opening
    with sqlite3.connect(demo_db) as connection:  # the owner deleted: the opening refuses, so no preview
        connection.execute("UPDATE worker SET deleted_at = '2026-11-01 00:00:00' WHERE id = ?", (rk.id.hex,))
    assert read_preview(demo_db, initials=None, today=TODAY) is None
    assert read_preview(demo_db, initials="KB", today=TODAY) is None


@pytest.mark.parametrize(
    "spoil",
    [
        "DELETE FROM alembic_version",  # before the first migration
        "UPDATE alembic_version SET version_num = '0001'",  # an upgrade comes first
        "PRAGMA application_id = 42",  # not a file of stvdesk's
        "DROP TABLE follow_up",  # damaged
    ],
)
def test_no_preview_of_a_file_the_opening_must_check_or_upgrade_first(demo_db: Path, spoil: str) -> None:
    with sqlite3.connect(demo_db) as connection:
        connection.execute(spoil)
    assert read_preview(demo_db, initials="KB", today=TODAY) is None


def test_no_preview_of_a_missing_encrypted_or_foreign_file_nor_of_unknown_initials(
    demo_db: Path, tmp_path: Path
) -> None:
    assert read_preview(tmp_path / "missing.sqlite", initials="KB", today=TODAY) is None
    noise = tmp_path / "encrypted.sqlite"
    noise.write_bytes(bytes(range(256)) * 16)  # what SQLCipher's pages look like to sqlite3
    assert read_preview(noise, initials="KB", today=TODAY) is None
    assert read_preview(None, initials="KB", today=TODAY) is None  # PostgreSQL: no file
    assert read_preview(demo_db, initials="ZZ", today=TODAY) is None


def test_no_preview_when_nobody_is_named_on_a_file_that_is_not_a_demo(demo_db: Path) -> None:
    """The first caseworker is the opening's last resort: not guessed here."""
    with sqlite3.connect(demo_db) as connection:
        connection.execute("DELETE FROM db_meta WHERE key = 'demo'")
    assert read_preview(demo_db, initials=None, today=TODAY) is None
    assert read_preview(demo_db, initials="KB", today=TODAY) is not None


def test_a_demo_preview_only_of_the_demo_file_of_this_day_and_seed(demo_db: Path) -> None:
    _set_meta(demo_db, "demo_today", TODAY.isoformat())
    _set_meta(demo_db, "demo_seed", str(DEFAULT_SEED))
    assert read_preview(demo_db, initials=None, today=TODAY, demo=DemoDay(TODAY, DEFAULT_SEED)) is not None
    tomorrow = TODAY + timedelta(days=1)
    assert read_preview(demo_db, initials=None, today=tomorrow, demo=DemoDay(tomorrow, DEFAULT_SEED)) is None
    assert read_preview(demo_db, initials=None, today=TODAY, demo=DemoDay(TODAY, DEFAULT_SEED + 1)) is None


def test_the_preview_leaves_out_what_the_agenda_leaves_out(demo_db: Path) -> None:
    """Held and deleted follow-ups are not on Min dag, nor in its preview."""
    engine = make_engine(sqlite_url(demo_db))
    before = read_preview(demo_db, initials="KB", today=TODAY)
    assert before is not None and len(before.lines) >= 2
    first, second = before.lines[0].follow_up_id, before.lines[1].follow_up_id
    with Session(engine) as session:
        held = session.get(FollowUp, first)
        gone = session.get(FollowUp, second)
        assert held is not None and gone is not None
        held.status, held.held_on = FollowUpStatus.HELD, TODAY
        gone.deleted_at = Clock(TODAY).now()
        session.commit()
    after = read_preview(demo_db, initials="KB", today=TODAY)
    assert after is not None
    assert {first, second}.isdisjoint(line.follow_up_id for line in after.lines)
    assert len(after.lines) == len(before.lines) - 2


def test_reading_a_preview_imports_no_data_layer(demo_db: Path) -> None:
    program = f"""
import sys
from datetime import date
from pathlib import Path
from stvdesk.db.preview import read_preview
preview = read_preview(Path({str(demo_db)!r}), initials="KB", today=date(2026, 11, 24))
assert preview is not None and preview.lines
print(" ".join(sorted({{n.split(".")[0] for n in sys.modules}} & {{"sqlalchemy", "sqlmodel", "pydantic", "alembic"}})))
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_unused_db_meta_is_no_reason_to_refuse(demo_db: Path) -> None:
    with Session(make_engine(sqlite_url(demo_db))) as session:
        session.add(DbMeta(key=f"note-{uuid.uuid4().hex[:6]}", value="x"))
        session.commit()
    assert read_preview(demo_db, initials="KB", today=TODAY) is not None


def test_a_path_is_read_as_written_even_with_a_percent_sign(demo_db: Path, tmp_path: Path) -> None:
    """A URI would read "p%41" as "pA": the other file's agenda."""
    import shutil

    ours = tmp_path / "p%41.sqlite"
    shutil.copy(demo_db, ours)
    other = tmp_path / "pA.sqlite"
    shutil.copy(demo_db, other)
    with sqlite3.connect(other) as connection:
        connection.execute("DELETE FROM follow_up")
    preview = read_preview(ours, initials="KB", today=TODAY)
    assert preview is not None and preview.lines


def test_nothing_is_made_beside_another_programs_database(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert read_preview(foreign, initials="KB", today=TODAY) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == before
