"""An import on a field laptop goes up with the next sync like any other change; a
laptop cannot create workers (they only come down), so an import that would is refused whole."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from stvdesk.db.models import Citizen, Worker
from stvdesk.db.queries.edits import Editor
from stvdesk.importing.check import check_table
from stvdesk.importing.prepare import prepare
from stvdesk.importing.write import ImportFailed, apply_plan, load_lookups

TODAY = date(2026, 11, 24)


def run(laptop, path: Path, *, create_workers: bool = False):
    prepared = prepare(path)
    with laptop.session() as session:
        lookups = load_lookups(session, laptop.worker_id, TODAY, prepared.kind, create_workers=create_workers)
    plan = check_table(prepared.table, prepared.kind, prepared.mapping, lookups)
    with laptop.session() as session:
        return apply_plan(session, plan, Editor(worker_id=laptop.worker_id, today=TODAY), lookups, file_name=path.name)


def test_imported_citizens_reach_the_server_with_the_next_sync(make_laptop, server, tmp_path: Path) -> None:
    laptop = make_laptop("KB")
    sheet = tmp_path / "nye.csv"
    sheet.write_text("CPR;Navn;Målgruppe\n0303901234;Ny Borger;KTH\n0404901234;Anden Borger;RF\n", encoding="utf-8")
    assert run(laptop, sheet).created == 2
    laptop.sync()
    with Session(server) as session:
        names = set(session.exec(select(Citizen.last_name).where(Citizen.cpr.in_(["0303901234", "0404901234"]))).all())
    assert names == {"Borger"}  # both arrived, once each ("Ny Borger", "Anden Borger")
    with Session(server) as session:
        assert len(session.exec(select(Citizen).where(Citizen.cpr.in_(["0303901234", "0404901234"]))).all()) == 2


def test_a_laptop_refuses_to_create_workers(make_laptop, tmp_path: Path) -> None:
    laptop = make_laptop("KB")
    sheet = tmp_path / "team.csv"
    sheet.write_text("CPR;Navn;Sagsbehandler\n0303901234;Ny Borger;QA\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="kan importen ikke oprette medarbejdere"):
        run(laptop, sheet, create_workers=True)
    with laptop.session() as session:
        assert session.exec(select(Worker).where(Worker.initials == "QA")).first() is None
        assert session.exec(select(Citizen).where(Citizen.cpr == "0303901234")).first() is None


def test_an_imports_rows_are_in_the_outbox_as_stored_and_reach_the_server(make_laptop, server, tmp_path) -> None:
    """The import writes its new rows in bulk, past the session's flush: the outbox still gets
    each one once, whole, as stored (a citizen, their CV row, the remark's note), and the server
    gets them and the history lines with the next sync."""
    import sqlalchemy as sa

    from stvdesk.db.models import AuditEvent, CvStatus, Note, SyncOutbox, table_of
    from stvdesk.sync.codec import encode

    laptop = make_laptop("KB")
    sheet = tmp_path / "nye.csv"
    sheet.write_text(
        "CPR;Navn;Målgruppe;Bemærkninger\n0303901234;Ny Borger;KTH;Ønsker job i butik\n0404901234;Anden Borger;RF;\n",
        encoding="utf-8",
    )
    assert run(laptop, sheet).created == 2
    with laptop.session() as session:
        outbox = session.exec(select(SyncOutbox).order_by(SyncOutbox.seq)).all()
        stored = {}
        for model in (Citizen, CvStatus, Note):
            table = table_of(model)
            for row in session.connection().execute(sa.select(table)).mappings():
                stored[row["id"]] = (table.name, {k: encode(v) for k, v in row.items()})
    assert [(o.table_name, o.op) for o in outbox] == [
        ("citizen", "insert"),
        ("citizen", "insert"),
        ("cv_status", "insert"),
        ("cv_status", "insert"),
        ("note", "insert"),
    ]
    for o in outbox:
        assert (o.table_name, json.loads(o.fields)) == stored[o.row_id]
    people = {c.row_id for c in outbox if c.table_name == "citizen"}
    assert {o.citizen_id for o in outbox} == people
    laptop.sync()
    with Session(server) as session:
        assert len(session.exec(select(CvStatus).where(CvStatus.citizen_id.in_(people))).all()) == 2
        assert session.exec(select(Note.text).where(Note.citizen_id.in_(people))).all() == ["Ønsker job i butik"]
        logged = session.exec(select(AuditEvent.criterion).where(AuditEvent.citizen_id.in_(people))).all()
    assert sorted(logged) == [
        "Borger oprettet (import fra nye.csv)",
        "Borger oprettet (import fra nye.csv)",
        "Journalnotat skrevet (import fra nye.csv)",
    ]
