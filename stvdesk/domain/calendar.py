"""Danish calendar: working days, ISO weeks and the date formats users see.

Due dates avoid weekends and Danish public holidays (DESIGN, "Rules from the method").
Holidays come from the `holidays` package, so a law change (Store Bededag, abolished
from 2024) follows the package, not us.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAYS_SHORT = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> Any:
    import holidays  # deferred: loading the package's calendars costs start-up time

    return holidays.country_holidays("DK", years=year, language="da")


def holiday_name(day: date) -> str | None:
    """The Danish public holiday on `day`, or None."""
    return _holidays_for(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Danish public holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def week_start(day: date) -> date:
    """Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> int:
    return day.isocalendar().week


def week_label(day: date) -> str:
    """'uge 48' — ISO week, as Danish calendars count."""
    return f"uge {iso_week(day)}"


def format_date(day: date | None) -> str:
    """dd-mm-yyyy, the date format of the desk; '' for no date."""
    return day.strftime("%d-%m-%Y") if day else ""


def format_day(day: date) -> str:
    """'tir 24-11' for tables where the year is obvious."""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day.strftime('%d-%m')}"


def format_long(day: date) -> str:
    """'tirsdag 24. november 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day}. {MONTHS[day.month - 1]} {day.year}"


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def month_start(day: date) -> date:
    return day.replace(day=1)


def aftercare_dates(start: date, every_days: int = 14, months: int = 3) -> list[date]:
    """Aftercare calls after ordinary employment: every 2 weeks for 3 months by default
    (002, Efterværn; issue 4's defaults), each moved to a working day."""
    end = add_months(start, months)
    dates, day = [], start + timedelta(days=every_days)
    while day <= end:
        dates.append(next_working_day(day))
        day += timedelta(days=every_days)
    return dates
