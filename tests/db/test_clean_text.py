"""Text is cleaned on every way into the database and on every way out of it (db/types.CleanText,
db/cleaning.py), on SQLite and PostgreSQL; the access log's stored text stays what was hashed."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from stvdesk.clock import utcnow
from stvdesk.db.audit import citizen_log_lines, log_access, team_log, verify_chain
from stvdesk.db.cleaning import clean_row
from stvdesk.db.copy import copy_rows
from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import open_database
from stvdesk.db.models import (
    MULTILINE_TEXT,
    AuditEvent,
    Citizen,
    Note,
    Team,
    Tracked,
    Worker,
    table_of,
)
from stvdesk.db.types import CleanText
from stvdesk.domain.audit import ChainedEvent
from stvdesk.domain.enums import AuditAction, Readiness, Role, TargetGroup

# What the attack stored: colours, a window title, a cleared screen, a right-to-left override
# and a NUL. PostgreSQL cannot hold a NUL at all, so text put there past the application has none.
ATTACK = "Mette\x1b[31m\x1b]0;overtaget\x07\x1b[2J\u202e\x00"
ATTACK_PG = ATTACK.replace("\x00", "")


def _citizen(**kw) -> Citizen:
    values = {
        "cpr": "0101901234",
        "first_name": "Test",
        "last_name": "Person",
        "birth_date": date(1990, 1, 1),
        "target_group": TargetGroup.CASH_BENEFIT,
        "readiness": Readiness.FAR,
        "opened_on": date(2026, 1, 5),
    }
    values.update(kw)
    return Citizen(**values)


def _raw(conn: sa.Connection, sql: str, **params) -> list[tuple]:
    """Past the column types: what is really stored."""
    return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def test_every_text_column_of_a_user_table_is_cleaned() -> None:
    for model in Tracked.__subclasses__():
        for column in table_of(model).columns:
            if isinstance(column.type, sa.Enum):
                continue
            if isinstance(column.type, sa.types.TypeDecorator) and column.type.impl_instance.python_type is str:
                assert isinstance(column.type, CleanText), f"{model.__tablename__}.{column.name}"
    for name, columns in MULTILINE_TEXT.items():
        table = SQLModel.metadata.tables[name]
        for column in columns:
            assert isinstance(table.c[column].type, CleanText) and table.c[column].type.multiline, f"{name}.{column}"
    assert not table_of(Citizen).c.first_name.type.multiline
    # The access log is read and copied as it was hashed: no column of it cleans.
    assert not any(isinstance(c.type, CleanText) for c in table_of(AuditEvent).columns)


def test_an_orm_save_stores_and_keeps_clean_text(fresh_engine) -> None:
    with Session(fresh_engine, expire_on_commit=False) as session:
        citizen = _citizen(first_name=ATTACK, last_name="Hansen\r\nJensen", city="\u2066Aarhus\u2069")
        session.add(citizen)
        session.commit()
        note = Note(citizen_id=citizen.id, text="Linje 1\r\n\x1b[2JLinje 2\tmed tab\x07")
        session.add(note)
        session.commit()
        # The objects the session holds (what the desk shows next, what sync's outbox records).
        assert (citizen.first_name, citizen.last_name, citizen.city) == ("Mette", "Hansen Jensen", "Aarhus")
        assert note.text == "Linje 1\nLinje 2\tmed tab"
        citizen.address = "Vej 1\x1b[0m"
        session.commit()
        assert citizen.address == "Vej 1"
        conn = session.connection()
        assert _raw(conn, "SELECT first_name, last_name, city, address FROM citizen") == [
            ("Mette", "Hansen Jensen", "Aarhus", "Vej 1")
        ]
        assert _raw(conn, "SELECT text FROM note") == [("Linje 1\nLinje 2\tmed tab",)]


def test_core_writes_are_cleaned_and_stored_dirt_is_cleaned_as_read(fresh_engine) -> None:
    team = table_of(Team)
    dirty = ATTACK if fresh_engine.dialect.name == "sqlite" else ATTACK_PG
    with fresh_engine.begin() as conn:
        conn.execute(team.insert().values(id=uuid.uuid4(), created_at=utcnow(), updated_at=utcnow(), name=ATTACK))
        assert _raw(conn, "SELECT name FROM team") == [("Mette",)]
        conn.execute(sa.update(team).values(municipality="Holm\x1b[1mbæk"))
        assert _raw(conn, "SELECT municipality FROM team") == [("Holmbæk",)]
        # An older database (or a hand-made UPDATE) holds what no way in lets through today.
        conn.execute(sa.text("UPDATE team SET name = :v"), {"v": dirty})
        assert _raw(conn, "SELECT name FROM team") == [(dirty,)]
        assert conn.execute(sa.select(team.c.name)).scalar_one() == "Mette"
    with Session(fresh_engine) as session:
        assert session.exec(select(Team)).one().name == "Mette"
        assert session.exec(select(Team.name)).one() == "Mette"


def test_clean_row_cleans_by_the_column_kind() -> None:
    row = clean_row(table_of(Note), {"text": "a\r\nb\x1b[2J", "id": "x", "worker_id": None})
    assert row == {"text": "a\nb", "id": "x", "worker_id": None}
    assert clean_row(table_of(Citizen), {"first_name": "A\nB\u202e"})["first_name"] == "A B"


def test_the_access_log_is_cleaned_before_it_is_chained(fresh_engine) -> None:
    with Session(fresh_engine) as session:
        team = Team(name="Team")
        session.add(team)
        session.flush()
        worker = Worker(initials="KB", name="Karen", role=Role.S, team_id=team.id)
        session.add(worker)
        session.commit()
        log_access(
            session,
            worker_id=worker.id,
            action=AuditAction.VIEW,
            criterion="Sag\x1b[2J åbnet",
            purpose="Formål\x1b]0;x\x07\u202e",
            device="pc\x1b[31m",
        )
        conn = session.connection()
        assert _raw(conn, "SELECT device, criterion, purpose FROM audit_event") == [("pc", "Sag åbnet", "Formål")]
        assert verify_chain(session) == (1, [])


def test_old_dirty_events_stay_as_hashed_and_are_shown_clean(tmp_path: Path) -> None:
    """An event an older version wrote with dirty text: the chain still holds (nothing rewrote
    it, and a copy of the database copies it as it is) and wherever it is shown it is clean."""
    path = tmp_path / "log.sqlite"
    engine = open_database(sqlite_url(path)).engine
    with Session(engine, expire_on_commit=False) as session:
        team = Team(name="Team")
        session.add(team)
        session.flush()
        worker = Worker(initials="KB", name="Karen", role=Role.S, team_id=team.id)
        citizen = _citizen()
        session.add_all([worker, citizen])
        session.commit()
    engine.dispose()
    at = utcnow()
    dirty = ChainedEvent.from_row(1, at, worker.id, "pc", "view", citizen.id, "\x1b[2J", ATTACK, "0" * 64, "")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO audit_event (id, seq, at, worker_id, device, action, citizen_id, criterion, purpose,"
            " prev_hash, hash) VALUES (?, 1, ?, ?, 'pc', 'view', ?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex,
                at.replace(tzinfo=None).isoformat(sep=" "),
                worker.id.hex,
                citizen.id.hex,
                "\x1b[2J",
                ATTACK,
                "0" * 64,
                dirty.digest(),
            ),
        )
    engine = open_database(sqlite_url(path)).engine
    with Session(engine) as session:
        assert verify_chain(session) == (1, [])
        (line,) = citizen_log_lines(session, citizen.id)
        assert line[3] == "Mette"
        (row,) = team_log(session, team.id, date(2020, 1, 1), date(2100, 1, 1))
        assert (row.criterion, row.purpose) == ("", "Mette")
        log_access(session, worker_id=worker.id, action=AuditAction.VIEW, citizen_id=citizen.id)
        assert verify_chain(session) == (2, [])
        assert _raw(session.connection(), "SELECT purpose FROM audit_event WHERE seq = 1") == [(ATTACK,)]
    copy = open_database(sqlite_url(tmp_path / "kopi.sqlite")).engine
    copy_rows(engine, copy)
    with Session(copy) as session:
        assert verify_chain(session) == (2, [])
    engine.dispose()
    copy.dispose()
