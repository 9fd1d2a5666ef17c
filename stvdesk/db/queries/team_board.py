"""The team board for the fortnightly cross-team meeting of caseworkers (S) and company
consultants (VK) (000, 4.1 and 4.4): the team's citizens who are ready or nearly ready and have
no match, beside the team's open job openings, grouped by industry, with the matching's
proposals and their reasons; and a decision taken there stored as an agreement.

- **Whose citizens**: the open cases whose caseworker is in the viewer's team, as the
  Sagsstamme's "Teamets borgere" lists them (`caseload_condition` with the team); a worker
  without a team has an empty board. Opening a file from the board goes through the desk's
  `open_citizen`, which asks a purpose outside the worker's own reach.
- **Without a match** (domain/team_board.on_board): readiness klar or tæt på, and no placement
  that is planned or running (status PLANNED or ACTIVE, not deleted). An ended placement is no
  match; a planned one is (the company is found).
- **Companies asking for people**: the model has no field for a company's wish or capacity
  (Company holds industry and a standing agreement; the contact log free text), so a company
  asks for people by an open job opening (`JobOpening` with status OPEN), even of a few hours
  (000, 4.6). Each opening is shown with the company's latest contact-log line, the
  consultant's word on it. The team's companies are those whose responsible consultant is in
  the team, as the matching takes them.
- **Proposals**: domain/matching.score_company over the team's companies, the same scoring and
  reasons as the file's "matching companies" (db/queries/matching.companies_for_citizen),
  best `PROPOSALS` per citizen.
- **A decision** becomes an `Agreement` on the citizen with an owner (an S or VK of the team),
  a deadline and, where it is about one, the company. It belongs to no `Meeting`: the citizen
  was not at the board meeting, and a meeting row in the file would claim a conversation run
  from a dialogue guide that never took place. The file's agreements (Møder) list every
  agreement on the citizen, the owner's "Mine aftaler" on Min dag lists it, and the history
  line says it came from the team board.
- **Access log**: the board shows names and goals of citizens outside the worker's own
  caseload, so each citizen shown is a VIEW event (`board_viewed`), written in the read that
  shows them; a board whose events the log refuses is not shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from stvdesk.db.audit import log_citizens_out
from stvdesk.db.models import Agreement, Citizen, Company, CompanyContactLog, JobOpening, Placement, Team, Worker
from stvdesk.db.queries.caseload import caseload_condition
from stvdesk.db.queries.caseload_list import Viewer
from stvdesk.db.queries.edits import EditError, Editor, _commit
from stvdesk.db.queries.matching import _company_history, _goals
from stvdesk.domain.enums import AuditAction, OpeningStatus, Readiness, Role
from stvdesk.domain.matching import AbcSettings, CompanyFacts, Goal, score_company
from stvdesk.domain.meetings import agreement_problems
from stvdesk.domain.team_board import BOARD_READINESS, MATCHED, board_industry, industry_key, owner_for
from stvdesk.settings import settings_in_force

#: proposals shown per citizen
PROPOSALS = 3
#: what the access log says of a citizen seen on the board
VIEWED = "Teamtavlen"


@dataclass(frozen=True)
class BoardProposal:
    company_id: uuid.UUID
    company: str
    industry: str
    owner: str  # the responsible VK's initials
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class BoardCitizen:
    citizen_id: uuid.UUID
    cpr: str
    first_name: str
    last_name: str
    readiness: Readiness
    caseworker_id: uuid.UUID | None
    caseworker: str  # initials
    consultant_id: uuid.UUID | None
    consultant: str
    industry: str  # "" when none was found
    goals: tuple[Goal, ...]
    proposals: tuple[BoardProposal, ...]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class BoardOpening:
    opening_id: uuid.UUID
    company_id: uuid.UUID
    company: str
    industry: str
    title: str
    hours_per_week: float
    spotted_on: date
    owner: str  # the responsible VK's initials
    last_contact_on: date | None
    last_outcome: str


@dataclass(frozen=True)
class IndustryGroup:
    industry: str  # "" : the citizens no industry was found for
    citizens: tuple[BoardCitizen, ...]
    openings: tuple[BoardOpening, ...]


@dataclass(frozen=True)
class BoardWorker:
    id: uuid.UUID
    initials: str
    name: str
    role: Role


@dataclass(frozen=True)
class TeamBoard:
    team_name: str
    today: date
    groups: tuple[IndustryGroup, ...] = ()
    workers: tuple[BoardWorker, ...] = ()  # the team's S and VK: who may own a decision

    @property
    def citizens(self) -> list[BoardCitizen]:
        return [c for g in self.groups for c in g.citizens]

    @property
    def openings(self) -> list[BoardOpening]:
        return [o for g in self.groups for o in g.openings]

    @property
    def companies(self) -> int:
        """Companies asking for people: those with an open opening on the board."""
        return len({o.company_id for o in self.openings})


@dataclass
class _Group:
    industry: str
    citizens: list[BoardCitizen] = field(default_factory=list)
    openings: list[BoardOpening] = field(default_factory=list)


def without_match() -> sa.ColumnElement[bool]:
    """SQL for domain/team_board.on_board, less the case being open: readiness klar or tæt på
    and no planned or running placement."""
    return sa.and_(
        col(Citizen.readiness).in_(BOARD_READINESS),
        ~sa.exists().where(
            col(Placement.citizen_id) == col(Citizen.id),
            col(Placement.status).in_(MATCHED),
            col(Placement.deleted_at).is_(None),
        ),
    )


def team_board(session: Session, viewer: Viewer, today: date, abc: AbcSettings | None = None) -> TeamBoard:
    """The board of the viewer's team (see the module's docstring for who and what is on it).
    Groups are ordered by industry, the citizens without an industry last; citizens klar before
    tæt på, then by name; openings by company, newest first. `abc`: the goals' weights (None:
    the settings in force, rule abc.vaegte)."""
    abc = abc or settings_in_force().abc
    team_name = ""
    if viewer.team_id is not None:
        team_name = session.exec(select(Team.name).where(Team.id == viewer.team_id)).first() or ""
    if viewer.team_id is None:
        return TeamBoard(team_name, today)
    workers = session.exec(
        select(Worker).where(Worker.team_id == viewer.team_id, col(Worker.deleted_at).is_(None))
    ).all()
    initials = {w.id: w.initials for w in workers}
    team_members = [w.id for w in workers]

    citizens = session.execute(
        sa.select(  # sa.select: SQLModel's select() is typed for at most four columns
            col(Citizen.id),
            col(Citizen.cpr),
            col(Citizen.first_name),
            col(Citizen.last_name),
            col(Citizen.readiness),
            col(Citizen.caseworker_id),
            col(Citizen.consultant_id),
        ).where(caseload_condition(viewer.worker_id, Role.LEADER, viewer.team_id), without_match())
    ).all()
    citizen_ids = [row[0] for row in citizens]
    goals = _goals(session, citizen_ids)

    companies = session.execute(
        sa.select(
            col(Company.id), col(Company.name), col(Company.industry), col(Company.owner_id), col(Company.renegotiate)
        ).where(col(Company.deleted_at).is_(None), col(Company.owner_id).in_(team_members))
    ).all()
    company_ids = [row[0] for row in companies]
    by_company = {row[0]: row for row in companies}
    opening_rows = session.exec(
        select(JobOpening)
        .where(
            col(JobOpening.company_id).in_(company_ids),
            JobOpening.status == OpeningStatus.OPEN,
            col(JobOpening.deleted_at).is_(None),
        )
        .order_by(col(JobOpening.spotted_on).desc())
    ).all()
    open_titles: dict[uuid.UUID, list[tuple[str, float]]] = {}
    for opening in opening_rows:
        open_titles.setdefault(opening.company_id, []).append((opening.title, opening.hours_per_week))
    hosted, paid = _company_history(session, company_ids)
    been = {
        (citizen_id, company_id)
        for citizen_id, company_id in session.exec(
            select(Placement.citizen_id, Placement.company_id).where(
                col(Placement.citizen_id).in_(citizen_ids), col(Placement.deleted_at).is_(None)
            )
        ).all()
    }
    facts = {
        company_id: CompanyFacts(
            industry=industry,
            open_openings=tuple(open_titles.get(company_id, ())),
            placements_hosted=hosted.get(company_id, 0),
            citizens_given_ordinary_hours=paid.get(company_id, 0),
            renegotiate=renegotiate,
        )
        for company_id, _name, industry, _owner, renegotiate in companies
    }
    known_industries = sorted({row[2] for row in companies if row[2]}, key=str.casefold)

    groups: dict[str, _Group] = {}

    def group_of(industry: str) -> _Group:
        return groups.setdefault(industry_key(industry), _Group(industry))

    for citizen_id, cpr, first, last, readiness, caseworker_id, consultant_id in citizens:
        own_goals = goals.get(citizen_id, ())
        proposals = []
        if own_goals:
            for company_id, company_facts in facts.items():
                if (citizen_id, company_id) in been:
                    company_facts = replace(company_facts, citizen_was_here=True)
                match = score_company(own_goals, company_facts, abc)
                if match is not None:
                    _cid, name, industry, owner_id, _renegotiate = by_company[company_id]
                    proposals.append(
                        BoardProposal(
                            company_id,
                            name,
                            industry,
                            initials.get(owner_id, "") if owner_id else "",
                            match.score,
                            tuple(match.reasons),
                        )
                    )
        proposals.sort(key=lambda p: (-p.score, p.company.casefold()))
        best = tuple(proposals[:PROPOSALS])
        industry = board_industry(own_goals, [p.industry for p in best], known_industries, abc)
        group_of(industry).citizens.append(
            BoardCitizen(
                citizen_id,
                cpr,
                first,
                last,
                readiness,
                caseworker_id,
                initials.get(caseworker_id, "") if caseworker_id else "",
                consultant_id,
                initials.get(consultant_id, "") if consultant_id else "",
                industry,
                own_goals,
                best,
            )
        )

    last_contact = _last_contacts(session, list(open_titles))
    for opening in opening_rows:
        _cid, name, industry, owner_id, _renegotiate = by_company[opening.company_id]
        contact_on, outcome = last_contact.get(opening.company_id, (None, ""))
        group_of(industry).openings.append(
            BoardOpening(
                opening.id,
                opening.company_id,
                name,
                industry,
                opening.title,
                opening.hours_per_week,
                opening.spotted_on,
                initials.get(owner_id, "") if owner_id else "",
                contact_on,
                outcome,
            )
        )

    readiness_order = list(Readiness)
    ordered = sorted(groups.values(), key=lambda g: (g.industry == "", g.industry.casefold()))
    return TeamBoard(
        team_name,
        today,
        tuple(
            IndustryGroup(
                g.industry,
                tuple(
                    sorted(
                        g.citizens,
                        key=lambda c: (readiness_order.index(c.readiness), c.last_name.casefold(), c.first_name),
                    )
                ),
                tuple(sorted(g.openings, key=lambda o: (o.company.casefold(), -o.spotted_on.toordinal()))),
            )
            for g in ordered
        ),
        tuple(
            BoardWorker(w.id, w.initials, w.name, w.role)
            for w in sorted(workers, key=lambda w: (w.role is not Role.S, w.initials))
            if w.role in (Role.S, Role.VK) and w.active
        ),
    )


def _last_contacts(session: Session, company_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[date, str]]:
    """Each company's latest contact-log line: its day and outcome."""
    rows = session.exec(
        select(col(CompanyContactLog.company_id), col(CompanyContactLog.contacted_on), col(CompanyContactLog.outcome))
        .where(col(CompanyContactLog.company_id).in_(company_ids), col(CompanyContactLog.deleted_at).is_(None))
        .order_by(col(CompanyContactLog.contacted_on).desc(), col(CompanyContactLog.created_at).desc())
    ).all()
    latest: dict[uuid.UUID, tuple[date, str]] = {}
    for company_id, on, outcome in rows:
        latest.setdefault(company_id, (on, outcome))
    return latest


def board_viewed(session: Session, worker_id: uuid.UUID, citizen_ids: Iterable[uuid.UUID]) -> int:
    """The citizens shown on the board, one VIEW event each, in one commit (the read that shows
    them writes these first). Returns the number of events."""
    return log_citizens_out(
        session, worker_id=worker_id, action=AuditAction.VIEW, citizen_ids=citizen_ids, criterion=VIEWED
    )


def record_decision(
    session: Session,
    editor: Editor,
    viewer: Viewer,
    citizen_id: uuid.UUID,
    *,
    text: str,
    owner_id: uuid.UUID,
    deadline: date | None,
    company_id: uuid.UUID | None = None,
) -> Agreement:
    """A decision of the board meeting, stored as an agreement on the citizen with its owner
    (an S or VK of the team), its deadline and, if given, the company it is about. The citizen
    must be one of the team's open cases; a refusal is an EditError in Danish."""
    problems = agreement_problems(text, deadline, editor.today)
    if deadline is None:
        problems.setdefault("deadline", "Skriv en frist.")
    if problems:
        raise EditError(" ".join(problems.values()))
    on_team = session.execute(
        sa.select(sa.literal(1)).where(
            col(Citizen.id) == citizen_id, caseload_condition(viewer.worker_id, Role.LEADER, viewer.team_id)
        )
    ).first()
    if on_team is None:
        raise EditError("Borgeren er ikke en åben sag i dit team.")
    owner = session.get(Worker, owner_id)
    owner_kind = owner_for(owner.role) if owner is not None else None
    if owner is None or owner.deleted_at is not None or owner.team_id != viewer.team_id or owner_kind is None:
        raise EditError("Den ansvarlige skal være en sagsbehandler eller virksomhedskonsulent i teamet.")
    if company_id is not None:
        company = session.get(Company, company_id)
        if company is None or company.deleted_at is not None:
            raise EditError("Virksomheden findes ikke længere.")
    agreement = Agreement(
        citizen_id=citizen_id,
        meeting_id=None,
        company_id=company_id,
        text=text.strip(),
        owner=owner_kind,
        owner_worker_id=owner.id,
        deadline=deadline,
        updated_by=editor.worker_id,
    )
    session.add(agreement)
    _commit(session, editor, citizen_id, f"Aftale fra teamtavlen ({owner.initials}): {agreement.text[:60]}")
    return agreement
