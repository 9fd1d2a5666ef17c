"""The phase of a citizen's course, derived from the data (002, table 5-1).

Table 5-1 of the Flere skal med report lists what the time of a low caseload is spent on,
phase by phase: relationship (the citizen's starting point, dreams and goals), job plan
(agreements on job goals and plan, three-party meetings), match and ordinary hours (goals
and sub-goals for a company placement, income with ordinary hours), retention (keeping the
placement going), progression (more hours, more tasks, toward ordinary hours) and aftercare
(support after ordinary employment). The rule below reads each phase off the data:

- aftercare: the citizen is in ordinary employment (a running placement of kind job), or the
  case was closed for an ordinary job and its aftercare period runs (the job need not be
  recorded as a placement; the period is [cadence] aftercare_months, rule eftervaern.maaneder);
- progression: a running placement with ordinary (paid) hours;
- retention: a running placement without ordinary hours that has run 4 weeks or more (the 4 weeks
  are a local setting, [phase] retention_after_weeks, rule fase.fastholdelse: table 5-1 names the
  phase, not when it begins);
- match: an agreed job goal and a VK on the case, or a placement just started or planned;
- job plan: a job goal proposed, or a development goal;
- relationship: none of the above yet.

A worker may override the phase; the override wins and is shown as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from stvdesk.domain.enums import Phase, PlacementKind
from stvdesk.domain.numbers import format_hours


@dataclass(frozen=True)
class PhaseSettings:
    retention_after_weeks: int = 4
    # Styring's "fastholdt": still in a placement or job this many months after the start (a
    # local setting, rule styring.fastholdt: 000, 4.3 asks how many are retained, not when).
    retained_after_months: int = 3


DEFAULT_PHASE = PhaseSettings()


@dataclass(frozen=True)
class PhaseFacts:
    has_agreed_job_goal: bool
    has_any_job_goal: bool
    has_development_goal: bool
    has_consultant: bool
    running_kind: PlacementKind | None  # the running placement's kind, if any
    running_since: date | None
    running_ordinary_hours: float
    has_planned_placement: bool
    # A case closed for an ordinary job: the last day of its aftercare period (else None).
    aftercare_until: date | None = None


@dataclass(frozen=True)
class DerivedPhase:
    phase: Phase
    why: str


def derive_phase(facts: PhaseFacts, today: date, settings: PhaseSettings = DEFAULT_PHASE) -> DerivedPhase:
    if facts.running_kind is PlacementKind.ORDINARY_JOB:
        return DerivedPhase(Phase.AFTERCARE, "I ordinært job: efterværn")
    if facts.aftercare_until is not None and today <= facts.aftercare_until:
        return DerivedPhase(
            Phase.AFTERCARE, f"Sagen er lukket med ordinært job: efterværn til {facts.aftercare_until:%d-%m-%Y}"
        )
    if facts.running_kind is not None:
        if facts.running_ordinary_hours > 0:
            return DerivedPhase(
                Phase.PROGRESSION, f"I forløb med {format_hours(facts.running_ordinary_hours)} ordinære timer om ugen"
            )
        if facts.running_since is not None and today - facts.running_since >= timedelta(
            weeks=settings.retention_after_weeks
        ):
            weeks = (today - facts.running_since).days // 7
            return DerivedPhase(Phase.RETENTION, f"I forløb i {weeks} uger, endnu uden ordinære timer")
        return DerivedPhase(Phase.MATCH, "Forløb netop startet")
    if facts.has_planned_placement:
        return DerivedPhase(Phase.MATCH, "Forløb planlagt")
    if facts.has_agreed_job_goal and facts.has_consultant:
        return DerivedPhase(Phase.MATCH, "Aftalt jobmål og virksomhedskonsulent på sagen")
    if facts.has_any_job_goal or facts.has_agreed_job_goal:
        return DerivedPhase(Phase.JOB_PLAN, "Jobmål foreslået eller aftalt, endnu intet match")
    if facts.has_development_goal:
        return DerivedPhase(Phase.JOB_PLAN, "Udviklingsmål, endnu intet jobmål")
    return DerivedPhase(Phase.RELATIONSHIP, "Ingen mål eller forløb endnu")
