"""Ressourceforløb on Overblik (000, 4.1): the award and rehabilitation plan dates in the edit
form, the wait for a VK from the award, and the VK's follow-up at the rehabilitation meeting."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from stvdesk.db.queries.resource import save_resource_dates
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import TargetGroup
from stvdesk.domain.parse import parse_optional_date
from stvdesk.domain.resource import vk_wait_since, wait_days
from stvdesk.widgets.form import FieldSpec

if TYPE_CHECKING:
    from stvdesk.context import Session
    from stvdesk.db.models import Citizen
    from stvdesk.db.queries.edits import Editor
    from stvdesk.screens.citizen_file.common import Change


def resource_fields(c: Citizen, today: date) -> list[FieldSpec]:
    """The two dates, in the form of a citizen in ressourceforløb only."""
    if c.target_group is not TargetGroup.RESOURCE_COURSE:
        return []
    return [
        FieldSpec(
            "resource_awarded_on",
            "Ressourceforløb bevilget",
            value=format_date(c.resource_awarded_on) if c.resource_awarded_on else "",
            parse=lambda t: parse_optional_date(t, today=today),
            placeholder="dd-mm-åååå",
        ),
        FieldSpec(
            "rehab_plan_on",
            "Rehabiliteringsmøde (planens dato)",
            value=format_date(c.rehab_plan_on) if c.rehab_plan_on else "",
            parse=lambda t: parse_optional_date(t, today=today),
            placeholder="dd-mm-åååå",
        ),
    ]


def with_resource_dates(c: Citizen, planned: list[date], change: Change) -> Change:
    """The form's change, storing the two dates first when the form had them (000, 4.1);
    `planned` gets the VK's meeting day if the save planned one."""

    def both(session: Session, editor: Editor, values: dict[str, Any]) -> None:
        if "rehab_plan_on" in values:
            day = save_resource_dates(
                session, editor, c.id, awarded_on=values["resource_awarded_on"], rehab_plan_on=values["rehab_plan_on"]
            )
            planned[:] = [day] if day is not None else []
        change(session, editor, values)

    return both


def rehab_notice(planned: list[date]) -> str | None:
    if not planned:
        return None
    return f"Rehabiliteringsmøde {format_date(planned[0])} lagt i VK's opfølgninger."


def resource_lines(c: Citizen, today: date) -> list[str]:
    """Overblik's lines for a ressourceforløb: the dates and the wait for a VK from the award."""
    if c.target_group is not TargetGroup.RESOURCE_COURSE:
        return []
    awarded = format_date(c.resource_awarded_on) if c.resource_awarded_on else "–"
    rehab = format_date(c.rehab_plan_on) if c.rehab_plan_on else "–"
    lines = [f"Ressourceforløb bevilget: {awarded}    Rehabiliteringsmøde: {rehab}"]
    days = wait_days(
        vk_wait_since(c.target_group, c.resource_awarded_on, c.vk_requested_on, c.first_vk_meeting_on), today
    )
    if days is not None:
        lines.append(f"[yellow]Venter på VK: {days} dage (fra bevilling/anmodning)[/yellow]")
    elif c.first_vk_meeting_on is not None:
        lines.append(f"Første VK-møde: {format_date(c.first_vk_meeting_on)}")
    return lines
