"""Urgency: how much a citizen needs the worker now, as a sum of named, explainable parts.

Each part comes from a rule of the method:
- days a planned follow-up is overdue, and no follow-up planned at all: conversations every
  4–6 weeks and follow-up that never slips (002, after table 5-1; 000, 4.6);
- in a placement with no follow-up for 31 days: at least monthly follow-up while a
  placement runs (000, 4.6 and SPOR 2: "praktikopfølgninger hver måned");
- zero ordinary hours after 3 months in a placement: ordinary hours from the start, and a
  placement where the company will not pay for solved tasks is ended (000, 4.6);
- waiting for a first meeting with a VK: quick VK involvement, no waiting time (000, 4.1, 4.4);
- Min Plan sub-goals past their deadline: quick action on what was agreed (000, 4.2);
- no held contact for 6 weeks: conversations every 4–6 weeks (002, after table 5-1).

`warnings()` names the three conditions the caseload warns about (README, "Sagsstamme (F3)").

The weights are defaults; a jobcentre can set its own (settings, [urgency]).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from stvdesk.domain.agenda import NO_CONTACT_WARNING_DAYS, PLACEMENT_FOLLOW_UP_MAX_DAYS, VK_WAIT_WARNING_DAYS
from stvdesk.domain.calendar import add_months

ZERO_ORDINARY_MONTHS = 3


@dataclass(frozen=True)
class UrgencyWeights:
    per_day_overdue: float = 2.0
    overdue_cap_days: int = 30
    no_follow_up_planned: float = 25.0
    placement_without_follow_up: float = 30.0
    zero_ordinary_hours: float = 20.0
    per_day_waiting_for_vk: float = 1.0
    waiting_cap_days: int = 30
    per_late_sub_goal: float = 5.0
    no_contact_6_weeks: float = 15.0


DEFAULT_WEIGHTS = UrgencyWeights()  # the method's weights, for parameter defaults


@dataclass(frozen=True)
class UrgencyFacts:
    """What the rule needs to know about one citizen."""

    next_due: date | None
    last_held: date | None  # last held follow-up of any kind
    placement_start: date | None  # the running placement, if any
    placement_ordinary_hours: float
    vk_requested_on: date | None
    first_vk_meeting_on: date | None
    late_sub_goals: int


@dataclass(frozen=True)
class Urgency:
    total: float
    parts: list[tuple[str, float]] = field(default_factory=list)


def urgency(facts: UrgencyFacts, today: date, weights: UrgencyWeights = DEFAULT_WEIGHTS) -> Urgency:
    parts: list[tuple[str, float]] = []
    if facts.next_due is None:
        parts.append(("Ingen opfølgning planlagt", weights.no_follow_up_planned))
    elif facts.next_due < today:
        days = min((today - facts.next_due).days, weights.overdue_cap_days)
        parts.append((f"Opfølgning forfalden i {(today - facts.next_due).days} dage", days * weights.per_day_overdue))
    if facts.placement_start is not None:
        if facts.last_held is None or (today - facts.last_held).days > PLACEMENT_FOLLOW_UP_MAX_DAYS:
            parts.append(
                (
                    f"I forløb uden opfølgning i over {PLACEMENT_FOLLOW_UP_MAX_DAYS} dage",
                    weights.placement_without_follow_up,
                )
            )
        if facts.placement_ordinary_hours == 0 and add_months(facts.placement_start, ZERO_ORDINARY_MONTHS) <= today:
            parts.append(
                (f"Ingen ordinære timer efter {ZERO_ORDINARY_MONTHS} måneder i forløb", weights.zero_ordinary_hours)
            )
    if facts.vk_requested_on is not None and facts.first_vk_meeting_on is None and facts.vk_requested_on <= today:
        waited = (today - facts.vk_requested_on).days
        parts.append(
            (
                f"Venter på første møde med VK i {waited} dage",
                min(waited, weights.waiting_cap_days) * weights.per_day_waiting_for_vk,
            )
        )
    if facts.late_sub_goals:
        parts.append((f"{facts.late_sub_goals} delmål over fristen", facts.late_sub_goals * weights.per_late_sub_goal))
    if _no_recent_contact(facts, today):
        parts.append(("Ingen kontakt i 6 uger", weights.no_contact_6_weeks))
    return Urgency(total=sum(points for _, points in parts), parts=parts)


def _no_recent_contact(facts: UrgencyFacts, today: date) -> bool:
    return facts.last_held is None or (today - facts.last_held).days > NO_CONTACT_WARNING_DAYS


def warnings(facts: UrgencyFacts, today: date) -> list[str]:
    """The caseload's warnings: a placement without follow-up for 31 days,
    no contact for 6 weeks, more than 14 days' wait for a first meeting with a VK."""
    found = []
    if facts.placement_start is not None and (
        facts.last_held is None or (today - facts.last_held).days > PLACEMENT_FOLLOW_UP_MAX_DAYS
    ):
        found.append(f"I forløb uden opfølgning i over {PLACEMENT_FOLLOW_UP_MAX_DAYS} dage")
    if _no_recent_contact(facts, today):
        found.append("Ingen kontakt i 6 uger")
    if (
        facts.vk_requested_on is not None
        and facts.first_vk_meeting_on is None
        and (today - facts.vk_requested_on).days > VK_WAIT_WARNING_DAYS
    ):
        found.append(f"Venter over {VK_WAIT_WARNING_DAYS} dage på første møde med VK")
    return found
