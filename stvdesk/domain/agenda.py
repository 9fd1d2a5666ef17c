"""Which bucket of the day's overview a due date falls in.

"Min dag" answers: what is overdue, what is due today, what is left this week and what
comes next week (the caseworker's daily question; README, "What Min dag shows"). Weeks are ISO
weeks, Monday to Sunday, as Danish calendars count them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from stvdesk.domain.calendar import add_months, week_start
from stvdesk.domain.enums import ContactForm, FollowUpKind, Phase


@dataclass(frozen=True)
class WarningLimits:
    """The day counts behind the warnings of Min dag, the Sagsstamme and the file, read from the
    settings in force (`MethodSettings.limits`); the defaults are those settings' defaults.

    - placement_follow_up_days (cadence.placement_max_days, rule opf.praktik_maks): placements are
      followed up at least monthly (000, 4.6 "praktikopfølgninger hver måned"; 4.7 SPOR 2 "hyppig
      opfølgning (min. månedlig)"), and a month is at most 31 days;
    - no_contact_days (cadence.conversation_max_days, rule opf.ingen_kontakt): conversations every
      4–6 weeks (002, after table 5-1), so six weeks without a held contact is a warning;
    - vk_wait_days (flags.vk_wait_days, rule vk.ventetid): "ingen ventetid" on the company
      consultant (000, 4.1 and 4.4); the 14 days are a local setting, not the method's;
    - zero_ordinary_months (flags.zero_ordinary_months, rule forloeb.nul_timer): a local setting;
    - past_end_days (flags.past_end_days, rule forloeb.over_slut): a local setting.
    """

    placement_follow_up_days: int = 31
    no_contact_days: int = 42
    vk_wait_days: int = 14
    zero_ordinary_months: int = 3
    past_end_days: int = 0


DEFAULT_LIMITS = WarningLimits()

# The monthly follow-up of a placement is a praktikopfølgning at the workplace (000, 4.6:
# "Praktikopfølgninger hver måned"; 4.5: "opfølgningssamtaler på virksomheder"): a phone call or a
# video call with the citizen does not clear it.
WORKPLACE_KINDS = (FollowUpKind.PLACEMENT_FOLLOW_UP,)
REMOTE_FORMS = (ContactForm.PHONE, ContactForm.VIDEO)


def at_workplace(kind: FollowUpKind, form: ContactForm | None) -> bool:
    """Whether a held follow-up is the placement's monthly follow-up at the workplace (000, 4.6):
    a praktikopfølgning not held by phone or video (no form written: counted)."""
    return kind in WORKPLACE_KINDS and form not in REMOTE_FORMS


def placement_follow_up_missing(
    start: date, last_at_workplace: date | None, today: date, limits: WarningLimits = DEFAULT_LIMITS
) -> bool:
    """A running placement with no praktikopfølgning at the workplace for more than
    `placement_follow_up_days` (000, 4.6 and 4.7 SPOR 2: at least monthly), counted from the last
    one or, before the first, from the placement's start."""
    since = max(start, last_at_workplace) if last_at_workplace is not None else start
    return (today - since).days > limits.placement_follow_up_days


def past_planned_end(planned_end: date | None, today: date, limits: WarningLimits = DEFAULT_LIMITS) -> bool:
    """A placement still running more than `past_end_days` after its planned end (a local setting;
    DESIGN: a placement running past its planned end is flagged): end it, or move the end."""
    return planned_end is not None and (today - planned_end).days > limits.past_end_days


def zero_hours_due(start: date, today: date, limits: WarningLimits = DEFAULT_LIMITS) -> bool:
    """`zero_ordinary_months` (a local setting) have passed since a placement started (000, 4.6)."""
    return add_months(start, limits.zero_ordinary_months) <= today


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


@dataclass(frozen=True)
class AgendaLine:
    follow_up_id: uuid.UUID
    due_on: date
    bucket: Bucket
    kind: FollowUpKind
    citizen_id: uuid.UUID | None
    citizen_name: str
    cpr: str
    phase: Phase | None
    company_name: str
    worker: str = ""
    company_id: uuid.UUID | None = None
    contact_name: str = ""  # the company's contact on the follow-up's placement (the employer's)

    @property
    def employer_call(self) -> bool:
        """The consultant's aftercare call to the employer (002, table 5-1, Efterværn: "aktiv
        opfølgning hos virksomhed"), as closing a case for a job plans it; the caseworker's
        calls to the citizen have no company."""
        return self.kind is FollowUpKind.AFTERCARE and self.company_id is not None
