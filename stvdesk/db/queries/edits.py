"""Changes to a citizen's file. Each one stamps updated_at/updated_by, writes a line to the
citizen's history (an AuditEvent of action CHANGE), keeps the derived phase current, and
commits once; an error leaves nothing half-written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from stvdesk.db.models import (
    AuditEvent,
    Citizen,
    Company,
    CvStatus,
    DevelopmentGoal,
    FollowUp,
    GoalAction,
    JobGoal,
    Note,
    Placement,
    PlacementHours,
    PlanStep,
    Tracked,
    Worker,
    utcnow,
)
from stvdesk.db.queries.phase import refresh_phase
from stvdesk.domain.cadence import Proposal
from stvdesk.domain.cpr import Cpr, CprError, parse_cpr
from stvdesk.domain.enums import (
    ActionStatus,
    AuditAction,
    CaseCloseReason,
    CvState,
    FollowUpKind,
    GoalStatus,
    JobGoalKind,
    Phase,
    PlacementEndReason,
    PlacementKind,
    PlacementStatus,
    Readiness,
    StepOwner,
    TargetGroup,
)
from stvdesk.domain.numbers import format_hours
from stvdesk.domain.placements import planned_end_after_move


class EditError(ValueError):
    """A change the database refused; the message is Danish and names what to fix."""


def _cpr(text: str, editor: Editor) -> Cpr:
    """The CPR number as stored: ASCII digits, a birth date not after the editor's today."""
    try:
        return parse_cpr(text, today=editor.today)
    except CprError as exc:
        raise EditError(str(exc)) from exc


@dataclass(frozen=True)
class Editor:
    """Who makes the change, and on which day."""

    worker_id: uuid.UUID
    today: date
    device: str = ""


_Row = TypeVar("_Row", bound=SQLModel)


def _get(session: Session, model: type[_Row], row_id: uuid.UUID | None, gone: str) -> _Row:
    """The row a change is about. It may be gone (deleted on another device since the screen
    was drawn): that is an EditError with a Danish message, not an AttributeError on None."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise EditError(gone)
    return row


def _stamp(row: Tracked, editor: Editor) -> None:
    row.updated_at = utcnow()
    row.updated_by = editor.worker_id


def _history(session: Session, editor: Editor, citizen_id: uuid.UUID | None, text: str) -> None:
    session.add(
        AuditEvent(
            at=utcnow(),
            worker_id=editor.worker_id,
            device=editor.device,
            action=AuditAction.CHANGE,
            citizen_id=citizen_id,
            criterion=text,
        )
    )


def _commit(session: Session, editor: Editor, citizen_id: uuid.UUID | None, text: str) -> None:
    """Log the change and commit it. `citizen_id` None: a row the schema lets stand without a
    citizen (a meeting); there is no phase to refresh then."""
    _history(session, editor, citizen_id, text)
    if citizen_id is not None:
        refresh_phase(session, citizen_id, editor.today)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise EditError(_integrity_message(exc)) from exc


def _integrity_message(exc: IntegrityError) -> str:
    text = str(exc.orig)
    if "ordinary_within_hours" in text:
        return "Ordinære timer kan ikke være flere end timerne i alt."
    if "cpr" in text and "UNIQUE" in text.upper():
        return "Der findes allerede en borger med dette CPR-nummer."
    return f"Databasen afviste ændringen ({text})."


def _apply(row: Any, values: dict[str, Any]) -> list[str]:
    changed = []
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed.append(key)
    return changed


# --- the citizen -------------------------------------------------------------------------------


def create_citizen(
    session: Session,
    editor: Editor,
    *,
    cpr: str,
    first_name: str,
    last_name: str,
    target_group: TargetGroup,
    readiness: Readiness,
    caseworker_id: uuid.UUID | None,
    first_conversation: Proposal | None = None,
    **contact: str,
) -> Citizen:
    """A new citizen; `first_conversation` (proposed by cadence.first_conversation, its date
    perhaps changed by the worker) is planned in the same transaction, for the caseworker."""
    number = _cpr(cpr, editor)
    if session.exec(select(Citizen.id).where(Citizen.cpr == number.digits)).first():
        raise EditError("Der findes allerede en borger med dette CPR-nummer.")
    # Any: the contact fields are named by the caller (phone, email, address, ...).
    contact_values: dict[str, Any] = {k: v.strip() for k, v in contact.items()}
    citizen = Citizen(
        cpr=number.digits,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=number.birth_date,
        target_group=target_group,
        readiness=readiness,
        caseworker_id=caseworker_id,
        opened_on=editor.today,
        updated_by=editor.worker_id,
        **contact_values,
    )

    session.add(citizen)
    session.add(CvStatus(citizen_id=citizen.id, updated_by=editor.worker_id))
    text = "Borger oprettet"
    if first_conversation is not None:
        text += _plan_first(session, editor, citizen.id, caseworker_id, first_conversation)
    _commit(session, editor, citizen.id, text)
    return citizen


def _plan_first(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    owner_id: uuid.UUID | None,
    proposal: Proposal,
    placement_id: uuid.UUID | None = None,
) -> str:
    """Plan the first follow-up of a new citizen or placement in the change's own transaction,
    for `owner_id` (the caseworker) or else the one making the change; returns the words the
    history line adds."""
    from stvdesk.db.queries.followups import add_planned

    add_planned(
        session,
        citizen_id=citizen_id,
        worker_id=owner_id or editor.worker_id,
        kind=proposal.kind,
        due_on=proposal.due,
        by_worker=editor.worker_id,
        placement_id=placement_id,
    )
    return f"; {proposal.kind.label.lower()} planlagt {proposal.due:%d-%m-%Y}"


def update_citizen(session: Session, editor: Editor, citizen_id: uuid.UUID, **values: Any) -> list[str]:
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        raise EditError("Borgeren findes ikke længere.")
    if "cpr" in values:
        number = _cpr(values["cpr"], editor)
        values["cpr"], values["birth_date"] = number.digits, number.birth_date
    changed = _apply(citizen, values)
    if changed:
        _stamp(citizen, editor)
        _commit(session, editor, citizen_id, "Stamdata ændret: " + ", ".join(changed))
    return changed


def set_phase_override(
    session: Session, editor: Editor, citizen_id: uuid.UUID, phase: Phase | None, reason: str
) -> None:
    citizen = _get(session, Citizen, citizen_id, "Borgeren findes ikke længere.")
    if phase is not None and not reason.strip():
        raise EditError("Skriv hvorfor fasen sættes manuelt.")
    citizen.phase_override, citizen.phase_override_reason = phase, reason.strip() if phase else ""
    _stamp(citizen, editor)
    _commit(
        session,
        editor,
        citizen_id,
        f"Fase sat manuelt til {phase.label}: {reason.strip()}" if phase else "Manuel fase fjernet",
    )


# --- goals ---------------------------------------------------------------------------------------


def add_job_goal(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    kind: JobGoalKind,
    title: str,
    description: str = "",
    status: GoalStatus = GoalStatus.PROPOSED,
    agreed_on: date | None = None,
) -> JobGoal:
    if status in (GoalStatus.AGREED, GoalStatus.ACHIEVED) and agreed_on is None:
        agreed_on = editor.today
    goal = JobGoal(
        citizen_id=citizen_id,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        status=status,
        agreed_on=agreed_on,
        updated_by=editor.worker_id,
    )
    session.add(goal)
    _commit(session, editor, citizen_id, f"{kind.value}-mål tilføjet: {goal.title} ({status.label.lower()})")
    return goal


def update_job_goal(session: Session, editor: Editor, goal_id: uuid.UUID, **values: Any) -> None:
    goal = _get(session, JobGoal, goal_id, "Målet findes ikke længere.")
    if values.get("status") in (GoalStatus.AGREED, GoalStatus.ACHIEVED) and not (
        values.get("agreed_on") or goal.agreed_on
    ):
        values["agreed_on"] = editor.today
    changed = _apply(goal, values)
    if changed:
        _stamp(goal, editor)
        _commit(session, editor, goal.citizen_id, f"{goal.kind.value}-mål ændret: {goal.title}")


def add_goal_action(
    session: Session,
    editor: Editor,
    *,
    job_goal_id: uuid.UUID | None = None,
    development_goal_id: uuid.UUID | None = None,
    text: str,
    due_on: date | None = None,
) -> GoalAction:
    action = GoalAction(
        job_goal_id=job_goal_id,
        development_goal_id=development_goal_id,
        text=text.strip(),
        due_on=due_on,
        updated_by=editor.worker_id,
    )
    session.add(action)
    parent = _goal_of(session, action)
    _commit(session, editor, parent.citizen_id, f"Handling tilføjet: {action.text}")
    return action


def _goal_of(session: Session, action: GoalAction) -> JobGoal | DevelopmentGoal:
    """The job goal or development goal an action belongs to."""
    if action.job_goal_id:
        return _get(session, JobGoal, action.job_goal_id, "Målet findes ikke længere.")
    return _get(session, DevelopmentGoal, action.development_goal_id, "Målet findes ikke længere.")


def complete_goal_action(session: Session, editor: Editor, action_id: uuid.UUID) -> None:
    action = _get(session, GoalAction, action_id, "Handlingen findes ikke længere.")
    action.status, action.done_on = ActionStatus.DONE, editor.today
    _stamp(action, editor)
    parent = _goal_of(session, action)
    _commit(session, editor, parent.citizen_id, f"Handling udført: {action.text}")


def add_development_goal(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    area: str,
    description: str = "",
    status: GoalStatus = GoalStatus.PROPOSED,
) -> DevelopmentGoal:
    goal = DevelopmentGoal(
        citizen_id=citizen_id,
        area=area.strip(),
        description=description.strip(),
        status=status,
        agreed_on=editor.today if status is GoalStatus.AGREED else None,
        updated_by=editor.worker_id,
    )
    session.add(goal)
    _commit(session, editor, citizen_id, f"Udviklingsmål tilføjet: {goal.area}")
    return goal


# --- CV and Min Plan -------------------------------------------------------------------------------


def update_cv(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    jobnet_state: CvState,
    application_cv: bool,
    next_step: str = "",
) -> None:
    cv = session.exec(select(CvStatus).where(CvStatus.citizen_id == citizen_id)).first()
    if cv is None:
        cv = CvStatus(citizen_id=citizen_id)
    before = (cv.jobnet_state, cv.application_cv)
    cv.jobnet_state, cv.next_step = jobnet_state, next_step.strip()
    if application_cv != cv.application_cv or (application_cv and cv.application_cv_updated_on is None):
        cv.application_cv_updated_on = editor.today if application_cv else None
    cv.application_cv = application_cv
    if before != (cv.jobnet_state, cv.application_cv):
        cv.last_updated_on = editor.today
    _stamp(cv, editor)
    session.add(cv)
    _commit(
        session,
        editor,
        citizen_id,
        f"CV opdateret: Jobnet-CV {jobnet_state.label.lower()}, ansøgnings-CV {'ja' if application_cv else 'nej'}",
    )


def add_plan_step(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    text: str,
    owner: StepOwner,
    deadline: date | None,
    agreed: bool = True,
) -> PlanStep:
    step = PlanStep(
        citizen_id=citizen_id,
        text=text.strip(),
        owner=owner,
        deadline=deadline,
        agreed_on=editor.today if agreed else None,
        updated_by=editor.worker_id,
    )
    session.add(step)
    _commit(session, editor, citizen_id, f"Delmål tilføjet: {step.text}")
    return step


def complete_plan_step(session: Session, editor: Editor, step_id: uuid.UUID) -> None:
    step = _get(session, PlanStep, step_id, "Delmålet findes ikke længere.")
    if step.done_on is not None:
        raise EditError("Delmålet er allerede nået.")
    step.done_on = editor.today
    _stamp(step, editor)
    _commit(session, editor, step.citizen_id, f"Delmål nået: {step.text}")


# --- placements ------------------------------------------------------------------------------------


def add_placement(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    company_id: uuid.UUID,
    kind: PlacementKind,
    purpose: str,
    tasks: str,
    hours_per_week: float,
    ordinary_hours_per_week: float,
    start_on: date,
    planned_end_on: date | None,
    first_follow_up: Proposal | None = None,
) -> Placement:
    """A new placement with its first hours; `first_follow_up` (proposed by
    cadence.first_placement_follow_up, its date perhaps changed by the worker) is planned in the
    same transaction, for the citizen's caseworker."""
    company = _get(session, Company, company_id, "Virksomheden findes ikke.")
    status = PlacementStatus.ACTIVE if start_on <= editor.today else PlacementStatus.PLANNED
    placement = Placement(
        citizen_id=citizen_id,
        company_id=company_id,
        kind=kind,
        purpose=purpose.strip(),
        tasks=tasks.strip(),
        hours_per_week=hours_per_week,
        ordinary_hours_per_week=ordinary_hours_per_week,
        start_on=start_on,
        planned_end_on=planned_end_on,
        status=status,
        updated_by=editor.worker_id,
    )
    session.add(placement)
    session.add(
        PlacementHours(
            placement_id=placement.id,
            effective_on=start_on,
            hours_per_week=hours_per_week,
            ordinary_hours_per_week=ordinary_hours_per_week,
            updated_by=editor.worker_id,
        )
    )
    text = f"{kind.label} hos {company.name} oprettet fra {start_on:%d-%m-%Y}"
    if first_follow_up is not None:
        citizen = _get(session, Citizen, citizen_id, "Borgeren findes ikke længere.")
        text += _plan_first(session, editor, citizen_id, citizen.caseworker_id, first_follow_up, placement.id)
    _commit(session, editor, citizen_id, text)
    return placement


def change_placement_hours(
    session: Session,
    editor: Editor,
    placement_id: uuid.UUID,
    *,
    hours_per_week: float,
    ordinary_hours_per_week: float,
    effective_on: date,
) -> None:
    placement = _get(session, Placement, placement_id, "Forløbet findes ikke længere.")
    placement.hours_per_week, placement.ordinary_hours_per_week = hours_per_week, ordinary_hours_per_week
    _stamp(placement, editor)
    session.add(
        PlacementHours(
            placement_id=placement_id,
            effective_on=effective_on,
            hours_per_week=hours_per_week,
            ordinary_hours_per_week=ordinary_hours_per_week,
            updated_by=editor.worker_id,
        )
    )
    _commit(
        session,
        editor,
        placement.citizen_id,
        f"Timer ændret fra {effective_on:%d-%m-%Y}: {format_hours(hours_per_week)} t/uge, "
        f"heraf ordinære {format_hours(ordinary_hours_per_week)}",
    )


def end_placement(
    session: Session, editor: Editor, placement_id: uuid.UUID, *, ended_on: date, reason: PlacementEndReason
) -> None:
    placement = _get(session, Placement, placement_id, "Forløbet findes ikke længere.")
    if placement.status is PlacementStatus.ENDED:
        raise EditError("Forløbet er allerede afsluttet.")
    if ended_on < placement.start_on:
        raise EditError("Slutdatoen ligger før forløbet startede.")
    placement.status, placement.ended_on, placement.end_reason = PlacementStatus.ENDED, ended_on, reason
    _stamp(placement, editor)
    _commit(session, editor, placement.citizen_id, f"Forløb afsluttet {ended_on:%d-%m-%Y}: {reason.label}")


# --- journal --------------------------------------------------------------------------------------


def add_note(
    session: Session, editor: Editor, citizen_id: uuid.UUID, text: str, corrects_id: uuid.UUID | None = None
) -> Note:
    """Append a note. Notes are never edited: a correction is a new note pointing at the old one."""
    if not text.strip():
        raise EditError("Notatet er tomt.")
    note = Note(
        citizen_id=citizen_id,
        worker_id=editor.worker_id,
        text=text.strip(),
        corrects_id=corrects_id,
        updated_by=editor.worker_id,
    )
    session.add(note)
    _commit(session, editor, citizen_id, "Journalnotat rettet" if corrects_id else "Journalnotat skrevet")
    return note


def add_follow_up(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    kind: FollowUpKind,
    due_on: date,
    worker_id: uuid.UUID,
    at: time | None = None,
    note: str = "",
) -> FollowUp:
    """A follow-up planned by hand on the citizen's file (Opfølgninger, n), for `worker_id`: on
    their Min dag and calendar like every planned follow-up. A follow-up has a day, not a time: a
    time given is kept at the front of its note ("kl. 10:30 – …"), where the file shows it."""
    _get(session, Citizen, citizen_id, "Borgeren findes ikke længere.")
    worker = _get(session, Worker, worker_id, "Medarbejderen findes ikke længere.")
    if worker.deleted_at is not None:
        raise EditError(f"{worker.initials} er ikke længere i teamet.")
    if due_on < editor.today:
        raise EditError("Datoen ligger før i dag.")
    from stvdesk.db.queries.followups import add_planned

    follow_up = add_planned(
        session, citizen_id=citizen_id, worker_id=worker_id, kind=kind, due_on=due_on, by_worker=editor.worker_id
    )
    follow_up.note = " – ".join(part for part in (f"kl. {at:%H:%M}" if at else "", note.strip()) if part)
    when = f"{due_on:%d-%m-%Y}" + (f" kl. {at:%H:%M}" if at else "")
    _commit(session, editor, citizen_id, f"{kind.label} planlagt {when} for {worker.initials}")
    return follow_up


# --- handing over and closing ---------------------------------------------------------------------


def handover_summary(
    session: Session, citizen_id: uuid.UUID, today: date, handed: tuple[str, uuid.UUID | None] | None = None
) -> str:
    """The open items of a case as plain text: for the new worker, and to export. `handed`
    (the role "S" or "VK", and who had it before) names the handover made, from whom to whom:
    the case holds the new worker by then."""
    from stvdesk.db.models import Agreement, FollowUp
    from stvdesk.domain.enums import FollowUpStatus

    citizen = _get(session, Citizen, citizen_id, "Borgeren findes ikke længere.")
    follow_ups = session.exec(
        select(FollowUp)
        .where(
            FollowUp.citizen_id == citizen_id,
            FollowUp.status == FollowUpStatus.PLANNED,
            col(FollowUp.deleted_at).is_(None),
        )
        .order_by(col(FollowUp.due_on))
    ).all()
    agreements = session.exec(
        select(Agreement)
        .where(
            Agreement.citizen_id == citizen_id, col(Agreement.done_on).is_(None), col(Agreement.deleted_at).is_(None)
        )
        .order_by(col(Agreement.deadline))
    ).all()
    steps = session.exec(
        select(PlanStep)
        .where(PlanStep.citizen_id == citizen_id, col(PlanStep.done_on).is_(None), col(PlanStep.deleted_at).is_(None))
        .order_by(col(PlanStep.deadline))
    ).all()
    placements = session.exec(
        select(Placement, Company.name)
        .join(Company, col(Company.id) == col(Placement.company_id))
        .where(
            Placement.citizen_id == citizen_id,
            Placement.status != PlacementStatus.ENDED,
            col(Placement.deleted_at).is_(None),
        )
    ).all()

    def day(value: date | None) -> str:
        return value.strftime("%d-%m-%Y") if value else "ingen frist"

    lines = [f"Overdragelse: {citizen.full_name} ({citizen.cpr[:6]}-xxxx), {today:%d-%m-%Y}"]
    if handed is not None:
        role, old_id = handed
        lines.append(_handover_words(session, role, old_id, getattr(citizen, _ROLE_COLUMN[role])))
    lines.append("")
    lines.append("Planlagte opfølgninger:")
    lines += [f"  - {day(f.due_on)} {f.kind.label}" for f in follow_ups] or ["  (ingen)"]
    lines.append("Åbne aftaler:")
    lines += [f"  - {a.text} ({a.owner.label.lower()}, {day(a.deadline)})" for a in agreements] or ["  (ingen)"]
    lines.append("Åbne delmål:")
    lines += [f"  - {s.text} ({s.owner.label.lower()}, {day(s.deadline)})" for s in steps] or ["  (ingen)"]
    lines.append("Igangværende forløb:")
    lines += [
        f"  - {p.kind.label} hos {name}, {format_hours(p.hours_per_week)} t/uge "
        f"(ord. {format_hours(p.ordinary_hours_per_week)})"
        for p, name in placements
    ] or ["  (ingen)"]
    return "\n".join(lines)


_ROLE_COLUMN = {"S": "caseworker_id", "VK": "consultant_id"}
_ROLE_LABEL = {"S": "Sagsbehandler", "VK": "Virksomhedskonsulent"}


def _worker_words(session: Session, worker_id: uuid.UUID | None) -> str:
    from stvdesk.db.models import Worker

    worker = session.get(Worker, worker_id) if worker_id is not None else None
    return f"{worker.name} ({worker.initials})" if worker is not None else "ingen"


def _handover_words(session: Session, role: str, old_id: uuid.UUID | None, new_id: uuid.UUID | None) -> str:
    """ "Sagsbehandler: fra Karen Bach (KB) til Mette Storm (MS)"."""
    return f"{_ROLE_LABEL[role]}: fra {_worker_words(session, old_id)} til {_worker_words(session, new_id)}"


def reassign_case(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    role: str,
    new_worker_id: uuid.UUID,
    open_items_to: uuid.UUID | None = None,
) -> int:
    """Give the case's S or VK role to another worker. The old worker's open follow-ups and
    agreements on the case go to `open_items_to` (default: the new worker), so nothing is
    left with someone who no longer has the case. Returns how many items moved."""
    from stvdesk.db.models import Agreement, FollowUp, Worker
    from stvdesk.domain.enums import FollowUpStatus

    citizen = session.get(Citizen, citizen_id)
    new_worker = session.get(Worker, new_worker_id)
    if citizen is None or new_worker is None:
        raise EditError("Borgeren eller medarbejderen findes ikke.")
    if role not in _ROLE_COLUMN:
        raise EditError("Vælg sagsbehandler (S) eller virksomhedskonsulent (VK).")
    column = _ROLE_COLUMN[role]
    old_id = getattr(citizen, column)
    if old_id == new_worker_id:
        raise EditError(f"{new_worker.name} har allerede sagen.")
    target = open_items_to or new_worker_id
    moved = 0
    if old_id is not None:
        for follow_up in session.exec(
            select(FollowUp).where(
                FollowUp.citizen_id == citizen_id,
                FollowUp.worker_id == old_id,
                FollowUp.status == FollowUpStatus.PLANNED,
                col(FollowUp.deleted_at).is_(None),
            )
        ).all():
            follow_up.worker_id = target
            _stamp(follow_up, editor)
            moved += 1
        for agreement in session.exec(
            select(Agreement).where(
                Agreement.citizen_id == citizen_id,
                Agreement.owner_worker_id == old_id,
                col(Agreement.done_on).is_(None),
                col(Agreement.deleted_at).is_(None),
            )
        ).all():
            agreement.owner_worker_id = target
            _stamp(agreement, editor)
            moved += 1
    setattr(citizen, column, new_worker_id)
    if role == "VK" and citizen.first_vk_meeting_on is None and citizen.vk_requested_on is None:
        citizen.vk_requested_on = editor.today
    _stamp(citizen, editor)
    words = f"{_handover_words(session, role, old_id, new_worker_id)}; {moved} åbne punkter flyttet"
    if moved and target != new_worker_id:
        words += f" til {_worker_words(session, target)}"
    # The journal says it too: the history is about fields, the journal is the case's story.
    session.add(
        Note(
            citizen_id=citizen_id,
            worker_id=editor.worker_id,
            text=f"Sagen er overdraget. {words}.",
            updated_by=editor.worker_id,
        )
    )
    _commit(session, editor, citizen_id, f"Sagen overdraget. {words}")
    return moved


def close_case(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    reason: CaseCloseReason,
    closed_on: date,
    aftercare: list[date] | None = None,
    close_steps: bool = True,
    job_from: uuid.UUID | None = None,
    employer_calls: list[date] | None = None,
) -> None:
    """Close a case with a reason, so that every part of it says so (stvdesk.domain.closing):
    planned follow-ups skipped; placements still open ended with the closing's reason; the open
    Min Plan sub-goals closed on the closing day (`close_steps`) or left open to be carried on;
    for an ordinary job the aftercare calls planned, and with `job_from` (a running placement)
    the placement becomes the job: it ends and an ordinary job at its company starts on the
    closing day. `employer_calls` are the consultant's aftercare calls to that employer (002,
    table 5-1, Efterværn: "aktiv opfølgning hos virksomhed"), planned for the case's VK on the
    job, so they name the company and its contact; they need the job and a VK on the case. The
    phase is then derived from what is left."""
    from stvdesk.db.models import FollowUp
    from stvdesk.domain.closing import offers_aftercare, placement_end_on, placement_end_reason
    from stvdesk.domain.enums import FollowUpKind, FollowUpStatus

    citizen = _get(session, Citizen, citizen_id, "Borgeren findes ikke længere.")
    if citizen.closed_on is not None:
        raise EditError("Sagen er allerede lukket.")
    if (aftercare or job_from is not None) and not offers_aftercare(reason):
        raise EditError(f"Efterværn og job følger kun af årsagen {CaseCloseReason.ORDINARY_JOB.label}.")
    citizen.closed_on, citizen.close_reason = closed_on, reason
    _stamp(citizen, editor)
    for follow_up in session.exec(
        select(FollowUp).where(
            FollowUp.citizen_id == citizen_id,
            FollowUp.status == FollowUpStatus.PLANNED,
            col(FollowUp.deleted_at).is_(None),
        )
    ).all():
        follow_up.status, follow_up.reason = FollowUpStatus.SKIPPED, f"Sagen lukket: {reason.label}"
        _stamp(follow_up, editor)
    open_placements = session.exec(
        select(Placement).where(
            Placement.citizen_id == citizen_id,
            Placement.status != PlacementStatus.ENDED,
            col(Placement.deleted_at).is_(None),
        )
    ).all()
    if job_from is not None and job_from not in {p.id for p in open_placements}:
        raise EditError("Forløbet, jobbet skulle komme fra, er ikke længere i gang.")
    if employer_calls and job_from is None:
        raise EditError("VK's opkald til arbejdsgiveren kræver, at jobbet er hos forløbets virksomhed.")
    if employer_calls and citizen.consultant_id is None:
        raise EditError("Sagen har ingen VK til opkaldene til arbejdsgiveren. Tilknyt en VK først.")
    words = [f"Sag lukket {closed_on:%d-%m-%Y}: {reason.label}"]
    job: Placement | None = None
    for placement in open_placements:
        becomes_job = placement.id == job_from
        placement.status = PlacementStatus.ENDED
        placement.ended_on = placement_end_on(placement.start_on, closed_on, becomes_job=becomes_job)
        placement.end_reason = placement_end_reason(reason)
        _stamp(placement, editor)
        if becomes_job:
            job, said = _start_job(session, editor, placement, closed_on)
            words.append(said)
    if open_placements:
        words.append(f"{len(open_placements)} forløb afsluttet")
    steps = session.exec(
        select(PlanStep).where(
            PlanStep.citizen_id == citizen_id, col(PlanStep.done_on).is_(None), col(PlanStep.deleted_at).is_(None)
        )
    ).all()
    if steps and close_steps:
        for step in steps:
            step.done_on = closed_on
            _stamp(step, editor)
        words.append(f"{len(steps)} åbne delmål lukket med sagen")
    elif steps:
        words.append(f"{len(steps)} åbne delmål fortsætter")
    for due in aftercare or []:
        session.add(
            FollowUp(
                citizen_id=citizen_id,
                worker_id=citizen.caseworker_id or editor.worker_id,
                kind=FollowUpKind.AFTERCARE,
                due_on=due,
                updated_by=editor.worker_id,
            )
        )
    if aftercare:
        words.append(f"{len(aftercare)} efterværnsopkald planlagt")
    if employer_calls and job is not None and citizen.consultant_id is not None:
        for due in employer_calls:
            session.add(
                FollowUp(
                    citizen_id=citizen_id,
                    company_id=job.company_id,
                    placement_id=job.id,
                    worker_id=citizen.consultant_id,
                    kind=FollowUpKind.AFTERCARE,
                    due_on=due,
                    note="Efterværn hos arbejdsgiveren",
                    updated_by=editor.worker_id,
                )
            )
        words.append(f"{len(employer_calls)} opkald til arbejdsgiveren planlagt for VK")
    _commit(session, editor, citizen_id, "; ".join(words))


def _start_job(session: Session, editor: Editor, placement: Placement, closed_on: date) -> tuple[Placement, str]:
    """The ordinary job a placement became: at its company and contact, with its hours, every
    one of them ordinary, from the closing day."""
    hours = max(placement.hours_per_week, placement.ordinary_hours_per_week)
    job = Placement(
        citizen_id=placement.citizen_id,
        company_id=placement.company_id,
        contact_id=placement.contact_id,
        kind=PlacementKind.ORDINARY_JOB,
        purpose=f"Ordinært job efter {placement.kind.label.lower()}",
        tasks=placement.tasks,
        hours_per_week=hours,
        ordinary_hours_per_week=hours,
        start_on=closed_on,
        status=PlacementStatus.ACTIVE if closed_on <= editor.today else PlacementStatus.PLANNED,
        updated_by=editor.worker_id,
    )
    session.add(job)
    session.add(
        PlacementHours(
            placement_id=job.id,
            effective_on=closed_on,
            hours_per_week=hours,
            ordinary_hours_per_week=hours,
            updated_by=editor.worker_id,
        )
    )
    company = session.get(Company, placement.company_id)
    return job, f"{placement.kind.label} blev til ordinært job hos {company.name if company else 'virksomheden'}"


def update_plan_step(session: Session, editor: Editor, step_id: uuid.UUID, **values: Any) -> None:
    step = _get(session, PlanStep, step_id, "Delmålet findes ikke længere.")
    if _apply(step, values):
        _stamp(step, editor)
        _commit(session, editor, step.citizen_id, f"Delmål ændret: {step.text}")


def update_goal_action(session: Session, editor: Editor, action_id: uuid.UUID, **values: Any) -> None:
    action = _get(session, GoalAction, action_id, "Handlingen findes ikke længere.")
    if _apply(action, values):
        _stamp(action, editor)
        parent = _goal_of(session, action)
        _commit(session, editor, parent.citizen_id, f"Handling ændret: {action.text}")


def update_placement(
    session: Session,
    editor: Editor,
    placement_id: uuid.UUID,
    *,
    purpose: str,
    tasks: str,
    planned_end_on: date | None,
    start_on: date | None = None,
) -> date | None:
    """Purpose, tasks, start and planned end; hours change through change_placement_hours (kept
    over time). A moved start moves a planned end left as it was by as many days
    (placements.planned_end_after_move); that end is returned when it was moved, else None."""
    placement = _get(session, Placement, placement_id, "Forløbet findes ikke længere.")
    old_start = placement.start_on
    start = start_on or old_start
    end = planned_end_after_move(old_start, placement.planned_end_on, start, planned_end_on)
    if end is not None and end < start:
        raise EditError("Planlagt slut ligger før start.")
    if start != old_start:
        _move_start(session, editor, placement, start)
    values = {"purpose": purpose.strip(), "tasks": tasks.strip(), "start_on": start, "planned_end_on": end}
    if _apply(placement, values):
        _stamp(placement, editor)
        text = "Forløbets formål, opgaver eller slutdato ændret"
        if start != old_start:
            text = f"Forløbets start flyttet fra {old_start:%d-%m-%Y} til {start:%d-%m-%Y}"
            if end != planned_end_on and end is not None:
                text += f"; planlagt slut flyttet til {end:%d-%m-%Y}"
        _commit(session, editor, placement.citizen_id, text)
    return end if end != planned_end_on else None


def _move_start(session: Session, editor: Editor, placement: Placement, start: date) -> None:
    """A new start date: the hours that began with the placement begin on it, and a placement
    not ended is planned or running by it. A start after its end or after a later change of
    hours is refused (that change would then come before the placement began)."""
    if placement.ended_on is not None and start > placement.ended_on:
        raise EditError("Start kan ikke ligge efter forløbets slutdato.")
    rows = session.exec(
        select(PlacementHours).where(
            PlacementHours.placement_id == placement.id, col(PlacementHours.deleted_at).is_(None)
        )
    ).all()
    later = sorted(r.effective_on for r in rows if r.effective_on != placement.start_on)
    if later and later[0] <= start:
        raise EditError(f"Timerne er ændret fra {later[0]:%d-%m-%Y}; start skal ligge før den dato.")
    for row in rows:
        if row.effective_on == placement.start_on:
            row.effective_on = start
            _stamp(row, editor)
    if placement.status is not PlacementStatus.ENDED:
        placement.status = PlacementStatus.ACTIVE if start <= editor.today else PlacementStatus.PLANNED
