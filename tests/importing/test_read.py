"""Reading files: every CSV variant the README's import section names, workbooks with merged headers and title
lines, and the Danish refusals."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from stvdesk.importing.fields import known_header_count
from stvdesk.importing.prepare import prepare
from stvdesk.importing.tabular import ReadError, column_letter, read_table, sniff_delimiter

HEADER = ["CPR-nr.", "Navn", "Timer", "Startdato", "By"]
ROWS = [
    ["010190-1235", "Søren Ærø", "7,5", "03-02-2026", "Århus"],
    ["020285-2346", "Åse Østergård", "12,5", "04.02.2026", "Køge"],
]


def write_csv(path: Path, delimiter: str, encoding: str) -> Path:
    text = "\r\n".join(delimiter.join(_quote(c, delimiter) for c in row) for row in [HEADER, *ROWS])
    path.write_bytes(text.encode(encoding))
    return path


def _quote(cell: str, delimiter: str) -> str:
    return f'"{cell}"' if delimiter in cell else cell


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_every_delimiter_and_encoding(tmp_path: Path, delimiter: str, encoding: str) -> None:
    path = write_csv(tmp_path / "fil.csv", delimiter, encoding)
    table = read_table(path, known_header_count)
    assert table.headers == HEADER
    assert [cells for _n, cells in table.rows] == ROWS
    assert [n for n, _cells in table.rows] == [2, 3]
    assert table.delimiter == delimiter
    assert table.encoding == ("Windows-1252" if encoding == "cp1252" else "UTF-8")


def test_sniffing_is_not_fooled_by_decimal_commas() -> None:
    text = "CPR;Timer;Ordinære\n010190-1235;7,5;2,5\n020285-2346;12,5;0,5\n"
    assert sniff_delimiter(text) == ";"


def test_title_lines_and_blank_rows_are_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        "Borgere i Team Nord;;\n;;\nCPR;Navn;By\n010190-1235;Søren Ærø;Århus\n;;\n\n"
        "020285-2346;Åse Østergård;Køge\n;;\n",
        encoding="utf-8",
    )
    table = read_table(path, known_header_count)
    assert table.header_row == 3
    assert [n for n, _c in table.rows] == [4, 7]
    assert table.blank_rows == 2  # the two between the rows; the trailing one is the end of the file


def test_xlsx_merged_headers_group_row_and_dates(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws["A1"] = "Oversigt"
    ws.merge_cells("A1:D1")
    ws["A2"], ws["C2"] = "Borger", "Forløb"
    ws.merge_cells("A2:B2")
    ws["D2"] = "Sagsbehandler"
    ws.merge_cells("D2:D3")  # merged down: the header row below has it too
    ws["A3"], ws["B3"], ws["C3"] = "CPR", "Navn", "Startdato"
    ws.append(["0101901235", "Søren Ærø", date(2026, 2, 3), "KB"])
    ws.append([None, None, None, None])
    ws.append([101901235, "Åse Østergård", "04.02.2026", "MS"])
    path = tmp_path / "bog.xlsx"
    book.save(path)
    table = read_table(path, known_header_count)
    assert table.header_row == 3
    assert table.headers == ["CPR", "Navn", "Startdato", "Sagsbehandler"]
    assert table.rows[0] == (4, ["0101901235", "Søren Ærø", date(2026, 2, 3), "KB"])
    assert table.rows[1][0] == 6 and table.blank_rows == 1


def test_the_sheet_with_data_is_chosen_and_others_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Husk fredag"
    data = book.create_sheet("Borgere")
    data.append(["CPR", "Navn", "Målgruppe"])
    data.append(["0101901235", "Søren Ærø", "KTH"])
    path = tmp_path / "bog.xlsx"
    book.save(path)
    prepared = prepare(path)
    assert prepared.table.source.endswith("Borgere")
    assert prepared.table.other_sheets == ["Sheet"]
    with pytest.raises(ReadError, match="intet ark der hedder «Noter»"):
        read_table(path, known_header_count, "Noter")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gammel.xls", b"\xd0\xcf\x11\xe0", "Det gamle Excel-format"),
        ("ikke.xlsx", b"dette er ikke en zip", "kan ikke læses som en Excel-fil"),
        ("billede.png", b"\x89PNG", "kun .xlsx- og .csv-filer"),
        ("tom.csv", b"\r\n;;\r\n", "Filen er tom"),
    ],
)
def test_unreadable_files_get_a_danish_message(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_table(path, known_header_count)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="findes ikke"):
        read_table(tmp_path / "nej.csv", known_header_count)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_a_cell_beyond_the_csv_field_limit_is_a_danish_message(tmp_path: Path) -> None:
    path = tmp_path / "stor.csv"
    path.write_text('CPR;Navn\n0101901235;"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(ReadError, match=re.escape("en celle er over 131.072 tegn")):
        read_table(path, known_header_count)


def test_nul_bytes_and_long_cells(tmp_path: Path) -> None:
    from stvdesk.importing.cells import CellError, read_text

    path = tmp_path / "nul.csv"
    path.write_bytes(b"CPR;Navn\n0101901235;S\x00ren\n")
    assert read_table(path, known_header_count).rows[0][1][1] == "Sren"  # read, without the NUL
    with pytest.raises(CellError, match=re.escape("Cellen har 6.000 tegn; højst 5.000")):
        read_text("x" * 6000)
