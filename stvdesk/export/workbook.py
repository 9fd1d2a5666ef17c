"""What every workbook written for people shares."""

from __future__ import annotations

import re

from stvdesk.domain.text import clean_line

_NOT_IN_SHEET_NAMES = re.compile(r"[\\/?*\[\]:]")


def sheet_title(text: str) -> str:
    """A worksheet's name as Excel allows it: one clean line of at most 31 characters, without
    the characters \\ / ? * [ ] : that openpyxl refuses (a worker's name is used as one)."""
    return _NOT_IN_SHEET_NAMES.sub("-", clean_line(text))[:31] or "Ark"
