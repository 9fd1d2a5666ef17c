"""What every workbook written for people shares."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from stvdesk.domain.text import clean_line

if TYPE_CHECKING:
    from openpyxl import Workbook

# Text beginning with one of these is taken for a formula by Excel (CSV injection: a note
# reading "=HYPERLINK(…)" would run when the file is opened). OWASP's remedy: a leading
# apostrophe, which Excel shows as text and `stvdesk import` takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def not_a_formula(text: str) -> str:
    """A CSV cell's text that Excel will not run as a formula, whatever a name or note holds."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def save_workbook(book: Workbook, path: Path) -> None:
    """Save with every cell that openpyxl took for a formula (any text starting with "=") kept
    as text: headings, names and notes alike, on every sheet. Every workbook is saved here."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(path)


_NOT_IN_SHEET_NAMES = re.compile(r"[\\/?*\[\]:]")


_NOT_IN_FILE_NAMES = re.compile(r"[^\w-]+")


def file_part(text: str) -> str:
    """A name (a team's, say) as part of a file name: letters, digits, "-" and "_" only, so it
    can neither leave the export folder nor fail on any file system."""
    return _NOT_IN_FILE_NAMES.sub("_", clean_line(text)).strip("_")[:60] or "team"


def sheet_title(text: str) -> str:
    """A worksheet's name as Excel allows it: one clean line of at most 31 characters, without
    the characters \\ / ? * [ ] : that openpyxl refuses (a worker's name is used as one)."""
    return _NOT_IN_SHEET_NAMES.sub("-", clean_line(text))[:31] or "Ark"
