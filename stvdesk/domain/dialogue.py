"""What must happen next for one citizen, by the phase of the course: Månedsdialog's "Skal ske".

000, 4.3 asks of the monthly dialogue which citizens are ready, close or further away "og hvad
skal der konkret til, før de kan deltage i praktik". That question holds before a placement; table
5-1 of 002 lists, phase by phase, what the time goes to, and once a citizen is in a placement or a
job other things are missing:

- before a placement (relationsopbygning, jobplan, match without a running placement): what must
  happen before one (`domain.placements.before_placement`: ABC plan, Jobnet CV, sub-goals, a
  company consultant, the wait for a first VK meeting);
- in a placement (match just started, fastholdelse, progression): the monthly praktikopfølgning at
  the workplace (000, 4.6; rule opf.praktik_maks), ordinary hours – on the agenda while there are
  none (000, 4.6 "ordinære timer fra start"; 002 table 5-1, progression: "skubbe på for flere
  ordinære timer"), renegotiate or end after N months with none (rule forloeb.nul_timer), and a
  placement past its planned end (rule forloeb.over_slut); nothing about CV, ABC plan or
  involving a consultant, which the placement is past. A placement with ordinary hours and its
  follow-ups kept shows "intet mangler";
- in an ordinary job or its aftercare (efterværn): the open offer and phone follow-up only
  (002 table 5-1, Efterværn) – never a consultant to involve;
- in every phase: no held contact for longer than the conversations' cadence (002, after table
  5-1: every 4–6 weeks; rule opf.ingen_kontakt), said first.

The phase read is the citizen's as shown (a worker's override wins). A running placement that is
not an ordinary job puts the citizen under "in a placement" whatever phase is written, since the
placement's follow-up is due either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stvdesk.domain.agenda import (
    DEFAULT_LIMITS,
    WarningLimits,
    past_planned_end,
    placement_follow_up_missing,
    zero_hours_due,
)
from stvdesk.domain.enums import Phase, PlacementKind
from stvdesk.domain.placements import PlacementReadiness, before_placement
from stvdesk.domain.rules import NO_CONTACT, PAST_PLANNED_END, PLACEMENT_FOLLOW_UP_MISSING, ZERO_ORDINARY_HOURS, tag


@dataclass(frozen=True)
class RunningPlacement:
    kind: PlacementKind
    start: date
    ordinary_hours: float  # per week
    planned_end: date | None = None
    last_at_workplace: date | None = None  # the last praktikopfølgning at the workplace


@dataclass(frozen=True)
class DialogueFacts:
    """What the dialogue needs to know about one citizen."""

    phase: Phase
    before: PlacementReadiness
    last_held: date | None  # the last held follow-up of any kind
    running: RunningPlacement | None = None


def must_happen(facts: DialogueFacts, today: date, limits: WarningLimits = DEFAULT_LIMITS) -> list[str]:
    """What must happen next for the citizen, by phase, most pressing first (empty: nothing)."""
    running = facts.running
    in_job = facts.phase is Phase.AFTERCARE or (running is not None and running.kind is PlacementKind.ORDINARY_JOB)
    todo: list[str] = []
    if facts.last_held is None or (today - facts.last_held).days > limits.no_contact_days:
        since = "endnu" if facts.last_held is None else f"i {(today - facts.last_held).days} dage"
        if in_job:
            todo.append(f"Ring til borgeren (efterværn): ingen afholdt kontakt {since} {tag(NO_CONTACT)}")
        else:
            todo.append(f"Book en samtale: ingen afholdt kontakt {since} {tag(NO_CONTACT)}")
    if in_job:
        return todo
    if running is None:
        return todo + before_placement(facts.before)
    if placement_follow_up_missing(running.start, running.last_at_workplace, today, limits):
        todo.append(
            f"Praktikopfølgning på arbejdspladsen: ingen i over {limits.placement_follow_up_days} dage "
            f"{tag(PLACEMENT_FOLLOW_UP_MISSING)}"
        )
    if running.ordinary_hours <= 0:
        if zero_hours_due(running.start, today, limits):
            todo.append(
                f"0 ordinære timer efter {limits.zero_ordinary_months} måneder: genforhandl med virksomheden "
                f"eller find et nyt forløb {tag(ZERO_ORDINARY_HOURS)}"
            )
        else:
            todo.append("Sæt ordinære timer på dagsordenen ved næste opfølgning (0 timer nu)")
    if past_planned_end(running.planned_end, today, limits):
        todo.append(f"Afslut forløbet eller ryk slutdatoen {tag(PAST_PLANNED_END)}")
    return todo
