"""The demo data: deterministic, valid, and shaped as issue 2 asks."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from stvdesk.db import demo as demo_module
from stvdesk.db.demo import DemoSpec, build_demo_file, demo_meta
from stvdesk.domain.cpr import parse_cpr
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
    count = lambda cond: rows(
        demo_master, f"SELECT count(*) FROM follow_up WHERE status='planned' AND worker_id=({kb}) AND {cond}", t
    )[0][0]  # noqa: E731
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
        assert len(cvr) == 8 and sum(int(d) * w for d, w in zip(cvr, weights)) % 11 == 0


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
