"""The calendar export parses back and carries no CPR number and no surname."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar
from sqlmodel import Session, select

from stvdesk.cli import cli
from stvdesk.db.models import Citizen
from stvdesk.export.ics import initials


def test_initials() -> None:
    assert initials("Karen Marie Bach") == "K.M.B."


def test_ics_export_parses_back_without_cpr_or_surnames(demo_db: Path, demo_engine, tmp_path: Path) -> None:
    out = tmp_path / "kb.ics"
    result = CliRunner().invoke(
        cli, ["--today", "2026-11-24", "--as", "KB", "export", "ics", "--db", str(demo_db), "--fil", str(out)]
    )
    assert result.exit_code == 0, result.output
    count = int(result.output.split()[0])
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == count > 10
    text = out.read_text(encoding="utf-8")
    with Session(demo_engine) as session:
        citizens = session.exec(select(Citizen)).all()
    # UIDs are UUIDs (hex); every other line must hold nothing shaped like a CPR number
    visible = "\n".join(line for line in text.splitlines() if not line.startswith("UID:"))
    assert not re.search(r"\d{6}-?\d{4}", visible)
    for citizen in citizens:
        assert citizen.cpr not in text
        assert citizen.last_name not in text, citizen.last_name
    summaries = [str(event["SUMMARY"]) for event in events]
    assert any(re.search(r"– ([A-ZÆØÅ]\.)+$", summary) for summary in summaries)


def test_week_overview_for_a_worker_and_redacted_for_the_team(demo_db: Path, demo_engine) -> None:
    result = CliRunner().invoke(cli, ["--today", "2026-11-24", "--as", "KB", "export", "uge", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("# Ugeoversigt uge 48 – Karen Bach (KB)")
    assert "## Forfaldne (" in text and "### tirsdag 24-11-2026" in text and "## Advarsler" in text
    redacted = (
        CliRunner()
        .invoke(
            cli, ["--today", "2026-11-24", "--as", "LV", "export", "uge", "--team", "--anonym", "--db", str(demo_db)]
        )
        .output
    )
    assert "Team Vest" in redacted and "(MS)" in redacted
    with Session(demo_engine) as session:
        citizens = session.exec(select(Citizen)).all()
    for citizen in citizens:
        assert citizen.cpr[:6] not in redacted and citizen.full_name not in redacted


def test_cli_writes_a_consultants_visit_day(demo_db) -> None:
    from sqlmodel import Session, select

    from stvdesk.db.engine import make_engine, sqlite_url
    from stvdesk.db.models import Citizen

    base = ["--today", "2026-11-24", "--as", "RK", "export", "besoegsdag", "--db", str(demo_db)]
    result = CliRunner().invoke(cli, base)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Besøgsdag onsdag 25. november 2026 – Rasmus Krogh (RK)")
    assert "## 1. " in result.output and "Samtalepunkter" in result.output
    redacted = CliRunner().invoke(cli, [*base, "--format", "tekst", "--anonym", "--dag", "25-11-2026"])
    assert redacted.exit_code == 0 and "#" not in redacted.output
    engine = make_engine(sqlite_url(demo_db))
    with Session(engine) as session:
        people = session.exec(select(Citizen.last_name, Citizen.cpr).where(Citizen.consultant_id.is_not(None))).all()
    engine.dispose()
    named = [last for last, _ in people if f" {last} –" in result.output]
    assert named and all(f" {last} " not in redacted.output for last in named)
    assert all(cpr not in result.output for _, cpr in people)
    bad = CliRunner().invoke(cli, [*base, "--dag", "31-02-2026"])
    assert bad.exit_code == 2 and "--dag: 31-02-2026 er ikke en rigtig dato." in bad.output


def test_cli_writes_the_month_to_excel_and_csv(demo_db, tmp_path) -> None:
    from datetime import date

    from openpyxl import load_workbook

    from stvdesk.db.engine import make_engine, sqlite_url
    from stvdesk.db.queries.steering import SteeringScope, metric_value
    from stvdesk.db.queries.workers import find_worker
    from stvdesk.domain.enums import TargetMetric

    out = tmp_path / "styring.xlsx"
    result = CliRunner().invoke(
        cli, ["--today", "2026-11-24", "--as", "LV", "export", "xlsx", "--db", str(demo_db), "--fil", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[0] == "Team" and book.sheetnames[-1] == "Historik"
    assert "Karen Bach (KB)" in book.sheetnames and len(book.sheetnames) == 2 + 9  # 6 S, 3 VK
    team = book["Team"]
    assert [c.value for c in team[2]] == ["Måltal", "Faktisk", "Mål", "Prognose (tal)", "Prognose"]
    engine = make_engine(sqlite_url(demo_db))
    with Session(engine) as session:
        kb = find_worker(session, "KB")
        expected_team = metric_value(
            session,
            TargetMetric.IN_PLACEMENT,
            SteeringScope.for_team(kb.team_id),
            date(2026, 11, 1),
            date(2026, 11, 24),
        )
        expected_kb = metric_value(
            session,
            TargetMetric.WITH_CV,
            SteeringScope.for_worker(kb.id, kb.role),
            date(2026, 11, 1),
            date(2026, 11, 24),
        )
    engine.dispose()
    row = next(r for r in team.iter_rows(min_row=3, values_only=True) if r[0] == TargetMetric.IN_PLACEMENT.label)
    assert row[1] == expected_team and isinstance(row[1], (int, float)) and row[2] == 70  # a number, not text
    kb_row = next(
        r for r in book["Karen Bach (KB)"].iter_rows(min_row=3, values_only=True) if r[0] == TargetMetric.WITH_CV.label
    )
    assert kb_row[1] == expected_kb
    history = list(book["Historik"].iter_rows(values_only=True))
    assert history[0][1:] == ("12-2025", *(f"{m:02d}-2026" for m in range(1, 12)))
    assert all(isinstance(v, (int, float)) for row in history[1:] for v in row[1:])
    csv_text = out.with_suffix(".csv").read_text(encoding="utf-8-sig")
    assert csv_text.startswith("ejer;maaned;maaltal;faktisk;maal;prognose")
    assert f"team;2026-11;{TargetMetric.IN_PLACEMENT.label};{expected_team:g}" in csv_text
    bad = CliRunner().invoke(cli, ["--as", "LV", "export", "xlsx", "--db", str(demo_db), "--maaned", "2026-13"])
    assert bad.exit_code == 2 and "ÅÅÅÅ-MM" in bad.output


def test_each_citizen_on_an_exported_or_printed_sheet_is_one_log_event(demo_db) -> None:
    from sqlmodel import Session, select

    from stvdesk.db.engine import make_engine, sqlite_url
    from stvdesk.db.models import AuditEvent
    from stvdesk.domain.enums import AuditAction

    def events(action: AuditAction) -> list[AuditEvent]:
        engine = make_engine(sqlite_url(demo_db))
        with Session(engine) as session:
            found = list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())
        engine.dispose()
        return found

    sheet = CliRunner().invoke(
        cli, ["--today", "2026-11-24", "--as", "RK", "export", "besoegsdag", "--db", str(demo_db)]
    )
    assert sheet.exit_code == 0, sheet.output
    printed = events(AuditAction.PRINT)
    people = sheet.output.count("\n### ")
    assert people > 1 and len(printed) == people == len({e.citizen_id for e in printed})
    assert all(e.criterion == "Besøgsark 25-11-2026" for e in printed)
    week = CliRunner().invoke(cli, ["--today", "2026-11-24", "--as", "KB", "export", "uge", "--db", str(demo_db)])
    assert week.exit_code == 0
    exported = events(AuditAction.EXPORT)
    assert exported and len(exported) == len({e.citizen_id for e in exported})
    assert all(e.criterion == "Ugeoversigt uge 48" for e in exported)
