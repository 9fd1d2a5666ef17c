"""Rules about placements and about what must happen before one.

- A virksomhedspraktik for an activity-ready citizen may run at most 13 weeks, and a new
  praktik at a company where the citizen already had one needs a reason (the 13-week
  limit is the Danish employment act's for this target group).
- A praktik needs a purpose and tasks written down: a company conversation
  that names tasks from week one and which of them could become paid hours (000, 4.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from stvdesk.domain.enums import CvState, PlacementKind, Readiness

PRAKTIK_MAX = timedelta(weeks=13)


def placement_warnings(
    kind: PlacementKind, start: date, planned_end: date | None, earlier_praktik_here: bool
) -> list[str]:
    warnings = []
    if kind is PlacementKind.INTERNSHIP and planned_end is not None and planned_end - start > PRAKTIK_MAX:
        weeks = (planned_end - start).days // 7
        warnings.append(f"Praktikken er planlagt til {weeks} uger – mere end 13 uger.")
    if kind is PlacementKind.INTERNSHIP and earlier_praktik_here:
        warnings.append("Borgeren har haft praktik i samme virksomhed før.")
    return warnings


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
    if facts.cv_state in (CvState.MISSING, CvState.STARTED):
        todo.append("Gør Jobnet-CV færdigt og synligt")
    if not facts.has_open_sub_goal:
        todo.append("Aftal delmål i Min Plan")
    if facts.waiting_for_vk_since is not None:
        todo.append(f"Venter på første møde med VK siden {facts.waiting_for_vk_since:%d-%m-%Y}")
    elif not facts.has_consultant and facts.readiness is not Readiness.FAR:
        todo.append("Involvér en virksomhedskonsulent (trepartssamtale)")
    return todo
