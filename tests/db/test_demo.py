"""The demo data: deterministic, valid, and shaped as stvdesk/db/demo.py's docstring says."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from stvdesk.db import demo as demo_module
from stvdesk.db.demo import DemoSpec, build_demo_file
from stvdesk.db.demo_file import demo_meta
from stvdesk.domain.cadence import employer_aftercare_calls
from stvdesk.domain.calendar import aftercare_dates
from stvdesk.domain.cpr import parse_cpr
from stvdesk.domain.retention import case_erasure_cutoff
from stvdesk.settings import Safeguards
from tests.conftest import TODAY


def rows(path: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, args).fetchall()


def table_digest(path: Path, table: str) -> str:
    data = rows(path, f"SELECT * FROM {table} ORDER BY id")
    return hashlib.sha256(repr(data).encode()).hexdigest()


def test_deterministic_from_the_seed(demo_master: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite"
    build_demo_file(again, DemoSpec(today=TODAY))
    for table in ("citizen", "follow_up", "placement", "company"):
        assert table_digest(again, table) == table_digest(demo_master, table)
    other = tmp_path / "other.sqlite"
    build_demo_file(other, DemoSpec(today=TODAY, seed=7))
    assert table_digest(other, "citizen") != table_digest(demo_master, "citizen")


def test_integrity_and_foreign_keys(demo_master: Path) -> None:
    assert rows(demo_master, "PRAGMA integrity_check") == [("ok",)]
    assert rows(demo_master, "PRAGMA foreign_key_check") == []
    assert rows(demo_master, "PRAGMA journal_mode") == [("wal",)]
    assert demo_meta(demo_master)["demo_today"] == TODAY.isoformat()


def test_team_shape(demo_master: Path) -> None:
    roles = dict(rows(demo_master, "SELECT role, count(*) FROM worker GROUP BY role"))
    assert roles == {"LEDER": 1, "PL": 1, "S": 6, "VK": 3}
    per_s = [
        n
        for (n,) in rows(
            demo_master, "SELECT count(*) FROM citizen c JOIN worker w ON w.id = c.caseworker_id GROUP BY w.id"
        )
    ]
    assert sum(per_s) == 240 and all(30 <= n <= 55 for n in per_s)
    assert 100 <= rows(demo_master, "SELECT count(*) FROM company")[0][0] <= 130
    assert rows(demo_master, "SELECT count(*) FROM company_contact")[0][0] >= 120
    targets = rows(demo_master, "SELECT count(DISTINCT month) FROM target")[0][0]
    assert targets == 12


def test_variety_the_screens_need(demo_master: Path) -> None:
    groups = {r[0] for r in rows(demo_master, "SELECT DISTINCT target_group FROM citizen")}
    assert len(groups) == 5
    assert len(rows(demo_master, "SELECT DISTINCT phase FROM citizen")) == 6
    assert len(rows(demo_master, "SELECT DISTINCT readiness FROM citizen")) == 3
    kinds = {r[0] for r in rows(demo_master, "SELECT DISTINCT kind FROM placement")}
    assert kinds == {"praktik", "loentilskud", "ordinaere_timer", "smaajob", "ordinaert_job"}
    cv = {r[0] for r in rows(demo_master, "SELECT DISTINCT jobnet_state FROM cv_status")}
    assert cv == {"missing", "started", "done", "visible"}
    # with ordinary hours, and 3+ months with none (000, 4.6)
    assert (
        rows(demo_master, "SELECT count(*) FROM placement WHERE status='active' AND ordinary_hours_per_week > 0")[0][0]
        > 0
    )
    three_months_ago = (TODAY - timedelta(days=91)).isoformat()
    assert (
        rows(
            demo_master,
            "SELECT count(*) FROM placement WHERE status='active' AND ordinary_hours_per_week = 0 AND start_on <= ?",
            three_months_ago,
        )[0][0]
        > 0
    )
    # through next summer's weeks 27–32 (000, 4.1)
    assert (
        rows(demo_master, "SELECT count(*) FROM placement WHERE planned_end_on >= ?", f"{TODAY.year + 1}-07-31")[0][0]
        > 0
    )
    for table in (
        "job_goal",
        "development_goal",
        "goal_action",
        "plan_step",
        "meeting",
        "agreement",
        "note",
        "success_story",
        "progress_entry",
        "job_opening",
        "company_contact_log",
        "placement_hours",
    ):
        assert rows(demo_master, f"SELECT count(*) FROM {table}")[0][0] > 0, table


def test_follow_ups_overdue_today_and_coming(demo_master: Path) -> None:
    t = TODAY.isoformat()
    kb = "SELECT id FROM worker WHERE initials='KB'"

    def count(cond: str) -> int:
        return rows(
            demo_master, f"SELECT count(*) FROM follow_up WHERE status='planned' AND worker_id=({kb}) AND {cond}", t
        )[0][0]

    assert count("due_on < ?") >= 2
    assert count("due_on = ?") >= 1
    assert count("due_on > ?") >= 10


def test_cpr_and_cvr_are_valid_in_form(demo_master: Path) -> None:
    cprs = [r[0] for r in rows(demo_master, "SELECT cpr FROM citizen")]
    assert len(set(cprs)) == len(cprs)
    for cpr in cprs:
        parse_cpr(cpr)
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    for (cvr,) in rows(demo_master, "SELECT cvr FROM company"):
        assert len(cvr) == 8 and sum(int(d) * w for d, w in zip(cvr, weights, strict=True)) % 11 == 0


def test_planned_due_dates_avoid_weekends_and_holidays(demo_master: Path) -> None:
    from datetime import date

    from stvdesk.domain.calendar import is_working_day

    for (due,) in rows(demo_master, "SELECT due_on FROM follow_up WHERE status='planned'"):
        assert is_working_day(date.fromisoformat(due)), due


def test_larger_sizes_copy_teams_with_new_people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_module, "TEMPLATE_TEAMS", 2)
    path = tmp_path / "big.sqlite"
    summary = build_demo_file(path, DemoSpec(today=TODAY, citizens=240 * 4 + 100))
    assert summary.citizens == rows(path, "SELECT count(*) FROM citizen")[0][0] == 1060
    assert summary.teams == rows(path, "SELECT count(*) FROM team")[0][0] == 5
    assert rows(path, "PRAGMA foreign_key_check") == []
    assert rows(path, "SELECT count(DISTINCT cpr) FROM citizen")[0][0] == 1060
    assert (
        rows(path, "SELECT count(DISTINCT initials) FROM worker")[0][0]
        == rows(path, "SELECT count(*) FROM worker")[0][0]
    )
    # every team has its own caseworkers with about 40 citizens each
    per_s = [n for (n,) in rows(path, "SELECT count(*) FROM citizen GROUP BY caseworker_id")]
    assert max(per_s) <= 55
    # a copied citizen's placement points at a company of the same (copied) team
    mismatched = rows(
        path,
        """
        SELECT count(*) FROM placement p JOIN citizen c ON c.id = p.citizen_id JOIN company k ON k.id = p.company_id
        JOIN worker s ON s.id = c.caseworker_id JOIN worker o ON o.id = k.owner_id WHERE s.team_id <> o.team_id""",
    )
    assert mismatched == [(0,)]


def test_stored_phases_are_the_derived_ones(demo_engine) -> None:
    from sqlmodel import Session, select

    from stvdesk.db.models import Citizen
    from stvdesk.db.queries.phase import derived_phase

    with Session(demo_engine) as session:
        citizens = session.exec(select(Citizen)).all()
        for citizen in citizens:
            assert derived_phase(session, citizen.id, TODAY).phase is citizen.phase, citizen.full_name


# --- a history that fits the demo's today ------------------------------------------------------

# Columns that hold plans, which may lie after today; every other date or instant in the demo
# is something done, held, written, agreed or ended, and lies on or before today.
PLAN_COLUMNS = {
    ("follow_up", "due_on"),
    ("follow_up", "moved_from"),
    ("agreement", "deadline"),
    ("plan_step", "deadline"),
    ("goal_action", "due_on"),
    ("placement", "start_on"),  # a planned placement (checked below: only those start later)
    ("placement", "planned_end_on"),
    ("placement_hours", "effective_on"),  # the hours from a planned placement's start
    ("meeting", "planned_on"),
    ("meeting", "next_follow_up_on"),
    ("company_contact_log", "next_step_on"),
    ("access_grant", "until"),
    ("visit_order", "day"),
    ("placement_support", "due_on"),  # when a placement's practical support is to be in place
    ("citizen", "rehab_plan_on"),  # a ressourceforløb's rehabilitation meeting, which may be ahead
}
HISTORY_TODAYS = (date(2026, 12, 1), date(2027, 1, 4), date(2027, 6, 30))


@pytest.fixture(scope="module", params=HISTORY_TODAYS, ids=str)
def dated_demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[date, Path]:
    today = request.param
    path = tmp_path_factory.mktemp("dated") / "demo.sqlite"
    build_demo_file(path, DemoSpec(today=today))
    return today, path


def _dated_columns() -> list[tuple[str, str, bool]]:
    """(table, column, is an instant) for every date and datetime column of the schema."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type
            if isinstance(kind, sa.Date | sa.DateTime):
                found.append((table.name, column.name, isinstance(kind, sa.DateTime)))
    return found


def test_nothing_is_done_held_written_or_ended_after_today(dated_demo: tuple[date, Path]) -> None:
    today, path = dated_demo
    # Instants are stored in UTC; today ends at midnight in Copenhagen.
    tomorrow = datetime.combine(today + timedelta(days=1), time(0), ZoneInfo("Europe/Copenhagen"))
    limits = (today.isoformat(), tomorrow.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"))
    checked, late = 0, {}
    for table, column, instant in _dated_columns():
        if (table, column) in PLAN_COLUMNS:
            continue
        op = ">=" if instant else ">"
        found = rows(path, f"SELECT {column} FROM {table} WHERE {column} {op} ? LIMIT 3", limits[instant])
        checked += 1
        if found:
            late[f"{table}.{column}"] = [value for (value,) in found]
    assert checked > 40  # the schema's dates were found
    assert late == {}
    t = today.isoformat()
    assert rows(path, "SELECT count(*) FROM placement WHERE start_on > ? AND status <> 'planned'", t) == [(0,)]
    assert rows(path, "SELECT count(*) FROM placement WHERE status = 'planned' AND start_on <= ?", t) == [(0,)]
    later_hours = """
        SELECT count(*) FROM placement_hours h JOIN placement p ON p.id = h.placement_id
        WHERE h.effective_on > ? AND p.status <> 'planned'"""
    assert rows(path, later_hours, t) == [(0,)]
    # A follow-up due later is planned, or was skipped when its case was closed.
    later = {status for (status,) in rows(path, "SELECT DISTINCT status FROM follow_up WHERE due_on > ?", t)}
    assert later <= {"planned", "skipped"}


# (table, date column, how the row reaches its citizen) for the facts of a case's history.
HISTORY_FACTS = (
    ("note", "date(written_at)", "t.citizen_id"),
    ("follow_up", "held_on", "t.citizen_id"),
    ("plan_step", "agreed_on", "t.citizen_id"),
    ("plan_step", "done_on", "t.citizen_id"),
    ("job_goal", "agreed_on", "t.citizen_id"),
    ("development_goal", "agreed_on", "t.citizen_id"),
    ("goal_action", "done_on", "(SELECT g.citizen_id FROM job_goal g WHERE g.id = t.job_goal_id)"),
    ("meeting", "held_on", "t.citizen_id"),
    ("agreement", "done_on", "t.citizen_id"),
    ("placement", "start_on", "t.citizen_id"),
    ("placement", "ended_on", "t.citizen_id"),
    ("progress_entry", "date(month, '+1 month', '-1 day')", "t.citizen_id"),  # the month's last day
)


def _facts_outside(path: Path, bound: str) -> dict[str, int]:
    """How many facts of each kind fall outside `bound` (SQL over d, the fact's day, and c)."""
    outside = {}
    for table, column, citizen in HISTORY_FACTS:
        sql = (
            f"SELECT count(*) FROM (SELECT {column} AS d, t.* FROM {table} t) t "
            f"JOIN citizen c ON c.id = {citizen} WHERE d IS NOT NULL AND NOT ({bound})"
        )
        if table == "follow_up":
            sql += " AND t.kind <> 'aftercare'"  # aftercare calls come after a case closes
        count = rows(path, sql)[0][0]
        if count:
            outside[f"{table}.{column}"] = count
    return outside


def test_a_cases_history_starts_when_it_opened(dated_demo: tuple[date, Path]) -> None:
    _today, path = dated_demo
    assert _facts_outside(path, "d >= c.opened_on") == {}
    assert rows(path, "SELECT count(*) FROM citizen WHERE vk_requested_on < opened_on") == [(0,)]
    assert rows(path, "SELECT count(*) FROM plan_step WHERE done_on < agreed_on OR deadline < agreed_on") == [(0,)]
    action_before_goal = """
        SELECT count(*) FROM goal_action a JOIN job_goal g ON g.id = a.job_goal_id WHERE a.done_on < g.agreed_on"""
    assert rows(path, action_before_goal) == [(0,)]
    # A follow-up on a placement is held once the placement has started.
    early = """
        SELECT count(*) FROM follow_up f JOIN placement p ON p.id = f.placement_id
        WHERE f.status = 'held' AND f.held_on < p.start_on"""
    assert rows(path, early) == [(0,)]


def test_closed_cases_with_and_past_their_retention(dated_demo: tuple[date, Path]) -> None:
    today, path = dated_demo
    closed = rows(path, "SELECT closed_on, close_reason FROM citizen WHERE closed_on IS NOT NULL")
    assert len(closed) >= 15
    assert all(reason is not None for _, reason in closed)
    assert len({reason for _, reason in closed}) >= 3
    cutoff = case_erasure_cutoff(today, Safeguards().closed_case_years)
    erasable = [day for day, _ in closed if date.fromisoformat(day) <= cutoff]
    assert 3 <= len(erasable) < len(closed)
    # Nothing of a closed case happens after it closed, but its aftercare calls.
    assert _facts_outside(path, "c.closed_on IS NULL OR d <= c.closed_on") == {}
    open_after_closing = """
        SELECT count(*) FROM follow_up f JOIN citizen c ON c.id = f.citizen_id
        WHERE c.closed_on IS NOT NULL AND f.status = 'planned' AND f.kind <> 'aftercare'"""
    assert rows(path, open_after_closing) == [(0,)]


def test_aftercare_after_an_ordinary_job_follows_the_cadence(dated_demo: tuple[date, Path]) -> None:
    today, path = dated_demo
    # Closed for an ordinary job: the calls of aftercare_dates from the closing day, as closing a
    # case on the desk plans them; those before today are held.
    jobs = rows(path, "SELECT id, closed_on FROM citizen WHERE close_reason = 'ordinary_job'")
    in_aftercare = 0
    for citizen_id, closed_on in jobs:
        calls = rows(
            path,
            "SELECT due_on, status FROM follow_up WHERE citizen_id = ? AND kind = 'aftercare'"
            " AND company_id IS NULL ORDER BY due_on",
            citizen_id,
        )
        expected = [
            (due.isoformat(), "held" if due < today else "planned")
            for due in aftercare_dates(date.fromisoformat(closed_on))
        ]
        assert calls == expected
        in_aftercare += any(status == "planned" for _, status in calls)
    assert in_aftercare >= 5
    # The other side: while the job runs, the case's VK calls the employer on the job, at the
    # cadence of employer_aftercare_calls (002, table 5-1, Efterværn: "aktiv opfølgning hos
    # virksomhed"); the open offer given to citizen and company is recorded on many of them.
    running = rows(
        path,
        "SELECT c.id, c.closed_on, c.consultant_id, p.id, p.company_id FROM citizen c JOIN placement p"
        " ON p.citizen_id = c.id AND p.kind = 'ordinaert_job' AND p.status = 'active'"
        " WHERE c.close_reason = 'ordinary_job'",
    )
    assert len(running) >= 5
    for citizen_id, closed_on, consultant_id, job_id, company_id in running:
        employer = rows(
            path,
            "SELECT due_on, status, worker_id, placement_id FROM follow_up WHERE citizen_id = ? AND kind = 'aftercare'"
            " AND company_id = ? ORDER BY due_on",
            citizen_id,
            company_id,
        )
        assert employer == [
            (due.isoformat(), "held" if due < today else "planned", consultant_id, job_id)
            for due in employer_aftercare_calls(date.fromisoformat(closed_on))
        ]
    offers = rows(
        path,
        "SELECT count(*), count(open_offer_citizen_by), count(open_offer_company_by) FROM citizen"
        " WHERE open_offer_citizen_on IS NOT NULL OR open_offer_company_on IS NOT NULL",
    )[0]
    assert offers[0] >= 3 and offers[1] >= 1 and offers[2] >= 1
    # Open cases in an ordinary job get their next call planned within the aftercare months
    # (moved to a working day, so a few days past them at the most).
    open_calls = """
        SELECT count(DISTINCT c.id) FROM citizen c JOIN follow_up f ON f.citizen_id = c.id
        JOIN placement p ON p.citizen_id = c.id AND p.kind = 'ordinaert_job' AND p.status = 'active'
        WHERE c.closed_on IS NULL AND f.kind = 'aftercare' AND f.status = 'planned'
          AND f.due_on <= date(p.start_on, '+3 months', '+5 days')"""
    assert rows(path, open_calls)[0][0] >= 5
