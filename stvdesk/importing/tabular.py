"""Reading a .csv or .xlsx file into rows of cells, whatever shape the team's spreadsheet has.

CSV: `;`, `,` or tab, UTF-8 (with or without BOM) or Windows-1252, as Danish Excel writes it.
XLSX: every merged range is filled with its top-left value (a merged header over two columns,
a company name merged down over its placements); the header row is the one of the first rows
whose cells name the most known fields, so a title line above it is passed over. Row numbers
are the ones the spreadsheet shows, so a problem report points at the row the user sees.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from stvdesk.domain.numbers import format_number
from stvdesk.domain.text import clean_line, clean_text

Cell = str | date | float | int | None
HEADER_SEARCH_ROWS = 15
DELIMITERS = (";", ",", "\t")


class ReadError(ValueError):
    """A file that cannot be read as a table; the message is Danish, and clean: it may quote the
    file's name or the reader's words about its content, and is printed to a terminal."""

    def __init__(self, message: str) -> None:
        super().__init__(clean_text(message, multiline=True))


@dataclass(frozen=True)
class Table:
    """One sheet: its header cells and data rows, each with the row number the user sees."""

    source: str  # file name, with the sheet for a workbook
    headers: list[str]
    rows: list[tuple[int, list[Cell]]]
    header_row: int
    blank_rows: int = 0
    other_sheets: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names columns; also told for a CSV file)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 when it is valid UTF-8, else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: latin-1 reads every byte.
        return data.decode("latin-1"), "Windows-1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields most often."""
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    best, best_score = ";", (-1, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue  # the reading proper reports it
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = (wide.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _strip(cell: Any) -> Cell:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, str):
        # Cleaned as it is read: every value, preview and problem message after this point
        # quotes clean text (escape sequences and control characters out; a cell's own line
        # breaks are kept for a note, see stvdesk.domain.text).
        cell = clean_text(cell.replace("\u00a0", " "), multiline=True).strip()
        return cell or None
    if isinstance(cell, bool):
        return "ja" if cell else "nej"
    value: Cell = cell  # a number, date or None as openpyxl and csv give it
    return value


def _table(source: str, grid: list[list[Cell]], score: Callable[[list[str]], int], **extra: Any) -> Table:
    """Pick the header row (most known names among the first rows; the first non-blank row if
    none names any) and return the rows below it."""
    candidates = [(i, row) for i, row in enumerate(grid[: HEADER_SEARCH_ROWS + 5]) if any(not is_blank(c) for c in row)]
    candidates = candidates[:HEADER_SEARCH_ROWS]
    if not candidates:
        raise ReadError("Filen er tom: der er ingen rækker med indhold.")
    best_index, best_score = candidates[0][0], 0
    for i, row in candidates:
        s = score([_header_text(c) for c in row])
        if s > best_score:
            best_index, best_score = i, s
    header_cells = grid[best_index]
    above = grid[best_index - 1] if best_index > 0 else []
    headers = []
    for col, cell in enumerate(header_cells):
        text = _header_text(cell)
        if not text and col < len(above):
            text = _header_text(above[col])  # a group heading merged over a cell left empty below
        headers.append(text or f"Kolonne {column_letter(col)}")
    width = len(headers)
    below = grid[best_index + 1 :]
    while (
        width
        and headers[width - 1].startswith("Kolonne ")
        and all(width - 1 >= len(row) or is_blank(row[width - 1]) for row in below)
    ):
        width -= 1
    headers = headers[:width]
    rows, blank = [], 0
    for i in range(best_index + 1, len(grid)):
        row = (grid[i] + [None] * width)[:width]
        if all(is_blank(c) for c in row):
            blank += 1
            continue
        rows.append((i + 1, row))
    # Blank rows after the last data row are the sheet's end, not skipped rows.
    last = rows[-1][0] if rows else best_index + 1
    blank -= sum(1 for i in range(last, len(grid)) if all(is_blank(c) for c in grid[i]))
    return Table(
        source=source, headers=headers, rows=rows, header_row=best_index + 1, blank_rows=max(blank, 0), **extra
    )


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    return " ".join(clean_line(str(cell)).split())


def read_csv(path: Path, score: Callable[[list[str]], int]) -> Table:
    text, encoding = decode(path.read_bytes())
    delimiter = sniff_delimiter(text)
    try:
        grid = [[_strip(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        where = f" (omkring linje {exc.args[1]})" if len(exc.args) > 1 else ""
        if "field larger than field limit" in str(exc):
            raise ReadError(
                f"{path.name} kan ikke læses som CSV: en celle er over "
                f"{format_number(csv.field_size_limit())} tegn – er det en CSV-fil?"
            ) from exc
        raise ReadError(f"{path.name} kan ikke læses som CSV{where}: {exc}") from exc
    return _table(clean_line(path.name), grid, score, encoding=encoding, delimiter=delimiter)


def read_xlsx(path: Path, score: Callable[[list[str]], int], sheet: str | None = None) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook  # deferred: only an import of a workbook needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError) as exc:
        raise ReadError(f"{path.name} kan ikke læses som en Excel-fil (.xlsx): {exc}") from exc
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        raise ReadError(f"Arbejdsbogen har intet ark der hedder «{sheet}». Arkene er: {', '.join(names)}.")
    tables: list[tuple[int, int, Table]] = []  # (header score, -sheet order, table)
    for name in [sheet] if sheet else names:
        ws = book[name]
        grid = [[_strip(c) for c in row] for row in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, merged.max_col):
                    if c < len(grid[r]):
                        grid[r][c] = value
        if not any(not is_blank(c) for row in grid for c in row):
            continue
        # A sheet's name is the workbook's text too, and is printed.
        table = _table(clean_line(f"{path.name} · {name}"), grid, score)
        tables.append((score(table.headers), -len(tables), table))
    if not tables:
        raise ReadError(f"{path.name} er tom: intet ark har rækker med indhold.")
    chosen = max(tables, key=lambda t: (t[0], t[1]))[2]
    others = [clean_line(n) for n in names if not chosen.source.endswith(f" · {clean_line(n)}")]
    return replace(chosen, other_sheets=others)


def read_table(path: Path, score: Callable[[list[str]], int], sheet: str | None = None) -> Table:
    """Read `path` by its extension; ReadError (Danish) for a missing or unreadable file."""
    if not path.exists():
        raise ReadError(f"Filen {path} findes ikke.")
    if path.is_dir():
        raise ReadError(f"{path} er en mappe, ikke en fil.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, score, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        if sheet:
            raise ReadError("En CSV-fil har ingen ark; --ark gælder kun Excel-filer.")
        return read_csv(path, score)
    if suffix == ".xls":
        raise ReadError(
            "Det gamle Excel-format (.xls) kan ikke læses. Gem filen som .xlsx eller CSV i Excel og prøv igen."
        )
    raise ReadError(f"{path.name}: kun .xlsx- og .csv-filer kan importeres.")
