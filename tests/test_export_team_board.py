"""`stvdesk export tavle`: the team board as Markdown (default, in the export folder) and as xlsx,
the redacted variant without names or CPR numbers, every citizen logged, and whom it ran as."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from sqlmodel import select

from stvdesk.cli import cli
from stvdesk.db.models import AuditEvent
from stvdesk.db.queries.caseload_list import Viewer
from stvdesk.db.queries.team_board import BoardCitizen, BoardOpening, IndustryGroup, TeamBoard, team_board
from stvdesk.domain.enums import AuditAction, Readiness
from stvdesk.export.ics import initials
from stvdesk.export.team_board import board_markdown, board_tables
from tests.conftest import TODAY, make_desk


def _tavle(db: Path, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["--db", str(db), "--today", TODAY.isoformat(), "--as", "KB", "export", "tavle", *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


def _board_and_exports(db: Path) -> tuple[TeamBoard, list[AuditEvent]]:
    desk = make_desk(db)
    try:
        me = desk.me
        board = desk.run(lambda s: team_board(s, Viewer(me.id, me.role, me.team_id), TODAY))
        events = desk.run(lambda s: s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).all())
        return board, list(events)
    finally:
        desk.engine.dispose()


def test_export_tavle_markdown_xlsx_and_redacted(demo_db: Path, tmp_path: Path) -> None:
    from stvdesk.settings import export_dir

    said = _tavle(demo_db)
    path = export_dir() / f"teamtavle-{TODAY:%Y%m%d}.md"
    assert str(path) in said and "eksporteret som KB" in said
    board, events = _board_and_exports(demo_db)
    text = path.read_text(encoding="utf-8")
    citizen = next(c for c in board.citizens if c.proposals)
    assert text.startswith("# Teamtavle – ") and f"## {citizen.industry}" in text
    assert f"**{citizen.name}**" in text and citizen.proposals[0].reasons[0] in text
    assert all(o.title in text for o in board.openings)
    assert f"{citizen.cpr[:6]}-{citizen.cpr[6:]}" not in text  # a printed board carries no CPR number
    logged = {e.citizen_id for e in events if path.name in e.criterion}
    assert logged == {c.citizen_id for c in board.citizens}

    book = tmp_path / "tavle.xlsx"
    _tavle(demo_db, "--format", "xlsx", "--fil", str(book))
    sheets = load_workbook(book)
    assert sheets.sheetnames == ["Borgere", "Jobåbninger"]
    people = [[cell.value for cell in row] for row in sheets["Borgere"].iter_rows()]
    assert people[0][:4] == ["Branche", "CPR", "Fornavn", "Efternavn"]
    assert [citizen.first_name, citizen.last_name] in [row[2:4] for row in people[1:]]
    assert len(people) - 1 == len(board.citizens)
    assert len(list(sheets["Jobåbninger"].iter_rows())) - 1 == len(board.openings)

    anonym = tmp_path / "anonym.md"
    _tavle(demo_db, "--anonym", "--fil", str(anonym))
    anonym_book = tmp_path / "anonym.xlsx"
    _tavle(demo_db, "--anonym", "--format", "xlsx", "--fil", str(anonym_book))
    hidden = anonym.read_text(encoding="utf-8")
    cells = " ".join(
        str(cell.value) for sheet in load_workbook(anonym_book) for row in sheet.iter_rows() for cell in row
    )
    for content in (hidden, cells):
        for c in board.citizens:
            assert c.name not in content and c.cpr not in content and f"{c.cpr[:6]}-" not in content
        assert initials(citizen.name) in content
    assert "CPR" not in cells.split()

    _board, events = _board_and_exports(demo_db)
    for name in (book.name, anonym.name, anonym_book.name):
        assert {e.citizen_id for e in events if name in e.criterion} == logged
    assert all("(anonymiseret)" in e.criterion for e in events if anonym.name in e.criterion)


def _opening(industry: str, spotted_on: date, contact_on: date | None, outcome: str) -> BoardOpening:
    return BoardOpening(
        uuid.uuid4(),
        uuid.uuid4(),
        "Eriksen & Søn",
        industry,
        "Lagermedhjælper",
        8,
        spotted_on,
        "JK",
        contact_on,
        outcome,
    )


def _citizen(industry: str) -> BoardCitizen:
    return BoardCitizen(
        uuid.uuid4(), "0101901234", "Yrsa", "Holm", Readiness.READY, None, "KB", None, "", industry, (), ()
    )


def test_an_industry_shows_only_the_parts_it_has_and_an_old_contact_says_it_is_older() -> None:
    """An industry on the board for its citizens alone prints no empty "Jobåbninger (0)" and one
    for its openings alone no empty "Borgere (0)"; a company's "Ingen ledige opgaver" from before
    its opening was seen is marked as older than the opening."""
    board = TeamBoard(
        "Team Vest",
        TODAY,
        (
            IndustryGroup("Detail", (_citizen("Detail"),), ()),
            IndustryGroup(
                "Lager og logistik",
                (),
                (
                    _opening(
                        "Lager og logistik",
                        TODAY - timedelta(days=26),
                        date(2026, 6, 28),
                        "Ingen ledige opgaver lige nu",
                    ),
                ),
            ),
            IndustryGroup(
                "Rengøring",
                (),
                (_opening("Rengøring", TODAY - timedelta(days=30), TODAY - timedelta(days=2), "Aftalt besøg"),),
            ),
        ),
    )
    text = board_markdown(board)
    assert "(0)" not in text and "- ingen" not in text
    assert text.count("### Borgere (1)") == 1 and text.count("### Jobåbninger (1)") == 2
    assert "seneste kontakt 28-06-2026, før jobåbningen: Ingen ledige opgaver lige nu" in text
    assert f"seneste kontakt {TODAY - timedelta(days=2):%d-%m-%Y}: Aftalt besøg" in text
    _people, openings = board_tables(board)
    assert [row[-1] for row in openings.rows] == ["Før jobåbningen: Ingen ledige opgaver lige nu", "Aftalt besøg"]


def test_export_tavle_takes_redacted_as_the_english_spelling_of_anonym(demo_db: Path, tmp_path: Path) -> None:
    """The flag rule (stvdesk/cli/options.py): --anonym is the flag --help shows, --redacted works
    unseen and means the same."""
    help_text = CliRunner().invoke(cli, ["export", "tavle", "--help"]).output
    assert "--anonym" in help_text and "--redacted" not in help_text
    danish, english = tmp_path / "anonym.md", tmp_path / "redacted.md"
    _tavle(demo_db, "--anonym", "--fil", str(danish))
    _tavle(demo_db, "--redacted", "--fil", str(english))
    assert english.read_text(encoding="utf-8") == danish.read_text(encoding="utf-8")
    board, events = _board_and_exports(demo_db)
    assert all(c.name not in english.read_text(encoding="utf-8") for c in board.citizens)
    assert all("(anonymiseret)" in e.criterion for e in events if english.name in e.criterion)
