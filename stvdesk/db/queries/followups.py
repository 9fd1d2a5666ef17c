"""Changing follow-ups."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session, col

from stvdesk.db.models import FollowUp, utcnow
from stvdesk.domain.enums import ContactForm, FollowUpKind, FollowUpStatus

if TYPE_CHECKING:
    from stvdesk.domain.cadence import CadenceSettings, Proposal, Situation


class FollowUpError(ValueError):
    """A follow-up that cannot be changed as asked; the message is Danish."""


def mark_held(
    session: Session,
    follow_up_id: uuid.UUID,
    *,
    held_on: date,
    by_worker: uuid.UUID,
    note: str = "",
    form: ContactForm | None = None,
    commit: bool = True,
) -> FollowUp:
    """Mark a planned follow-up held; `commit=False` leaves the commit to a change it is part of
    (a meeting finished marks the follow-ups it settles in its own transaction)."""
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None or follow_up.deleted_at is not None:
        raise FollowUpError("Opfølgningen findes ikke længere.")
    if follow_up.status is not FollowUpStatus.PLANNED:
        raise FollowUpError(f"Opfølgningen er allerede {follow_up.status.label.lower()}.")
    follow_up.status = FollowUpStatus.HELD
    follow_up.held_on = held_on
    follow_up.note = note.strip()
    if form is not None:
        follow_up.form = form
    follow_up.updated_at = utcnow()
    follow_up.updated_by = by_worker
    session.add(follow_up)
    _changed(session, follow_up, by_worker, f"Opfølgning afholdt {held_on:%d-%m-%Y}: {follow_up.kind.label}")
    if commit:
        session.commit()
        session.refresh(follow_up)
    return follow_up


def _changed(session: Session, follow_up: FollowUp, by_worker: uuid.UUID, text: str) -> None:
    """A change to a citizen's follow-up is a line in the access log; a company's is not
    about a citizen."""
    if follow_up.citizen_id is not None:
        from stvdesk.db.audit import log_access
        from stvdesk.domain.enums import AuditAction

        log_access(
            session,
            worker_id=by_worker,
            action=AuditAction.CHANGE,
            citizen_id=follow_up.citizen_id,
            criterion=text,
            commit=False,
        )


def situation_for(session: Session, citizen_id: uuid.UUID, on: date) -> Situation:
    """The cadence situation of a citizen on a day: running or planned placement, or a job."""
    from sqlmodel import select

    from stvdesk.db.models import Placement
    from stvdesk.domain.cadence import Situation
    from stvdesk.domain.enums import PlacementKind, PlacementStatus

    placements = session.exec(
        select(Placement)
        .where(
            Placement.citizen_id == citizen_id,
            col(Placement.deleted_at).is_(None),
            col(Placement.status).in_((PlacementStatus.ACTIVE, PlacementStatus.PLANNED)),
        )
        .order_by(col(Placement.start_on))
    ).all()
    job = next((p for p in placements if p.kind is PlacementKind.ORDINARY_JOB and p.start_on <= on), None)
    if job is not None:
        return Situation(employed_since=job.start_on)
    running = next((p for p in reversed(placements) if p.start_on <= on), None) or next(iter(placements), None)
    if running is None:
        return Situation()
    return Situation(placement_start=running.start_on, placement_planned_end=running.planned_end_on)


def propose_next(session: Session, follow_up_id: uuid.UUID, settings: CadenceSettings | None = None) -> Proposal | None:
    """The next follow-up the cadence rules propose after this one was held (None: none due)."""
    from stvdesk.domain.cadence import CadenceSettings, next_follow_up

    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None or follow_up.citizen_id is None or follow_up.held_on is None:
        return None
    situation = situation_for(session, follow_up.citizen_id, follow_up.held_on)
    return next_follow_up(follow_up.held_on, situation, settings or CadenceSettings())


def add_planned(
    session: Session,
    *,
    citizen_id: uuid.UUID,
    worker_id: uuid.UUID,
    kind: FollowUpKind,
    due_on: date,
    by_worker: uuid.UUID,
    placement_id: uuid.UUID | None = None,
) -> FollowUp:
    """A planned follow-up added to the session, neither logged nor committed: for a change that
    plans one in its own transaction (a new placement, a new citizen) and logs it in its line."""
    follow_up = FollowUp(
        citizen_id=citizen_id,
        placement_id=placement_id,
        worker_id=worker_id,
        kind=kind,
        due_on=due_on,
        status=FollowUpStatus.PLANNED,
        updated_by=by_worker,
    )
    session.add(follow_up)
    return follow_up


def plan_follow_up(
    session: Session,
    *,
    citizen_id: uuid.UUID,
    worker_id: uuid.UUID,
    kind: FollowUpKind,
    due_on: date,
    by_worker: uuid.UUID,
) -> FollowUp:
    follow_up = add_planned(
        session, citizen_id=citizen_id, worker_id=worker_id, kind=kind, due_on=due_on, by_worker=by_worker
    )
    _changed(session, follow_up, by_worker, f"Opfølgning planlagt {due_on:%d-%m-%Y}: {follow_up.kind.label}")
    session.commit()
    session.refresh(follow_up)
    return follow_up


def _planned(session: Session, follow_up_id: uuid.UUID) -> FollowUp:
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None or follow_up.deleted_at is not None:
        raise FollowUpError("Opfølgningen findes ikke længere.")
    if follow_up.status is not FollowUpStatus.PLANNED:
        raise FollowUpError(f"Opfølgningen er allerede {follow_up.status.label.lower()}.")
    return follow_up


def skip_follow_up(session: Session, follow_up_id: uuid.UUID, *, reason: str, by_worker: uuid.UUID) -> FollowUp:
    """Skip a planned follow-up; the reason is kept."""
    if not reason.strip():
        raise FollowUpError("Skriv hvorfor opfølgningen springes over.")
    follow_up = _planned(session, follow_up_id)
    follow_up.status, follow_up.reason = FollowUpStatus.SKIPPED, reason.strip()
    follow_up.updated_at, follow_up.updated_by = utcnow(), by_worker
    session.add(follow_up)
    _changed(session, follow_up, by_worker, f"Opfølgning {follow_up.due_on:%d-%m-%Y} sprunget over")
    session.commit()
    return follow_up


def move_follow_up(
    session: Session, follow_up_id: uuid.UUID, *, to: date, reason: str, by_worker: uuid.UUID
) -> FollowUp:
    """Move a planned follow-up to another day; the old date and the reason are kept."""
    if not reason.strip():
        raise FollowUpError("Skriv hvorfor opfølgningen flyttes.")
    follow_up = _planned(session, follow_up_id)
    follow_up.moved_from = follow_up.moved_from or follow_up.due_on
    follow_up.due_on, follow_up.reason = to, reason.strip()
    follow_up.updated_at, follow_up.updated_by = utcnow(), by_worker
    session.add(follow_up)
    _changed(session, follow_up, by_worker, f"Opfølgning flyttet fra {follow_up.moved_from:%d-%m-%Y} til {to:%d-%m-%Y}")
    session.commit()
    return follow_up
