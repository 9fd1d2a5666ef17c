"""The hot queries use their indexes: every statement a screen's query function runs
is put through EXPLAIN QUERY PLAN, and no big table may be read whole.

SQLite says "SCAN t" for a full read of t, "SCAN t USING [COVERING] INDEX ix" for a walk of
a whole index (as costly, unless a LIMIT stops it) and "SEARCH t USING …" for a look-up.
The planner weighs its statistics (ANALYZE, run by the demo build), and on the 240 citizens
of the ordinary test demo a full read is often the cheaper plan; so these tests use a
10 000-citizen demo (one of the bench sizes), built once per test session, where the plans
are those of a real jobcentre.
"""

from __future__ import annotations

import itertools
import re
import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

import stvdesk.db.queries.caseload_list as caseload_list
from stvdesk.db.demo import DemoSpec, build_demo_file
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.queries.caseload_list import CaseloadFilter, Scope, SortKey, Viewer, caseload_page, complete_page
from stvdesk.db.queries.citizen_file import citizen_file
from stvdesk.db.queries.companies import company_view
from stvdesk.db.queries.steering import SteeringScope, dashboard
from stvdesk.db.queries.today import day_overview
from stvdesk.db.queries.visit_day import visit_day
from stvdesk.db.queries.workers import find_worker
from tests.conftest import TODAY

# Tables that grow with the jobcentre: a full read of one of these is what the budgets forbid.
BIG = (
    "citizen",
    "follow_up",
    "placement",
    "placement_hours",
    "plan_step",
    "job_goal",
    "cv_status",
    "note",
    "meeting",
    "agreement",
    "company",
    "progress_entry",
    "audit_event",
    "contact_log",
)


def plans(engine, run) -> list[tuple[str, list[str]]]:
    """Run `run(session)`, then EXPLAIN QUERY PLAN every SELECT (or WITH … SELECT) it sent."""
    sent: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):  # WITH: the dashboard's months
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as session:
            run(session)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    out = []
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        for statement, parameters in sent:
            rows = raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            out.append((statement, [row[-1] for row in rows]))
    assert out, "the query function sent no SELECT"
    return out


# The one walk of a whole index that is meant: names in order, stopped by the page's LIMIT.
ORDER_WALKS = ("USING INDEX ix_citizen_name_order",)


def full_scans(found: list[tuple[str, list[str]]]) -> list[str]:
    """Every SCAN of a big table: a full read, by its rows or by an index's (SQLite walked the
    whole primary-key index of citizen for a GROUP BY once, 36 times in one statement)."""
    bad = []
    for statement, lines in found:
        for line in lines:
            match = re.match(r"SCAN (\w+)(.*)", line)
            if match and match.group(1) in BIG and not any(walk in match.group(2) for walk in ORDER_WALKS):
                bad.append(f"{line}\n    in: {statement[:300]}")
    return bad


@pytest.fixture(scope="module")
def plans_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "demo-10000.sqlite"
    build_demo_file(path, DemoSpec(today=TODAY, citizens=10_000))
    engine = make_engine(sqlite_url(path))
    yield engine
    engine.dispose()


@pytest.fixture
def kb(plans_engine):
    with Session(plans_engine) as session:
        worker = find_worker(session, "KB")
    return worker


def viewer(worker) -> Viewer:
    return Viewer(worker.id, worker.role, worker.team_id)


@pytest.mark.parametrize(
    "f",
    [
        CaseloadFilter(),
        CaseloadFilter(scope=Scope.TEAM),
        CaseloadFilter(scope=Scope.MINE, cv_missing=True, sort=SortKey.NEXT_DUE),
        CaseloadFilter(scope=Scope.TEAM, search="han", sort=SortKey.NAME, descending=False),
        CaseloadFilter(scope=Scope.ALL, search="0101", sort=SortKey.CPR, descending=False),
    ],
    ids=["mine", "team", "mine-filtered", "team-search", "all-cpr"],
)
def test_caseload_pages_read_no_big_table_whole(plans_engine, kb, f) -> None:
    def run(session):
        page = caseload_page(session, f, viewer(kb), TODAY, detail_rows=40)
        complete_page(session, page, f, viewer(kb), TODAY)

    assert full_scans(plans(plans_engine, run)) == []


def test_a_cpr_prefix_is_a_range_on_the_cpr_index(plans_engine, kb) -> None:
    f = CaseloadFilter(scope=Scope.ALL, search="0101", sort=SortKey.CPR, descending=False)
    found = plans(plans_engine, lambda s: caseload_page(s, f, viewer(kb), TODAY))
    assert any("SEARCH citizen USING" in line and "ix_citizen_cpr" in line for _, lines in found for line in lines)


def test_a_narrow_name_search_looks_names_up_in_the_fts_index(plans_engine, kb) -> None:
    f = CaseloadFilter(scope=Scope.ALL, search="hansen", sort=SortKey.NAME, descending=False)
    found = plans(plans_engine, lambda s: caseload_page(s, f, viewer(kb), TODAY))
    lines = [line for _, lines in found for line in lines]
    assert any("citizen_fts VIRTUAL TABLE" in line for line in lines)
    assert any(line.startswith("SEARCH citizen USING INTEGER PRIMARY KEY") for line in lines)
    assert full_scans(found) == []


def test_a_broad_name_search_walks_the_name_order_index(plans_engine, kb, monkeypatch) -> None:
    # The demo has too few people for a real broad search; lower the line instead.
    monkeypatch.setattr(caseload_list, "NAME_WALK_FROM", 1)
    f = CaseloadFilter(scope=Scope.ALL, search="a", sort=SortKey.NAME, descending=False)
    found = plans(plans_engine, lambda s: caseload_page(s, f, viewer(kb), TODAY, detail_rows=40))
    page_query = [lines for statement, lines in found if statement.startswith("SELECT citizen.id \nFROM citizen")]
    assert any("SCAN citizen USING INDEX ix_citizen_name_order" in line for lines in page_query for line in lines)
    assert not any("TEMP B-TREE FOR ORDER BY" in line for lines in page_query for line in lines)


def test_everybody_in_name_order_needs_no_sort(plans_engine, kb) -> None:
    f = CaseloadFilter(scope=Scope.ALL, sort=SortKey.NAME, descending=True)
    found = plans(plans_engine, lambda s: caseload_page(s, f, viewer(kb), TODAY))
    page_query = [lines for statement, lines in found if statement.startswith("SELECT citizen.id \nFROM citizen")]
    assert page_query and all(not any("TEMP B-TREE FOR ORDER BY" in line for line in lines) for lines in page_query)


def test_the_citizens_file_only_looks_up(plans_engine, kb) -> None:
    with Session(plans_engine) as session:
        citizen_id = caseload_page(session, CaseloadFilter(), viewer(kb), TODAY).rows[0].id
    assert full_scans(plans(plans_engine, lambda s: citizen_file(s, citizen_id, TODAY))) == []


def test_min_dag_only_looks_up(plans_engine, kb) -> None:
    assert full_scans(plans(plans_engine, lambda s: day_overview(s, kb, TODAY))) == []


def test_the_consultants_company_and_visit_day_only_look_up(plans_engine) -> None:
    with Session(plans_engine) as session:
        rk = find_worker(session, "RK")
        company_id = uuid.UUID(
            session.exec(sa.text("SELECT company_id FROM placement WHERE company_id IS NOT NULL LIMIT 1")).scalar_one()
        )
    assert full_scans(plans(plans_engine, lambda s: company_view(s, company_id, TODAY))) == []
    assert full_scans(plans(plans_engine, lambda s: visit_day(s, rk.id, TODAY, TODAY))) == []


def test_the_team_dashboard_reads_no_big_table_whole(plans_engine, kb) -> None:
    month = date(TODAY.year, TODAY.month, 1)
    found = plans(plans_engine, lambda s: dashboard(s, SteeringScope.for_team(kb.team_id), month, TODAY))
    assert full_scans(found) == []
    # "Open on a day" is an OR on closed_on; answered through the open-case indexes of every
    # worker (a skip-scan per OR branch) it took 190 ms instead of 4 ms a metric at 10 000 citizens.
    assert [line for _statement, lines in found for line in lines if "MULTI-INDEX OR" in line] == []


@pytest.mark.parametrize("whose", ["team", "worker"])
def test_the_dashboards_months_are_read_inside_each_citizen(plans_engine, kb, whose) -> None:
    """The twelve months are one grouped query per metric over a small table of months; joined
    outside, SQLite read the team's citizens again for every month (13 ms against 1 ms a metric)."""
    scope = SteeringScope.for_team(kb.team_id) if whose == "team" else SteeringScope.for_worker(kb.id, kb.role)
    month = date(TODAY.year, TODAY.month, 1)
    found = plans(plans_engine, lambda s: dashboard(s, scope, month, TODAY))
    assert full_scans(found) == []
    grouped = [lines for statement, lines in found if "months" in statement]
    assert grouped and all(lines.count("SCAN months") == 5 for lines in grouped)  # the five standing metrics
    outer = [
        f"{line} → {after}"
        for lines in grouped
        for line, after in itertools.pairwise(lines)
        if line == "SCAN months" and after.startswith(("SEARCH citizen", "SCAN citizen"))
    ]
    assert outer == []
