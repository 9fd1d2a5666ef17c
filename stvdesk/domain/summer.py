"""The summer plan (000, 4.1): placements must not drop out over the summer holiday.

The successful jobcentres planned the summer so that placements kept going through the holiday
("Plan/beredskab for at undgå frafald fra praktikker, hen over sommerferieperioden"). Which weeks
are the summer, and from which day a missing plan is a warning rather than a to-do, the report
does not say: both are local settings ([summer] in config.toml; rules sommer.uger and
sommer.varsel), by default ISO weeks 27–32 and 1 May.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SummerSettings:
    first_week: int = 27
    last_week: int = 32
    flag_from_month: int = 5  # 1 May
    flag_from_day: int = 1


DEFAULT_SUMMER = SummerSettings()


def summer_span(year: int, settings: SummerSettings = DEFAULT_SUMMER) -> tuple[date, date]:
    """Monday of the first summer week to Sunday of the last one of `year`."""
    return (
        date.fromisocalendar(year, settings.first_week, 1),
        date.fromisocalendar(year, settings.last_week, 7),
    )


def summer_year(today: date, settings: SummerSettings = DEFAULT_SUMMER) -> int:
    """The summer being planned: this year's until its last week is over, then next year's."""
    return today.year if today <= summer_span(today.year, settings)[1] else today.year + 1


def runs_through_summer(
    start: date, planned_end: date | None, year: int, settings: SummerSettings = DEFAULT_SUMMER
) -> bool:
    first, last = summer_span(year, settings)
    return start <= last and (planned_end is None or planned_end >= first)


def flag_from(year: int, settings: SummerSettings = DEFAULT_SUMMER) -> date:
    return date(year, settings.flag_from_month, settings.flag_from_day)


def plan_required(today: date, year: int, settings: SummerSettings = DEFAULT_SUMMER) -> bool:
    """From the flag day (1 May) of the summer's year a missing plan is a warning, not just a to-do."""
    return today >= flag_from(year, settings)
