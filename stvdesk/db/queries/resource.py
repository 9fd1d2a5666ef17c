"""Ressourceforløb (000, 4.1): the award and rehabilitation plan dates on the case, and the
consultant's follow-up at the rehabilitation meeting."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.db.models import AuditEvent, Citizen, FollowUp, utcnow
from stvdesk.db.queries.edits import EditError, Editor, update_citizen
from stvdesk.db.queries.followups import add_planned
from stvdesk.domain.enums import AuditAction, FollowUpKind, FollowUpStatus, TargetGroup
from stvdesk.domain.resource import REHAB_NOTE, rehab_meeting_to_plan

# The rehabilitation meeting is a meeting of several parties; its follow-up is planned as one.
REHAB_KIND = FollowUpKind.THREE_PARTY


def save_resource_dates(
    session: Session, editor: Editor, citizen_id: uuid.UUID, *, awarded_on: date | None, rehab_plan_on: date | None
) -> date | None:
    """Store the dates (a line in the history when they changed) and plan the VK's follow-up at
    the rehabilitation meeting when there is none for that day. Returns the day planned, if any."""
    if awarded_on is not None and rehab_plan_on is not None and rehab_plan_on < awarded_on:
        raise EditError("Rehabiliteringsplanens dato kan ikke ligge før bevillingen.")
    update_citizen(session, editor, citizen_id, resource_awarded_on=awarded_on, rehab_plan_on=rehab_plan_on)
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        raise EditError("Borgeren findes ikke længere.")
    planned = (
        citizen.consultant_id is not None
        and rehab_plan_on is not None
        and session.exec(
            select(FollowUp.id).where(
                FollowUp.citizen_id == citizen_id,
                FollowUp.worker_id == citizen.consultant_id,
                FollowUp.due_on == rehab_plan_on,
                FollowUp.status == FollowUpStatus.PLANNED,
                col(FollowUp.deleted_at).is_(None),
            )
        ).first()
        is not None
    )
    day = rehab_meeting_to_plan(citizen.target_group, rehab_plan_on, citizen.consultant_id is not None, planned)
    if day is None or citizen.consultant_id is None:
        return None
    follow_up = add_planned(
        session,
        citizen_id=citizen_id,
        worker_id=citizen.consultant_id,
        kind=REHAB_KIND,
        due_on=day,
        by_worker=editor.worker_id,
    )
    follow_up.note = REHAB_NOTE
    session.add(
        AuditEvent(
            at=utcnow(),
            worker_id=editor.worker_id,
            device=editor.device,
            action=AuditAction.CHANGE,
            citizen_id=citizen_id,
            criterion=f"Opfølgning planlagt {day:%d-%m-%Y}: {REHAB_NOTE}",
        )
    )
    session.commit()
    return day


def vk_wait_since_sql() -> sa.ColumnElement[date | None]:
    """The SQL twin of domain.resource.vk_wait_since, for lists and Styring to count and sort by:
    from the award in a ressourceforløb (the earlier of award and request), else from the request,
    until the first VK meeting (000, 4.1)."""
    award = sa.case((col(Citizen.target_group) == TargetGroup.RESOURCE_COURSE, col(Citizen.resource_awarded_on)))
    request = col(Citizen.vk_requested_on)
    earlier = sa.case(
        (award.is_(None), request),
        (request.is_(None), award),
        (award < request, award),
        else_=request,
    )
    return sa.case((col(Citizen.first_vk_meeting_on).is_(None), earlier))


def vk_waits(session: Session, citizen_ids: list[uuid.UUID]) -> dict[uuid.UUID, date | None]:
    """Each citizen's start of the wait for a VK by the SQL twin (None: not waiting)."""
    rows = session.execute(
        sa.select(col(Citizen.id), vk_wait_since_sql()).where(col(Citizen.id).in_(citizen_ids))
    ).all()
    return {row[0]: row[1] for row in rows}
