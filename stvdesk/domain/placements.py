"""Rules about placements and about what must happen before one.

- A virksomhedspraktik may run at most N weeks where the citizen's target group has such a
  limit: the reports give none, so it is a local setting per target group ([internship_weeks],
  rule praktik.max_uger), by default 13 weeks for activity-ready recipients of cash and education
  benefit (the employment act's limit for them) and none for the other groups (0: off); a new
  praktik at a company where the citizen already had one is pointed out (rule praktik.gentaget,
  a local setting that can be switched off).
- A running placement past its planned end is flagged (rule forloeb.over_slut).
- A praktik needs a purpose and tasks written down: a company conversation
  that names tasks from week one and which of them could become paid hours (000, 4.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from stvdesk.domain.agenda import DEFAULT_LIMITS, WarningLimits, past_planned_end
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cv import has_cv
from stvdesk.domain.enums import CvState, PlacementKind, Readiness, TargetGroup
from stvdesk.domain.rules import INTERNSHIP_MAX_WEEKS, PAST_PLANNED_END, REPEATED_INTERNSHIP, tag

DEFAULT_INTERNSHIP_WEEKS: dict[TargetGroup, int] = {
    TargetGroup.CASH_BENEFIT: 13,
    TargetGroup.EDUCATION_BENEFIT: 13,
    TargetGroup.RESOURCE_COURSE: 0,
    TargetGroup.JOB_CLARIFICATION: 0,
    TargetGroup.OTHER: 0,
}


def placement_warnings(
    kind: PlacementKind,
    start: date,
    planned_end: date | None,
    earlier_praktik_here: bool,
    *,
    target_group: TargetGroup,
    max_weeks: Mapping[TargetGroup, int] = DEFAULT_INTERNSHIP_WEEKS,
    repeat_warning: bool = True,
) -> list[str]:
    """Warnings on a praktik as planned: longer than its target group's limit (a local setting,
    named in the message), and a repeated praktik at the same company."""
    warnings = []
    limit = max_weeks.get(target_group, 0)
    if (
        kind is PlacementKind.INTERNSHIP
        and limit
        and planned_end is not None
        and planned_end - start > timedelta(weeks=limit)
    ):
        weeks = (planned_end - start).days // 7
        warnings.append(
            f"Praktikken er planlagt til {weeks} uger – mere end {limit} uger, den lokale grænse for "
            f"{target_group.label.lower()} {tag(INTERNSHIP_MAX_WEEKS)}."
        )
    if kind is PlacementKind.INTERNSHIP and earlier_praktik_here and repeat_warning:
        warnings.append(f"Borgeren har haft praktik i samme virksomhed før {tag(REPEATED_INTERNSHIP)}.")
    return warnings


def past_end_warning(planned_end: date | None, today: date, limits: WarningLimits = DEFAULT_LIMITS) -> str | None:
    """A running placement past its planned end: end it or move the end (rule forloeb.over_slut)."""
    if planned_end is None or not past_planned_end(planned_end, today, limits):
        return None
    return (
        f"I gang efter planlagt slut {format_date(planned_end)} ({(today - planned_end).days} dage) – "
        f"afslut forløbet eller ryk slutdatoen {tag(PAST_PLANNED_END)}."
    )


def placement_form_errors(
    kind: PlacementKind,
    purpose: str,
    tasks: str,
    hours: float,
    ordinary: float,
    start: date | None,
    planned_end: date | None,
) -> dict[str, str]:
    """Cross-field checks of the placement form, by field name."""
    errors: dict[str, str] = {}
    if kind is PlacementKind.INTERNSHIP:
        if not purpose.strip():
            errors["purpose"] = "En praktik skal have et formål."
        if not tasks.strip():
            errors["tasks"] = "En praktik skal have beskrevne opgaver."
    if ordinary > hours:
        errors["ordinary_hours_per_week"] = "Ordinære timer kan ikke være flere end timerne i alt."
    if start is not None and planned_end is not None and planned_end < start:
        errors["planned_end_on"] = "Planlagt slut ligger før start."
    return errors


def planned_end_after_move(
    old_start: date, old_end: date | None, new_start: date, typed_end: date | None
) -> date | None:
    """The planned end to store when a placement is edited. Moving the start keeps the length
    the placement was planned with: a planned end left as it was moves by as many days as the
    start (a local rule of the desk: a later start rarely means a shorter course). An end the
    worker changed in the same edit stands, and no planned end stays none."""
    if old_end is None or new_start == old_start or typed_end != old_end:
        return typed_end
    return old_end + (new_start - old_start)


@dataclass(frozen=True)
class PlacementReadiness:
    readiness: Readiness
    cv_state: CvState
    has_abc: bool
    has_open_sub_goal: bool
    waiting_for_vk_since: date | None
    has_consultant: bool


def before_placement(facts: PlacementReadiness) -> list[str]:
    """What must happen before a company placement, in the order a worker would take it."""
    todo = []
    if facts.readiness is Readiness.FAR:
        todo.append("Parathed længere fra: arbejd med udviklingsmål og relation først")
    if not facts.has_abc:
        todo.append("Aftal en ABC-plan (jobmål)")
    if not has_cv(facts.cv_state):
        todo.append("Gør Jobnet-CV færdigt og synligt")
    if not facts.has_open_sub_goal:
        todo.append("Aftal delmål i Min Plan")
    if facts.waiting_for_vk_since is not None:
        todo.append(f"Venter på første møde med VK siden {facts.waiting_for_vk_since:%d-%m-%Y}")
    elif not facts.has_consultant and facts.readiness is not Readiness.FAR:
        todo.append("Involvér en virksomhedskonsulent (trepartssamtale)")
    return todo
