"""A spreadsheet with terminal escape sequences and control characters in its names, notes,
headers and file name: the dry run prints none of them, and nothing of them is stored."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from stvdesk.cli import cli
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.importing.cells import CellError, read_choice, read_text, shown
from stvdesk.importing.tabular import ReadError, read_table
from tests.conftest import TODAY

ATTACK = "\x1b[31m\x1b]0;overtaget\x07\x1b[2J\u202e\x00"
# What a terminal acts on (everything but the line feed that ends each printed line).
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _hostile_csv(folder: Path) -> Path:
    path = folder / f"borgere{ATTACK.replace(chr(0), '')}.csv"
    path.write_text(
        f'CPR;Fornavn;"Efternavn{ATTACK}";Målgruppe;Mail\n'
        f'0101901235;"Mette{ATTACK}";"Hansen\r";Kontanthjælp;"mette{ATTACK}@x"\n'
        f'0202901236;Ole;Olsen;"Kaffe{ATTACK}";\n',
        encoding="utf-8",
        newline="",
    )
    return path


def test_the_dry_run_prints_no_control_character(demo_db: Path, tmp_path: Path) -> None:
    path = _hostile_csv(tmp_path)
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db), "--today", TODAY.isoformat(), "import", str(path), "--proevekoersel"]
    )
    assert result.exit_code == 1, result.output
    assert not FORBIDDEN.findall(result.output), sorted({hex(ord(c)) for c in FORBIDDEN.findall(result.output)})
    assert "Mette" in result.output  # the preview shows the cleaned cell
    assert "«Kaffe» kendes ikke" in result.output  # the problem quotes the cleaned cell
    assert "«Efternavn»" in result.output  # the column by its cleaned header


def test_an_import_stores_clean_text(demo_db: Path, tmp_path: Path) -> None:
    path = _hostile_csv(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["--db", str(demo_db), "--today", TODAY.isoformat(), "import", str(path), "--spring-fejl-over", "--ja"],
    )
    assert result.exit_code == 0, result.output
    assert not FORBIDDEN.findall(result.output)
    engine = make_engine(sqlite_url(demo_db))
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT first_name, last_name, email FROM citizen WHERE cpr = '0101901235'"
        ).one()  # what is stored, past the column types
    engine.dispose()
    assert tuple(row) == ("Mette", "Hansen", "mette@x")


def test_cells_and_messages_are_clean() -> None:
    assert read_text(f"Linje 1{ATTACK}\r\nLinje 2") == "Linje 1\nLinje 2"  # a note keeps its lines
    assert shown(f"Linje 1{ATTACK}\nLinje 2") == "Linje 1 Linje 2"  # a message quotes one line
    try:
        read_choice(f"Kaffe{ATTACK}", "Readiness")
    except CellError as exc:
        assert str(exc).startswith("«Kaffe» kendes ikke") and not FORBIDDEN.search(str(exc))
    else:
        raise AssertionError("Kaffe is no readiness")
    assert str(ReadError(f"fil{ATTACK}.xlsx kan ikke læses")) == "fil.xlsx kan ikke læses"


def test_a_workbooks_sheet_names_and_cells_are_read_clean(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from stvdesk.importing.fields import known_header_count

    book = Workbook()
    sheet = book.active
    sheet.title = "Ark\u202e1"
    sheet.append(["CPR", "Navn\u2066"])
    sheet.append(["0101901235", "Mette\u202e\x9b31m Hansen"])  # xlsx holds no C0, but C1 and overrides
    book.create_sheet("Andet\u202e")
    path = tmp_path / "bog.xlsx"
    book.save(path)
    table = read_table(path, known_header_count)
    assert table.source == "bog.xlsx · Ark1" and table.other_sheets == ["Andet"]
    assert table.headers == ["CPR", "Navn"] and table.rows[0][1][1] == "Mette Hansen"
