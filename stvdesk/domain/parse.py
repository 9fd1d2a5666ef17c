"""Parsers of what a user types into a field. Each raises ParseError with a Danish message."""

from __future__ import annotations

import re
from datetime import date, time

# Kept importable from here, where it lived before all numbers had one formatter.
from stvdesk.domain.numbers import format_hours

# Hours per week in a placement: from 0 to a full-time week of 37 hours (the Danish full-time week).
MAX_HOURS_PER_WEEK = 37.0

_DATE_RE = re.compile(r"^\s*(\d{1,2})[-./](\d{1,2})[-./](\d{2}|\d{4})\s*$")
_COMPACT_DATE_RE = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
# Day and month alone (9.12, 9-12, 24/11): the year is the desk's, see `_day_and_month`.
_SHORT_DATE_RE = re.compile(r"^\s*(\d{1,2})[-./](\d{1,2})\.?\s*$")
_NUMBER_RE = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*$")


class ParseError(ValueError):
    """Input that cannot be read; str() is the Danish message for the field."""


def parse_date(text: str, *, today: date | None = None) -> date:
    """dd-mm-åååå (also with . or /, a two-digit year, or ddmmåååå); when today is given also
    'i dag' and day and month alone (9.12, 9-12), in this year or the next (`_day_and_month`)."""
    raw = (text or "").strip().lower()
    if today is not None and raw in ("i dag", "idag"):
        return today
    if today is not None and (short := _SHORT_DATE_RE.match(raw)):
        return _day_and_month(text, int(short.group(1)), int(short.group(2)), today)
    match = _DATE_RE.match(raw) or _COMPACT_DATE_RE.match(raw)
    if not match:
        example = (
            "dd-mm-åååå, fx 24-11-2026, eller dd-mm, fx 9-12" if today is not None else "dd-mm-åååå, fx 24-11-2026"
        )
        raise ParseError(f"Skriv datoen som {example}.")
    day, month, year = (int(part) for part in match.groups())
    if len(match.group(3)) == 2:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ParseError(f"{text.strip()} er ikke en rigtig dato.") from exc


def _day_and_month(text: str, day: int, month: int, today: date) -> date:
    """A date typed without its year: the nearest of last year's, this year's and next year's,
    counted from the desk's today (the Clock, so `--today` too). "9.12" in November is this
    December, "15.1" in November is next January, "1.11" on 24 November is three weeks ago and
    "30.12" on 5 January is last December: a date within half a year either way of today."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue  # 29.2 outside a leap year
    if not candidates:
        raise ParseError(f"{text.strip()} er ikke en rigtig dato.")
    return min(candidates, key=lambda candidate: (abs((candidate - today).days), candidate))


def parse_optional_date(text: str, *, today: date | None = None) -> date | None:
    return None if not (text or "").strip() else parse_date(text, today=today)


def parse_due_date(text: str, today: date) -> date:
    """A due date for a follow-up: a real date, not in the past, on a working day (due dates
    avoid weekends and Danish public holidays: README, "Min dag (F2)")."""
    from stvdesk.domain.calendar import format_long, holiday_name, is_working_day

    due = parse_date(text, today=today)
    if due < today:
        raise ParseError("Datoen ligger før i dag.")
    if not is_working_day(due):
        reason = holiday_name(due) or ("weekend" if due.weekday() >= 5 else "fridag")
        raise ParseError(f"{format_long(due)} er {reason.lower()} – vælg en hverdag.")
    return due


def parse_hours(text: str) -> float:
    """Hours per week, 0–37, with a Danish decimal comma or a point."""
    raw = (text or "").strip()
    if not raw:
        return 0.0
    if not _NUMBER_RE.match(raw):
        raise ParseError("Timer skal være et tal, fx 12 eller 7,5.")
    value = float(raw.replace(",", "."))
    if value > MAX_HOURS_PER_WEEK:
        raise ParseError(f"Timer pr. uge kan højst være {format_hours(MAX_HOURS_PER_WEEK)}.")
    return value


_TIME_RE = re.compile(r"^\s*(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*$")
_COMPACT_TIME_RE = re.compile(r"^\s*(\d{2})(\d{2})\s*$")


def parse_time(text: str) -> time | None:
    """A time of day: 10, 10:30, 10.30, 1030 or kl. 10; None when empty."""
    raw = (text or "").strip().lower()
    if not raw:
        return None
    match = _COMPACT_TIME_RE.match(raw) or _TIME_RE.match(raw)
    if not match:
        raise ParseError("Skriv tidspunktet som tt:mm, fx 10:30.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ParseError(f"{text.strip()} er ikke et rigtigt tidspunkt.")
    return time(hour, minute)


_MONTH_YEAR_FIRST_RE = re.compile(r"^\s*(\d{4})[-./](\d{1,2})\s*$")
_MONTH_YEAR_LAST_RE = re.compile(r"^\s*(\d{1,2})[-./](\d{4})\s*$")


def parse_month(text: str) -> date:
    """A month as its first day: ÅÅÅÅ-MM (files) or MM-ÅÅÅÅ (as a Dane writes it)."""
    raw = (text or "").strip()
    if match := _MONTH_YEAR_FIRST_RE.match(raw):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_YEAR_LAST_RE.match(raw):
        month, year = int(match.group(1)), int(match.group(2))
    else:
        raise ParseError(f"Skriv måneden som ÅÅÅÅ-MM eller MM-ÅÅÅÅ, fx 2026-11 (ikke »{raw}«).")
    if not 1 <= month <= 12:
        raise ParseError(f"{raw}: måneden skal være 1–12 (skriv ÅÅÅÅ-MM, fx 2026-11).")
    return date(year, month, 1)
