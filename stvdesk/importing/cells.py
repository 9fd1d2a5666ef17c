"""Reading one cell as the value its field wants. Each reader returns the value or raises
CellError with a Danish message for the problem report; an empty cell is None, never an error
(whether a field may be empty is the row check's business)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from stvdesk.domain.cpr import CprError, parse_cpr
from stvdesk.domain.cvr import CvrError, parse_cvr
from stvdesk.domain.enums import FollowUpKind, Labelled, PlacementKind, Readiness, TargetGroup
from stvdesk.domain.numbers import format_hours, format_number, format_plain
from stvdesk.domain.parse import MAX_HOURS_PER_WEEK
from stvdesk.domain.text import clean_line, clean_text
from stvdesk.importing.fields import fold
from stvdesk.importing.tabular import Cell, is_blank

_DMY = re.compile(r"^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")
_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+(?:[.,]\d+)?$")


EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
EXCEL_SERIALS = (1, 73051)  # day numbers 1 (1900) to 73051 (31-12-2099)


class CellError(ValueError):
    """A cell that cannot be read; str() is the Danish message (clean: it quotes the cell)."""

    def __init__(self, message: str) -> None:
        super().__init__(clean_text(message, multiline=True))


def shown(cell: Cell) -> str:
    """A cell as the user typed it, for a message or a preview: one line, and clean (no escape
    sequence in a file reaches the terminal that prints the message)."""
    if isinstance(cell, date):
        return f"{cell:%d-%m-%Y}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return clean_line(str(cell)).strip()


MAX_TEXT = 5000  # characters in one cell: a long journal note, not a pasted document


def read_text(cell: Cell) -> str | None:
    """The text; an apostrophe put before = + - @ (so Excel shows it as text) is taken off."""
    if is_blank(cell):
        return None
    # Line breaks are kept (a note may have several lines); the database makes a space of them
    # in a one-line column (stvdesk.db.models.MULTILINE_TEXT).
    text = cell.strip() if isinstance(cell, str) else shown(cell)
    text = clean_text(text, multiline=True)
    if len(text) > MAX_TEXT:
        raise CellError(f"Cellen har {format_number(len(text))} tegn; højst {format_number(MAX_TEXT)} kan importeres.")
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def read_cpr(cell: Cell) -> str | None:
    """Ten digits. A number cell lost its leading zero in Excel (0102901234 → 102901234): padded back."""
    if is_blank(cell):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if isinstance(cell, float) and not cell.is_integer():
            raise CellError(f"«{format_plain(cell)}» er ikke et CPR-nummer.")
        text = str(int(cell)).zfill(10)
    else:
        text = shown(cell)
    try:
        return parse_cpr(text).digits
    except CprError as exc:
        raise CellError(str(exc)) from exc


def read_cvr(cell: Cell) -> str | None:
    if is_blank(cell):
        return None
    try:
        return parse_cvr(shown(cell))
    except CvrError as exc:
        raise CellError(str(exc)) from exc


def read_date(cell: Cell) -> date | None:
    """A date cell, or text as dd-mm-åååå, dd.mm.åååå, dd/mm/åååå (also two-digit years), or åååå-mm-dd."""
    if is_blank(cell):
        return None
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and EXCEL_SERIALS[0] <= cell <= EXCEL_SERIALS[1]:
        # A date cell whose format was lost (pasted as values) shows Excel's day number.
        return EXCEL_EPOCH + timedelta(days=int(cell))
    text = shown(cell)
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:
                year += 2000 if year <= 69 else 1900
            return date(year, month, day)
        match = _YMD.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError as exc:
        raise CellError(f"«{text}» er ikke en rigtig dato.") from exc
    raise CellError(f"«{text}» er ikke en dato. Skriv dd-mm-åååå, fx 24-11-2026.")


def read_number(cell: Cell) -> float | None:
    """A number, with a Danish decimal comma and thousands points ('1.234,5') or a decimal point."""
    if is_blank(cell):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = shown(cell).replace(" ", "")
    if not _NUMBER.match(text):
        raise CellError(f"«{shown(cell)}» er ikke et tal.")
    if "," in text or _THOUSANDS.match(text):
        # A comma is the decimal sign; points are thousands ('1.234,5', '1.234', '1.234.567').
        text = text.replace(".", "").replace(",", ".")
    return float(text)  # else at most one point: a decimal point, as an English sheet writes it


def read_hours(cell: Cell) -> float | None:
    """Hours per week: 0–37 (002: a full-time week), a decimal comma or point."""
    value = read_number(cell)
    if value is None:
        return None
    if value < 0:
        raise CellError("Timer kan ikke være negative.")
    if value > MAX_HOURS_PER_WEEK:
        # Typed text is echoed as typed; a number cell as a Danish user sees it in Excel (40,5).
        typed = shown(cell) if isinstance(cell, str) else format_plain(value)
        raise CellError(f"{typed} timer pr. uge er mere end en fuld uge ({format_hours(MAX_HOURS_PER_WEEK)}).")
    return value


# Words teams use for each choice, besides its own label and code. Folded (see fields.fold).
_WORDS: dict[type[Labelled], dict[str, tuple[str, ...]]] = {
    TargetGroup: {
        "kontanthjaelp": (
            "kth",
            "kontanthjaelp",
            "aktivitetsparat kontanthjaelp",
            "kontanthjaelpsmodtager",
            "cash benefit",
            "cash benefit recipient",
        ),
        "uddannelseshjaelp": (
            "udd hjaelp",
            "uddhjaelp",
            "uddannelseshjaelp",
            "uh",
            "aktivitetsparat uddannelseshjaelp",
            "education benefit",
        ),
        "ressourceforloeb": ("rf", "ressourceforloeb", "ressource", "resource course"),
        "jobafklaring": ("jaf", "jobafklaring", "jobafklaringsforloeb", "job clarification"),
        "andet": ("anden", "other"),
    },
    Readiness: {
        "klar": ("klar", "parat", "ready", "ja"),
        "taet_paa": ("taet paa", "naesten klar", "close", "nearly ready", "delvis"),
        "laengere_fra": ("laengere fra", "langt fra", "ikke klar", "far", "not ready", "nej"),
    },
    PlacementKind: {
        "praktik": ("praktik", "virksomhedspraktik", "vp", "internship", "work placement"),
        "loentilskud": ("loentilskud", "lts", "lt", "wage subsidy", "subsidised job", "subsidized job"),
        "ordinaere_timer": ("ordinaere timer", "timer", "ord timer", "ordinary hours"),
        "smaajob": ("smaajob", "smaa job", "small job", "mini job"),
        "ordinaert_job": ("ordinaert job", "job", "ansat", "ordinary job", "employed"),
    },
    FollowUpKind: {
        "samtale": ("samtale", "moede", "jobsamtale", "conversation", "meeting", "interview"),
        "praktikopfoelgning": ("praktikopfoelgning", "opfoelgning i praktik", "placement follow up"),
        "trepart": ("trepart", "trepartssamtale", "3 part", "3 partssamtale", "three party", "three party meeting"),
        "virksomhedsbesoeg": ("besoeg", "virksomhedsbesoeg", "company visit", "visit"),
        "telefon": ("telefon", "tlf", "telefonopfoelgning", "opkald", "phone", "call"),
        "aftercare": ("eftervaern", "eftervaernsopkald", "aftercare"),
    },
}

ENUMS: dict[str, type[Labelled]] = {cls.__name__: cls for cls in _WORDS}


def _enum_index(cls: type[Labelled]) -> dict[str, Labelled]:
    index = {}
    for member in cls:
        index[fold(member.label)] = member
        index[fold(member.value)] = member
        for word in _WORDS[cls].get(member.value, ()):
            index[word] = member
    return index


_ENUM_INDEXES = {name: _enum_index(cls) for name, cls in ENUMS.items()}


def read_choice(cell: Cell, enum_name: str) -> Labelled | None:
    if is_blank(cell):
        return None
    member = _ENUM_INDEXES[enum_name].get(fold(shown(cell)))
    if member is None:
        choices = ", ".join(m.label for m in ENUMS[enum_name])
        raise CellError(f"«{shown(cell)}» kendes ikke. Skriv en af: {choices}.")
    return member
