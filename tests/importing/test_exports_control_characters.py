"""No control character leaves in a file, whatever the database holds: the csv/xlsx lists (an
xlsx cannot hold most of them: openpyxl refused and the export crashed), the text and Markdown
exports and the calendar."""

from __future__ import annotations

import csv
import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from stvdesk.cli import cli
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.queries.today import WeekAgenda
from stvdesk.domain.agenda import AgendaLine, Bucket
from stvdesk.domain.enums import FollowUpKind
from stvdesk.domain.text import clean_text
from stvdesk.export.access_log import citizen_log_text
from stvdesk.export.ics import follow_ups_to_ics
from stvdesk.export.tables import ExportTable, write
from stvdesk.export.week import week_overview
from stvdesk.export.workbook import sheet_title
from tests.conftest import TODAY

ATTACK = "\x1b[31m\x1b]0;overtaget\x07\x1b[2J\u202e\x00"
EVERY_CONTROL = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))]
BIDI = ["\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
# What a terminal acts on or an XML 1.0 file cannot hold; line feeds and tabs apart.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _read(path: Path, fmt: str) -> list[list[object]]:
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle, delimiter=";"))
    from openpyxl import load_workbook

    return [[c.value for c in row] for row in load_workbook(path).active.iter_rows()]


def test_openpyxl_refuses_control_characters_which_is_why_cells_are_cleaned() -> None:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    with pytest.raises(IllegalCharacterError):
        Workbook().active.append(["Mette\x1b[31m"])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_control_character_in_every_cell_writes_a_clean_file(tmp_path: Path, fmt: str) -> None:
    cells = [f"før{ch}efter" for ch in EVERY_CONTROL + BIDI] + [f"Mette{ATTACK}", "Linje 1\r\nLinje 2\tx"]
    table = ExportTable(f"Sagsstamme{ATTACK}", [f"Navn{ATTACK}", "Tal"], [[cell, 1.5] for cell in cells])
    path = tmp_path / f"liste.{fmt}"
    write(path, table, fmt)
    rows = _read(path, fmt)
    assert rows[0][0] == "Navn"
    values = [row[0] for row in rows[1:]]
    assert values == [clean_text(cell, multiline=True) for cell in cells]
    assert values[-2:] == ["Mette", "Linje 1\nLinje 2\tx"]
    assert all(not FORBIDDEN.search(str(v)) for row in rows for v in row)
    if fmt == "xlsx":
        from openpyxl import load_workbook

        assert load_workbook(path).active.title == "Sagsstamme"


def test_a_worksheet_is_named_as_excel_allows() -> None:
    assert sheet_title(f"Ole/Åse [VK]: {ATTACK}*?") == "Ole-Åse -VK-- --"
    assert sheet_title("\x1b[2J") == "Ark" and len(sheet_title("x" * 40)) == 31


def _dirty_database(db: Path) -> None:
    """Names and notes as an older version could have stored them, past the column types."""
    engine = make_engine(sqlite_url(db))
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE citizen SET first_name = first_name || :a, last_name = :a || last_name"), {"a": ATTACK}
        )
        conn.execute(sa.text("UPDATE company SET name = name || :a, notes = notes || :a || char(13)"), {"a": ATTACK})
        conn.execute(sa.text("UPDATE placement SET purpose = purpose || :a"), {"a": ATTACK})
    engine.dispose()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("what", ["borgere", "forloeb", "virksomheder"])
def test_the_lists_export_from_a_dirty_database(demo_db: Path, tmp_path: Path, fmt: str, what: str) -> None:
    _dirty_database(demo_db)
    out = tmp_path / f"{what}.{fmt}"
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(demo_db),
            "--today",
            TODAY.isoformat(),
            "--as",
            "KB",
            "export",
            what,
            "--format",
            fmt,
            "--fil",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert not FORBIDDEN.search(result.output)
    rows = _read(out, fmt)
    assert len(rows) > 1 and all(not FORBIDDEN.search(str(v)) for row in rows for v in row)


def test_the_text_exports_and_the_calendar_hold_no_control_character(demo_db: Path, tmp_path: Path) -> None:
    _dirty_database(demo_db)
    for args in (["uge"], ["besoegsdag", "--dag", TODAY.strftime("%d-%m-%Y")], ["ics"]):
        out = tmp_path / f"{args[0]}.out"
        result = CliRunner().invoke(
            cli, ["--db", str(demo_db), "--today", TODAY.isoformat(), "--as", "KB", "export", *args, "--fil", str(out)]
        )
        assert result.exit_code == 0, result.output
        text = out.read_bytes().decode("utf-8").replace("\r\n", "\n")  # a calendar's lines end in CR LF
        assert not FORBIDDEN.search(text), (args, sorted({hex(ord(c)) for c in FORBIDDEN.findall(text)}))


def test_the_text_exports_clean_what_they_are_handed() -> None:
    """Even text that never passed the database (the access log keeps older events as stored)."""
    line = AgendaLine(
        uuid.uuid4(),
        TODAY,
        Bucket.TODAY,
        FollowUpKind.PHONE,
        uuid.uuid4(),
        f"Mette{ATTACK} Hansen",
        "",
        None,
        f"Firma{ATTACK}",
    )
    week = week_overview(WeekAgenda(TODAY, [line], [(TODAY, [line])]), None, f"KB{ATTACK}", TODAY)
    at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    log = citizen_log_text(
        f"Mette{ATTACK}", [(at, f"Karen{ATTACK}", "Opslag", f"Formål{ATTACK}\nto")], date(2026, 11, 24)
    )
    calendar = follow_ups_to_ics([line], f"KB{ATTACK}").decode("utf-8").replace("\r\n", "\n")
    for text in (week, log, calendar):
        assert not FORBIDDEN.search(text), sorted({hex(ord(c)) for c in FORBIDDEN.findall(text)})
    assert "Mette Hansen" in week and "formål: Formål to" in log and "Firma" in calendar
