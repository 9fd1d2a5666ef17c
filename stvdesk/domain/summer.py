"""The summer plan (000, 4.1): placements must not drop out over the summer holiday.

The successful jobcentres planned the summer so that placements kept going through the
holiday weeks. Here the summer is ISO weeks 27–32; from 1 May a placement running through
them without a plan is flagged.
"""

from __future__ import annotations

from datetime import date

SUMMER_WEEKS = (27, 32)
FLAG_FROM = (5, 1)  # 1 May


def summer_span(year: int) -> tuple[date, date]:
    """Monday of week 27 to Sunday of week 32 of `year`."""
    return date.fromisocalendar(year, SUMMER_WEEKS[0], 1), date.fromisocalendar(year, SUMMER_WEEKS[1], 7)


def summer_year(today: date) -> int:
    """The summer being planned: this year's until its week 32 is over, then next year's."""
    return today.year if today <= summer_span(today.year)[1] else today.year + 1


def runs_through_summer(start: date, planned_end: date | None, year: int) -> bool:
    first, last = summer_span(year)
    return start <= last and (planned_end is None or planned_end >= first)


def plan_required(today: date, year: int) -> bool:
    """From 1 May of the summer's year a missing plan is a warning, not just a to-do."""
    return today >= date(year, *FLAG_FROM)
