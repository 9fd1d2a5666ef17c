"""Which bucket of the day's overview a due date falls in.

"Min dag" answers: what is overdue, what is due today, what is left this week and what
comes next week (the caseworker's daily question; README, "What Min dag shows"). Weeks are ISO
weeks, Monday to Sunday, as Danish calendars count them.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from stvdesk.domain.calendar import week_start

# 000, 4.6 and SPOR 2: placements are followed up at least monthly, and a month is at
# most 31 days: a citizen in a placement with no follow-up inside 31 days is a warning.
PLACEMENT_FOLLOW_UP_MAX_DAYS = 31

# 002, after table 5-1: conversations every 4–6 weeks, so six weeks without any held
# contact is a warning.
NO_CONTACT_WARNING_DAYS = 42

# 000, 4.1: "ingen ventetid" for the first meeting with a company consultant; the warning after
# more than 14 days is a local default, not a figure from the method.
VK_WAIT_WARNING_DAYS = 14


class Bucket(Enum):
    OVERDUE = ("overdue", "Forfaldne")
    TODAY = ("today", "I dag")
    THIS_WEEK = ("this_week", "Denne uge")
    NEXT_WEEK = ("next_week", "Næste uge")
    LATER = ("later", "Senere")

    def __init__(self, code: str, label: str) -> None:
        self.code = code
        self.label = label


def bucket_for(due: date, today: date) -> Bucket:
    if due < today:
        return Bucket.OVERDUE
    if due == today:
        return Bucket.TODAY
    this_monday = week_start(today)
    if due < this_monday + timedelta(days=7):
        return Bucket.THIS_WEEK
    if due < this_monday + timedelta(days=14):
        return Bucket.NEXT_WEEK
    return Bucket.LATER


def horizon(today: date) -> date:
    """The last day "Min dag" shows: Sunday of next week."""
    return week_start(today) + timedelta(days=13)


def days_overdue(due: date, today: date) -> int:
    return max((today - due).days, 0)
