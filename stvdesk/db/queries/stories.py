"""A good story read in full (000, 4.2: belief): Styring lists the team's stories by date and
title; Enter opens one with its whole text, who told it and when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from stvdesk.db.models import Citizen, SuccessStory, Worker


@dataclass(frozen=True)
class StoryView:
    story_id: uuid.UUID
    title: str
    text: str
    told_on: date
    told_by: str  # the worker's name and initials, "" when not known
    # The citizen the story is about: never shown (the team's stories reach past one's own
    # caseload), only hidden from the text while privacy is on.
    citizen_name: str


def story_view(session: Session, story_id: uuid.UUID) -> StoryView | None:
    row = session.exec(
        select(SuccessStory, Worker, Citizen)
        .outerjoin(Worker, col(Worker.id) == col(SuccessStory.worker_id))
        .outerjoin(Citizen, col(Citizen.id) == col(SuccessStory.citizen_id))
        .where(SuccessStory.id == story_id, col(SuccessStory.deleted_at).is_(None))
    ).first()
    if row is None:
        return None
    story, worker, citizen = row
    return StoryView(
        story_id=story.id,
        title=story.title,
        text=story.text,
        told_on=story.told_on,
        told_by=f"{worker.name} ({worker.initials})" if worker is not None else "",
        citizen_name=citizen.full_name if citizen is not None else "",
    )
