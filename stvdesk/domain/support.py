"""Practical support in a placement: the checklist's items and when one is due.

The items are table 5-1's practical help in the placement phase (002, table 5-1): childcare,
getting there, reminders, what to do on absence, the first payslip and reporting income.
"""

from __future__ import annotations

from datetime import date

from stvdesk.domain.enums import SupportItem, SupportState

# The checklist's order: getting to the workplace first, the first pay last (002, table 5-1).
ITEMS: tuple[SupportItem, ...] = (
    SupportItem.CHILDCARE,
    SupportItem.TRANSPORT,
    SupportItem.SMS_REMINDERS,
    SupportItem.ABSENCE,
    SupportItem.FIRST_PAYSLIP,
    SupportItem.INCOME_REPORT,
)


def is_due(state: SupportState, due_on: date | None, today: date) -> bool:
    """An item is due when it is still open and its date has come (002, table 5-1: the practical
    help is given as the placement starts and runs). An open item without a date is not due."""
    return state is SupportState.OPEN and due_on is not None and due_on <= today


def is_open(state: SupportState) -> bool:
    """Still to be done: neither done nor judged not needed (002, table 5-1)."""
    return state is SupportState.OPEN
