"""The team server against a worker's own login and plain SQL (revision 0014): another team's
login reads and changes nothing of a team's rows in any table, the access log and the grants
are written only through the server's functions (which log in the same transaction), the
server chains as the desk does, the CPR search key cannot be read, and `stvdesk db check` checks
a server. One database for the whole module: every test here leaves what it finds for the next."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

import stvdesk.db.models as m
from stvdesk.cli import cli
from stvdesk.clock import Clock, current_clock, use_clock
from stvdesk.db.audit import log_access, verify_chain
from stvdesk.db.engine import make_engine
from stvdesk.db.logins import create_login
from stvdesk.db.migrate import HEAD
from stvdesk.domain.audit import search_criterion
from stvdesk.domain.enums import AuditAction, Readiness, Role, TargetGroup
from tests.conftest import TODAY

PASSWORD = "en lang adgangskode"
REFUSED = ("row-level security", "permission denied", "logningen kan kun udvides")

# Read by every login by design (writes are still refused, and tested): not one team's data.
READ_BY_ALL = {
    "team": "the teams' names: every desk lists them, and a laptop receives them all",
    "worker": "the staff directory: names and initials every desk shows (a case is handed to any colleague)",
    "change_feed": "ids of changed rows only, in commit order: every laptop reads it by its cursor and reads "
    "the rows themselves through their own tables' policies",
    "db_meta": "facts about the database, none about a team; its one secret, the search key, is hidden "
    "(test_the_search_key_cannot_be_read_and_a_search_is_hashed_by_the_server)",
}
# Shared by the teams on purpose, reads and writes: left out of the generated test.
SHARED = {
    "company": "the company register is the jobcentre's, shared by its teams (README, Virksomheder: my → team's → all)",
    "company_contact": "a company's contact persons: part of the shared register",
    "job_opening": "a company's job openings: part of the shared register",
}
TEAM_TABLES = [t.name for t in SQLModel.metadata.sorted_tables if t.name not in SHARED]


@dataclass
class Server:
    url: str
    owner: sa.Engine
    logins: dict[str, sa.Engine]
    team_a: dict[str, set[Any]]  # table -> primary keys of team A's rows (before team Nord existed)
    ids: dict[str, Any] = field(default_factory=dict)


def _pk(table: sa.Table) -> sa.Column[Any]:
    (column,) = table.primary_key.columns
    return column


def _login_url(url: str, initials: str) -> str:
    parsed = sa.engine.make_url(url).set(username=f"stvdesk_{initials.lower()}", password=PASSWORD)
    return parsed.render_as_string(hide_password=False)


def _team_a_rows(owner: sa.Engine, ids: dict[str, Any]) -> None:
    """Team A (the demo's Team Vest) gets a row in each table the demo leaves empty."""
    with Session(owner) as session:
        kb = session.exec(select(m.Worker).where(m.Worker.initials == "KB")).one()
        lv = session.exec(select(m.Worker).where(m.Worker.initials == "LV")).one()
        vk = session.exec(select(m.Worker).where(m.Worker.role == Role.VK)).first()
        citizen = session.exec(select(m.Citizen).where(m.Citizen.caseworker_id == kb.id)).first()
        outside = session.exec(
            select(m.Citizen).where(m.Citizen.caseworker_id != kb.id, m.Citizen.consultant_id != kb.partner_id)
        ).first()
        company = session.exec(select(m.Company)).first()
        placement = session.exec(select(m.Placement)).first()
        meeting = session.exec(select(m.Meeting).where(m.Meeting.citizen_id.is_not(None))).first()
        device = uuid.uuid4()
        session.add_all(
            [
                m.DialogueNote(worker_id=kb.id, month=date(2026, 11, 1), written_by=lv.id, text="Godt arbejde"),
                m.SavedFilter(worker_id=kb.id, name="Mine", spec="{}"),
                m.VisitOrder(worker_id=vk.id, day=TODAY, company_id=company.id, position=1),
                m.SummerPlan(placement_id=placement.id, year=2027, covered_by="LV"),
                m.MeetingAnswer(meeting_id=meeting.id, item_id="fixture", value="ja"),
                m.SyncDevice(id=device, worker_id=kb.id, name="kb-pc"),
                m.SyncOp(op_id=uuid.uuid4(), device_id=device, worker_id=kb.id, result=""),
                m.SyncOutbox(table_name="citizen", row_id=citizen.id, op="update", citizen_id=citizen.id),
                m.SyncConflict(
                    op_id=uuid.uuid4(), table_name="citizen", row_id=citizen.id, kind="field", citizen_id=citizen.id
                ),
            ]
        )
        session.commit()
        ids.update(kb=kb.id, lv=lv.id, citizen=citizen.id, outside_cpr=outside.cpr, outside=outside.id)


@pytest.fixture(scope="module")
def server(pg_server: str, pg_template: str):
    """The demo on PostgreSQL; team A's logins KB (S) and LV (leader); team Nord's XO (S) and XL
    (leader) with a citizen of their own, made after team A's rows were noted."""
    previous = current_clock()
    use_clock(Clock(TODAY))
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    url = sa.engine.make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    owner = make_engine(url)
    ids: dict[str, Any] = {}
    _team_a_rows(owner, ids)
    for initials in ("KB", "LV"):
        create_login(owner, initials, PASSWORD)
    logins = {initials: make_engine(_login_url(url, initials)) for initials in ("KB", "LV")}
    with Session(logins["KB"]) as session:  # the log and a grant, as the desk writes them
        log_access(session, worker_id=ids["kb"], action=AuditAction.VIEW, citizen_id=ids["citizen"])
        session.execute(sa.text("SELECT stvdesk_grant_access(:c, 'Borgeren ringede')"), {"c": ids["outside_cpr"]})
        session.commit()
    team_a = {}
    with owner.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            team_a[table.name] = set(conn.execute(sa.select(_pk(table))).scalars())
    with Session(owner) as session:
        nord = m.Team(name="Team Nord")
        session.add(nord)
        session.flush()
        xo = m.Worker(initials="XO", name="Xenia Olsen", role=Role.S, team_id=nord.id)
        xl = m.Worker(initials="XL", name="Xerxes Lund", role=Role.LEADER, team_id=nord.id)
        session.add_all([xo, xl])
        session.flush()
        session.add(
            m.Citizen(
                cpr="0202901234",
                first_name="Nordbo",
                last_name="Nordsen",
                birth_date=date(1990, 2, 2),
                target_group=TargetGroup.CASH_BENEFIT,
                readiness=Readiness.READY,
                caseworker_id=xo.id,
                opened_on=date(2026, 1, 5),
            )
        )
        session.commit()
        ids.update(xo=xo.id, xl=xl.id)
    for initials in ("XO", "XL"):
        create_login(owner, initials, PASSWORD)
        logins[initials] = make_engine(_login_url(url, initials))
    try:
        yield Server(url, owner, logins, team_a, ids)
    finally:
        for engine in (*logins.values(), owner):
            engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
        use_clock(previous)


def _refused(exc: DBAPIError) -> bool:
    return any(words in str(exc.orig) for words in REFUSED)


def test_every_table_is_in_the_generated_test_or_named_with_its_reason() -> None:
    names = {t.name for t in SQLModel.metadata.sorted_tables}
    assert set(SHARED) <= names and set(READ_BY_ALL) <= names  # no reason kept for a table that is gone
    assert set(TEAM_TABLES) == names - set(SHARED)


@pytest.mark.parametrize("login", ["XO", "XL"], ids=["caseworker", "leader"])
@pytest.mark.parametrize("table_name", TEAM_TABLES)
def test_another_teams_login_reads_and_changes_nothing_of_team_a(server: Server, table_name: str, login: str) -> None:
    """For every table (a new one is in by itself): none of team A's rows is read by a login of
    team Nord; UPDATE and DELETE of them change nothing or are refused; a copy of one of them
    (a new key, team A's data) cannot be inserted."""
    table = SQLModel.metadata.tables[table_name]
    pk = _pk(table)
    theirs = sorted(server.team_a[table_name], key=str)
    assert theirs, f"the fixture must give team A a row in {table_name}"
    engine = server.logins[login]
    try:
        with engine.connect() as conn:
            seen = set(conn.execute(sa.select(pk)).scalars())
    except DBAPIError as exc:
        assert _refused(exc), exc
        seen = set()
    if table_name not in READ_BY_ALL:
        assert not seen & set(theirs), f"{login} reads team A's rows in {table_name}"
    for statement in (
        sa.update(table).where(pk.in_(theirs)).values({pk.name: pk}),
        sa.delete(table).where(pk.in_(theirs)),
    ):
        with engine.connect() as conn:
            try:
                changed = conn.execute(statement).rowcount
            except DBAPIError as exc:
                assert _refused(exc), exc
                changed = 0
            finally:
                conn.rollback()  # had it changed anything, it would not stay
        assert changed == 0, f"{login} changes team A's rows in {table_name}"
    with server.owner.connect() as conn:
        row = dict(conn.execute(sa.select(table).where(pk == theirs[0])).mappings().one())
    kind = type(row[pk.name])
    row[pk.name] = {int: 10**9, str: f"x-{uuid.uuid4()}"}.get(kind, uuid.uuid4())
    with pytest.raises(DBAPIError) as refused, engine.begin() as conn:
        conn.execute(table.insert().values(row))
    assert _refused(refused.value), refused.value


def test_a_teams_own_logins_still_reach_their_rows(server: Server) -> None:
    """The policies are not a wall for everyone: team A's leader reads the team's targets,
    dialogue notes, company follow-ups and the log of the team; the caseworker her own filter."""
    with server.logins["LV"].connect() as conn:
        for table in ("target", "dialogue_note", "follow_up", "company_contact_log", "success_story", "audit_event"):
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar(), table
    with server.logins["KB"].connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM saved_filter")).scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM access_grant")).scalar() == 1  # her own grant


def test_the_log_is_written_only_by_the_servers_function_and_stays_whole(server: Server) -> None:
    with server.owner.connect() as conn:
        last = conn.execute(sa.text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).one()
    forged = (
        "INSERT INTO audit_event (id, seq, at, worker_id, device, action, citizen_id, criterion, purpose, prev_hash, "
        f"hash) VALUES (gen_random_uuid(), {last.seq + 1}, now(), NULL, 'x', 'view', NULL, '', '', '{last.hash}', 'x')"
    )
    for statement in (
        forged,
        "UPDATE audit_event SET purpose = 'x'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
    ):
        with pytest.raises(DBAPIError, match="permission denied"), server.logins["XL"].begin() as conn:
            conn.exec_driver_sql(statement)
    with pytest.raises(DBAPIError, match="logningen kan kun udvides"), server.owner.begin() as conn:
        conn.exec_driver_sql("TRUNCATE audit_event")  # not even the owner empties it by mistake
    with Session(server.logins["XO"]) as session, pytest.raises(DBAPIError, match="kun i eget navn"):
        log_access(session, worker_id=server.ids["kb"], action=AuditAction.VIEW)
    with Session(server.owner) as session:
        count, problems = verify_chain(session)
    assert problems == [] and count >= 2


@settings(max_examples=15)
@given(st.text(max_size=40), st.text(max_size=40))
def test_the_server_chains_exactly_as_the_desk_would(server: Server, criterion: str, purpose: str) -> None:
    """The server computes the digest in SQL; the desk's check recomputes it in Python."""
    with Session(server.logins["XO"]) as session:
        log_access(session, worker_id=server.ids["xo"], action=AuditAction.CHANGE, criterion=criterion, purpose=purpose)
    with Session(server.owner) as session:
        assert verify_chain(session)[1] == []


def test_the_search_key_cannot_be_read_and_a_search_is_hashed_by_the_server(server: Server) -> None:
    with Session(server.logins["KB"]) as session:
        log_access(session, worker_id=server.ids["kb"], action=AuditAction.SEARCH, criterion="010190-1234")
    with server.logins["KB"].connect() as conn:
        assert conn.execute(sa.text("SELECT value FROM db_meta WHERE key = 'audit_search_key'")).first() is None
        logged = conn.execute(sa.text("SELECT criterion FROM audit_event ORDER BY seq DESC LIMIT 1")).scalar()
    with server.owner.connect() as conn:
        key = conn.execute(sa.text("SELECT value FROM db_meta WHERE key = 'audit_search_key'")).scalar()
    assert logged == search_criterion("0101901234", bytes.fromhex(key)) and "0101901234" not in logged
    with pytest.raises(DBAPIError, match="permission denied"), server.logins["KB"].begin() as conn:
        conn.exec_driver_sql("UPDATE db_meta SET value = '00' WHERE key = 'audit_search_key'")


def test_a_grant_answers_alike_for_any_number_is_logged_bounded_and_ends_logged(server: Server) -> None:
    xo = server.logins["XO"]

    def grant(cpr: str) -> Any:
        with xo.begin() as conn:
            return conn.execute(sa.text("SELECT stvdesk_grant_access(:c, 'Borgeren ringede')"), {"c": cpr}).scalar()

    def xo_events() -> list[Any]:
        with xo.connect() as conn:
            return conn.execute(
                sa.text("SELECT citizen_id, criterion, purpose FROM audit_event WHERE worker_id = :w ORDER BY seq"),
                {"w": server.ids["xo"]},
            ).all()

    before = len(xo_events())
    with server.owner.begin() as conn:
        conn.exec_driver_sql("INSERT INTO db_meta VALUES ('access_grant_days', '99')")  # more than the 31 allowed
        today = conn.execute(sa.text("SELECT current_date")).scalar()
    assert grant("0101010000") is True and grant(server.ids["outside_cpr"]) is True  # unknown, and outside reach
    unknown, known = xo_events()[before:]
    assert unknown.citizen_id is None and known.citizen_id == server.ids["outside"]
    assert unknown.criterion.startswith("CPR-søgning #") and unknown.purpose == known.purpose == "Borgeren ringede"
    until = today + timedelta(days=30)
    assert unknown.criterion.endswith(f"adgang til og med {until:%d-%m-%Y}")
    with xo.connect() as conn:
        (grant_row,) = conn.execute(sa.text("SELECT id, until FROM access_grant")).all()
        assert grant_row.until == until
        assert conn.execute(
            sa.text("SELECT count(*) FROM citizen WHERE id = :i"), {"i": server.ids["outside"]}
        ).scalar()
    for statement in ("UPDATE access_grant SET until = '2099-12-31'", "DELETE FROM access_grant"):
        with pytest.raises(DBAPIError, match="permission denied"), xo.begin() as conn:
            conn.exec_driver_sql(statement)
    with xo.begin() as conn:
        assert conn.execute(sa.text("SELECT stvdesk_end_access(:c)"), {"c": server.ids["outside"]}).scalar() == 1
        assert not conn.execute(
            sa.text("SELECT count(*) FROM citizen WHERE id = :i"), {"i": server.ids["outside"]}
        ).scalar()
    ended = xo_events()[-1]
    assert ended.citizen_id == server.ids["outside"] and ended.criterion == "Adgang med formål afsluttet"
    with server.owner.begin() as conn:
        conn.exec_driver_sql("DELETE FROM db_meta WHERE key = 'access_grant_days'")


def test_db_check_checks_a_server_and_names_a_switched_off_guard(server: Server) -> None:
    intact = CliRunner().invoke(cli, ["db", "check", "--db", server.url])
    assert intact.exit_code == 0, intact.output
    assert "kæden er intakt" in intact.output and "Vagter: på" in intact.output and f"Version: {HEAD}" in intact.output
    as_worker = CliRunner().invoke(cli, ["db", "check", "--db", _login_url(server.url, "KB")])
    assert as_worker.exit_code == 0 and "dit login ser kun dine egne hændelser" in as_worker.output
    with server.owner.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        conn.exec_driver_sql("ALTER TABLE citizen DISABLE ROW LEVEL SECURITY")
    try:
        found = CliRunner().invoke(cli, ["db", "check", "--db", server.url])
    finally:
        with server.owner.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
            conn.exec_driver_sql("ALTER TABLE citizen ENABLE ROW LEVEL SECURITY")
    assert found.exit_code == 1 and "Vagter: MANGLER" in found.output
    assert "audit_event_append_only er slået fra" in found.output and "slået fra på tabellen citizen" in found.output
