"""The monthly dialogue between a leader and one worker (000, 4.3): the
worker's caseload grouped by readiness with what must happen for each, the worker's numbers,
and the notes kept from the dialogue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.db.models import Citizen, CvStatus, DialogueNote, JobGoal, PlanStep, Worker
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.steering import Dashboard, SteeringScope, dashboard
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.calendar import month_start
from stvdesk.domain.enums import CvState, GoalStatus, Readiness
from stvdesk.domain.placements import PlacementReadiness, before_placement


@dataclass(frozen=True)
class DialogueCitizen:
    citizen_id: uuid.UUID
    name: str
    phase: str
    todo: list[str]


@dataclass(frozen=True)
class DialogueView:
    worker: WorkerInfo
    month: date
    board: Dashboard
    groups: list[tuple[Readiness, list[DialogueCitizen]]]
    notes: list[tuple[DialogueNote, str]]  # note, written by (initials)


def dialogue_view(session: Session, worker: WorkerInfo, month: date, today: date) -> DialogueView:
    has_abc = sa.exists().where(
        col(JobGoal.citizen_id) == col(Citizen.id),
        col(JobGoal.deleted_at).is_(None),
        col(JobGoal.status).in_((GoalStatus.AGREED, GoalStatus.ACHIEVED)),
    )
    has_step = sa.exists().where(
        col(PlanStep.citizen_id) == col(Citizen.id),
        col(PlanStep.deleted_at).is_(None),
        col(PlanStep.agreed_on).is_not(None),
        col(PlanStep.done_on).is_(None),
    )
    rows = session.exec(
        select(Citizen, col(CvStatus.jobnet_state), has_abc, has_step)
        .outerjoin(CvStatus, col(CvStatus.citizen_id) == col(Citizen.id))
        .where(caseload_condition(worker.id, worker.role, worker.team_id))
        .order_by(Citizen.last_name, Citizen.first_name)
    ).all()
    groups: dict[Readiness, list[DialogueCitizen]] = {r: [] for r in Readiness}
    for citizen, cv_state, abc, step in rows:
        waiting = citizen.vk_requested_on if citizen.vk_requested_on and not citizen.first_vk_meeting_on else None
        todo = before_placement(
            PlacementReadiness(
                readiness=citizen.readiness,
                cv_state=cv_state or CvState.MISSING,
                has_abc=bool(abc),
                has_open_sub_goal=bool(step),
                waiting_for_vk_since=waiting,
                has_consultant=citizen.consultant_id is not None,
            )
        )
        groups[citizen.readiness].append(
            DialogueCitizen(citizen.id, citizen.full_name, citizen.current_phase.label, todo)
        )
    notes = session.exec(
        select(DialogueNote, Worker.initials)
        .outerjoin(Worker, col(Worker.id) == col(DialogueNote.written_by))
        .where(
            DialogueNote.worker_id == worker.id,
            DialogueNote.month == month_start(month),
            col(DialogueNote.deleted_at).is_(None),
        )
        .order_by(col(DialogueNote.created_at))
    ).all()
    return DialogueView(
        worker=worker,
        month=month_start(month),
        board=dashboard(session, SteeringScope.for_worker(worker.id, worker.role), month, today),
        groups=[(r, groups[r]) for r in Readiness],
        notes=[(n, ini or "") for n, ini in notes],
    )


def add_dialogue_note(session: Session, editor: Editor, worker_id: uuid.UUID, month: date, text: str) -> DialogueNote:
    if not text.strip():
        raise EditError("Noten er tom.")
    note = DialogueNote(
        worker_id=worker_id,
        month=month_start(month),
        written_by=editor.worker_id,
        text=text.strip(),
        updated_by=editor.worker_id,
    )
    session.add(note)
    session.commit()
    return note
