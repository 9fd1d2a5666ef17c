"""The list exports: csv and xlsx of the caseload with its filters, the placements
and the companies; the redacted variants; every export logged; what is exported reads back."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from stvdesk.cli import cli
from stvdesk.db.models import AuditEvent
from stvdesk.db.queries.caseload_list import CaseloadFilter, Viewer, caseload_rows
from stvdesk.domain.enums import AuditAction, Readiness
from stvdesk.importing.prepare import prepare
from tests.conftest import TODAY, make_desk


def export(db: Path, *args: str):
    result = CliRunner().invoke(cli, ["--db", str(db), "--today", TODAY.isoformat(), "--as", "KB", "export", *args])
    assert result.exit_code == 0, result.output
    return result


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def export_events(db: Path) -> list[AuditEvent]:
    desk = make_desk(db)
    try:
        return desk.run(lambda s: s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).all())
    finally:
        desk.engine.dispose()


def test_caseload_csv_follows_the_filters_and_logs_each_citizen(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "klar.csv"
    export(demo_db, "borgere", "--parathed", "klar", "--fil", str(out))
    rows = read_csv(out)
    desk = make_desk(demo_db)
    expected = desk.run(
        lambda s: caseload_rows(
            s,
            CaseloadFilter(readiness=Readiness.READY),
            Viewer(desk.worker.id, desk.worker.role, desk.worker.team_id),
            TODAY,
        )
    )
    desk.engine.dispose()
    assert rows[0][:3] == ["CPR", "Fornavn", "Efternavn"]
    assert [r[0].replace("-", "") for r in rows[1:]] == [r.cpr for r in expected]
    assert expected and all(r[6] == "Klar" for r in rows[1:])
    events = export_events(demo_db)
    assert {e.citizen_id for e in events} == {r.id for r in expected}
    assert all("Parathed: Klar" in e.criterion and "klar.csv" in e.criterion for e in events)


def test_caseload_redacted_has_initials_and_no_cpr(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "anonym.csv"
    export(demo_db, "borgere", "--anonym", "--fil", str(out))
    rows = read_csv(out)
    assert rows[0][0] == "Initialer" and "CPR" not in rows[0]
    text = out.read_text(encoding="utf-8-sig")
    import re

    assert not re.search(r"\d{6}-?\d{4}", text)
    assert all(re.fullmatch(r"(\w\.)+", r[0]) for r in rows[1:])
    assert all("(anonymiseret)" in e.criterion for e in export_events(demo_db))


def test_caseload_xlsx_has_real_dates_and_numbers(demo_db: Path, tmp_path: Path) -> None:
    from datetime import date

    from openpyxl import load_workbook

    out = tmp_path / "stamme.xlsx"
    export(demo_db, "borgere", "--format", "xlsx", "--omfang", "team", "--fil", str(out))
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    next_due = header.index("Næste opfølgning")
    values = [row[next_due].value for row in sheet.iter_rows(min_row=2)]
    assert any(isinstance(v, date) for v in values)
    assert isinstance(sheet.cell(row=2, column=header.index("Alder") + 1).value, int)
    assert sheet.freeze_panes == "A2"


def test_saved_filter_by_name(demo_db: Path, tmp_path: Path) -> None:
    from stvdesk.db.queries.caseload_list import save_filter

    desk = make_desk(demo_db)
    desk.run(lambda s: save_filter(s, desk.worker.id, "Forfaldne", CaseloadFilter(overdue=True)))
    desk.engine.dispose()
    out = tmp_path / "f.csv"
    result = export(demo_db, "borgere", "--filter", "Forfaldne", "--fil", str(out))
    assert "borgere skrevet til" in result.output
    assert "Forfaldne" in export_events(demo_db)[0].criterion
    missing = CliRunner().invoke(cli, ["--db", str(demo_db), "--as", "KB", "export", "borgere", "--filter", "Nej"])
    assert missing.exit_code == 2 and "intet gemt filter der hedder «Nej»" in missing.output


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_placements_export_reads_back_unchanged(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"forloeb.{fmt}"
    export(demo_db, "forloeb", "--team", "--med-afsluttede", "--format", fmt, "--fil", str(out))
    prepared = prepare(out)
    assert prepared.kind.value == "forloeb"
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db), "--today", TODAY.isoformat(), "--as", "KB", "import", str(out), "--ja"]
    )
    assert result.exit_code == 0, result.output
    assert "Importeret: 0 nye forløb, 0 ændret," in result.output


def test_placements_redacted_blanks_surnames_in_free_text(demo_db: Path, tmp_path: Path) -> None:
    desk = make_desk(demo_db)
    from stvdesk.db.models import Citizen, Placement

    def name_in_purpose(session):
        placement, citizen = session.exec(
            select(Placement, Citizen)
            .join(Citizen, Citizen.id == Placement.citizen_id)
            .where(Citizen.caseworker_id == desk.worker.id)
        ).first()
        placement.purpose = f"Aftalt med {citizen.first_name} {citizen.last_name} (cpr {citizen.cpr})"
        session.add(placement)
        session.commit()
        return citizen.last_name, citizen.cpr

    last, cpr = desk.run(name_in_purpose)
    desk.engine.dispose()
    out = tmp_path / "f.csv"
    export(demo_db, "forloeb", "--anonym", "--fil", str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert "Aftalt med" in text and last not in text and cpr not in text


def test_companies_export_is_one_log_event(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.csv"
    export(demo_db, "virksomheder", "--anonym", "--fil", str(out))
    rows = read_csv(out)
    assert "Noter" not in rows[0] and "Telefon" not in rows[0] and len(rows) > 100
    events = export_events(demo_db)
    assert len(events) == 1 and events[0].citizen_id is None and "v.csv" in events[0].criterion


def test_every_export_has_a_redacted_variant_and_is_logged(demo_db: Path, tmp_path: Path) -> None:
    for command in ("borgere", "forloeb", "virksomheder", "uge", "besoegsdag", "referat", "ics", "styring", "logning"):
        result = CliRunner().invoke(cli, ["export", command, "--help"])
        assert "--anonym" in result.output, command
    export(demo_db, "ics", "--anonym", "--fil", str(tmp_path / "k.ics"))
    ics = (tmp_path / "k.ics").read_text()
    assert "LOCATION" not in ics and " – " not in ics.split("BEGIN:VEVENT", 1)[1].split("DTSTART")[0]
    export(demo_db, "styring", "--anonym", "--fil", str(tmp_path / "s.xlsx"))
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "s.xlsx").sheetnames == ["Team", "Historik"]
    criteria = [e.criterion for e in export_events(demo_db)]
    assert any(c.startswith("Kalenderfil k.ics (anonymiseret)") for c in criteria)
    assert any(c.startswith("Styringstal") for c in criteria)


def test_meeting_summary_from_the_command_line(demo_db: Path) -> None:
    from stvdesk.db.models import Citizen, Meeting
    from stvdesk.domain.enums import MeetingStatus

    desk = make_desk(demo_db)
    cpr, _last = desk.run(
        lambda s: s.exec(
            select(Citizen.cpr, Citizen.last_name)
            .join(Meeting, Meeting.citizen_id == Citizen.id)
            .where(Meeting.status == MeetingStatus.HELD)
        ).first()
    )
    desk.engine.dispose()
    plain = export(demo_db, "referat", cpr)
    assert "Aftaler" in plain.output or "aftale" in plain.output.lower()
    redacted = export(demo_db, "referat", cpr, "--anonym")
    assert cpr not in redacted.output and f"{cpr[:6]}-{cpr[6:]}" not in redacted.output
    assert sum(1 for e in export_events(demo_db) if e.action is AuditAction.EXPORT) >= 2
    none = CliRunner().invoke(
        cli, ["--db", str(demo_db), "--as", "KB", "export", "referat", cpr, "--dato", "01-01-2020"]
    )
    assert none.exit_code == 2 and "intet møde den 01-01-2020" in none.output


def test_old_xlsx_name_still_works_but_is_hidden(demo_db: Path, tmp_path: Path) -> None:
    assert " xlsx " not in CliRunner().invoke(cli, ["export", "--help"]).output
    export(demo_db, "xlsx", "--fil", str(tmp_path / "s.xlsx"))
    assert (tmp_path / "s.xlsx").exists()


def test_a_second_export_the_same_day_gets_its_own_file(demo_db: Path) -> None:
    from stvdesk.settings import export_dir

    # "N virksomheder skrevet til FIL – eksporteret som KB (…)."
    first = export(demo_db, "virksomheder").output.split(" skrevet til ", 1)[1].split(" – ", 1)[0]
    second = export(demo_db, "virksomheder").output.split(" skrevet til ", 1)[1].split(" – ", 1)[0]
    assert Path(first).name == f"virksomheder-{TODAY:%Y%m%d}.csv"
    assert Path(second).name == f"virksomheder-{TODAY:%Y%m%d}-2.csv"
    assert {p.name for p in export_dir().iterdir()} == {Path(first).name, Path(second).name}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_looks_like_a_formula_stays_text_and_reads_back(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    """CSV injection: a placement's purpose typed as '=HYPERLINK(…)' must not become a formula
    in Excel; the file still reads back unchanged."""
    from stvdesk.db.models import Citizen, Placement

    desk = make_desk(demo_db)
    formula = '=HYPERLINK("http://example.invalid","klik")'

    def plant(session):
        placement = session.exec(
            select(Placement)
            .join(Citizen, Citizen.id == Placement.citizen_id)
            .where(Citizen.caseworker_id == desk.worker.id)
        ).first()
        placement.purpose = formula
        session.add(placement)
        session.commit()

    desk.run(plant)
    desk.engine.dispose()
    out = tmp_path / f"f.{fmt}"
    export(demo_db, "forloeb", "--format", fmt, "--fil", str(out))
    if fmt == "csv":
        assert any(cell == "'" + formula for row in read_csv(out) for cell in row)
    else:
        from openpyxl import load_workbook

        cells = [c for row in load_workbook(out).active.iter_rows() for c in row if c.value == formula]
        assert cells and all(c.data_type == "s" for c in cells)
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db), "--today", TODAY.isoformat(), "--as", "KB", "import", str(out), "--ja"]
    )
    assert "0 ændret" in result.output, result.output
