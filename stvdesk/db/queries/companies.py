"""Companies: the register, contact persons, the contact log (CRM), job openings and the
company view (README, "Virksomheder (F8) and the company view").

Last contact is the latest of a logged contact and a held follow-up with the company. The
register's flags are computed in SQL with the same rules as the company view
(domain/company_flags.py), so a flag in the list is a flag on the company.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from stvdesk.db.models import (
    Agreement,
    Citizen,
    Company,
    CompanyContact,
    CompanyContactLog,
    FollowUp,
    JobGoal,
    JobOpening,
    Placement,
    PlacementHours,
    Worker,
)
from stvdesk.db.queries.edits import EditError, Editor, _stamp
from stvdesk.db.queries.meetings import AgreementLine, _agreement_lines, _agreement_query
from stvdesk.domain.agenda import WarningLimits, past_planned_end
from stvdesk.domain.calendar import add_months, format_date
from stvdesk.domain.company_flags import (
    DEFAULT_FLAGS,
    RENEGOTIATE,
    UNPAID_KINDS,
    FlagSettings,
    company_silent,
    flag_text,
    zero_ordinary_hours,
)
from stvdesk.domain.cvr import parse_optional_cvr
from stvdesk.domain.enums import (
    ContactChannel,
    FollowUpKind,
    FollowUpStatus,
    GoalStatus,
    OpeningStatus,
    PlacementKind,
    PlacementStatus,
)
from stvdesk.domain.rules import (
    COMPANY_CONTACT,
    OLD_AGREEMENT,
    PAST_PLANNED_END,
    REPEATED_INTERNSHIP,
    ZERO_ORDINARY_HOURS,
)

REGISTER_LIMIT = 200


# --- the register ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyFilter:
    search: str = ""
    owner_id: uuid.UUID | None = None  # the VK who owns the company; None: all
    team_id: uuid.UUID | None = None  # companies owned by a team's workers; None: all
    industry: str | None = None
    renegotiate: bool = False
    flagged: bool = False  # silent with citizens placed, or a placement without ordinary hours


@dataclass(frozen=True)
class CompanyRow:
    id: uuid.UUID
    name: str
    cvr: str
    industry: str
    city: str
    owner_initials: str
    active_placements: int
    last_contact: date | None
    renegotiate: bool
    silent: bool  # citizens placed and no contact for N days
    zero_ordinary: int  # running placements without ordinary hours after N months


def _later(a: sa.ColumnElement[Any], b: sa.ColumnElement[Any]) -> sa.Case[Any]:
    """The later of two dates where either may be NULL (SQLite's max() of NULL is NULL)."""
    return sa.case((a.is_(None), b), (b.is_(None), a), (a > b, a), else_=b)


def last_contact_sql(company_id: sa.ColumnElement[uuid.UUID] | uuid.UUID) -> sa.Case[Any]:
    """The day of the last contact with a company: a logged contact or a held follow-up. Correlated
    on `company_id` so it is evaluated per company through the indexes, never over all rows."""
    logged = (
        select(sa.func.max(CompanyContactLog.contacted_on))
        .where(CompanyContactLog.company_id == company_id, col(CompanyContactLog.deleted_at).is_(None))
        .scalar_subquery()
    )
    held = (
        select(sa.func.max(FollowUp.held_on))
        .where(
            FollowUp.company_id == company_id,
            FollowUp.status == FollowUpStatus.HELD,
            col(FollowUp.deleted_at).is_(None),
        )
        .scalar_subquery()
    )
    return _later(logged, held)


def company_rows(
    session: Session, f: CompanyFilter, today: date, flags: FlagSettings = DEFAULT_FLAGS, limit: int = REGISTER_LIMIT
) -> tuple[list[CompanyRow], int]:
    """One page of the register (by name) and how many companies match in all."""
    cutoff = add_months(today, -flags.zero_ordinary_months)
    n_active = (
        select(sa.func.count())
        .select_from(Placement)
        .where(
            Placement.company_id == Company.id,
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.deleted_at).is_(None),
        )
        .scalar_subquery()
    )
    n_zero = (
        select(sa.func.count())
        .select_from(Placement)
        .where(
            Placement.company_id == Company.id,
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.deleted_at).is_(None),
            col(Placement.kind).in_(UNPAID_KINDS),
            Placement.ordinary_hours_per_week == 0,
            Placement.start_on <= cutoff,
        )
        .scalar_subquery()
    )
    last_on = last_contact_sql(Company.id)
    silent_since = today - timedelta(days=flags.company_contact_days)
    silent = sa.and_(n_active > 0, sa.or_(last_on.is_(None), last_on < silent_since))
    conditions: list[sa.ColumnElement[bool]] = [col(Company.deleted_at).is_(None)]
    if f.search.strip():
        text = f.search.strip()
        conditions.append(sa.or_(col(Company.name).ilike(f"%{text}%"), col(Company.cvr).like(f"{text}%")))
    if f.owner_id is not None:
        conditions.append(col(Company.owner_id) == f.owner_id)
    if f.team_id is not None:
        conditions.append(col(Company.owner_id).in_(select(Worker.id).where(Worker.team_id == f.team_id)))
    if f.industry:
        conditions.append(col(Company.industry) == f.industry)
    if f.renegotiate:
        conditions.append(col(Company.renegotiate).is_(True))
    if f.flagged:
        conditions.append(sa.or_(silent, n_zero > 0))
    total = session.exec(select(sa.func.count()).select_from(Company).where(*conditions)).one()
    page = (select(Company.id).where(*conditions).order_by(col(Company.name), col(Company.id)).limit(limit)).subquery()
    rows = session.execute(
        sa.select(  # sa.select: SQLModel's select() is typed for at most four columns
            col(Company.id),
            col(Company.name),
            col(Company.cvr),
            col(Company.industry),
            col(Company.city),
            col(Worker.initials),
            n_active,
            last_on,
            col(Company.renegotiate),
            silent,
            n_zero,
        )
        .join(page, page.c.id == Company.id)
        .outerjoin(Worker, col(Worker.id) == col(Company.owner_id))
        .order_by(col(Company.name), col(Company.id))
    ).all()
    return [
        CompanyRow(
            cid,
            name,
            cvr or "",
            industry,
            city,
            ini or "",
            int(n or 0),
            _as_date(last),
            bool(reneg),
            bool(sil),
            int(z or 0),
        )
        for cid, name, cvr, industry, city, ini, n, last, reneg, sil, z in rows
    ], int(total)


def _as_date(value: object) -> date | None:
    """A date from a CASE over dates (SQLite hands it back as text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def industries(session: Session) -> list[str]:
    rows = session.exec(
        select(Company.industry)
        .where(col(Company.deleted_at).is_(None), Company.industry != "")
        .distinct()
        .order_by(Company.industry)
    ).all()
    return list(rows)


# --- changes -----------------------------------------------------------------------------------


def _cvr_taken(session: Session, cvr: str, other_than: uuid.UUID | None = None) -> str | None:
    query = select(Company.name).where(Company.cvr == cvr, col(Company.deleted_at).is_(None))
    if other_than is not None:
        query = query.where(Company.id != other_than)
    return session.exec(query).first()


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise EditError(f"Databasen afviste ændringen ({exc.orig}).") from exc


COMPANY_FIELDS = (
    "name",
    "cvr",
    "industry",
    "address",
    "postal_code",
    "city",
    "phone",
    "owner_id",
    "notes",
    "standing_agreement",
    "renegotiate",
)


def create_company(session: Session, editor: Editor, *, name: str, cvr: str = "", **values: Any) -> Company:
    if not name.strip():
        raise EditError("Skriv virksomhedens navn.")
    number = parse_optional_cvr(cvr)
    if number and (taken := _cvr_taken(session, number)):
        raise EditError(f"CVR-nummeret {number} findes allerede: {taken}.")
    fields: dict[str, Any] = {
        k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in COMPANY_FIELDS
    }
    company = Company(name=name.strip(), cvr=number, updated_by=editor.worker_id, **fields)
    session.add(company)
    _commit(session)
    return company


def update_company(session: Session, editor: Editor, company_id: uuid.UUID, **values: Any) -> Company:
    company = session.get(Company, company_id)
    if company is None or company.deleted_at is not None:
        raise EditError("Virksomheden findes ikke længere.")
    if "cvr" in values:
        values["cvr"] = parse_optional_cvr(values["cvr"] or "")
        if values["cvr"] and (taken := _cvr_taken(session, values["cvr"], company_id)):
            raise EditError(f"CVR-nummeret {values['cvr']} findes allerede: {taken}.")
    if "name" in values and not str(values["name"]).strip():
        raise EditError("Skriv virksomhedens navn.")
    for key, value in values.items():
        if key in COMPANY_FIELDS:
            setattr(company, key, value.strip() if isinstance(value, str) else value)
    _stamp(company, editor)
    _commit(session)
    return company


def add_contact(
    session: Session,
    editor: Editor,
    company_id: uuid.UUID,
    *,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
) -> CompanyContact:
    if not name.strip():
        raise EditError("Skriv kontaktpersonens navn.")
    if email.strip() and "@" not in email:
        raise EditError("En mailadresse har et @.")
    contact = CompanyContact(
        company_id=company_id,
        name=name.strip(),
        role=role.strip(),
        phone=phone.strip(),
        email=email.strip(),
        updated_by=editor.worker_id,
    )
    session.add(contact)
    _commit(session)
    return contact


def log_contact(
    session: Session,
    editor: Editor,
    company_id: uuid.UUID,
    *,
    contacted_on: date,
    channel: ContactChannel,
    contact_id: uuid.UUID | None = None,
    outcome: str = "",
    next_step: str = "",
    next_step_on: date | None = None,
    next_kind: FollowUpKind = FollowUpKind.COMPANY_VISIT,
    citizen_id: uuid.UUID | None = None,
    ordinary_hours_asked: bool = False,
) -> tuple[CompanyContactLog, FollowUp | None]:
    """Log a call, visit or mail, for a named citizen or none, and whether the company was asked
    for ordinary hours (Styring counts both, db/queries/outreach.py); a next step with a date
    becomes a follow-up for the worker."""
    if contacted_on > editor.today:
        raise EditError("En kontakt kan ikke logges frem i tiden.")
    if next_step_on is not None and next_step_on < editor.today:
        raise EditError("Næste skridt ligger før i dag.")
    if next_step_on is not None and not next_step.strip():
        raise EditError("Skriv hvad næste skridt er.")
    entry = CompanyContactLog(
        company_id=company_id,
        worker_id=editor.worker_id,
        contact_id=contact_id,
        citizen_id=citizen_id,
        contacted_on=contacted_on,
        channel=channel,
        outcome=outcome.strip(),
        next_step=next_step.strip(),
        next_step_on=next_step_on,
        ordinary_hours_asked=ordinary_hours_asked,
        updated_by=editor.worker_id,
    )
    session.add(entry)
    follow_up = None
    if next_step_on is not None:
        follow_up = FollowUp(
            company_id=company_id,
            citizen_id=citizen_id,
            worker_id=editor.worker_id,
            kind=next_kind,
            due_on=next_step_on,
            status=FollowUpStatus.PLANNED,
            note=next_step.strip(),
            updated_by=editor.worker_id,
        )
        session.add(follow_up)
    _commit(session)
    return entry, follow_up


def add_job_opening(
    session: Session,
    editor: Editor,
    company_id: uuid.UUID,
    *,
    title: str,
    hours_per_week: float,
    description: str = "",
    spotted_on: date | None = None,
) -> JobOpening:
    if not title.strip():
        raise EditError("Skriv hvilket job det er.")
    opening = JobOpening(
        company_id=company_id,
        title=title.strip(),
        hours_per_week=hours_per_week,
        description=description.strip(),
        spotted_on=spotted_on or editor.today,
        status=OpeningStatus.OPEN,
        updated_by=editor.worker_id,
    )
    session.add(opening)
    _commit(session)
    return opening


def set_opening_status(session: Session, editor: Editor, opening_id: uuid.UUID, status: OpeningStatus) -> None:
    opening = session.get(JobOpening, opening_id)
    if opening is None:
        raise EditError("Jobåbningen findes ikke længere.")
    opening.status = status
    _stamp(opening, editor)
    _commit(session)


# --- the company view --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementAtCompany:
    placement: Placement
    citizen_id: uuid.UUID
    citizen_name: str
    caseworker: str
    goals: list[str]
    flags: list[str]
    ordinary_history: list[float] = field(default_factory=list)  # ordinary hours per week over time


@dataclass(frozen=True)
class CompanyView:
    company: Company
    owner: str
    contacts: list[CompanyContact]
    current: list[PlacementAtCompany]
    past: list[PlacementAtCompany]
    follow_ups: list[tuple[FollowUp, str, str]]  # follow-up, citizen name ("" for the company), worker initials
    agreements: list[AgreementLine]
    log: list[tuple[CompanyContactLog, str, str]]  # entry, worker initials, contact name
    openings: list[JobOpening]
    last_contact: date | None
    flags: list[str]
    log_citizens: dict[uuid.UUID, str] = field(default_factory=dict)  # log entry id → the citizen it was for


def citizen_goal_titles(session: Session, citizen_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """ "C: Lagermedarbejder" per citizen, agreed and proposed goals, C first."""
    if not citizen_ids:
        return {}
    rows = session.exec(
        select(JobGoal.citizen_id, col(JobGoal.kind), JobGoal.title)
        .where(
            col(JobGoal.citizen_id).in_(citizen_ids),
            col(JobGoal.deleted_at).is_(None),
            col(JobGoal.status).in_((GoalStatus.AGREED, GoalStatus.PROPOSED)),
        )
        .order_by(col(JobGoal.kind).desc())
    ).all()
    goals: dict[uuid.UUID, list[str]] = {}
    for citizen_id, kind, title in rows:
        goals.setdefault(citizen_id, []).append(f"{kind.value}: {title}")
    return goals


def placement_flags(
    session: Session, placements: list[Placement], today: date, flags: FlagSettings
) -> dict[uuid.UUID, list[str]]:
    """Per placement: zero ordinary hours after N months, a running placement past its planned end,
    and a repeated praktik at the company; each flag names its rule."""
    out: dict[uuid.UUID, list[str]] = {p.id: [] for p in placements}
    earlier = set()
    pairs = {(p.citizen_id, p.company_id) for p in placements if p.kind is PlacementKind.INTERNSHIP}
    if pairs:
        rows = session.exec(
            select(
                col(Placement.id), col(Placement.citizen_id), col(Placement.company_id), col(Placement.start_on)
            ).where(
                Placement.kind == PlacementKind.INTERNSHIP,
                col(Placement.deleted_at).is_(None),
                col(Placement.citizen_id).in_({c for c, _ in pairs}),
            )
        ).all()
        for p in placements:
            if p.kind is PlacementKind.INTERNSHIP and any(
                cid == p.citizen_id and comp == p.company_id and start < p.start_on and pid != p.id
                for pid, cid, comp, start in rows
            ):
                earlier.add(p.id)
    for p in placements:
        if p.status is PlacementStatus.ACTIVE and zero_ordinary_hours(
            p.kind, p.start_on, p.ordinary_hours_per_week, today, flags.zero_ordinary_months
        ):
            out[p.id].append(
                flag_text(
                    f"{RENEGOTIATE}: ingen ordinære timer efter {flags.zero_ordinary_months} måneder",
                    ZERO_ORDINARY_HOURS,
                )
            )
        if p.status is PlacementStatus.ACTIVE and past_planned_end(
            p.planned_end_on, today, WarningLimits(past_end_days=flags.past_end_days)
        ):
            out[p.id].append(flag_text(f"I gang efter planlagt slut {format_date(p.planned_end_on)}", PAST_PLANNED_END))
        if p.id in earlier and flags.repeat_internship:
            out[p.id].append(flag_text("Gentaget praktik i samme virksomhed", REPEATED_INTERNSHIP))
    return out


def _at_company(
    session: Session, rows: Sequence[tuple[Placement, str, str, str | None]], today: date, flags: FlagSettings
) -> list[PlacementAtCompany]:
    placements = [p for p, *_ in rows]
    goals = citizen_goal_titles(session, [p.citizen_id for p in placements])
    found = placement_flags(session, placements, today, flags)
    history: dict[uuid.UUID, list[float]] = {}
    if placements:
        for placement_id, ordinary in session.exec(
            select(PlacementHours.placement_id, PlacementHours.ordinary_hours_per_week)
            .where(
                col(PlacementHours.placement_id).in_([p.id for p in placements]),
                col(PlacementHours.deleted_at).is_(None),
            )
            .order_by(col(PlacementHours.effective_on))
        ).all():
            history.setdefault(placement_id, []).append(ordinary)
    return [
        PlacementAtCompany(
            p,
            p.citizen_id,
            f"{first} {last}",
            ini or "",
            goals.get(p.citizen_id, []),
            found.get(p.id, []),
            history.get(p.id, []),
        )
        for p, first, last, ini in rows
    ]


def company_view(
    session: Session, company_id: uuid.UUID, today: date, flags: FlagSettings = DEFAULT_FLAGS
) -> CompanyView | None:
    company = session.get(Company, company_id)
    if company is None or company.deleted_at is not None:
        return None
    owner = session.get(Worker, company.owner_id) if company.owner_id else None
    contacts = session.exec(
        select(CompanyContact)
        .where(CompanyContact.company_id == company_id, col(CompanyContact.deleted_at).is_(None))
        .order_by(CompanyContact.name)
    ).all()
    rows = session.exec(
        select(Placement, Citizen.first_name, Citizen.last_name, Worker.initials)
        .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
        .outerjoin(Worker, col(Worker.id) == col(Citizen.caseworker_id))
        .where(Placement.company_id == company_id, col(Placement.deleted_at).is_(None))
        .order_by(col(Placement.start_on).desc())
    ).all()
    placed = _at_company(session, rows, today, flags)
    current = [p for p in placed if p.placement.status is not PlacementStatus.ENDED]
    past = [p for p in placed if p.placement.status is PlacementStatus.ENDED]
    citizen_ids = [p.citizen_id for p in current]
    follow_ups = session.exec(
        select(FollowUp, Citizen.first_name, Citizen.last_name, Worker.initials)
        .outerjoin(Citizen, col(Citizen.id) == col(FollowUp.citizen_id))
        .join(Worker, col(Worker.id) == col(FollowUp.worker_id))
        .where(
            FollowUp.status == FollowUpStatus.PLANNED,
            col(FollowUp.deleted_at).is_(None),
            sa.or_(
                col(FollowUp.company_id) == company_id,
                sa.and_(
                    col(FollowUp.citizen_id).in_(citizen_ids),
                    col(FollowUp.kind).in_((FollowUpKind.PLACEMENT_FOLLOW_UP, FollowUpKind.THREE_PARTY)),
                ),
            ),
        )
        .order_by(col(FollowUp.due_on))
    ).all()
    agreements = _agreement_lines(
        session.execute(
            _agreement_query()
            .where(
                col(Agreement.done_on).is_(None),
                sa.or_(
                    col(Agreement.company_id) == company_id,
                    col(Agreement.citizen_id).in_(citizen_ids) if citizen_ids else sa.false(),
                ),
            )
            .order_by(col(Agreement.deadline).is_(None), col(Agreement.deadline))
        ).all()
    )
    log = session.exec(
        select(CompanyContactLog, Worker.initials, CompanyContact.name)
        .outerjoin(Worker, col(Worker.id) == col(CompanyContactLog.worker_id))
        .outerjoin(CompanyContact, col(CompanyContact.id) == col(CompanyContactLog.contact_id))
        .where(CompanyContactLog.company_id == company_id, col(CompanyContactLog.deleted_at).is_(None))
        .order_by(col(CompanyContactLog.contacted_on).desc())
    ).all()
    openings = session.exec(
        select(JobOpening)
        .where(JobOpening.company_id == company_id, col(JobOpening.deleted_at).is_(None))
        .order_by(JobOpening.status, col(JobOpening.spotted_on).desc())
    ).all()
    last_contact = _as_date(session.exec(select(last_contact_sql(sa.literal(company_id, sa.Uuid())))).one())
    company_flags = []
    if company.renegotiate:
        company_flags.append(
            flag_text(
                "Gammel aftale skal genforhandles"
                + (f": {company.standing_agreement}" if company.standing_agreement else ""),
                OLD_AGREEMENT,
            )
        )
    active = [p for p in current if p.placement.status is PlacementStatus.ACTIVE]
    if active and company_silent(last_contact, today, flags.company_contact_days):
        since = f"siden {format_date(last_contact)}" if last_contact else "endnu"
        company_flags.append(
            flag_text(
                f"Borgere i forløb, men ingen kontakt {since} (over {flags.company_contact_days} dage)",
                COMPANY_CONTACT,
            )
        )
    zero = sum(1 for p in active if any(f.startswith(RENEGOTIATE) for f in p.flags))
    if zero:
        company_flags.append(
            flag_text(
                f"{zero} forløb uden ordinære timer efter {flags.zero_ordinary_months} måneder – {RENEGOTIATE.lower()}",
                ZERO_ORDINARY_HOURS,
            )
        )
    return CompanyView(
        company=company,
        owner=f"{owner.name} ({owner.initials})" if owner else "",
        contacts=list(contacts),
        current=current,
        past=past,
        follow_ups=[(fu, f"{first} {last_name}" if first else "", ini) for fu, first, last_name, ini in follow_ups],
        agreements=agreements,
        log=[(entry, ini or "", name or "") for entry, ini, name in log],
        openings=list(openings),
        last_contact=last_contact,
        flags=company_flags,
        log_citizens=_log_citizens(session, [entry for entry, _, _ in log]),
    )


def _log_citizens(session: Session, entries: Sequence[CompanyContactLog]) -> dict[uuid.UUID, str]:
    """The names of the citizens logged contacts were for, by entry."""
    ids = {entry.citizen_id for entry in entries if entry.citizen_id is not None}
    if not ids:
        return {}
    names = {
        citizen_id: f"{first} {last}"
        for citizen_id, first, last in session.exec(
            select(Citizen.id, Citizen.first_name, Citizen.last_name).where(col(Citizen.id).in_(ids))
        ).all()
    }
    return {entry.id: names.get(entry.citizen_id, "") for entry in entries if entry.citizen_id is not None}
