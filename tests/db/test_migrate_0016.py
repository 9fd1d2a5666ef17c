"""Revision 0016: aftercare's open offer on the citizen and the consultant's ask for ordinary hours
on a logged contact, on a file of 0015."""

from __future__ import annotations

import sqlite3
import uuid
import warnings
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import HEAD, open_database, upgrade
from stvdesk.db.models import Citizen, CompanyContactLog
from stvdesk.domain.enums import ContactChannel


def test_a_file_at_0015_keeps_its_contacts_and_gets_the_open_offer_and_the_ask(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    upgrade(sqlite_url(path), "0015")
    at = "2026-01-01 00:00:00"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO citizen (id, created_at, updated_at, cpr, first_name, last_name, birth_date, phone, email,"
            " address, postal_code, city, target_group, readiness, phase, phase_override_reason, opened_on)"
            f" VALUES ('{'c' * 32}', '{at}', '{at}', '0101901234', 'Mette', 'Hansen', '1990-01-01', '', '', '', '',"
            " '', 'kontanthjaelp', 'klar', 'relation', '', '2026-01-05')"
        )
        conn.execute(
            "INSERT INTO company (id, created_at, updated_at, name, industry, address, postal_code, city, phone,"
            f" notes, standing_agreement, renegotiate) VALUES ('{'d' * 32}', '{at}', '{at}', 'Firma ApS', '', '', '',"
            " '', '', '', '', 0)"
        )
        conn.execute(
            "INSERT INTO company_contact_log (id, created_at, updated_at, company_id, citizen_id, contacted_on,"
            f" channel, outcome, next_step) VALUES ('{'e' * 32}', '{at}', '{at}', '{'d' * 32}', '{'c' * 32}',"
            " '2026-02-03', 'telefon', 'Talte om praktik', '')"
        )
    with warnings.catch_warnings():
        # Upgrading an old file must not print SQLAlchemy's reflection warnings at the user.
        warnings.simplefilter("error")
        result = open_database(sqlite_url(path))
    assert result.backup is not None
    with sqlite3.connect(path) as conn:
        kept = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'citizen'")}
    assert {"ix_citizen_name_order", "citizen_fts_insert", "citizen_fts_update", "citizen_fts_delete"} <= kept
    engine = result.engine
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        row = conn.execute(
            sa.text(
                "SELECT first_name, open_offer_citizen_on, open_offer_citizen_by, open_offer_company_on,"
                " open_offer_company_by FROM citizen"
            )
        ).one()
        assert tuple(row) == ("Mette", None, None, None, None)
        # The contact logged before the revision was no ask for ordinary hours.
        assert tuple(conn.execute(sa.text("SELECT outcome, ordinary_hours_asked FROM company_contact_log")).one()) == (
            "Talte om praktik",
            0,
        )
    worker = uuid.uuid4()
    with Session(engine) as session:
        citizen = session.exec(select(Citizen)).one()
        citizen.open_offer_citizen_on, citizen.open_offer_citizen_by = date(2026, 3, 2), worker
        session.add(
            CompanyContactLog(
                company_id=uuid.UUID("d" * 32),
                contacted_on=date(2026, 3, 3),
                channel=ContactChannel.VISIT,
                ordinary_hours_asked=True,
            )
        )
        session.commit()
    with Session(engine) as session:
        stored = session.exec(select(Citizen)).one()
        assert (stored.open_offer_citizen_on, stored.open_offer_citizen_by) == (date(2026, 3, 2), worker)
        asked = session.exec(select(CompanyContactLog).order_by(CompanyContactLog.contacted_on)).all()
        assert [entry.ordinary_hours_asked for entry in asked] == [False, True]
    engine.dispose()
