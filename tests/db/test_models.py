"""Constraints and connection settings, on a real SQLite file."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, select

from stvdesk.clock import utcnow
from stvdesk.db.engine import make_engine
from stvdesk.db.models import AuditEvent, Citizen, Company, Placement, Team, Worker
from stvdesk.domain.enums import AuditAction, PlacementKind, Readiness, Role, TargetGroup


@pytest.fixture
def engine(fresh_engine):
    return fresh_engine


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


def test_pragmas(engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's connection pragmas")
    with engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("secure_delete") == 1
        assert pragma("temp_store") == 2  # MEMORY
        assert pragma("busy_timeout") == 5000


def test_ordinary_hours_cannot_exceed_hours(engine) -> None:
    with Session(engine) as session:
        citizen, company = _citizen(), Company(name="Firma ApS")
        session.add_all([citizen, company])
        session.commit()
        session.add(
            Placement(
                citizen_id=citizen.id,
                company_id=company.id,
                kind=PlacementKind.INTERNSHIP,
                hours_per_week=10,
                ordinary_hours_per_week=12,
                start_on=date(2026, 11, 2),
            )
        )
        with pytest.raises(IntegrityError, match="ordinary_within_hours"):
            session.commit()


def test_negative_hours_refused(engine) -> None:
    with engine.begin() as conn, pytest.raises(IntegrityError):
        conn.exec_driver_sql(
            "INSERT INTO job_opening (id, created_at, updated_at, company_id, title, description, hours_per_week,"
            " spotted_on, status) VALUES ('0000000000000000000000000000000a', '2026-01-01', '2026-01-01',"
            " '0000000000000000000000000000000b', 't', '', -1, '2026-01-01', 'open')"
        )


def test_enum_check_constraint_refuses_unknown_values(engine) -> None:
    with engine.begin() as conn, pytest.raises(IntegrityError, match="ck_worker_role"):
        conn.exec_driver_sql(
            "INSERT INTO worker (id, created_at, updated_at, initials, name, role, email, phone, active)"
            " VALUES ('0000000000000000000000000000000c', '2026-01-01', '2026-01-01', 'XX', 'X', 'BOSS', '', '', TRUE)"
        )


def test_foreign_keys_enforced(engine) -> None:
    with Session(engine) as session:
        session.add(Worker(initials="AB", name="A B", role=Role.S, team_id=uuid.uuid4()))
        with pytest.raises(IntegrityError):
            session.commit()


def test_uuid_keys_and_aware_utc_timestamps(engine) -> None:
    with Session(engine) as session:
        team = Team(name="T")
        session.add(team)
        session.commit()
        loaded = session.exec(select(Team)).one()
        assert isinstance(loaded.id, uuid.UUID)
        assert loaded.created_at.tzinfo is not None and loaded.created_at.utcoffset().total_seconds() == 0
        assert loaded.deleted_at is None and loaded.updated_by is None


def test_naive_datetimes_are_refused(engine) -> None:
    with Session(engine) as session:
        session.add(Team(name="T", created_at=datetime(2026, 1, 1)))  # noqa: DTZ001 - the naive stamp under test
        with pytest.raises(StatementError):
            session.commit()


def test_audit_log_is_append_only(engine) -> None:
    with Session(engine) as session:
        session.add(AuditEvent(action=AuditAction.VIEW, at=utcnow()))
        session.commit()
    for statement in ("UPDATE audit_event SET device = 'x'", "DELETE FROM audit_event"):
        with engine.begin() as conn, pytest.raises(sa.exc.DatabaseError, match="logningen kan kun udvides"):
            conn.exec_driver_sql(statement)


def test_every_user_table_has_the_tracked_columns() -> None:
    from stvdesk.db.models import USER_TABLES

    for model in USER_TABLES:
        columns = set(model.__table__.columns.keys())
        assert {"id", "created_at", "updated_at", "updated_by", "deleted_at"} <= columns, model
        assert isinstance(model.__table__.c.id.type, sa.Uuid)


def test_check_constraint_names_are_unique_per_table() -> None:
    from sqlmodel import SQLModel

    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    for table in SQLModel.metadata.sorted_tables:
        names = [c.name for c in table.constraints if c.name]
        assert len(names) == len(set(names)), table.name
