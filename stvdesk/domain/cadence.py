"""When the next follow-up is due: the cadence rules of the method.

Sources:
- conversations every 4–6 weeks; weekly or fortnightly around the start of a placement
  (002, after table 5-1: "opfølgningen intensiveres ifm. virksomhedsplacering, hvor der ofte er
  opfølgning på ugebasis eller hver 14. dag"), for its first weeks (a local setting) or, where a
  jobcentre chooses it, through the whole placement (`close_follow_up_throughout`);
- at least monthly while a placement runs (000, 4.6 and SPOR 2: "hyppig opfølgning (min.
  månedlig)", "praktikopfølgninger hver måned");
- aftercare by phone for a period after ordinary employment (002, Efterværn), to the citizen by
  the caseworker and, by the consultant, "aktiv opfølgning hos virksomhed i en periode" with the
  employer (`employer_aftercare_calls`);
- due dates avoid weekends and Danish public holidays (README, "Min dag (F2)").

The next follow-up is planned from the date the last one was *held*, never from the date it
was due, so missed ones do not pile up. Every interval is a setting, listed with its rule id in
the rule catalogue (domain/rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from stvdesk.domain.calendar import add_months, aftercare_dates, next_working_day
from stvdesk.domain.enums import FollowUpKind, PlacementKind


@dataclass(frozen=True)
class CadenceSettings:
    conversation_days: int = 28  # outside a placement: every 4 weeks (the rule allows 4–6)
    conversation_max_days: int = 42
    placement_start_weeks: int = 4  # "around the start": the first 4 weeks (a local setting)
    placement_start_days: int = 7  # weekly then (the rule allows weekly or fortnightly)
    placement_days: int = 28  # later: at least monthly
    placement_max_days: int = 31
    aftercare_days: int = 14  # after ordinary employment: every 2 weeks … (local: 002 says "i en periode")
    aftercare_months: int = 3  # … for 3 months (local)
    # The consultant's calls to the employer in the same period: every 4 weeks (local; 002,
    # table 5-1, Efterværn gives no interval: "aktiv opfølgning hos virksomhed i en periode").
    employer_aftercare_days: int = 28
    # A new citizen's first conversation: a local default, the reports give no period (only that
    # the relation is built from the start, 002, table 5-1: relationsopbygning).
    first_conversation_days: int = 7
    # Weekly or fortnightly follow-up through the whole placement, not only its first weeks: the
    # other reading of 002 (after table 5-1), which a jobcentre may choose.
    close_follow_up_throughout: bool = False


@dataclass(frozen=True)
class Situation:
    """What decides the cadence, as of the day a follow-up was held."""

    placement_start: date | None = None  # a running or planned placement
    placement_planned_end: date | None = None
    employed_since: date | None = None  # ordinary employment (aftercare)


@dataclass(frozen=True)
class Proposal:
    due: date
    kind: FollowUpKind
    rule: str  # Danish: which rule gave the date


def _working(day: date) -> date:
    return next_working_day(day)


def next_follow_up(
    held_on: date, situation: Situation, settings: CadenceSettings = CadenceSettings()
) -> Proposal | None:
    """The next follow-up after one held on `held_on`; None when aftercare has run its course."""
    s = settings
    if situation.employed_since is not None:
        ends = add_months(situation.employed_since, s.aftercare_months)
        due = held_on + timedelta(days=s.aftercare_days)
        if due > ends:
            return None
        return Proposal(
            _working(due),
            FollowUpKind.AFTERCARE,
            f"Efterværn: hver {s.aftercare_days // 7}. uge i {s.aftercare_months} måneder efter job",
        )
    start = situation.placement_start
    if start is not None and start <= held_on:
        early_until = start + timedelta(weeks=s.placement_start_weeks)
        if s.close_follow_up_throughout:
            due = held_on + timedelta(days=s.placement_start_days)
            rule = f"I forløb: hver {s.placement_start_days}. dag gennem hele forløbet"
        elif held_on < early_until:
            due = held_on + timedelta(days=s.placement_start_days)
            rule = f"Forløbets første {s.placement_start_weeks} uger: hver {s.placement_start_days} dage"
        else:
            due = held_on + timedelta(days=s.placement_days)
            rule = f"I forløb: mindst månedligt (hver {s.placement_days}. dag)"
        end = situation.placement_planned_end
        if end is not None and held_on < end < due:
            due, rule = end, "Forløbet slutter: opfølgning på slutdatoen"
        return Proposal(_working(due), FollowUpKind.PLACEMENT_FOLLOW_UP, rule)
    due = held_on + timedelta(days=s.conversation_days)
    rule = f"Samtale hver {s.conversation_days // 7}. uge"
    if start is not None and held_on < start < due + timedelta(days=s.placement_start_days):
        # A placement starts before the next conversation: follow up in its first week.
        due = start + timedelta(days=s.placement_start_days)
        return Proposal(_working(due), FollowUpKind.PLACEMENT_FOLLOW_UP, "Forløbet starter: opfølgning i første uge")
    return Proposal(_working(due), FollowUpKind.CONVERSATION, rule)


def first_placement_follow_up(
    kind: PlacementKind,
    start: date,
    planned_end: date | None,
    today: date,
    settings: CadenceSettings = CadenceSettings(),
) -> Proposal:
    """The follow-up a new placement proposes: a praktikopfølgning at the workplace in its first
    week, as follow-up is weekly or fortnightly around the start of a placement (002, after table
    5-1); on the planned end if it ends sooner. An ordinary job starts aftercare instead (002,
    Efterværn). Never in the past (a placement registered late is followed up now), and on a
    working day."""
    s = settings
    if kind is PlacementKind.ORDINARY_JOB:
        due = start + timedelta(days=s.aftercare_days)
        kind_due, rule = FollowUpKind.AFTERCARE, f"Efterværn: første opkald {s.aftercare_days} dage efter jobstart"
    else:
        due = start + timedelta(days=s.placement_start_days)
        kind_due, rule = FollowUpKind.PLACEMENT_FOLLOW_UP, "Forløbets første uge: opfølgning på arbejdspladsen"
        if s.placement_start_days > 7:
            rule = f"Forløbets start: opfølgning på arbejdspladsen efter {s.placement_start_days} dage"
        if planned_end is not None and start <= planned_end < due:
            due, rule = planned_end, "Forløbet slutter før: opfølgning på slutdatoen"
    if due < today:
        due, rule = today, "Forløbet er i gang: første opfølgning hurtigst muligt"
    return Proposal(_working(due), kind_due, rule)


def first_conversation(today: date, settings: CadenceSettings = CadenceSettings()) -> Proposal:
    """A new citizen's first conversation, `first_conversation_days` after the case is opened
    (a local setting), on a working day; the conversations every 4–6 weeks follow from it
    (002, after table 5-1)."""
    due = today + timedelta(days=settings.first_conversation_days)
    return Proposal(
        _working(due),
        FollowUpKind.CONVERSATION,
        f"Første samtale {settings.first_conversation_days} dage efter oprettelsen (lokal standard)",
    )


def aftercare_calls(employed_on: date, settings: CadenceSettings = CadenceSettings()) -> list[date]:
    """The aftercare calls planned when a case closes for an ordinary job: every `aftercare_days`
    for `aftercare_months` (002, table 5-1, Efterværn: phone follow-up "i en periode" after
    ordinary employment; both numbers are local settings, rules eftervaern.interval and
    eftervaern.maaneder), each on a working day."""
    return aftercare_dates(employed_on, settings.aftercare_days, settings.aftercare_months)


def employer_aftercare_calls(employed_on: date, settings: CadenceSettings = CadenceSettings()) -> list[date]:
    """The consultant's follow-up calls with the employer planned when a case closes for an
    ordinary job at a known company: every `employer_aftercare_days` for the same
    `aftercare_months` as the citizen's calls (002, table 5-1, Efterværn: "aktiv opfølgning hos
    virksomhed i en periode"; local settings, rules eftervaern.virksomhed and eftervaern.maaneder),
    each on a working day."""
    return aftercare_dates(employed_on, settings.employer_aftercare_days, settings.aftercare_months)


def aftercare_words(settings: CadenceSettings = CadenceSettings()) -> str:
    """The aftercare rule in Danish, for the form that proposes the calls."""
    return f"hver {settings.aftercare_days}. dag i {settings.aftercare_months} måneder"


def employer_aftercare_words(settings: CadenceSettings = CadenceSettings()) -> str:
    """The consultant's calls to the employer in Danish, for the same form."""
    return f"hver {settings.employer_aftercare_days}. dag i {settings.aftercare_months} måneder"


def max_interval_days(situation: Situation, held_on: date, settings: CadenceSettings = CadenceSettings()) -> int:
    """The longest gap the rules allow after `held_on` (before moving off a holiday run)."""
    if situation.employed_since is not None:
        return settings.aftercare_days
    if situation.placement_start is not None and situation.placement_start <= held_on:
        return max(settings.placement_start_days, settings.placement_max_days)
    if situation.placement_start is not None:
        return max(
            settings.conversation_max_days, (situation.placement_start - held_on).days + settings.placement_start_days
        )
    return settings.conversation_max_days
