"""The team server decides what a worker's login may read and write:
row-level security, proved by connecting as the workers' own logins."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from stvdesk.db.audit import log_access, verify_chain
from stvdesk.db.engine import make_engine
from stvdesk.db.logins import LoginError, create_login, login_worker
from stvdesk.db.models import AuditEvent, Citizen, Note, Team, Worker
from stvdesk.db.queries.caseload import within_reach
from stvdesk.domain.enums import AuditAction, Readiness, Role, TargetGroup

PASSWORD = "en lang adgangskode"


@pytest.fixture
def server(pg_database):
    """The demo on PostgreSQL plus a second team with its own worker and two citizens; logins
    for KB (caseworker), LV (leader) and the other team's XO."""
    owner = make_engine(pg_database)
    with Session(owner) as session:
        other = Team(name="Team Nord")
        xo = Worker(initials="XO", name="Xenia Olsen", role=Role.S, team_id=other.id)
        session.add_all([other, xo])
        session.flush()
        for k in range(2):
            session.add(
                Citizen(
                    cpr=f"02029{k}1234",
                    first_name="Nordbo",
                    last_name=f"Nordsen{k}",
                    birth_date=date(1990, 2, 2),
                    target_group=TargetGroup.CASH_BENEFIT,
                    readiness=Readiness.READY,
                    caseworker_id=xo.id,
                    opened_on=date(2026, 1, 5),
                )
            )
        session.commit()
    for initials in ("KB", "LV", "XO"):
        create_login(owner, initials, PASSWORD)
    yield owner
    owner.dispose()


def as_login(owner, initials: str):
    url = owner.url.set(username=f"stvdesk_{initials.lower()}", password=PASSWORD)
    return make_engine(url.render_as_string(hide_password=False))


def visible(engine) -> set[uuid.UUID]:
    with Session(engine) as session:
        return set(session.exec(select(Citizen.id)).all())


def test_a_caseworkers_login_reads_only_her_own_and_her_partners_citizens(server) -> None:
    with Session(server) as session:
        kb = session.exec(select(Worker).where(Worker.initials == "KB")).one()
        everyone = session.exec(select(Citizen)).all()
        reach = {c.id for c in everyone if within_reach(session, kb.id, kb.role, kb.team_id, c.id)}
        nord = {c.id for c in everyone if c.last_name.startswith("Nordsen")}
    kb_engine = as_login(server, "KB")
    seen = visible(kb_engine)
    assert seen == reach and len(seen) < len(everyone)
    assert not seen & nord
    with Session(kb_engine) as session:  # her notes are her citizens' notes, nobody else's
        assert {n.citizen_id for n in session.exec(select(Note)).all()} <= seen
    assert login_worker(kb_engine) == "KB"
    kb_engine.dispose()


def test_another_teams_login_cannot_read_or_write_this_teams_citizens(server) -> None:
    xo_engine = as_login(server, "XO")
    seen = visible(xo_engine)
    with Session(server) as session:
        nord = set(session.exec(select(Citizen.id).where(Citizen.last_name.like("Nordsen%"))).all())
        theirs = session.exec(select(Citizen).where(Citizen.last_name.not_like("Nordsen%"))).first()
        xo = session.exec(select(Worker).where(Worker.initials == "XO")).one()
    assert seen == nord
    with Session(xo_engine) as session:  # a note on a citizen of the other team is refused by the server
        session.add(Note(citizen_id=theirs.id, worker_id=xo.id, text="forsøg"))
        with pytest.raises(DBAPIError, match="row-level security"):
            session.commit()
    with xo_engine.begin() as conn:  # and so is changing one
        changed = conn.execute(sa.text("UPDATE citizen SET phone = '1' WHERE id = :i"), {"i": theirs.id}).rowcount
        assert changed == 0
    xo_engine.dispose()


def test_a_leaders_login_reads_the_team_but_not_other_teams(server) -> None:
    lv_engine = as_login(server, "LV")
    with Session(server) as session:
        total = len(session.exec(select(Citizen.id)).all())
    seen = visible(lv_engine)
    assert len(seen) == total - 2  # everyone but Team Nord's two
    lv_engine.dispose()


def test_a_purpose_grants_a_citizen_outside_reach_for_today(server) -> None:
    xo_engine = as_login(server, "XO")
    with Session(server) as session:
        theirs = session.exec(select(Citizen).where(Citizen.last_name.not_like("Nordsen%"))).first()
    assert theirs.id not in visible(xo_engine)
    with xo_engine.begin() as conn:  # no purpose, no grant; the answer never says who exists
        assert conn.execute(sa.text("SELECT stvdesk_grant_access(:c, '')"), {"c": theirs.cpr}).scalar() is False
        granted = conn.execute(
            sa.text("SELECT stvdesk_grant_access(:c, 'Borgeren ringede')"), {"c": theirs.cpr}
        ).scalar()
    assert granted is True and theirs.id in visible(xo_engine)
    xo_engine.dispose()


def test_logins_append_to_one_chain_and_read_only_their_own_events(server) -> None:
    kb_engine, xo_engine = as_login(server, "KB"), as_login(server, "XO")
    with Session(server) as session:
        kb = session.exec(select(Worker).where(Worker.initials == "KB")).one()
        xo = session.exec(select(Worker).where(Worker.initials == "XO")).one()
    for engine, worker in ((kb_engine, kb), (xo_engine, xo), (kb_engine, kb)):
        with Session(engine) as session:
            log_access(session, worker_id=worker.id, action=AuditAction.SEARCH, criterion="jensen")
    with Session(xo_engine) as session:
        assert {e.worker_id for e in session.exec(select(AuditEvent)).all()} == {xo.id}
        with pytest.raises(DBAPIError):  # writing an event in someone else's name
            log_access(session, worker_id=kb.id, action=AuditAction.VIEW)
    with Session(server) as session:
        count, problems = verify_chain(session)
        assert problems == [] and count >= 3
    kb_engine.dispose()
    xo_engine.dispose()


def test_logins_are_made_only_on_postgresql_and_with_a_long_password(server, tmp_path) -> None:
    with pytest.raises(LoginError, match="mindst 12 tegn"):
        create_login(server, "KB", "kort")
    with pytest.raises(LoginError, match="ingen medarbejder"):
        create_login(server, "ZZ", PASSWORD)
    from stvdesk.db.engine import sqlite_url
    from stvdesk.db.migrate import open_database

    sqlite = open_database(sqlite_url(tmp_path / "x.sqlite")).engine
    with pytest.raises(LoginError, match="PostgreSQL"):
        create_login(sqlite, "KB", PASSWORD)
    sqlite.dispose()


def test_an_import_touching_a_citizen_outside_reach_is_refused_whole(server, tmp_path) -> None:
    """An import stays within the importer's reach: XO imports a sheet whose last row has the
    CPR number of one of team Vest's citizens, which XO's login cannot see. The dry run takes it
    for a new citizen; the server refuses the write, and nothing of the sheet is kept."""
    from stvdesk.clock import Clock
    from stvdesk.context import DeskContext
    from stvdesk.db.queries.edits import Editor
    from stvdesk.db.queries.workers import find_worker
    from stvdesk.importing.check import check_table
    from stvdesk.importing.prepare import prepare
    from stvdesk.importing.write import ImportFailed, apply_plan, load_lookups

    with Session(server) as session:
        hidden = session.exec(select(Citizen).where(Citizen.last_name.not_like("Nordsen%"))).first()
        before = session.exec(select(sa.func.count()).select_from(Citizen)).one()
    sheet = tmp_path / "nord.csv"
    sheet.write_text(
        f"CPR;Navn;Målgruppe\n0303901234;Ny Nordbo;KTH\n{hidden.cpr};Skjult Borger;KTH\n", encoding="utf-8"
    )
    xo_engine = as_login(server, "XO")
    desk = DeskContext(engine=xo_engine, clock=Clock(date(2026, 11, 24)))
    desk.worker = desk.run(lambda s: find_worker(s, "XO"))
    prepared = prepare(sheet)
    lookups = desk.run(lambda s: load_lookups(s, desk.worker.id, date(2026, 11, 24), prepared.kind))
    plan = check_table(prepared.table, prepared.kind, prepared.mapping, lookups)
    assert plan.new_count == 2 and not plan.errors
    editor = Editor(worker_id=desk.worker.id, today=date(2026, 11, 24))
    with pytest.raises(ImportFailed) as refused:
        desk.run(lambda s: apply_plan(s, plan, editor, lookups, file_name=sheet.name))
    assert "en borger med samme CPR-nummer findes allerede (måske i en anden sagsstamme, du ikke kan se)" in str(
        refused.value
    ) and str(refused.value).endswith("Intet er importeret.")
    xo_engine.dispose()
    with Session(server) as session:
        assert session.exec(select(sa.func.count()).select_from(Citizen)).one() == before


def test_a_login_cannot_create_workers_through_an_import(server, tmp_path) -> None:
    from stvdesk.clock import Clock
    from stvdesk.context import DeskContext
    from stvdesk.db.queries.edits import Editor
    from stvdesk.db.queries.workers import find_worker
    from stvdesk.importing.check import check_table
    from stvdesk.importing.prepare import prepare
    from stvdesk.importing.write import ImportFailed, apply_plan, load_lookups

    sheet = tmp_path / "nord.csv"
    sheet.write_text("CPR;Navn;Sagsbehandler\n0303901234;Ny Nordbo;QA\n", encoding="utf-8")
    xo_engine = as_login(server, "XO")
    desk = DeskContext(engine=xo_engine, clock=Clock(date(2026, 11, 24)))
    desk.worker = desk.run(lambda s: find_worker(s, "XO"))
    prepared = prepare(sheet)
    lookups = desk.run(
        lambda s: load_lookups(s, desk.worker.id, date(2026, 11, 24), prepared.kind, create_workers=True)
    )
    plan = check_table(prepared.table, prepared.kind, prepared.mapping, lookups)
    with pytest.raises(ImportFailed, match="dit login på serveren må ikke oprette medarbejdere"):
        desk.run(
            lambda s: apply_plan(
                s, plan, Editor(worker_id=desk.worker.id, today=date(2026, 11, 24)), lookups, file_name=sheet.name
            )
        )
    xo_engine.dispose()


def test_only_a_leader_of_the_team_writes_in_a_monthly_dialogue(server) -> None:
    with Session(server) as session:
        kb, lv, xo = (session.exec(select(Worker).where(Worker.initials == i)).one() for i in ("KB", "LV", "XO"))
        colleague = session.exec(
            select(Worker).where(Worker.team_id == kb.team_id, Worker.role == Role.S, Worker.id != kb.id)
        ).first()
    month = date(2026, 11, 1)
    note = "INSERT INTO dialogue_note (id, created_at, updated_at, worker_id, month, written_by, text) VALUES (:id, now(), now(), :worker, :month, :by, 'holdt')"
    # A caseworker's own login can write neither about a colleague nor about herself ...
    kb_engine = as_login(server, "KB")
    for about in (colleague.id, kb.id):
        with kb_engine.begin() as conn, pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(sa.text(note), {"id": uuid.uuid4(), "worker": about, "month": month, "by": kb.id})
    kb_engine.dispose()
    # ... nor can another team's login; the team's leader can, as herself only.
    xo_engine = as_login(server, "XO")
    with xo_engine.begin() as conn, pytest.raises(DBAPIError, match="row-level security"):
        conn.execute(sa.text(note), {"id": uuid.uuid4(), "worker": kb.id, "month": month, "by": xo.id})
    xo_engine.dispose()
    lv_engine = as_login(server, "LV")
    with lv_engine.begin() as conn, pytest.raises(DBAPIError, match="row-level security"):
        conn.execute(sa.text(note), {"id": uuid.uuid4(), "worker": kb.id, "month": month, "by": kb.id})
    with lv_engine.begin() as conn:
        conn.execute(sa.text(note), {"id": uuid.uuid4(), "worker": kb.id, "month": month, "by": lv.id})
    lv_engine.dispose()
    # KB still reads the note about her.
    kb_engine = as_login(server, "KB")
    with kb_engine.connect() as conn:
        texts = (
            conn.execute(sa.text("SELECT text FROM dialogue_note WHERE worker_id = :w"), {"w": kb.id}).scalars().all()
        )
    assert "holdt" in texts
    kb_engine.dispose()
