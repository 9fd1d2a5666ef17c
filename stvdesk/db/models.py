"""The whole data model (the glossary in ARCHITECTURE.md), as SQLModel tables.

Every table a user edits has a UUID key, created_at / updated_at (UTC, aware),
updated_by (a worker id) and soft delete (deleted_at), because sync (stvdesk/sync) merges
rows made on several devices and must never lose a deletion.

`updated_by` is deliberately not a foreign key: a row synced from another device may name
a worker this database has not received yet.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from stvdesk import clock
from stvdesk.db.types import UTCDateTime, clean_text_columns, enum_type
from stvdesk.domain.enums import (
    ActionStatus,
    AuditAction,
    CaseCloseReason,
    ContactChannel,
    ContactForm,
    CvState,
    FollowUpKind,
    FollowUpStatus,
    GoalStatus,
    JobGoalKind,
    MeetingStatus,
    OpeningStatus,
    Phase,
    PlacementEndReason,
    PlacementKind,
    PlacementStatus,
    Readiness,
    Role,
    StepOwner,
    SupportItem,
    SupportState,
    TargetGroup,
    TargetMetric,
)

# Named constraints let Alembic's batch mode alter them on SQLite.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The process clock's now (stvdesk.clock): model defaults follow a fixed --today too."""
    return clock.utcnow()


def table_of(model: type[SQLModel]) -> sa.Table:
    """A table model's Table, for Core statements. It is `model.__table__`, which SQLAlchemy's
    mapping sets but SQLModel does not declare, so type checkers cannot see it."""
    table = sa.inspect(model).local_table
    if not isinstance(table, sa.Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def _fk(target: str, *, nullable: bool = True, index: bool = True, ondelete: str | None = None) -> Any:
    return Field(
        default=None,
        sa_column_args=[sa.ForeignKey(target, ondelete=ondelete)],
        nullable=nullable,
        index=index,
    )


class Tracked(SQLModel):
    """Columns shared by every user-edited table."""

    # Table rows are built by SQLAlchemy, never validated by pydantic: building the validators
    # only when one is first used keeps 30 ms off every start.
    model_config = {"defer_build": True}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_by: uuid.UUID | None = Field(default=None)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- people ---------------------------------------------------------------------------


class Team(Tracked, table=True):
    __tablename__ = "team"

    name: str
    municipality: str = ""


class Worker(Tracked, table=True):
    __tablename__ = "worker"
    __table_args__ = (sa.UniqueConstraint("initials"),)

    initials: str = Field(max_length=8)
    name: str
    role: Role = Field(sa_type=enum_type(Role))
    team_id: uuid.UUID | None = _fk("team.id")
    # S and VK work in pairs (000, 4.4); the partner is the other half.
    partner_id: uuid.UUID | None = _fk("worker.id", index=False)
    email: str = ""
    phone: str = ""
    active: bool = True
    # The worker's own PostgreSQL login on a team server; the server's row-level
    # security decides what that login may read and write. None on a laptop's SQLite file.
    db_login: str | None = Field(default=None, max_length=63, unique=True)


class Citizen(Tracked, table=True):
    __tablename__ = "citizen"
    __table_args__ = (
        sa.Index("ix_citizen_name", "last_name", "first_name"),
        sa.Index("ix_citizen_caseworker_open", "caseworker_id", "closed_on"),
        sa.Index("ix_citizen_consultant_open", "consultant_id", "closed_on"),
    )

    cpr: str = Field(max_length=10, index=True, unique=True)
    first_name: str
    last_name: str
    birth_date: date
    phone: str = ""
    email: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    target_group: TargetGroup = Field(sa_type=enum_type(TargetGroup))
    readiness: Readiness = Field(sa_type=enum_type(Readiness))
    # `phase` is derived from the data and stored so lists can filter and sort on it;
    # `phase_override` is the worker's own judgement and wins when set.
    phase: Phase = Field(default=Phase.RELATIONSHIP, sa_type=enum_type(Phase))
    phase_override: Phase | None = Field(default=None, sa_type=enum_type(Phase, "phase_override"))
    phase_override_reason: str = ""
    caseworker_id: uuid.UUID | None = _fk("worker.id", index=False)
    consultant_id: uuid.UUID | None = _fk("worker.id", index=False)
    opened_on: date
    # Asked for a VK on this date; waiting time runs until the first VK meeting (000, 4.1).
    vk_requested_on: date | None = None
    first_vk_meeting_on: date | None = None
    # Ressourceforløb (000, 4.1): the award date, from which the wait for a VK is measured, and
    # the date of the rehabilitation plan (the rehabiliteringsmøde the VK joins).
    resource_awarded_on: date | None = None
    rehab_plan_on: date | None = None
    closed_on: date | None = None
    close_reason: CaseCloseReason | None = Field(default=None, sa_type=enum_type(CaseCloseReason))
    # Aftercare's open offer (002, table 5-1, Efterværn: "Åbent tilbud: Stå til rådighed, hvis
    # borger har behov"), to the citizen and to the company: when it was given and by whom. The
    # workers are ids without a foreign key, as updated_by is: adding a key would rebuild the
    # citizen table (and its search index) on SQLite for four columns.
    open_offer_citizen_on: date | None = None
    open_offer_citizen_by: uuid.UUID | None = None
    open_offer_company_on: date | None = None
    open_offer_company_by: uuid.UUID | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def current_phase(self) -> Phase:
        return self.phase_override or self.phase


# --- plans and goals -----------------------------------------------------------------


class JobGoal(Tracked, table=True):
    """ABC plan: A the wished-for job, B a realistic step, C a job that can be had now."""

    __tablename__ = "job_goal"

    citizen_id: uuid.UUID = _fk("citizen.id", nullable=False)
    kind: JobGoalKind = Field(sa_type=enum_type(JobGoalKind))
    title: str
    description: str = ""
    status: GoalStatus = Field(default=GoalStatus.PROPOSED, sa_type=enum_type(GoalStatus))
    agreed_on: date | None = None


class DevelopmentGoal(Tracked, table=True):
    """Udviklingsmål for a citizen without a job goal yet."""

    __tablename__ = "development_goal"

    citizen_id: uuid.UUID = _fk("citizen.id", nullable=False)
    area: str
    description: str = ""
    status: GoalStatus = Field(default=GoalStatus.PROPOSED, sa_type=enum_type(GoalStatus))
    agreed_on: date | None = None
    achieved_on: date | None = None


class GoalAction(Tracked, table=True):
    """A concrete action toward a job goal or a development goal."""

    __tablename__ = "goal_action"
    __table_args__ = (sa.CheckConstraint("(job_goal_id IS NULL) <> (development_goal_id IS NULL)", name="one_goal"),)

    job_goal_id: uuid.UUID | None = _fk("job_goal.id")
    development_goal_id: uuid.UUID | None = _fk("development_goal.id")
    text: str
    status: ActionStatus = Field(default=ActionStatus.OPEN, sa_type=enum_type(ActionStatus))
    due_on: date | None = None
    done_on: date | None = None


class CvStatus(Tracked, table=True):
    __tablename__ = "cv_status"

    citizen_id: uuid.UUID = Field(sa_column_args=[sa.ForeignKey("citizen.id")], unique=True, nullable=False)
    jobnet_state: CvState = Field(default=CvState.MISSING, sa_type=enum_type(CvState))
    application_cv: bool = False
    application_cv_updated_on: date | None = None
    last_updated_on: date | None = None
    next_step: str = ""


class PlanStep(Tracked, table=True):
    """Min Plan sub-goal (delmål)."""

    __tablename__ = "plan_step"
    __table_args__ = (sa.Index("ix_plan_step_citizen_open", "citizen_id", "done_on", "deadline"),)

    citizen_id: uuid.UUID = _fk("citizen.id", nullable=False, index=False)
    text: str
    owner: StepOwner = Field(sa_type=enum_type(StepOwner))
    agreed_on: date | None = None
    deadline: date | None = None
    done_on: date | None = None


# --- companies -----------------------------------------------------------------------


class Company(Tracked, table=True):
    __tablename__ = "company"
    __table_args__ = (sa.Index("ix_company_name", "name"),)

    name: str
    cvr: str | None = Field(default=None, max_length=8, unique=True)
    industry: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    owner_id: uuid.UUID | None = _fk("worker.id")
    notes: str = ""
    # An older standing agreement, marked when it should be renegotiated (000, 4.5).
    standing_agreement: str = ""
    renegotiate: bool = False


class CompanyContact(Tracked, table=True):
    __tablename__ = "company_contact"

    company_id: uuid.UUID = _fk("company.id", nullable=False)
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


class CompanyContactLog(Tracked, table=True):
    """CRM log of calls, visits and mails with a company."""

    __tablename__ = "company_contact_log"
    __table_args__ = (sa.Index("ix_company_contact_log_company_on", "company_id", "contacted_on"),)

    company_id: uuid.UUID = _fk("company.id", nullable=False, index=False)
    worker_id: uuid.UUID | None = _fk("worker.id")
    contact_id: uuid.UUID | None = _fk("company_contact.id", index=False)
    citizen_id: uuid.UUID | None = _fk("citizen.id", index=False)
    contacted_on: date
    channel: ContactChannel = Field(sa_type=enum_type(ContactChannel))
    outcome: str = ""
    next_step: str = ""
    next_step_on: date | None = None
    # The consultant asked the company for ordinary (paid) hours (000, 4.3: "får VK italesat det
    # overfor virksomhederne?"); Styring counts these per consultant.
    ordinary_hours_asked: bool = False


class JobOpening(Tracked, table=True):
    """A job opening spotted at a company, even of a few hours (jobåbning)."""

    __tablename__ = "job_opening"
    __table_args__ = (sa.CheckConstraint("hours_per_week >= 0", name="hours_nonnegative"),)

    company_id: uuid.UUID = _fk("company.id", nullable=False)
    title: str
    description: str = ""
    hours_per_week: float = 0
    spotted_on: date
    status: OpeningStatus = Field(default=OpeningStatus.OPEN, sa_type=enum_type(OpeningStatus))


# --- placements ----------------------------------------------------------------------

_HOURS_CHECKS = (
    sa.CheckConstraint("hours_per_week >= 0", name="hours_nonnegative"),
    sa.CheckConstraint("ordinary_hours_per_week >= 0", name="ordinary_nonnegative"),
    sa.CheckConstraint("ordinary_hours_per_week <= hours_per_week", name="ordinary_within_hours"),
)


class Placement(Tracked, table=True):
    """A course at a company (virksomhedsforløb) of one kind."""

    __tablename__ = "placement"
    __table_args__ = (
        *_HOURS_CHECKS,
        sa.Index("ix_placement_citizen_status", "citizen_id", "status"),
        sa.Index("ix_placement_company_status", "company_id", "status"),
    )

    citizen_id: uuid.UUID = _fk("citizen.id", nullable=False, index=False)
    company_id: uuid.UUID = _fk("company.id", nullable=False, index=False)
    contact_id: uuid.UUID | None = _fk("company_contact.id", index=False)
    kind: PlacementKind = Field(sa_type=enum_type(PlacementKind))
    purpose: str = ""
    tasks: str = ""
    hours_per_week: float = 0
    ordinary_hours_per_week: float = 0
    start_on: date
    planned_end_on: date | None = None
    ended_on: date | None = None
    status: PlacementStatus = Field(default=PlacementStatus.PLANNED, sa_type=enum_type(PlacementStatus))
    end_reason: PlacementEndReason | None = Field(default=None, sa_type=enum_type(PlacementEndReason))


class PlacementHours(Tracked, table=True):
    """Hours and ordinary hours per week from a date: the placement's history over time."""

    __tablename__ = "placement_hours"
    __table_args__ = (*_HOURS_CHECKS,)

    placement_id: uuid.UUID = _fk("placement.id", nullable=False)
    effective_on: date
    hours_per_week: float = 0
    ordinary_hours_per_week: float = 0


class PlacementSupport(Tracked, table=True):
    """One item of a placement's practical support checklist (002, table 5-1): childcare,
    getting there, reminders, absence, the first payslip, reporting income."""

    __tablename__ = "placement_support"
    __table_args__ = (sa.UniqueConstraint("placement_id", "item"),)

    placement_id: uuid.UUID = _fk("placement.id", nullable=False, index=False)
    item: SupportItem = Field(sa_type=enum_type(SupportItem))
    state: SupportState = Field(default=SupportState.OPEN, sa_type=enum_type(SupportState))
    due_on: date | None = None
    note: str = ""


_RATING = "BETWEEN 1 AND 5"


class ProgressEntry(Tracked, table=True):
    """Monthly progression (progressionsskema) with a written development description."""

    __tablename__ = "progress_entry"
    __table_args__ = (
        *(
            sa.CheckConstraint(f"{col} IS NULL OR {col} {_RATING}", name=f"{col}_rating")
            for col in ("attendance", "tasks", "cooperation", "independence", "pace", "wellbeing")
        ),
        sa.CheckConstraint("ordinary_hours >= 0", name="ordinary_hours_nonnegative"),
        sa.Index("ix_progress_entry_citizen_month", "citizen_id", "month"),
        sa.Index("ix_progress_entry_placement_month", "placement_id", "month"),
    )

    citizen_id: uuid.UUID = _fk("citizen.id", nullable=False, index=False)
    placement_id: uuid.UUID | None = _fk("placement.id", index=False)
    month: date  # first day of the month
    attendance: int | None = None  # fremmøde
    tasks: int | None = None  # opgaveløsning
    cooperation: int | None = None  # samarbejde
    independence: int | None = None  # selvstændighed
    pace: int | None = None  # arbejdstempo
    wellbeing: int | None = None  # trivsel
    ordinary_hours: float = 0  # paid hours in the month
    description: str = ""


# --- contact with the citizen --------------------------------------------------------


class Meeting(Tracked, table=True):
    """A meeting run from a dialogue guide, typically three-party (S + VK + citizen)."""

    __tablename__ = "meeting"
    __table_args__ = (
        sa.Index("ix_meeting_citizen_on", "citizen_id", "held_on"),
        # The partial index ix_meeting_in_progress (revision 0007) is left out here: naming
        # postgresql_where loads the PostgreSQL dialect at start-up, 40 ms.
    )

    citizen_id: uuid.UUID | None = _fk("citizen.id", index=False)
    company_id: uuid.UUID | None = _fk("company.id")
    company_contact_id: uuid.UUID | None = _fk("company_contact.id", index=False)
    placement_id: uuid.UUID | None = _fk("placement.id", index=False)
    caseworker_id: uuid.UUID | None = _fk("worker.id", index=False)
    consultant_id: uuid.UUID | None = _fk("worker.id", index=False)
    guide_id: str
    guide_version: int = 1
    title: str = ""
    planned_on: date | None = None
    held_on: date | None = None
    status: MeetingStatus = Field(default=MeetingStatus.PLANNED, sa_type=enum_type(MeetingStatus))
    summary: str = ""
    # Run from a dialogue guide: how and where it is held, who takes part, and how it ended.
    kind: FollowUpKind = Field(default=FollowUpKind.THREE_PARTY, sa_type=enum_type(FollowUpKind, "meeting_kind"))
    start_time: time | None = None
    form: ContactForm | None = Field(default=None, sa_type=enum_type(ContactForm, "meeting_form"))
    place: str = ""
    citizen_present: bool = True
    no_agreements: bool = False
    next_follow_up_on: date | None = None
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class MeetingAnswer(Tracked, table=True):
    """One checklist item answered in a meeting; `value` is the item's value as text/JSON."""

    __tablename__ = "meeting_answer"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "item_id"),)

    meeting_id: uuid.UUID = _fk("meeting.id", nullable=False, index=False)
    item_id: str
    value: str = ""
    note: str = ""


class Agreement(Tracked, table=True):
    """Something promised in a meeting, with an owner and a deadline."""

    __tablename__ = "agreement"
    __table_args__ = (
        sa.Index("ix_agreement_citizen_open", "citizen_id", "done_on", "deadline"),
        sa.Index("ix_agreement_company_open", "company_id", "done_on"),
    )

    citizen_id: uuid.UUID | None = _fk("citizen.id", index=False)
    meeting_id: uuid.UUID | None = _fk("meeting.id")
    company_id: uuid.UUID | None = _fk("company.id", index=False)
    text: str
    owner: StepOwner = Field(sa_type=enum_type(StepOwner))
    owner_worker_id: uuid.UUID | None = _fk("worker.id")
    deadline: date | None = None
    done_on: date | None = None


class FollowUp(Tracked, table=True):
    """A due contact. Planned ones drive "Min dag"; held ones are the contact history."""

    __tablename__ = "follow_up"
    __table_args__ = (
        sa.CheckConstraint("citizen_id IS NOT NULL OR company_id IS NOT NULL", name="has_subject"),
        sa.CheckConstraint("status <> 'held' OR held_on IS NOT NULL", name="held_has_date"),
        sa.Index("ix_follow_up_worker_status_due", "worker_id", "status", "due_on"),
        sa.Index("ix_follow_up_citizen_status_due", "citizen_id", "status", "due_on"),
        sa.Index("ix_follow_up_company_status_due", "company_id", "status", "due_on"),
    )

    citizen_id: uuid.UUID | None = _fk("citizen.id", index=False)
    company_id: uuid.UUID | None = _fk("company.id", index=False)
    placement_id: uuid.UUID | None = _fk("placement.id")
    meeting_id: uuid.UUID | None = _fk("meeting.id", index=False)
    worker_id: uuid.UUID = _fk("worker.id", nullable=False, index=False)
    kind: FollowUpKind = Field(sa_type=enum_type(FollowUpKind))
    due_on: date
    status: FollowUpStatus = Field(default=FollowUpStatus.PLANNED, sa_type=enum_type(FollowUpStatus))
    held_on: date | None = None
    form: ContactForm | None = Field(default=None, sa_type=enum_type(ContactForm))
    note: str = ""
    # Skipping or moving keeps the reason; moved_from is the old due date.
    reason: str = ""
    moved_from: date | None = None


class Note(Tracked, table=True):
    """Journalnotat. Append-only: a correction is a new note that refers to the old one."""

    __tablename__ = "note"
    __table_args__ = (sa.Index("ix_note_citizen_written", "citizen_id", "written_at"),)

    citizen_id: uuid.UUID = _fk("citizen.id", nullable=False, index=False)
    worker_id: uuid.UUID | None = _fk("worker.id", index=False)
    written_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    text: str
    corrects_id: uuid.UUID | None = _fk("note.id", index=False)


class SuccessStory(Tracked, table=True):
    """En god historie for the team (000, 4.2: belief)."""

    __tablename__ = "success_story"

    team_id: uuid.UUID | None = _fk("team.id")
    worker_id: uuid.UUID | None = _fk("worker.id", index=False)
    citizen_id: uuid.UUID | None = _fk("citizen.id", index=False)
    told_on: date
    title: str
    text: str = ""


class Target(Tracked, table=True):
    """A monthly target (måltal) for a team or one worker and one metric (000, 4.3)."""

    __tablename__ = "target"
    __table_args__ = (
        sa.CheckConstraint("(team_id IS NULL) <> (worker_id IS NULL)", name="one_owner"),
        sa.CheckConstraint("value >= 0", name="value_nonnegative"),
        sa.UniqueConstraint("team_id", "worker_id", "month", "metric"),
    )

    team_id: uuid.UUID | None = _fk("team.id", index=False)
    worker_id: uuid.UUID | None = _fk("worker.id")
    month: date  # first day of the month
    metric: TargetMetric = Field(sa_type=enum_type(TargetMetric))
    value: float


class AccessGrant(Tracked, table=True):
    """A worker may see a citizen outside their own reach for a stated purpose, today only
    (the reach: db/queries/caseload.within_reach). On PostgreSQL the row-level security reads
    it; the purpose is logged."""

    __tablename__ = "access_grant"
    __table_args__ = (sa.Index("ix_access_grant_worker_citizen", "worker_id", "citizen_id", "until"),)

    worker_id: uuid.UUID = _fk("worker.id", nullable=False, index=False)
    citizen_id: uuid.UUID = _fk("citizen.id", nullable=False, index=False)
    purpose: str
    until: date


# --- not user-edited -----------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Logning: who did what to which citizen, when. Append-only and hash-chained (db/audit.py).

    Not `Tracked`: an audit event is never edited or deleted, so it has no updated_* or
    deleted_at. The citizen is referred to by id only, never by CPR in clear.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_citizen_at", "citizen_id", "at"),
        sa.Index("ix_audit_event_worker_at", "worker_id", "at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    seq: int | None = Field(default=None, unique=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    worker_id: uuid.UUID | None = None
    device: str = ""
    action: AuditAction = Field(sa_type=enum_type(AuditAction))
    citizen_id: uuid.UUID | None = None
    criterion: str = ""
    purpose: str = ""
    prev_hash: str = ""
    hash: str = ""


class DbMeta(SQLModel, table=True):
    """Key/value facts about this database file (demo anchor date, device id, …)."""

    __tablename__ = "db_meta"

    key: str = Field(primary_key=True)
    value: str = ""


USER_TABLES: list[type[Tracked]] = [
    Team,
    Worker,
    Citizen,
    JobGoal,
    DevelopmentGoal,
    GoalAction,
    CvStatus,
    PlanStep,
    Company,
    CompanyContact,
    CompanyContactLog,
    JobOpening,
    Placement,
    PlacementHours,
    ProgressEntry,
    Meeting,
    MeetingAnswer,
    Agreement,
    FollowUp,
    Note,
    SuccessStory,
    Target,
]


class SavedFilter(Tracked, table=True):
    """A named caseload filter a worker saved ("Mine forfaldne", "Klar uden CV")."""

    __tablename__ = "saved_filter"
    __table_args__ = (sa.UniqueConstraint("worker_id", "name"),)

    worker_id: uuid.UUID = _fk("worker.id", nullable=False, index=False)
    name: str
    spec: str  # JSON of stvdesk.db.queries.caseload_list.CaseloadFilter


USER_TABLES.append(SavedFilter)


class SummerPlan(Tracked, table=True):
    """How a placement gets through the summer holiday, weeks 27–32 (000, 4.1)."""

    __tablename__ = "summer_plan"
    __table_args__ = (
        sa.UniqueConstraint("placement_id", "year"),
        sa.CheckConstraint("agreed_hours IS NULL OR agreed_hours >= 0", name="agreed_hours_nonnegative"),
    )

    placement_id: uuid.UUID = _fk("placement.id", nullable=False, index=False)
    year: int
    covered_by: str = ""  # who covers while the worker is on holiday
    holiday_contact: str = ""  # how the citizen and the company reach someone
    company_closes: bool = False
    agreed_hours: float | None = None  # hours per week agreed for the summer
    note: str = ""


USER_TABLES.append(SummerPlan)


class VisitOrder(Tracked, table=True):
    """The order a consultant will visit companies on a day (Besøgsdag, F9): changed by
    hand, kept so the prepared route is the one taken into the field."""

    __tablename__ = "visit_order"
    __table_args__ = (sa.UniqueConstraint("worker_id", "day", "company_id"),)

    worker_id: uuid.UUID = _fk("worker.id", nullable=False, index=False)
    day: date
    company_id: uuid.UUID = _fk("company.id", nullable=False, index=False)
    position: int


USER_TABLES.append(VisitOrder)


class DialogueNote(Tracked, table=True):
    """A note from the monthly dialogue between a leader and one worker (000, 4.3)."""

    __tablename__ = "dialogue_note"
    __table_args__ = (sa.Index("ix_dialogue_note_worker_month", "worker_id", "month"),)

    worker_id: uuid.UUID = _fk("worker.id", nullable=False, index=False)  # the worker talked with
    month: date  # first day of the month
    written_by: uuid.UUID | None = _fk("worker.id", index=False)
    text: str


USER_TABLES.append(DialogueNote)
USER_TABLES.append(PlacementSupport)


# --- sync between a laptop and the team server -----------------------------------------
# The first two live on a laptop, the last three on the server; both backends get all five
# from the same migrations, unused where they do not belong.


class SyncOutbox(SQLModel, table=True):
    """One local change waiting to go to the team server, written in the same transaction as
    the change itself (stvdesk.sync.capture). `base` holds the values the change was made
    against, so the server can tell a merge from a conflict field by field."""

    __tablename__ = "sync_outbox"

    seq: int | None = Field(default=None, primary_key=True)
    op_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    table_name: str = Field(max_length=40)
    row_id: uuid.UUID = Field(index=True)
    op: str = Field(max_length=8)  # insert, update, delete (soft: deleted_at set)
    fields: str = "{}"  # JSON: column -> new value
    base: str = "{}"  # JSON: column -> value before the change
    # Whose data this is, so erasing a citizen (db retention) erases their waiting changes too.
    citizen_id: uuid.UUID | None = _fk("citizen.id")


class SyncConflict(SQLModel, table=True):
    """A change of this laptop's that the server could not take as it stood: the same field
    changed on both sides, or a delete against an edit. Both values are kept until a worker
    chooses in the conflict inbox."""

    __tablename__ = "sync_conflict"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    found_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    op_id: uuid.UUID
    table_name: str = Field(max_length=40)
    row_id: uuid.UUID
    kind: str = Field(max_length=16)  # field, deleted_edited, edited_deleted, gone, rejected
    field: str = ""
    base: str = "null"  # JSON values
    mine: str = "null"
    theirs: str = "null"
    message: str = ""
    citizen_id: uuid.UUID | None = _fk("citizen.id")
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolution: str = ""  # mine, theirs, merged


class ChangeFeed(SQLModel, table=True):
    """The server's list of changed rows, in commit order (writers take turns, revision 0012);
    a laptop pulls what came after its cursor. Ids only: the rows themselves are read through
    the reader's row-level security."""

    __tablename__ = "change_feed"

    id: int | None = Field(default=None, sa_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True)
    table_name: str = Field(max_length=40)
    row_id: uuid.UUID
    device_id: uuid.UUID | None = None  # the laptop whose push made it; None for a desk on the server
    removed: bool = False  # the row was erased (not soft-deleted)


class SyncDevice(SQLModel, table=True):
    """A laptop the server knows: whose it is, when it last pushed, how far its access log came."""

    __tablename__ = "sync_device"

    id: uuid.UUID = Field(primary_key=True)
    worker_id: uuid.UUID | None = None
    name: str = ""
    last_push_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    audit_seq: int = 0  # the laptop's last access-log event the server has


class SyncOp(SQLModel, table=True):
    """A laptop's change the server has taken, with its outcome, so a retried push after a
    broken connection is answered the same way and never applied twice."""

    __tablename__ = "sync_op"

    op_id: uuid.UUID = Field(primary_key=True)
    device_id: uuid.UUID = Field(index=True)
    worker_id: uuid.UUID | None = None
    applied_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    result: str = ""  # JSON list of conflicts; empty when the change went in whole


# --- text: cleaned on every way in and out --------------------------------------------------
# Every text column of a user-edited table is a CleanText (db/types.py): escape sequences,
# control and format characters never get in, nor out to a screen, a file or a terminal
# (stvdesk/domain/text.py says what and why). These columns hold prose of several lines and keep
# their line feeds: the ones a form edits in a text area (notes, the good story, the dialogue
# note, a contact's outcome, the development description) and the paragraphs meetings, guides
# and imports write (descriptions, purposes, tasks, agreements, summaries, answers). Every other
# text column (names, codes, contact details, titles, one-line steps and reasons) is one line,
# shown in one table cell or one CSV field, so a line break there becomes a space. A new column
# is single-line until it is named here (tests/db/test_clean_text.py checks every name exists).
# Revision 0013 holds a frozen copy of this list for the data it cleans.
MULTILINE_TEXT: dict[str, frozenset[str]] = {
    "company": frozenset({"notes", "standing_agreement"}),
    "company_contact_log": frozenset({"outcome"}),
    "job_goal": frozenset({"description"}),
    "development_goal": frozenset({"description"}),
    "job_opening": frozenset({"description"}),
    "placement": frozenset({"purpose", "tasks"}),
    "progress_entry": frozenset({"description"}),
    "meeting": frozenset({"summary"}),
    "meeting_answer": frozenset({"value", "note"}),
    "agreement": frozenset({"text"}),
    "follow_up": frozenset({"note"}),
    "note": frozenset({"text"}),
    "success_story": frozenset({"text"}),
    "summer_plan": frozenset({"note"}),
    "dialogue_note": frozenset({"text"}),
}
for _model in Tracked.__subclasses__():
    _table = table_of(_model)
    clean_text_columns(_table, MULTILINE_TEXT.get(_table.name, frozenset()))
# The access log (audit_event) keeps plain columns: its stored text is what its hash chain was
# computed over, and must be read and copied (db copy) byte for byte. A new event is cleaned
# before it is chained (db/cleaning.py); an older one where it is shown (db/audit.py).
