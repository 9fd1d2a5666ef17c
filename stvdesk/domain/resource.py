"""Ressourceforløb: the rehabilitation plan's meeting, which the consultant joins, and the wait for
a consultant measured from the award (000, 4.1: the VK is at the rehabilitation meeting and the
citizen meets a VK without waiting)."""

from __future__ import annotations

from datetime import date

from stvdesk.domain.enums import TargetGroup

REHAB_NOTE = "Rehabiliteringsmøde: VK deltager"


def vk_wait_since(
    target_group: TargetGroup,
    awarded_on: date | None,
    vk_requested_on: date | None,
    first_vk_meeting_on: date | None,
) -> date | None:
    """Since when the citizen has waited for a consultant, or None when not waiting (000, 4.1).

    For a ressourceforløb the wait runs from the award date (the earlier of the award and the
    request, when both are known); for everyone else from the day a VK was asked for. It ends at
    the first VK meeting."""
    if first_vk_meeting_on is not None:
        return None
    starts = [d for d in (vk_requested_on,) if d is not None]
    if target_group is TargetGroup.RESOURCE_COURSE and awarded_on is not None:
        starts.append(awarded_on)
    return min(starts) if starts else None


def wait_days(since: date | None, today: date) -> int | None:
    """Whole days waited up to today (0 on the day itself); None when not waiting."""
    return None if since is None else max((today - since).days, 0)


def rehab_meeting_to_plan(
    target_group: TargetGroup, rehab_plan_on: date | None, has_consultant: bool, already_planned: bool
) -> date | None:
    """The day a follow-up for the VK at the rehabilitation meeting is proposed (000, 4.1): a
    ressourceforløb with a plan date and a consultant, and none planned for that day yet."""
    if target_group is not TargetGroup.RESOURCE_COURSE or rehab_plan_on is None:
        return None
    if not has_consultant or already_planned:
        return None
    return rehab_plan_on
