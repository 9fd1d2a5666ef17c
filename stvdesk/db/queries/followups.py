"""Changing follow-ups."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session

from stvdesk.db.models import FollowUp, utcnow
from stvdesk.domain.enums import ContactForm, FollowUpStatus


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
) -> FollowUp:
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
    session.commit()
    session.refresh(follow_up)
    return follow_up
