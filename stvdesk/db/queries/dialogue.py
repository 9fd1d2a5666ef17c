"""The monthly dialogue between a leader and one worker (000, 4.3): the
worker's caseload grouped by readiness with what must happen for each, the worker's numbers,
and the notes kept from the dialogue.

- **Held.** A month's dialogue with a worker is held once a note is kept for that worker and
  month; the day it was held is the day of its first note (Copenhagen day of `created_at`).
  The month's list (`month_dialogues`) shows each S and VK of the team as held or not.
- **What was agreed.** An agreement made in the dialogue is an `Agreement` owned by the worker
  talked with (owner S or VK by the worker's role) with a deadline, on no citizen, meeting or
  company: the owner's "Mine aftaler" on Min dag lists it and marks it kept. The dialogue's
  note records it too ("Aftale: …, frist …"), so the month it was agreed in stays with the
  dialogue. The worker's open agreements on no citizen, meeting or company are listed in every
  dialogue until kept, for the next month's talk.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.clock import local_date
from stvdesk.db.models import Agreement, Citizen, CvStatus, DialogueNote, JobGoal, Placement, PlanStep, Team, Worker
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.db.queries.caseload_list import _last_at_workplace, _last_held, _running_placement
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.steering import Dashboard, SteeringScope, dashboard
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.agenda import WarningLimits
from stvdesk.domain.calendar import format_date, month_start
from stvdesk.domain.dialogue import DialogueFacts, RunningPlacement, must_happen
from stvdesk.domain.enums import CvState, GoalStatus, PlacementKind, Readiness, Role
from stvdesk.domain.meetings import agreement_problems
from stvdesk.domain.placements import PlacementReadiness
from stvdesk.domain.team_board import owner_for
from stvdesk.settings import settings_in_force


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
    # The worker's agreements from the dialogues not kept yet, soonest deadline first.
    open_agreements: list[Agreement] = field(default_factory=list)

    @property
    def held_on(self) -> date | None:
        """The day the month's dialogue was held: its first note's (None: not held yet)."""
        return local_date(self.notes[0][0].created_at) if self.notes else None


def dialogue_view(
    session: Session, worker: WorkerInfo, month: date, today: date, limits: WarningLimits | None = None
) -> DialogueView:
    """The worker's dialogue of `month`. "Skal ske" is per phase (`domain.dialogue.must_happen`),
    its day counts the settings in force unless `limits` are given."""
    limits = limits or settings_in_force().method().limits
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
    rows = session.execute(
        sa.select(  # sa.select: SQLModel's select() is typed for at most four columns
            Citizen,
            col(CvStatus.jobnet_state),
            has_abc,
            has_step,
            _last_held(),
            _running_placement(col(Placement.kind)),
            _running_placement(col(Placement.start_on)),
            _running_placement(col(Placement.ordinary_hours_per_week)),
            _running_placement(col(Placement.planned_end_on)),
            _last_at_workplace(),
        )
        .outerjoin(CvStatus, col(CvStatus.citizen_id) == col(Citizen.id))
        .where(caseload_condition(worker.id, worker.role, worker.team_id))
        .order_by(Citizen.last_name, Citizen.first_name)
    ).all()
    groups: dict[Readiness, list[DialogueCitizen]] = {r: [] for r in Readiness}
    for citizen, cv_state, abc, step, last_held, p_kind, p_start, p_hours, p_end, p_visited in rows:
        waiting = citizen.vk_requested_on if citizen.vk_requested_on and not citizen.first_vk_meeting_on else None
        running, start = None, _day(p_start)
        if p_kind is not None and start is not None:
            running = RunningPlacement(PlacementKind(p_kind), start, float(p_hours or 0), _day(p_end), _day(p_visited))
        facts = DialogueFacts(
            phase=citizen.current_phase,
            before=PlacementReadiness(
                readiness=citizen.readiness,
                cv_state=cv_state or CvState.MISSING,
                has_abc=bool(abc),
                has_open_sub_goal=bool(step),
                waiting_for_vk_since=waiting,
                has_consultant=citizen.consultant_id is not None,
            ),
            last_held=_day(last_held),
            running=running,
        )
        todo = must_happen(facts, today, limits)
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
        open_agreements=open_dialogue_agreements(session, worker.id),
    )


def _day(value: object) -> date | None:
    """A date from a scalar subquery (SQLite hands back text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


LEADS_ONLY = "Kun teamets leder kan skrive i en månedsdialog."


def _leads(session: Session, editor: Editor, worker_id: uuid.UUID) -> None:
    """Refuse unless the editor leads the team of the worker talked with: a note makes the month's
    dialogue held, and a caseworker or consultant must not hold her own or a colleague's."""
    me, worker = session.get(Worker, editor.worker_id), session.get(Worker, worker_id)
    if (
        me is None
        or me.deleted_at is not None
        or me.role not in (Role.LEADER, Role.PL)
        or worker is None
        or me.team_id is None
        or worker.team_id != me.team_id
    ):
        raise EditError(LEADS_ONLY)


def add_dialogue_note(session: Session, editor: Editor, worker_id: uuid.UUID, month: date, text: str) -> DialogueNote:
    if not text.strip():
        raise EditError("Noten er tom.")
    _leads(session, editor, worker_id)
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


def _from_dialogue() -> sa.ColumnElement[bool]:
    """An agreement from a monthly dialogue: on no citizen, meeting or company."""
    return sa.and_(
        col(Agreement.citizen_id).is_(None),
        col(Agreement.meeting_id).is_(None),
        col(Agreement.company_id).is_(None),
        col(Agreement.deleted_at).is_(None),
    )


def open_dialogue_agreements(session: Session, worker_id: uuid.UUID) -> list[Agreement]:
    return list(
        session.exec(
            select(Agreement)
            .where(_from_dialogue(), Agreement.owner_worker_id == worker_id, col(Agreement.done_on).is_(None))
            .order_by(col(Agreement.deadline).is_(None), col(Agreement.deadline), col(Agreement.created_at))
        ).all()
    )


def add_dialogue_agreement(
    session: Session, editor: Editor, worker_id: uuid.UUID, month: date, text: str, deadline: date | None
) -> Agreement:
    """An agreement from the month's dialogue, owned by the worker talked with, with its deadline;
    kept in the dialogue's notes too, in the same transaction. A refusal is an EditError."""
    problems = agreement_problems(text, deadline, editor.today)
    if deadline is None:
        problems.setdefault("deadline", "Skriv en frist.")
    if problems:
        raise EditError(" ".join(problems.values()))
    assert deadline is not None
    _leads(session, editor, worker_id)
    worker = session.get(Worker, worker_id)
    owner = owner_for(worker.role) if worker is not None and worker.deleted_at is None else None
    if worker is None or owner is None:
        raise EditError("Aftaler fra månedsdialogen ejes af en sagsbehandler eller virksomhedskonsulent.")
    agreement = Agreement(
        text=text.strip(),
        owner=owner,
        owner_worker_id=worker.id,
        deadline=deadline,
        updated_by=editor.worker_id,
    )
    session.add(agreement)
    session.add(
        DialogueNote(
            worker_id=worker.id,
            month=month_start(month),
            written_by=editor.worker_id,
            text=f"Aftale: {agreement.text} – ansvarlig {worker.initials}, frist {format_date(deadline)}",
            updated_by=editor.worker_id,
        )
    )
    session.commit()
    return agreement


@dataclass(frozen=True)
class DialogueStatus:
    """One worker's dialogue in a month: held on a day, or not yet."""

    worker: WorkerInfo
    held_on: date | None
    notes: int
    open_agreements: int


def month_dialogues(session: Session, team_id: uuid.UUID | None, month: date) -> list[DialogueStatus]:
    """The team's caseworkers and consultants (active ones) with their dialogue of `month`:
    those not held first, then by initials."""
    first = month_start(month)
    workers = session.exec(
        select(Worker, Team)
        .outerjoin(Team, col(Team.id) == col(Worker.team_id))
        .where(
            Worker.team_id == team_id,
            col(Worker.role).in_((Role.S, Role.VK)),
            Worker.active,
            col(Worker.deleted_at).is_(None),
        )
    ).all()
    ids = [w.id for w, _ in workers]
    notes: dict[uuid.UUID, tuple[int, date]] = {}
    for worker_id, count, earliest in session.execute(
        sa.select(col(DialogueNote.worker_id), sa.func.count(), sa.func.min(col(DialogueNote.created_at)))
        .where(
            col(DialogueNote.worker_id).in_(ids),
            col(DialogueNote.month) == first,
            col(DialogueNote.deleted_at).is_(None),
        )
        .group_by(col(DialogueNote.worker_id))
    ).all():
        notes[worker_id] = (count, local_date(earliest))
    agreements: dict[uuid.UUID | None, int] = dict(
        session.execute(
            sa.select(col(Agreement.owner_worker_id), sa.func.count())
            .where(_from_dialogue(), col(Agreement.owner_worker_id).in_(ids), col(Agreement.done_on).is_(None))
            .group_by(col(Agreement.owner_worker_id))
        ).all()
    )
    rows = [
        DialogueStatus(
            WorkerInfo(w.id, w.initials, w.name, w.role, w.team_id, team.name if team else ""),
            notes[w.id][1] if w.id in notes else None,
            notes[w.id][0] if w.id in notes else 0,
            agreements.get(w.id, 0),
        )
        for w, team in workers
    ]
    return sorted(rows, key=lambda r: (r.held_on is not None, r.worker.initials))
