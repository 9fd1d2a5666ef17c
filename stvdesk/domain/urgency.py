"""Urgency: how much a citizen needs the worker now, as a sum of named, explainable parts.

Each part comes from a rule of the method (its id in the rule catalogue, domain/rules.py):
- days a planned follow-up is overdue, and no follow-up planned at all: conversations every
  4–6 weeks and follow-up that never slips (002, after table 5-1; 000, 4.6);
- in a placement with no praktikopfølgning at the workplace for more than 31 days (rule
  opf.praktik_maks, setting cadence.placement_max_days): at least monthly follow-up while a
  placement runs (000, 4.6 "praktikopfølgninger hver måned"; 4.7 SPOR 2 "min. månedlig"); a
  phone call does not clear it;
- zero ordinary hours after 3 months in a placement (rule forloeb.nul_timer, the local setting
  flags.zero_ordinary_months that the company flags read too): ordinary hours from the start, and
  a placement where the company will not pay for solved tasks is ended (000, 4.6);
- waiting for a first meeting with a VK: quick VK involvement, no waiting time (000, 4.1, 4.4);
- Min Plan sub-goals past their deadline: quick action on what was agreed with the citizen
  (000, 4.7 SPOR 1: "hurtig handling ift. aftaler med borger");
- no held contact for 6 weeks (rule opf.ingen_kontakt, setting cadence.conversation_max_days):
  conversations every 4–6 weeks (002, after table 5-1).

`warnings()` names the conditions the caseload warns about (README, "Sagsstamme (F3)"), each with
its rule id, and so does every part of the score. The day counts come in as `WarningLimits` (the
settings in force); the weights are local settings ([urgency], rules haster.*: the reports rank
no citizen by points), one rule per weight. A part whose condition is a warning's rule names that
rule and then its weight's (`tag(NO_CONTACT, URGENCY_NO_CONTACT)`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from stvdesk.domain.agenda import (
    DEFAULT_LIMITS,
    WarningLimits,
    past_planned_end,
    placement_follow_up_missing,
    zero_hours_due,
)
from stvdesk.domain.rules import (
    NO_CONTACT,
    PAST_PLANNED_END,
    PLACEMENT_FOLLOW_UP_MISSING,
    URGENCY_LATE_SUB_GOALS,
    URGENCY_NO_CONTACT,
    URGENCY_NO_PLAN,
    URGENCY_OVERDUE,
    URGENCY_PLACEMENT_FOLLOW_UP,
    URGENCY_VK_WAIT,
    URGENCY_ZERO_HOURS,
    VK_WAIT,
    ZERO_ORDINARY_HOURS,
    tag,
)


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
    # The last held praktikopfølgning at the workplace (domain.agenda.at_workplace); the monthly
    # placement follow-up counts from it, or from the placement's start before the first.
    last_at_workplace: date | None = None
    placement_planned_end: date | None = None  # the running placement's


@dataclass(frozen=True)
class Urgency:
    total: float
    parts: list[tuple[str, float]] = field(default_factory=list)


def urgency(
    facts: UrgencyFacts, today: date, weights: UrgencyWeights = DEFAULT_WEIGHTS, limits: WarningLimits = DEFAULT_LIMITS
) -> Urgency:
    parts: list[tuple[str, float]] = []
    if facts.next_due is None:
        parts.append((f"Ingen opfølgning planlagt {tag(URGENCY_NO_PLAN)}", weights.no_follow_up_planned))
    elif facts.next_due < today:
        days = min((today - facts.next_due).days, weights.overdue_cap_days)
        overdue = (today - facts.next_due).days
        parts.append((f"Opfølgning forfalden i {overdue} dage {tag(URGENCY_OVERDUE)}", days * weights.per_day_overdue))
    if facts.placement_start is not None:
        if placement_follow_up_missing(facts.placement_start, facts.last_at_workplace, today, limits):
            parts.append(
                (_no_placement_follow_up(limits, URGENCY_PLACEMENT_FOLLOW_UP), weights.placement_without_follow_up)
            )
        if facts.placement_ordinary_hours == 0 and zero_hours_due(facts.placement_start, today, limits):
            parts.append(
                (
                    f"Ingen ordinære timer efter {limits.zero_ordinary_months} måneder i forløb "
                    f"{tag(ZERO_ORDINARY_HOURS, URGENCY_ZERO_HOURS)}",
                    weights.zero_ordinary_hours,
                )
            )
    if facts.vk_requested_on is not None and facts.first_vk_meeting_on is None and facts.vk_requested_on <= today:
        waited = (today - facts.vk_requested_on).days
        parts.append(
            (
                f"Venter på første møde med VK i {waited} dage {tag(URGENCY_VK_WAIT)}",
                min(waited, weights.waiting_cap_days) * weights.per_day_waiting_for_vk,
            )
        )
    if facts.late_sub_goals:
        parts.append(
            (
                f"{facts.late_sub_goals} delmål over fristen {tag(URGENCY_LATE_SUB_GOALS)}",
                facts.late_sub_goals * weights.per_late_sub_goal,
            )
        )
    if _no_recent_contact(facts, today, limits):
        parts.append((_no_contact(limits, URGENCY_NO_CONTACT), weights.no_contact_6_weeks))
    return Urgency(total=sum(points for _, points in parts), parts=parts)


def _no_placement_follow_up(limits: WarningLimits, *weight: str) -> str:
    return (
        f"I forløb uden praktikopfølgning i over {limits.placement_follow_up_days} dage "
        f"{tag(PLACEMENT_FOLLOW_UP_MISSING, *weight)}"
    )


def _no_contact(limits: WarningLimits, *weight: str) -> str:
    return f"Ingen kontakt i {limits.no_contact_days} dage {tag(NO_CONTACT, *weight)}"


def _no_recent_contact(facts: UrgencyFacts, today: date, limits: WarningLimits) -> bool:
    return facts.last_held is None or (today - facts.last_held).days > limits.no_contact_days


def warnings(facts: UrgencyFacts, today: date, limits: WarningLimits = DEFAULT_LIMITS) -> list[str]:
    """The caseload's warnings, each naming its rule: a placement without a praktikopfølgning at
    the workplace for over 31 days, no contact for 6 weeks, more than 14 days' wait for a first
    meeting with a VK, a placement running past its planned end (the day counts: `limits`)."""
    found = []
    if facts.placement_start is not None and placement_follow_up_missing(
        facts.placement_start, facts.last_at_workplace, today, limits
    ):
        found.append(_no_placement_follow_up(limits))
    if _no_recent_contact(facts, today, limits):
        found.append(_no_contact(limits))
    if (
        facts.vk_requested_on is not None
        and facts.first_vk_meeting_on is None
        and (today - facts.vk_requested_on).days > limits.vk_wait_days
    ):
        found.append(f"Venter over {limits.vk_wait_days} dage på første møde med VK {tag(VK_WAIT)}")
    if facts.placement_start is not None and past_planned_end(facts.placement_planned_end, today, limits):
        found.append(f"Forløbet er i gang efter planlagt slut {tag(PAST_PLANNED_END)}")
    return found
