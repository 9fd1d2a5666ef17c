"""Revision 0015: a placement's practical support and a ressourceforløb's dates, on a file of 0014."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import open_database, upgrade
from stvdesk.db.models import PlacementSupport
from stvdesk.domain.enums import SupportItem, SupportState


def test_a_file_at_0014_keeps_its_data_and_gets_the_checklist_and_the_dates(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    upgrade(sqlite_url(path), "0014")
    at = "2026-01-01 00:00:00"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO citizen (id, created_at, updated_at, cpr, first_name, last_name, birth_date, phone, email,"
            " address, postal_code, city, target_group, readiness, phase, phase_override_reason, opened_on)"
            f" VALUES ('{'c' * 32}', '{at}', '{at}', '0101901234', 'Mette', 'Hansen', '1990-01-01', '', '', '', '',"
            " '', 'ressourceforloeb', 'klar', 'relation', '', '2026-01-05')"
        )
        conn.execute(
            "INSERT INTO company (id, created_at, updated_at, name, industry, address, postal_code, city, phone,"
            f" notes, standing_agreement, renegotiate) VALUES ('{'d' * 32}', '{at}', '{at}', 'Firma ApS', '', '', '',"
            " '', '', '', '', 0)"
        )
        conn.execute(
            "INSERT INTO placement (id, created_at, updated_at, citizen_id, company_id, kind, purpose, tasks,"
            f" hours_per_week, ordinary_hours_per_week, start_on, status) VALUES ('{'e' * 32}', '{at}', '{at}',"
            f" '{'c' * 32}', '{'d' * 32}', 'praktik', 'Lager', '', 10, 0, '2026-02-01', 'active')"
        )
    result = open_database(sqlite_url(path))
    assert result.backup is not None
    engine = result.engine
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT first_name, target_group, resource_awarded_on, rehab_plan_on FROM citizen")
        ).all()
        assert [tuple(r) for r in rows] == [("Mette", "ressourceforloeb", None, None)]
        assert conn.execute(sa.text("SELECT purpose FROM placement")).scalar() == "Lager"
        assert conn.execute(sa.text("SELECT count(*) FROM placement_support")).scalar() == 0
    placement_id = uuid.UUID("e" * 32)
    with Session(engine) as session:
        session.add(PlacementSupport(placement_id=placement_id, item=SupportItem.CHILDCARE, due_on=date(2026, 2, 3)))
        session.commit()
        stored = session.exec(select(PlacementSupport)).one()
        assert (stored.state, stored.due_on) == (SupportState.OPEN, date(2026, 2, 3))
        # One row per item of a placement.
        session.add(PlacementSupport(placement_id=placement_id, item=SupportItem.CHILDCARE))
        with pytest.raises(IntegrityError):
            session.commit()
    engine.dispose()
