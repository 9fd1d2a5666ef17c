"""Rows and access-log events written in bulk through Core (db/rows.py, audit.append_events), as
the import writes them: each row what the model's object would have held, and the events in the
order they were made, chained, on SQLite (anchored) and on PostgreSQL (by the server's function)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from stvdesk.db.audit import check_session, read_anchor
from stvdesk.db.cleaning import clean_event, clean_row
from stvdesk.db.models import (
    AuditEvent,
    Citizen,
    Company,
    CvStatus,
    FollowUp,
    Note,
    Placement,
    PlacementHours,
    Worker,
    table_of,
)
from stvdesk.db.queries.edits import Editor
from stvdesk.db.rows import row_values
from stvdesk.domain.enums import AuditAction, FollowUpKind, PlacementKind, Readiness, TargetGroup
from stvdesk.importing.check import check_table
from stvdesk.importing.prepare import prepare
from stvdesk.importing.write import apply_plan, load_lookups

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
SOME = uuid.UUID(int=7)
# What each model needs; the rest is the model's to fill (text with a control character, to be cleaned).
GIVEN: dict[type[SQLModel], dict[str, object]] = {
    Citizen: {
        "cpr": "0303901234",
        "first_name": "Ny\x1b[31m",
        "last_name": "Borger",
        "birth_date": date(1990, 3, 3),
        "target_group": TargetGroup.OTHER,
        "readiness": Readiness.CLOSE,
        "opened_on": TODAY,
    },
    CvStatus: {"citizen_id": SOME},
    Note: {"citizen_id": SOME, "text": "første linje\r\nanden\x07"},
    Company: {"name": "Bageriet"},
    Placement: {"citizen_id": SOME, "company_id": SOME, "kind": PlacementKind.INTERNSHIP, "start_on": TODAY},
    PlacementHours: {"placement_id": SOME, "effective_on": TODAY},
    FollowUp: {"citizen_id": SOME, "worker_id": SOME, "kind": FollowUpKind.PHONE, "due_on": TODAY},
    AuditEvent: {"action": AuditAction.CHANGE, "at": NOW},
}


@pytest.mark.parametrize("model", list(GIVEN), ids=lambda model: model.__name__)
def test_a_row_is_what_the_models_object_holds_once_flushed(model: type[SQLModel]) -> None:
    made = model(**GIVEN[model])
    if isinstance(made, AuditEvent):
        clean_event(made)
    # As the flush hook (db/cleaning.py) leaves the object: its text cleaned as its columns clean.
    expected = clean_row(table_of(model), {c.name: getattr(made, c.name) for c in table_of(model).columns})
    row = row_values(model, GIVEN[model], now=NOW)
    assert row.keys() == expected.keys()
    stamps = {c.name for c in table_of(model).columns if c.name != "at" and isinstance(expected[c.name], datetime)}
    assert {name: row[name] for name in stamps} == dict.fromkeys(stamps, NOW)
    assert isinstance(row["id"], uuid.UUID) and row["id"] != expected["id"]
    differ = {name for name in expected if row[name] != expected[name]}
    assert differ == {"id", *stamps}


def test_a_column_the_model_has_not_is_refused() -> None:
    with pytest.raises(TypeError, match="no column"):
        row_values(Company, {"name": "X", "colour": "red"})


def test_an_imports_history_is_chained_in_the_order_it_was_made(demo_engine, tmp_path: Path) -> None:
    """Two imports of one file (the second changes a phone number): every history line once, in
    file order (a citizen's creation before its note), the chain intact from end to end, and on
    SQLite the anchor at the chain's head."""
    sheet = tmp_path / "nye.csv"
    sheet.write_text(
        "CPR;Navn;Målgruppe;Tlf.;Bemærkninger\n"
        "0303901234;Ny Borger;KTH;11111111;Ønsker job i butik\n"
        "0404901234;Anden Borger;RF;22222222;\n"
        "0505901234;Tredje Borger;KTH;33333333;Kører selv\n",
        encoding="utf-8",
    )
    with Session(demo_engine) as session:
        worker = session.exec(select(Worker).where(Worker.initials == "KB")).one()
        before = session.exec(select(sa.func.max(AuditEvent.seq))).one() or 0

    def run(path: Path):
        prepared = prepare(path)
        with Session(demo_engine, expire_on_commit=False) as session:
            lookups = load_lookups(session, worker.id, TODAY, prepared.kind)
            plan = check_table(prepared.table, prepared.kind, prepared.mapping, lookups)
            return apply_plan(session, plan, Editor(worker.id, TODAY, "test"), lookups, file_name=path.name)

    assert run(sheet).created == 3
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("22222222", "44444444"), encoding="utf-8")
    again = run(sheet)
    assert (again.created, again.changed, again.unchanged) == (0, 1, 2)
    with Session(demo_engine) as session:
        people = {c.cpr: c.id for c in session.exec(select(Citizen).where(Citizen.cpr.like("0_0_901234"))).all()}
        events = session.exec(select(AuditEvent).where(AuditEvent.seq > before).order_by(AuditEvent.seq)).all()
        notes = session.exec(select(Note.text).where(Note.citizen_id.in_(people.values()))).all()
        cvs = session.exec(select(CvStatus.citizen_id).where(CvStatus.citizen_id.in_(people.values()))).all()
        found = check_session(session)
    assert sorted(notes) == ["Kører selv", "Ønsker job i butik"] and sorted(cvs) == sorted(people.values())
    assert [(e.citizen_id, e.criterion) for e in events] == [
        (people["0303901234"], "Borger oprettet (import fra nye.csv)"),
        (people["0303901234"], "Journalnotat skrevet (import fra nye.csv)"),
        (people["0404901234"], "Borger oprettet (import fra nye.csv)"),
        (people["0505901234"], "Borger oprettet (import fra nye.csv)"),
        (people["0505901234"], "Journalnotat skrevet (import fra nye.csv)"),
        (people["0404901234"], "Stamdata ændret: phone (import fra nye.csv)"),
    ]
    assert [e.seq for e in events] == list(range(before + 1, before + 7))
    assert all(e.worker_id == worker.id and e.action is AuditAction.CHANGE for e in events)
    assert not found.problems, found.problems
    if demo_engine.dialect.name == "sqlite":  # the anchor beside the file followed the commit
        anchor = read_anchor(Path(demo_engine.url.database))
        assert anchor is not None and (anchor.seq, anchor.hash) == (events[-1].seq, events[-1].hash)


def test_columns_changed_in_bulk_are_stored_and_reach_the_outbox_as_a_flush_would_have_them(demo_engine) -> None:
    """`update_rows` (the phases an import refreshes) past the session's flush: the row is
    changed, an object of it the session holds reads the stored values, and on a laptop that
    syncs the outbox gets the change as the flush of an object changed the same way gives it."""
    import json

    from stvdesk.db.models import SyncOutbox
    from stvdesk.db.rows import update_rows
    from stvdesk.domain.enums import Phase
    from stvdesk.sync.capture import set_capturing

    if demo_engine.dialect.name != "sqlite":
        pytest.skip("the outbox is a laptop's, on SQLite")
    with demo_engine.connect():  # the engine's first connection reads whether the file syncs
        pass
    set_capturing(demo_engine, True)
    with Session(demo_engine) as session:
        by_object, by_rows = session.exec(select(Citizen).order_by(Citizen.cpr).limit(2)).all()
        phase = {
            c.id: Phase.AFTERCARE if c.phase is not Phase.AFTERCARE else Phase.RELATIONSHIP
            for c in (by_object, by_rows)
        }
        old = {"phone": by_rows.phone, "phase": by_rows.phase, "updated_at": by_rows.updated_at}
        by_object.phone, by_object.phase, by_object.updated_at = "11223344", phase[by_object.id], NOW
        session.add(by_object)
        session.flush()
        update_rows(
            session,
            Citizen,
            [{"id": by_rows.id, "phone": "11223344", "phase": phase[by_rows.id], "updated_at": NOW}],
            [old],
        )
        assert (by_rows.phone, by_rows.phase) == ("11223344", phase[by_rows.id])  # expired, read again
        stored = (
            session.connection()
            .execute(
                sa.select(table_of(Citizen).c.phone, table_of(Citizen).c.updated_at).where(
                    table_of(Citizen).c.id == by_rows.id
                )
            )
            .one()
        )
        outbox = [
            (o.row_id, o.op, o.citizen_id, json.loads(o.fields), json.loads(o.base))
            for o in session.exec(select(SyncOutbox).order_by(SyncOutbox.seq)).all()
        ]
        ids = by_object.id, by_rows.id
        session.rollback()
    assert stored.phone == "11223344" and stored.updated_at.replace(tzinfo=UTC) == NOW
    assert [o[:3] for o in outbox] == [(ids[0], "update", ids[0]), (ids[1], "update", ids[1])]
    (*_, flushed, flushed_base), (*_, bulk, bulk_base) = outbox
    assert bulk == flushed and "phone" in bulk
    assert bulk_base.keys() == flushed_base.keys() and bulk_base["phone"] == old["phone"]
