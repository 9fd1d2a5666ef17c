"""A unit of work that meets another writer of the SQLite file is run again, not failed with
"database is locked": the desk's workers save at once (an answer stored in the background as an
agreement is saved) and a second program may write the file too."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, func, select

from stvdesk.db.models import Citizen, Note
from stvdesk.db.queries.edits import Editor, add_note
from stvdesk.db.units import PATIENCE, met_another_writer, run_unit
from stvdesk.importing.write import ImportFailed
from tests.conftest import TODAY


def _notes(desk, text: str) -> int:
    return desk.run(lambda s: s.exec(select(func.count()).select_from(Note).where(Note.text.startswith(text))).one())


def _busy(code: int = 517) -> OperationalError:
    orig = sqlite3.OperationalError("database is locked")
    orig.sqlite_errorcode = code
    return OperationalError("INSERT INTO note …", {}, orig)


def _some_citizen(desk):
    return desk.run(lambda s: s.exec(select(Citizen.id).order_by(Citizen.id).limit(1)).one())


def test_a_unit_whose_reads_another_writer_outdated_is_run_again(desk) -> None:
    """The unit reads, another connection commits, the unit writes: SQLite refuses that write at
    once (SQLITE_BUSY_SNAPSHOT). The unit runs again from its start and both notes are kept."""
    editor = Editor(worker_id=desk.me.id, today=TODAY)
    citizen = _some_citizen(desk)
    attempts: list[int] = []

    def unit(session: Session) -> None:
        attempts.append(1)
        session.exec(select(Citizen).where(Citizen.id == citizen)).one()  # the unit's snapshot
        if len(attempts) == 1:  # another writer commits in between, on its own connection
            with Session(desk.engine) as other:
                add_note(other, editor, citizen, "skrevet imellem")
        add_note(session, editor, citizen, "skrevet af enheden")

    desk.run(unit)
    assert len(attempts) == 2
    assert _notes(desk, "skrevet imellem") == 1 and _notes(desk, "skrevet af enheden") == 1


def test_workers_saving_at_the_same_time_never_find_the_file_locked(desk) -> None:
    """Four threads, each saving notes as fast as it can through the desk: every save lands."""
    editor = Editor(worker_id=desk.me.id, today=TODAY)
    citizen = _some_citizen(desk)
    failures: list[BaseException] = []
    start = threading.Barrier(4)

    def saves(n: int) -> None:
        start.wait()
        for i in range(12):
            try:
                desk.run(lambda s, i=i: add_note(s, editor, citizen, f"samtidig {n}-{i}"))
            except Exception as exc:  # every failure is the finding
                failures.append(exc)

    threads = [threading.Thread(target=saves, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert _notes(desk, "samtidig ") == 48


def test_a_unit_that_committed_part_of_its_work_is_not_run_again(desk) -> None:
    editor = Editor(worker_id=desk.me.id, today=TODAY)
    citizen = _some_citizen(desk)
    attempts: list[int] = []

    def unit(session: Session) -> None:
        attempts.append(1)
        add_note(session, editor, citizen, "første del")  # commits
        raise _busy()

    with pytest.raises(OperationalError):
        desk.run(unit)
    assert len(attempts) == 1 and _notes(desk, "første del") == 1


def test_other_failures_are_raised_at_once(desk) -> None:
    attempts: list[int] = []

    def unit(session: Session) -> None:
        attempts.append(1)
        raise IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))

    with pytest.raises(IntegrityError):
        desk.run(unit)
    assert len(attempts) == 1


def test_a_file_that_stays_locked_is_said_after_the_busy_timeout(desk) -> None:
    """Tried again with growing pauses for as long as SQLite's busy timeout, then raised as it came."""
    clock = [0.0]
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        clock[0] += seconds

    def unit(session: Session) -> None:
        raise _busy(5)

    with pytest.raises(OperationalError, match="database is locked"):
        run_unit(desk.engine, unit, now=lambda: clock[0], sleep=sleep)
    assert pauses == sorted(pauses) and pauses[0] < pauses[-1]
    assert sum(pauses) <= PATIENCE < sum(pauses) + pauses[-1] * 2


def test_what_counts_as_meeting_another_writer() -> None:
    assert met_another_writer(_busy(517)) and met_another_writer(_busy(5)) and met_another_writer(_busy(261))
    # said only in words (sqlcipher3)
    assert met_another_writer(OperationalError("…", {}, sqlite3.OperationalError("database is locked")))
    # raised from one: an import says its own words about it
    try:
        try:
            raise _busy()
        except OperationalError as exc:
            raise ImportFailed("Importen kunne ikke gemmes.") from exc
    except ImportFailed as said:
        assert met_another_writer(said)
    assert not met_another_writer(_busy(19))  # SQLITE_CONSTRAINT
    assert not met_another_writer(OperationalError("…", {}, sqlite3.OperationalError("disk I/O error")))
    assert not met_another_writer(ValueError("database is locked"))  # not a driver's


def test_a_transaction_known_to_write_waits_for_the_write_lock(demo_engine, demo_db) -> None:
    """Another program holds the file's write lock for a moment. A transaction begun as a
    writer (`writing`, the sync's) waits for it; a deferred one that has read is refused at once."""
    import sqlalchemy as sa

    from stvdesk.db.engine import writing

    def hold_the_lock(taken: threading.Event, seconds: float) -> None:
        other = sqlite3.connect(demo_db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        taken.set()
        threading.Event().wait(seconds)
        other.execute("COMMIT")
        other.close()

    def meta_write(conn: sa.Connection, value: str) -> None:
        conn.execute(sa.text("SELECT count(*) FROM db_meta")).one()
        conn.execute(sa.text("INSERT INTO db_meta (key, value) VALUES ('test_writer', :v)"), {"v": value})

    taken = threading.Event()
    holder = threading.Thread(target=hold_the_lock, args=(taken, 0.3))
    holder.start()
    taken.wait()
    with writing(demo_engine) as conn, conn.begin():
        meta_write(conn, "waited")
    holder.join()

    with demo_engine.connect() as conn, conn.begin():
        conn.execute(sa.text("SELECT count(*) FROM db_meta")).one()  # the snapshot read first
        taken = threading.Event()
        holder = threading.Thread(target=hold_the_lock, args=(taken, 0.3))
        holder.start()
        taken.wait()
        with pytest.raises(OperationalError, match="database is locked"):
            conn.execute(sa.text("UPDATE db_meta SET value = 'not waited' WHERE key = 'test_writer'"))
    holder.join()
    with demo_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT value FROM db_meta WHERE key = 'test_writer'")).scalar_one() == "waited"


def test_an_export_run_again_leaves_one_file_and_logs_it(desk, demo_db, monkeypatch) -> None:
    """The caseload's export writes its file, then meets another writer as it logs it: the
    unit runs again. The first attempt's file is gone with it; one file, the one logged."""
    import stvdesk.export.lists as lists
    from stvdesk import settings
    from stvdesk.db.models import AuditEvent
    from stvdesk.db.queries.caseload_list import CaseloadFilter, Viewer

    worker = desk.me
    viewer = Viewer(worker.id, worker.role, worker.team_id)
    real_write, written_to = lists.tables.write, []

    def write(path, table, fmt):
        real_write(path, table, fmt)
        written_to.append(path.name)
        if len(written_to) == 1:  # another program commits while the file is written
            other = sqlite3.connect(demo_db, isolation_level=None)
            other.execute("INSERT INTO db_meta (key, value) VALUES ('another_writer', 'x')")
            other.close()

    monkeypatch.setattr(lists.tables, "write", write)
    written = desk.run(
        lambda s: lists.export_caseload_file(
            s, worker_id=worker.id, viewer=viewer, criteria=CaseloadFilter(), today=TODAY, fmt="csv", redacted=False
        )
    )
    assert len(written_to) == 2
    assert sorted(p.name for p in settings.export_dir().iterdir()) == [written.path.name]
    logged = desk.run(
        lambda s: set(s.exec(select(AuditEvent.criterion).where(AuditEvent.criterion.contains("sagsstamme-"))).all())
    )
    assert logged == {f"Sagsstamme (min sagsstamme), {written.path.name}"}


def test_targets_imported_together_are_stored_together(desk) -> None:
    """A team's targets from CSV are one transaction: a unit of several commits could not be run
    again when it met another writer, and left the lines before it stored."""
    from stvdesk.db.models import Target
    from stvdesk.db.queries import steering

    commits: list[int] = []
    text = "maaned;ejer;maal;vaerdi\n2027-01;team;started;11\n2027-01;team;with_cv;4\n"
    desk_team = desk.me.team_id
    editor = Editor(worker_id=desk.me.id, today=TODAY)

    def unit(session: Session):
        from sqlalchemy import event

        event.listen(session, "after_commit", lambda _s: commits.append(1))
        return steering.import_targets(session, editor, desk_team, text)

    count, errors = desk.run(unit)
    assert (count, errors, len(commits)) == (2, [], 1)
    stored = desk.run(lambda s: s.exec(select(func.count()).select_from(Target)).one())
    assert stored >= 2
