"""Meetings run from a dialogue guide, and their agreements (README, "Meetings and dialogue guides").

A meeting is written as it goes: starting it stores a row (status "I gang"), every answer
and agreement is stored when typed, so closing the app loses nothing and the meeting can be
resumed. Finishing is one transaction: the answers that fill structured fields are written
to the placement, Min Plan, the ABC plan, progression, summer plan and the citizen's readiness; the follow-up the
meeting was started from is marked held; the next follow-up is planned; and the guide's id
and version stay with the meeting.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.clock import local_date, utcnow
from stvdesk.db.models import (
    Agreement,
    Citizen,
    Company,
    CompanyContact,
    CvStatus,
    DevelopmentGoal,
    FollowUp,
    JobGoal,
    Meeting,
    MeetingAnswer,
    Placement,
    PlacementHours,
    PlanStep,
    ProgressEntry,
    SummerPlan,
    Worker,
)
from stvdesk.db.queries.edits import EditError, Editor, _commit, _history, _stamp
from stvdesk.db.queries.followups import FollowUpError, mark_held
from stvdesk.domain.calendar import format_date, week_start
from stvdesk.domain.enums import (
    AuditAction,
    ContactForm,
    FollowUpKind,
    FollowUpStatus,
    GoalStatus,
    JobGoalKind,
    MeetingStatus,
    Phase,
    PlacementKind,
    PlacementStatus,
    Readiness,
    Role,
    StepOwner,
)
from stvdesk.domain.meetings import ItemKind, finish_problems, parse_answer
from stvdesk.domain.numbers import format_hours
from stvdesk.domain.parse import MAX_HOURS_PER_WEEK, ParseError
from stvdesk.domain.summer import summer_year
from stvdesk.guides.schema import FILL_TARGETS, Guide
from stvdesk.settings import settings_in_force


class MeetingError(EditError):
    """A meeting change that was refused; the message is Danish, one problem per line."""


# --- what the start form needs -----------------------------------------------------------------


@dataclass(frozen=True)
class StartWorker:
    id: uuid.UUID
    name: str
    initials: str


@dataclass(frozen=True)
class StartPlacement:
    id: uuid.UUID
    company_id: uuid.UUID
    company_name: str
    kind: PlacementKind
    start_on: date


@dataclass(frozen=True)
class StartContact:
    id: uuid.UUID
    name: str
    role: str


@dataclass(frozen=True)
class MeetingStart:
    """What a new meeting for a citizen can be set up with: values and ids, no labels (the form
    words them)."""

    citizen_id: uuid.UUID
    citizen_name: str
    phase: Phase
    caseworker: StartWorker | None
    consultant: StartWorker | None
    consultants: list[StartWorker]
    placements: list[StartPlacement]  # running or planned placements, newest first
    contacts: dict[uuid.UUID, list[StartContact]]  # placement id → the company's contacts
    follow_up: FollowUp | None
    # meetings with the citizen still "I gang" (id, day), newest first: a new one is asked about
    in_progress: tuple[tuple[uuid.UUID, date | None], ...] = ()


def _start_worker(worker: Worker) -> StartWorker:
    return StartWorker(worker.id, worker.name, worker.initials)


def meeting_start(
    session: Session, citizen_id: uuid.UUID, follow_up_id: uuid.UUID | None = None
) -> MeetingStart | None:
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or citizen.deleted_at is not None:
        return None
    caseworker = session.get(Worker, citizen.caseworker_id) if citizen.caseworker_id else None
    consultant = session.get(Worker, citizen.consultant_id) if citizen.consultant_id else None
    lead = caseworker or consultant
    team_id = lead.team_id if lead else None
    consultants = session.exec(
        select(Worker)
        .where(
            Worker.role == Role.VK, col(Worker.deleted_at).is_(None), *([Worker.team_id == team_id] if team_id else [])
        )
        .order_by(Worker.name)
    ).all()
    rows = session.exec(
        select(Placement, Company.name)
        .join(Company, col(Company.id) == col(Placement.company_id))
        .where(
            Placement.citizen_id == citizen_id,
            col(Placement.deleted_at).is_(None),
            Placement.status != PlacementStatus.ENDED,
        )
        .order_by(col(Placement.start_on).desc())
    ).all()
    placements = [StartPlacement(p.id, p.company_id, name, p.kind, p.start_on) for p, name in rows]
    by_company: dict[uuid.UUID, list[StartContact]] = {}
    for c in session.exec(
        select(CompanyContact)
        .where(
            col(CompanyContact.company_id).in_([p.company_id for p, _ in rows]),
            col(CompanyContact.deleted_at).is_(None),
        )
        .order_by(CompanyContact.name)
    ).all():
        by_company.setdefault(c.company_id, []).append(StartContact(c.id, c.name, c.role))
    contacts = {placement.id: by_company.get(placement.company_id, []) for placement, _ in rows}
    follow_up = session.get(FollowUp, follow_up_id) if follow_up_id else None
    return MeetingStart(
        citizen_id=citizen_id,
        citizen_name=citizen.full_name,
        phase=citizen.current_phase,
        caseworker=_start_worker(caseworker) if caseworker else None,
        consultant=_start_worker(consultant) if consultant else None,
        consultants=[_start_worker(w) for w in consultants],
        placements=placements,
        contacts=contacts,
        follow_up=follow_up,
        in_progress=tuple(
            (row[0], row[1])
            for row in session.exec(
                select(col(Meeting.id), col(Meeting.held_on))
                .where(
                    Meeting.citizen_id == citizen_id,
                    Meeting.status == MeetingStatus.IN_PROGRESS,
                    col(Meeting.deleted_at).is_(None),
                )
                .order_by(col(Meeting.held_on).desc())
            ).all()
        ),
    )


def start_meeting(
    session: Session,
    editor: Editor,
    *,
    citizen_id: uuid.UUID,
    guide: Guide,
    kind: FollowUpKind,
    planned_on: date,
    start_time: time | None,
    form: ContactForm | None,
    place: str,
    caseworker_id: uuid.UUID | None,
    consultant_id: uuid.UUID | None,
    placement_id: uuid.UUID | None = None,
    company_contact_id: uuid.UUID | None = None,
    citizen_present: bool = True,
    follow_up_id: uuid.UUID | None = None,
) -> Meeting:
    company_id = None
    if placement_id is not None:
        placement = session.get(Placement, placement_id)
        if placement is None or placement.citizen_id != citizen_id:
            raise MeetingError("Forløbet hører ikke til borgeren.")
        company_id = placement.company_id
    meeting = Meeting(
        citizen_id=citizen_id,
        company_id=company_id,
        company_contact_id=company_contact_id,
        placement_id=placement_id,
        caseworker_id=caseworker_id,
        consultant_id=consultant_id,
        guide_id=guide.id,
        guide_version=guide.version,
        title=guide.title,
        planned_on=planned_on,
        status=MeetingStatus.IN_PROGRESS,
        kind=kind,
        start_time=start_time,
        form=form,
        place=place.strip(),
        citizen_present=citizen_present,
        updated_by=editor.worker_id,
    )
    session.add(meeting)
    session.flush()  # no ORM relationships here, so the meeting must exist before a follow-up points at it
    if follow_up_id is not None:
        follow_up = session.get(FollowUp, follow_up_id)
        if follow_up is not None and follow_up.status is FollowUpStatus.PLANNED:
            follow_up.meeting_id = meeting.id
            _stamp(follow_up, editor)
    _commit(session, editor, citizen_id, f"Møde startet: {guide.title} ({format_date(planned_on)})")
    return meeting


def _open_meeting(session: Session, meeting_id: uuid.UUID) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise MeetingError("Mødet findes ikke længere.")
    if meeting.status is MeetingStatus.HELD:
        raise MeetingError("Mødet er afsluttet og kan ikke ændres.")
    if meeting.status is MeetingStatus.CANCELLED:
        raise MeetingError("Mødet er aflyst.")
    return meeting


def save_answer(
    session: Session, editor: Editor, meeting_id: uuid.UUID, item_id: str, value: str, note: str = ""
) -> None:
    """Store what was answered for one item, as typed; checked when the meeting is finished."""
    meeting = _open_meeting(session, meeting_id)
    answer = session.exec(
        select(MeetingAnswer).where(MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.item_id == item_id)
    ).first()
    if answer is None:
        answer = MeetingAnswer(meeting_id=meeting_id, item_id=item_id)
    answer.value, answer.note = value, note
    _stamp(answer, editor)
    _stamp(meeting, editor)
    session.add(answer)
    session.commit()


def add_agreement(
    session: Session, editor: Editor, meeting_id: uuid.UUID, *, text: str, owner: StepOwner, deadline: date | None
) -> Agreement:
    meeting = _open_meeting(session, meeting_id)
    if not text.strip():
        raise MeetingError("Skriv hvad der er aftalt.")
    owner_worker = {StepOwner.S: meeting.caseworker_id, StepOwner.VK: meeting.consultant_id}.get(owner)
    agreement = Agreement(
        citizen_id=meeting.citizen_id,
        meeting_id=meeting_id,
        company_id=meeting.company_id,
        text=text.strip(),
        owner=owner,
        owner_worker_id=owner_worker,
        deadline=deadline,
        updated_by=editor.worker_id,
    )
    session.add(agreement)
    if meeting.no_agreements:
        meeting.no_agreements = False
    _stamp(meeting, editor)
    _agreement_changed(session, editor, agreement, "Aftale tilføjet")
    session.commit()
    return agreement


def _agreement_changed(session: Session, editor: Editor, agreement: Agreement, what: str) -> None:
    """An agreement added or taken back is a line in the citizen's access log."""
    if agreement.citizen_id is not None:
        from stvdesk.db.audit import log_access

        log_access(
            session,
            worker_id=editor.worker_id,
            action=AuditAction.CHANGE,
            citizen_id=agreement.citizen_id,
            criterion=f"{what}: {agreement.text[:60]}",
            device=editor.device,
            commit=False,
        )


def remove_agreement(session: Session, editor: Editor, agreement_id: uuid.UUID) -> None:
    """Take back an agreement typed by mistake while the meeting is still going on."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or agreement.deleted_at is not None:
        raise MeetingError("Aftalen findes ikke længere.")
    if agreement.meeting_id is not None:
        _open_meeting(session, agreement.meeting_id)
    agreement.deleted_at = utcnow()
    _stamp(agreement, editor)
    _agreement_changed(session, editor, agreement, "Aftale fjernet")
    session.commit()


def cancel_meeting(session: Session, editor: Editor, meeting_id: uuid.UUID, reason: str) -> None:
    meeting = _open_meeting(session, meeting_id)
    if not reason.strip():
        raise MeetingError("Skriv hvorfor mødet aflyses.")
    meeting.status, meeting.summary = MeetingStatus.CANCELLED, f"Aflyst: {reason.strip()}"
    _stamp(meeting, editor)
    for follow_up in session.exec(
        select(FollowUp).where(FollowUp.meeting_id == meeting_id, FollowUp.status == FollowUpStatus.PLANNED)
    ).all():
        follow_up.meeting_id = None  # the follow-up stays planned; it was not held
        _stamp(follow_up, editor)
    _commit(session, editor, meeting.citizen_id, f"Møde aflyst: {meeting.title} – {reason.strip()}")


# --- reading a meeting -------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    first_name: str
    last_name: str
    cpr: str
    caseworker: str
    caseworker_initials: str
    consultant: str
    consultant_initials: str
    company: str
    contact: str
    placement: Placement | None
    answers: dict[str, MeetingAnswer]
    agreements: list[Agreement]
    follow_up_kind: FollowUpKind | None = None  # the planned follow-up it was started from

    @property
    def citizen_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def meeting_view(session: Session, meeting_id: uuid.UUID) -> MeetingView | None:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        return None
    citizen = session.get(Citizen, meeting.citizen_id) if meeting.citizen_id else None
    caseworker = session.get(Worker, meeting.caseworker_id) if meeting.caseworker_id else None
    consultant = session.get(Worker, meeting.consultant_id) if meeting.consultant_id else None
    company = session.get(Company, meeting.company_id) if meeting.company_id else None
    contact = session.get(CompanyContact, meeting.company_contact_id) if meeting.company_contact_id else None
    answers = session.exec(select(MeetingAnswer).where(MeetingAnswer.meeting_id == meeting_id)).all()
    agreements = session.exec(
        select(Agreement)
        .where(Agreement.meeting_id == meeting_id, col(Agreement.deleted_at).is_(None))
        .order_by(col(Agreement.created_at))
    ).all()
    started_from = session.exec(select(col(FollowUp.kind)).where(FollowUp.meeting_id == meeting_id)).first()
    return MeetingView(
        meeting=meeting,
        first_name=citizen.first_name if citizen else "",
        last_name=citizen.last_name if citizen else "",
        cpr=citizen.cpr if citizen else "",
        caseworker=caseworker.name if caseworker else "",
        caseworker_initials=caseworker.initials if caseworker else "",
        consultant=consultant.name if consultant else "",
        consultant_initials=consultant.initials if consultant else "",
        company=company.name if company else "",
        contact=(f"{contact.name} ({contact.role})" if contact.role else contact.name) if contact else "",
        placement=session.get(Placement, meeting.placement_id) if meeting.placement_id else None,
        answers={a.item_id: a for a in answers},
        agreements=list(agreements),
        follow_up_kind=started_from,
    )


@dataclass(frozen=True)
class UnfinishedMeeting:
    meeting_id: uuid.UUID
    citizen_id: uuid.UUID
    citizen_name: str
    title: str
    planned_on: date | None


def unfinished_meetings(session: Session, worker_id: uuid.UUID) -> list[UnfinishedMeeting]:
    """Meetings this worker takes part in that were started and not finished."""
    rows = session.exec(
        select(Meeting, Citizen.id, Citizen.first_name, Citizen.last_name)
        .join(Citizen, col(Citizen.id) == col(Meeting.citizen_id))
        .where(
            Meeting.status == MeetingStatus.IN_PROGRESS,
            col(Meeting.deleted_at).is_(None),
            sa.or_(
                col(Meeting.caseworker_id) == worker_id,
                col(Meeting.consultant_id) == worker_id,
                col(Meeting.updated_by) == worker_id,
            ),
        )
        .order_by(col(Meeting.planned_on))
    ).all()
    return [
        UnfinishedMeeting(m.id, citizen_id, f"{first} {last}", m.title, m.planned_on)
        for m, citizen_id, first, last in rows
    ]


# --- finishing ---------------------------------------------------------------------------------


@dataclass
class FinishResult:
    written: list[str] = field(default_factory=list)  # Danish lines: what went where
    not_written: list[str] = field(default_factory=list)  # answers that had nowhere to go


class AnswerText(Protocol):
    """What answered_values reads of an answer: a stored MeetingAnswer, or one still being typed."""

    @property
    def value(self) -> str: ...


def answered_values(
    guide: Guide, answers: Mapping[str, AnswerText], today: date
) -> tuple[dict[str, object], list[str]]:
    """Each answered item's typed value, and a Danish problem line per answer that cannot be read
    or required item left empty."""
    values: dict[str, object] = {}
    problems = []
    for item in guide.items:
        answer = answers.get(item.id)
        raw = answer.value if answer else ""
        try:
            value = parse_answer(item.kind, raw, item.options, today=today)
        except ParseError as exc:
            problems.append(f"»{item.text}«: {exc}")
            continue
        if value is None:
            if item.required:
                problems.append(f"»{item.text}« skal besvares.")
            continue
        if item.kind is ItemKind.CHECK and item.required and value is False:
            problems.append(f"»{item.text}« skal være på plads, før mødet afsluttes.")
        values[item.id] = value
    return values, problems


# `fills`: answered values by the target they fill (guides' FILL_TARGETS); each target's item
# kind decides the value's type (hours a float, a rating an int, a title a str), hence Any.


def _fill_placement_hours(
    session: Session, editor: Editor, meeting: Meeting, fills: dict[str, Any], held_on: date, result: FinishResult
) -> list[str]:
    hours = fills.get("placement.hours_per_week")
    ordinary = fills.get("placement.ordinary_hours_per_week")
    if hours is None and ordinary is None:
        return []
    placement = session.get(Placement, meeting.placement_id) if meeting.placement_id else None
    if placement is None:
        result.not_written.append("Timerne blev ikke gemt på et forløb: mødet er ikke knyttet til et forløb.")
        return []
    new_hours = placement.hours_per_week if hours is None else float(hours)
    new_ordinary = placement.ordinary_hours_per_week if ordinary is None else float(ordinary)
    problems = []
    if not 0 <= new_hours <= MAX_HOURS_PER_WEEK:
        problems.append(f"Timer pr. uge skal være mellem 0 og {format_hours(MAX_HOURS_PER_WEEK)}.")
    if new_ordinary < 0 or new_ordinary > new_hours:
        problems.append(
            f"Ordinære timer ({format_hours(new_ordinary)}) kan ikke være flere end timerne i alt "
            f"({format_hours(new_hours)})."
        )
    if problems:
        return problems
    if (new_hours, new_ordinary) != (placement.hours_per_week, placement.ordinary_hours_per_week):
        placement.hours_per_week, placement.ordinary_hours_per_week = new_hours, new_ordinary
        _stamp(placement, editor)
        session.add(
            PlacementHours(
                placement_id=placement.id,
                effective_on=held_on,
                hours_per_week=new_hours,
                ordinary_hours_per_week=new_ordinary,
                updated_by=editor.worker_id,
            )
        )
        result.written.append(
            f"Forløbet: {format_hours(new_hours)} timer pr. uge, heraf {format_hours(new_ordinary)} ordinære, "
            f"fra {format_date(held_on)}"
        )
    return []


def _fill_goals_and_plan(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    fills: dict[str, Any],
    held_on: date,
    next_on: date,
    result: FinishResult,
) -> None:
    if text := fills.get("plan_step.new"):
        session.add(
            PlanStep(
                citizen_id=citizen_id,
                text=text,
                owner=StepOwner.CITIZEN,
                agreed_on=held_on,
                deadline=next_on,
                updated_by=editor.worker_id,
            )
        )
        result.written.append(f"Min Plan: nyt delmål »{text}« med frist {format_date(next_on)}")
    for kind in JobGoalKind:
        title = fills.get(f"job_goal.{kind.value}")
        if not title:
            continue
        exists = session.exec(
            select(JobGoal.id).where(
                JobGoal.citizen_id == citizen_id,
                JobGoal.kind == kind,
                col(JobGoal.deleted_at).is_(None),
                sa.func.lower(JobGoal.title) == title.lower(),
            )
        ).first()
        if exists:
            result.written.append(f"ABC-plan: {kind.value}-målet »{title}« fandtes allerede")
            continue
        session.add(
            JobGoal(
                citizen_id=citizen_id,
                kind=kind,
                title=title,
                status=GoalStatus.AGREED,
                agreed_on=held_on,
                updated_by=editor.worker_id,
            )
        )
        result.written.append(f"ABC-plan: {kind.value}-mål »{title}« (aftalt)")
    if text := fills.get("development_goal.new"):
        session.add(
            DevelopmentGoal(
                citizen_id=citizen_id,
                area="Aftalt på møde",
                description=text,
                status=GoalStatus.AGREED,
                agreed_on=held_on,
                updated_by=editor.worker_id,
            )
        )
        result.written.append(f"Udviklingsmål: »{text}«")
    if text := fills.get("cv.next_step"):
        cv = session.exec(select(CvStatus).where(CvStatus.citizen_id == citizen_id)).first()
        if cv is None:
            cv = CvStatus(citizen_id=citizen_id)
        cv.next_step = text
        _stamp(cv, editor)
        session.add(cv)
        result.written.append(f"CV: næste skridt »{text}«")


PROGRESS_FIELDS = {"attendance", "tasks", "cooperation", "independence", "ordinary_hours", "description"}


def _progress_labels(fields: Mapping[str, Any]) -> str:
    """The progression fields written, as the guides name them in Danish and in their order
    (FILL_TARGETS): what finishing says on screen, never the column names."""
    named = [(key, label) for key, (_kind, label) in FILL_TARGETS.items() if key.startswith("progress.")]
    return ", ".join(label.removeprefix("progression: ") for key, label in named if key.split(".", 1)[1] in fields)


SUMMER_FIELDS = {"covered_by", "holiday_contact", "company_closes", "agreed_hours", "note"}


def _fill_progress(
    session: Session,
    editor: Editor,
    meeting: Meeting,
    citizen_id: uuid.UUID,
    fills: dict[str, Any],
    held_on: date,
    result: FinishResult,
) -> None:
    values = {key.split(".", 1)[1]: v for key, v in fills.items() if key.startswith("progress.")}
    if not values:
        return
    month = held_on.replace(day=1)
    entry = session.exec(
        select(ProgressEntry).where(
            ProgressEntry.citizen_id == citizen_id,
            ProgressEntry.month == month,
            col(ProgressEntry.deleted_at).is_(None),
            ProgressEntry.placement_id == meeting.placement_id
            if meeting.placement_id
            else col(ProgressEntry.placement_id).is_(None),
        )
    ).first()
    if entry is None:
        entry = ProgressEntry(citizen_id=citizen_id, placement_id=meeting.placement_id, month=month)
    for key, value in values.items():
        setattr(entry, key, float(value) if key == "ordinary_hours" else value)
    _stamp(entry, editor)
    session.add(entry)
    result.written.append(f"Progression for {month:%m-%Y}: " + _progress_labels(values))


def _fill_summer(
    session: Session, editor: Editor, meeting: Meeting, fills: dict[str, Any], held_on: date, result: FinishResult
) -> None:
    values = {key.split(".", 1)[1]: v for key, v in fills.items() if key.startswith("summer_plan.")}
    if not values:
        return
    if meeting.placement_id is None:
        result.not_written.append("Sommerplanen blev ikke gemt: mødet er ikke knyttet til et forløb.")
        return
    year = summer_year(held_on, settings_in_force().summer)
    plan = session.exec(
        select(SummerPlan).where(SummerPlan.placement_id == meeting.placement_id, SummerPlan.year == year)
    ).first()
    if plan is None:
        plan = SummerPlan(placement_id=meeting.placement_id, year=year)
    for key, value in values.items():
        setattr(plan, key, float(value) if key == "agreed_hours" else value)
    _stamp(plan, editor)
    session.add(plan)
    result.written.append(f"Sommerplan {year} gemt på forløbet")


def _fill_citizen(
    session: Session, editor: Editor, citizen: Citizen | None, fills: dict[str, Any], result: FinishResult
) -> None:
    """The readiness judged in the meeting becomes the citizen's (a choice of Readiness's labels,
    which the schema holds the guide to), logged in the file's history as a change of its own."""
    label = fills.get("citizen.readiness")
    readiness = next((r for r in Readiness if label and r.label.lower() == label.lower()), None)
    if citizen is None or readiness is None or readiness is citizen.readiness:
        return
    before = citizen.readiness
    citizen.readiness = readiness
    _stamp(citizen, editor)
    _history(session, editor, citizen.id, f"Parathed ændret på mødet: {before.label} → {readiness.label}")
    result.written.append(f"Parathed: {before.label} → {readiness.label}")


def planned_follow_up(
    session: Session,
    citizen_id: uuid.UUID,
    kind: FollowUpKind,
    *,
    due_from: date,
    due_to: date | None = None,
    not_of_meeting: uuid.UUID | None = None,
) -> FollowUp | None:
    """The citizen's first planned follow-up of `kind` due from `due_from` (to `due_to`), leaving
    out those the meeting `not_of_meeting` holds: one already planned is the next follow-up a
    meeting proposes to use, rather than a second of the same kind (a placement plans its first
    follow-up as it starts, and the match meeting at the start would plan another that day)."""
    query = select(FollowUp).where(
        FollowUp.citizen_id == citizen_id,
        FollowUp.kind == kind,
        FollowUp.status == FollowUpStatus.PLANNED,
        col(FollowUp.deleted_at).is_(None),
        FollowUp.due_on >= due_from,
    )
    if due_to is not None:
        query = query.where(FollowUp.due_on <= due_to)
    if not_of_meeting is not None:
        query = query.where(sa.or_(col(FollowUp.meeting_id).is_(None), col(FollowUp.meeting_id) != not_of_meeting))
    return session.exec(query.order_by(col(FollowUp.due_on))).first()


def overdue_follow_ups(
    session: Session, citizen_id: uuid.UUID, on: date, *, not_of_meeting: uuid.UUID | None = None
) -> list[FollowUp]:
    """The citizen's planned follow-ups due on or before `on` (the meeting's day), oldest first,
    leaving out those the meeting `not_of_meeting` was started from (finishing marks them held
    anyway): the follow-ups a meeting held that day may settle."""
    query = select(FollowUp).where(
        FollowUp.citizen_id == citizen_id,
        FollowUp.status == FollowUpStatus.PLANNED,
        col(FollowUp.deleted_at).is_(None),
        FollowUp.due_on <= on,
    )
    if not_of_meeting is not None:
        query = query.where(sa.or_(col(FollowUp.meeting_id).is_(None), col(FollowUp.meeting_id) != not_of_meeting))
    return list(session.exec(query.order_by(col(FollowUp.due_on))).all())


def settles_by_default(meeting_kind: FollowUpKind, follow_up_kind: FollowUpKind) -> bool:
    """Whether finishing a meeting of `meeting_kind` proposes to mark an overdue follow-up of
    `follow_up_kind` held: one of its own kind, and a placement follow-up for a three-party
    meeting (held with the company, it is the placement's follow-up)."""
    return follow_up_kind is meeting_kind or (
        meeting_kind is FollowUpKind.THREE_PARTY and follow_up_kind is FollowUpKind.PLACEMENT_FOLLOW_UP
    )


def finish_meeting(
    session: Session,
    editor: Editor,
    meeting_id: uuid.UUID,
    guide: Guide,
    *,
    held_on: date,
    no_agreements: bool,
    next_follow_up_on: date | None,
    next_kind: FollowUpKind,
    next_worker_id: uuid.UUID,
    hold_follow_ups: Sequence[uuid.UUID] = (),
) -> FinishResult:
    """Finish a meeting in one transaction, or refuse with every reason at once (MeetingError).
    `hold_follow_ups`: the citizen's planned follow-ups the meeting settles, marked held on its day."""
    meeting = _open_meeting(session, meeting_id)
    if (guide.id, guide.version) != (meeting.guide_id, meeting.guide_version):
        raise MeetingError(
            f"Mødet bruger guiden {meeting.guide_id} version {meeting.guide_version}, som ikke er indlæst."
        )
    agreements = session.exec(
        select(sa.func.count())
        .select_from(Agreement)
        .where(Agreement.meeting_id == meeting_id, col(Agreement.deleted_at).is_(None))
    ).one()
    problems = finish_problems(
        agreements=agreements,
        no_agreements=no_agreements,
        next_follow_up_on=next_follow_up_on,
        held_on=held_on,
        today=editor.today,
    )
    answers = {
        a.item_id: a for a in session.exec(select(MeetingAnswer).where(MeetingAnswer.meeting_id == meeting_id)).all()
    }
    values, answer_problems = answered_values(guide, answers, editor.today)
    problems += answer_problems
    fills = {item.fills: values[item.id] for item in guide.items if item.fills and item.id in values}
    result = FinishResult()
    problems += _fill_placement_hours(session, editor, meeting, fills, held_on, result)
    if problems:
        session.rollback()
        raise MeetingError("\n".join(problems))
    # finish_problems has refused a meeting without a next follow-up; start_meeting gives every
    # meeting a citizen.
    citizen_id = meeting.citizen_id
    assert next_follow_up_on is not None and citizen_id is not None
    _fill_goals_and_plan(session, editor, citizen_id, fills, held_on, next_follow_up_on, result)
    _fill_progress(session, editor, meeting, citizen_id, fills, held_on, result)
    _fill_summer(session, editor, meeting, fills, held_on, result)

    for follow_up in session.exec(
        select(FollowUp).where(FollowUp.meeting_id == meeting_id, FollowUp.status == FollowUpStatus.PLANNED)
    ).all():
        follow_up.status, follow_up.held_on = FollowUpStatus.HELD, held_on
        follow_up.form = meeting.form or follow_up.form
        follow_up.note = f"Holdt som møde: {meeting.title}"
        _stamp(follow_up, editor)
        result.written.append(f"Opfølgningen {format_date(follow_up.due_on)} er markeret afholdt")
    for follow_up_id in hold_follow_ups:
        settled = session.get(FollowUp, follow_up_id)
        if settled is None or settled.citizen_id != citizen_id:
            continue
        try:
            mark_held(
                session,
                follow_up_id,
                held_on=held_on,
                by_worker=editor.worker_id,
                note=f"Holdt som møde: {meeting.title}",
                form=meeting.form,
                commit=False,
            )
        except FollowUpError as exc:  # held or removed elsewhere since the form opened
            result.not_written.append(f"Opfølgningen {format_date(settled.due_on)}: {exc}")
            continue
        result.written.append(f"Opfølgningen {format_date(settled.due_on)} er markeret afholdt")
    session.flush()  # the follow-ups just held are no longer planned
    already = planned_follow_up(
        session, citizen_id, next_kind, due_from=next_follow_up_on, due_to=next_follow_up_on, not_of_meeting=meeting_id
    )
    next_said = f"Næste opfølgning: {next_kind.label.lower()} {format_date(next_follow_up_on)}"
    if already is not None:
        # Never two of a kind the same day: the one planned already is the next follow-up.
        result.written.append(f"{next_said} (var allerede planlagt)")
    else:
        session.add(
            FollowUp(
                citizen_id=meeting.citizen_id,
                placement_id=meeting.placement_id,
                company_id=meeting.company_id,
                worker_id=next_worker_id,
                kind=next_kind,
                due_on=next_follow_up_on,
                status=FollowUpStatus.PLANNED,
                note=f"Aftalt på mødet {format_date(held_on)}",
                updated_by=editor.worker_id,
            )
        )
        result.written.append(next_said)

    citizen = session.get(Citizen, citizen_id)
    _fill_citizen(session, editor, citizen, fills, result)
    if citizen is not None and (fills.get("citizen.open_offer") or fills.get("company.open_offer")):
        from stvdesk.db.queries.aftercare import note_open_offer

        result.written += note_open_offer(
            session,
            editor,
            citizen,
            to_citizen=fills.get("citizen.open_offer") is True,
            to_company=fills.get("company.open_offer") is True,
            given_on=held_on,
        )
    if meeting.consultant_id and citizen is not None and citizen.first_vk_meeting_on is None:
        citizen.first_vk_meeting_on = held_on
        _stamp(citizen, editor)
        result.written.append("Første møde med VK registreret (ventetiden er slut)")

    meeting.status, meeting.held_on, meeting.finished_at = MeetingStatus.HELD, held_on, utcnow()
    meeting.no_agreements, meeting.next_follow_up_on = no_agreements, next_follow_up_on
    meeting.summary = (
        f"{agreements} aftale{'r' if agreements != 1 else ''}" if agreements else "Ingen aftaler"
    ) + f" · næste opfølgning {format_date(next_follow_up_on)}"
    _stamp(meeting, editor)
    _commit(session, editor, citizen_id, f"Møde afsluttet: {meeting.title} ({meeting.summary})")
    return result


# --- agreements --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementLine:
    agreement: Agreement
    citizen_id: uuid.UUID | None
    citizen_name: str
    meeting_title: str
    meeting_on: date | None

    @property
    def source(self) -> str:
        """Where it was agreed, as the file's "Fra mødet" says it: the meeting and its day; an
        agreement on a citizen without a meeting is a decision of the team board
        (team_board.record_decision, the only writer of such rows), on the day it was stored; one
        on no citizen, meeting or company is from a monthly dialogue."""
        a = self.agreement
        if self.meeting_title or a.meeting_id is not None:
            return f"{self.meeting_title} {format_date(self.meeting_on)}".strip()
        if a.citizen_id is not None:
            return f"Tavlemøde {format_date(local_date(a.created_at))}"
        return "Månedsdialog" if a.company_id is None else ""


def _agreement_lines(rows: Sequence[sa.Row[Agreement, str, str, str, date]]) -> list[AgreementLine]:
    return [
        AgreementLine(a, a.citizen_id, f"{first} {last}" if first else "", title or "", on)
        for a, first, last, title, on in rows
    ]


def _agreement_query() -> sa.Select[Agreement, str, str, str, date]:
    return (
        sa.select(  # sa.select: SQLModel's select() is typed for at most four columns
            Agreement,
            col(Citizen.first_name),
            col(Citizen.last_name),
            col(Meeting.title),
            sa.func.coalesce(Meeting.held_on, Meeting.planned_on),
        )
        .outerjoin(Citizen, col(Citizen.id) == col(Agreement.citizen_id))
        .outerjoin(Meeting, col(Meeting.id) == col(Agreement.meeting_id))
        .where(col(Agreement.deleted_at).is_(None))
    )


def my_agreements(session: Session, worker_id: uuid.UUID, today: date) -> list[AgreementLine]:
    """Open agreements this worker owns with a deadline before the end of this week
    (overdue ones included), and those with no deadline, soonest first."""
    end_of_week = week_start(today) + timedelta(days=6)
    rows = session.execute(
        _agreement_query()
        .where(
            col(Agreement.owner_worker_id) == worker_id,
            col(Agreement.done_on).is_(None),
            sa.or_(col(Agreement.deadline).is_(None), col(Agreement.deadline) <= end_of_week),
            sa.or_(col(Meeting.id).is_(None), col(Meeting.status) == MeetingStatus.HELD),
        )
        .order_by(col(Agreement.deadline).is_(None), col(Agreement.deadline))
    ).all()
    return _agreement_lines(rows)


def citizen_agreements(session: Session, citizen_id: uuid.UUID) -> list[AgreementLine]:
    """Every agreement on a citizen: open ones first by deadline, then kept ones."""
    rows = session.execute(
        _agreement_query()
        .where(col(Agreement.citizen_id) == citizen_id)
        .order_by(
            col(Agreement.done_on).is_not(None),
            col(Agreement.deadline).is_(None),
            col(Agreement.deadline),
            col(Agreement.done_on).desc(),
        )
    ).all()
    return _agreement_lines(rows)


def mark_agreement_kept(session: Session, editor: Editor, agreement_id: uuid.UUID) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or agreement.deleted_at is not None:
        raise MeetingError("Aftalen findes ikke længere.")
    if agreement.done_on is not None:
        raise MeetingError(f"Aftalen er allerede holdt ({format_date(agreement.done_on)}).")
    agreement.done_on = editor.today
    _stamp(agreement, editor)
    if agreement.citizen_id is None:
        session.commit()
    else:
        _commit(session, editor, agreement.citizen_id, f"Aftale holdt: {agreement.text}")
    return agreement


def log_meeting_export(session: Session, worker_id: uuid.UUID, meeting_id: uuid.UUID, variant: str) -> None:
    """An export of a meeting summary leaves the desk: who, when, which citizen, which variant."""
    from stvdesk.db.models import AuditEvent
    from stvdesk.domain.enums import AuditAction

    meeting = session.get(Meeting, meeting_id)
    session.add(
        AuditEvent(
            at=utcnow(),
            worker_id=worker_id,
            action=AuditAction.EXPORT,
            citizen_id=meeting.citizen_id if meeting else None,
            criterion=f"Mødereferat ({variant})",
        )
    )
    session.commit()


def citizen_meeting_on(session: Session, citizen_id: uuid.UUID, day: date | None) -> uuid.UUID | None:
    """The citizen's meeting held (or planned) on `day`, or their latest meeting when no day is given."""
    on_day = sa.func.coalesce(Meeting.held_on, Meeting.planned_on)
    statement = select(Meeting.id).where(Meeting.citizen_id == citizen_id, col(Meeting.deleted_at).is_(None))
    if day is not None:
        statement = statement.where(on_day == day)
    return session.exec(statement.order_by(on_day.desc(), col(Meeting.created_at).desc()).limit(1)).first()
