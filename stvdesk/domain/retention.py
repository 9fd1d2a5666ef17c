"""How long data is kept: pure date rules.

The periods are settings (stvdesk.settings.Safeguards) with local defaults, not the method's: the
access log six months, a closed case five years after it was closed.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def case_erasure_cutoff(today: date, years: int) -> date:
    """Cases closed on or before this day are due for erasure (`years` whole years ago;
    29 February falls back to the 28th)."""
    if years < 1:
        raise ValueError("years must be at least 1")
    cutoff: date = today - relativedelta(years=years)  # annotated: dateutil ships no types
    return cutoff


def is_due_for_erasure(closed_on: date | None, today: date, years: int) -> bool:
    """An open case (closed_on None) is never due; a closed one once its period has run."""
    return closed_on is not None and closed_on <= case_erasure_cutoff(today, years)


def log_cutoff(today: date, months: int) -> date:
    """Log events from before this day are due for pruning."""
    if months < 1:
        raise ValueError("months must be at least 1")
    cutoff: date = today - relativedelta(months=months)  # annotated: dateutil ships no types
    return cutoff
