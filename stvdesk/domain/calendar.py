"""Danish calendar: working days, ISO weeks and the date formats users see.

Due dates avoid weekends and Danish public holidays (README, "Min dag (F2)").
Holidays come from the `holidays` package, so a law change (Store Bededag, abolished
from 2024) follows the package, not us.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

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
def _holidays_for(year: int) -> HolidayBase:
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
    """Same day `months` later, clamped to the month's last day (31 January + 1 month is the
    last day of February). Not associative: add 1 month twice to 31 January and get the 28th
    or 29th of March, add 2 months once and get 31 March."""
    # Imported on first use, as holidays above: dateutil (and the stdlib calendar module it
    # loads) costs start-up time.
    from dateutil.relativedelta import relativedelta

    later: date = day + relativedelta(months=months)
    return later


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_starts(first: date, last: date) -> list[date]:
    """The first day of each month from `first`'s to `last`'s, oldest first; [] when `last`'s
    month comes before `first`'s."""
    from dateutil.rrule import MONTHLY, rrule

    return [m.date() for m in rrule(MONTHLY, dtstart=month_start(first), until=month_start(last))]


def latest_start(today: date, months: int) -> date:
    """The latest day from which `months` months have run by `today` (the inverse of add_months):
    `add_months(start, months) <= today` exactly when `start <= latest_start(today, months)`."""
    from dateutil.relativedelta import relativedelta

    back: date = today - relativedelta(months=months)
    # On the last day of a month, the days after `back` to the end of its month reach today
    # as well (29, 30 and 31 January + 1 month are all 28 February), so the latest is that end.
    if today == today + relativedelta(day=31):
        end_of_month: date = back + relativedelta(day=31)
        return end_of_month
    return back


def aftercare_dates(start: date, every_days: int = 14, months: int = 3) -> list[date]:
    """Aftercare calls after ordinary employment: every 2 weeks for 3 months by default
    (002, Efterværn; the 2 weeks and 3 months are local defaults), each moved to a working day."""
    from dateutil.rrule import DAILY, rrule

    calls = rrule(
        DAILY, interval=every_days, dtstart=start + timedelta(days=every_days), until=add_months(start, months)
    )
    return [next_working_day(call.date()) for call in calls]


def month_step(month: date, delta: int, today: date) -> date | None:
    """The month `delta` months from `month`, or None when it has not begun by `today`: the
    screens that step through months ([ and ]) never show one to come."""
    target = add_months(month_start(month), delta)
    return None if target > month_start(today) else target
