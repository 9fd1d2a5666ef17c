"""Flags on companies and placements for the consultant (000, 4.6).

- A placement that has run N months (default 3) with zero ordinary hours: "genforhandl eller
  afslut" – end a praktik where the company will not pay for tasks that get solved, and find a
  new one with a job perspective (000, 4.6 and SPOR 2).
- A repeated praktik at the same company (a praktik is a step, not a parking place; 000, 4.6).
- A company with citizens placed that nobody has contacted for N days (default 30): at least
  monthly follow-up at the workplace (000, 4.6: "praktikopfølgninger hver måned").
- A placement still running past its planned end (DESIGN; the grace in days is a local setting).

Every number here is a local setting ([flags] in config.toml), named in the rule catalogue
(domain/rules.py), and every flag names its rule (`flag_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stvdesk.domain.calendar import add_months
from stvdesk.domain.enums import PlacementKind
from stvdesk.domain.rules import tag

# Kinds where the company pays for nothing yet, so ordinary hours are the way on.
UNPAID_KINDS = (PlacementKind.INTERNSHIP, PlacementKind.WAGE_SUBSIDY)


@dataclass(frozen=True)
class FlagSettings:
    zero_ordinary_months: int = 3  # rule forloeb.nul_timer
    company_contact_days: int = 30  # rule virksomhed.kontakt
    vk_wait_days: int = 14  # rule vk.ventetid: 000, 4.1/4.4 say "no waiting"; 14 days is local
    past_end_days: int = 0  # rule forloeb.over_slut: days past the planned end before the flag
    repeat_internship: bool = True  # rule praktik.gentaget: warn of a new praktik at the same company


DEFAULT_FLAGS = FlagSettings()  # the local defaults, for parameter defaults


def zero_ordinary_hours(kind: PlacementKind, start: date, ordinary_hours: float, today: date, months: int = 3) -> bool:
    return kind in UNPAID_KINDS and ordinary_hours == 0 and add_months(start, months) <= today


def company_silent(last_contact: date | None, today: date, days: int = 30) -> bool:
    return last_contact is None or (today - last_contact).days > days


RENEGOTIATE = "Genforhandl eller afslut"


def flag_text(text: str, rule_id: str) -> str:
    """A flag as shown: its words and the rule it follows."""
    return f"{text} {tag(rule_id)}"
