"""The team board's query against the demo: who is on it (domain/team_board.on_board), the
openings beside them, the matching's proposals, the views logged, and a decision stored as an
agreement in the citizen's file."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from stvdesk.clock import local_date
from stvdesk.db.models import Agreement, AuditEvent, Citizen, Company, JobOpening, Placement, Team, Worker
from stvdesk.db.queries.caseload_list import Viewer
from stvdesk.db.queries.citizen_file import citizen_file
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.matching import companies_for_citizen
from stvdesk.db.queries.meetings import my_agreements
from stvdesk.db.queries.team_board import PROPOSALS, VIEWED, board_viewed, record_decision, team_board
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import (
    AuditAction,
    OpeningStatus,
    PlacementKind,
    PlacementStatus,
    Readiness,
    Role,
    StepOwner,
    TargetGroup,
)
from stvdesk.domain.team_board import on_board
from tests.conftest import TODAY


def _viewer(session: Session, initials: str) -> Viewer:
    worker = find_worker(session, initials)
    assert worker is not None
    return Viewer(worker.id, worker.role, worker.team_id)


def _expected(session: Session, team_id: uuid.UUID) -> set[uuid.UUID]:
    """The board by the domain's rule, citizen by citizen."""
    members = set(session.exec(select(Worker.id).where(Worker.team_id == team_id)).all())
    statuses: dict[uuid.UUID, list[PlacementStatus]] = {}
    for citizen_id, status in session.exec(
        select(Placement.citizen_id, Placement.status).where(col(Placement.deleted_at).is_(None))
    ).all():
        statuses.setdefault(citizen_id, []).append(status)
    return {
        c.id
        for c in session.exec(select(Citizen).where(col(Citizen.deleted_at).is_(None))).all()
        if c.caseworker_id in members and on_board(c.readiness, c.closed_on is not None, statuses.get(c.id, []))
    }


def test_the_board_holds_the_ready_citizens_without_a_match_and_the_open_openings(demo_engine) -> None:
    with Session(demo_engine) as session:
        viewer = _viewer(session, "KB")
        assert viewer.team_id is not None
        board = team_board(session, viewer, TODAY)
        shown = {c.citizen_id for c in board.citizens}
        assert shown == _expected(session, viewer.team_id)
        assert len(shown) == len(board.citizens) > 20  # the demo holds a real board, each once
        assert {c.readiness for c in board.citizens} == {Readiness.READY, Readiness.CLOSE}
        # Grouped by industry; the citizens without one last.
        industries = [g.industry for g in board.groups]
        named = [i for i in industries if i]
        assert named == sorted(named, key=str.casefold) and industries[len(named) :] in ([], [""])
        assert all(c.industry == g.industry for g in board.groups for c in g.citizens)
        # The openings: every open one at the team's companies, and only those.
        members = select(Worker.id).where(Worker.team_id == viewer.team_id)
        open_ids = set(
            session.exec(
                select(JobOpening.id)
                .join(Company, col(Company.id) == col(JobOpening.company_id))
                .where(JobOpening.status == OpeningStatus.OPEN, col(Company.owner_id).in_(members))
            ).all()
        )
        assert {o.opening_id for o in board.openings} == open_ids and len(open_ids) > 5
        assert len({o.industry for o in board.openings}) > 3  # openings in several industries
        assert board.companies == len({o.company_id for o in board.openings})
        assert {w.role for w in board.workers} == {Role.S, Role.VK}

        # A planned placement is a match: the citizen leaves the board; ended, the citizen is back.
        chosen = board.citizens[0]
        company_id = session.exec(select(Company.id)).first()
        placement = Placement(
            citizen_id=chosen.citizen_id,
            company_id=company_id,
            kind=PlacementKind.INTERNSHIP,
            start_on=TODAY + timedelta(days=7),
            status=PlacementStatus.PLANNED,
        )
        session.add(placement)
        far = session.get(Citizen, board.citizens[1].citizen_id)
        assert far is not None
        far.readiness = Readiness.FAR
        filled = session.get(JobOpening, board.openings[0].opening_id)
        assert filled is not None
        filled.status = OpeningStatus.FILLED
        session.commit()
        after = team_board(session, viewer, TODAY)
        left = {chosen.citizen_id, far.id}
        assert {c.citizen_id for c in after.citizens} == shown - left
        assert filled.id not in {o.opening_id for o in after.openings}
        placement.status, placement.ended_on = PlacementStatus.ENDED, TODAY
        session.commit()
        assert chosen.citizen_id in {c.citizen_id for c in team_board(session, viewer, TODAY).citizens}

        # Another team's ready citizen is not on this board, and a worker without a team has none.
        team = Team(name="Team Øst")
        session.add(team)
        session.flush()
        other = Worker(initials="ØS", name="Øst Sagsbehandler", role=Role.S, team_id=team.id)
        session.add(other)
        session.flush()
        stranger = Citizen(
            cpr="0101901234",
            first_name="Fremmed",
            last_name="Borger",
            birth_date=date(1990, 1, 1),
            target_group=TargetGroup.CASH_BENEFIT,
            readiness=Readiness.READY,
            caseworker_id=other.id,
            opened_on=TODAY,
        )
        session.add(stranger)
        session.commit()
        assert stranger.id not in {c.citizen_id for c in team_board(session, viewer, TODAY).citizens}
        theirs = team_board(session, Viewer(other.id, Role.S, team.id), TODAY)
        assert [c.citizen_id for c in theirs.citizens] == [stranger.id] and not theirs.openings
        assert not team_board(session, Viewer(other.id, Role.S, None), TODAY).groups


def test_proposals_are_the_matchings_with_their_reasons(demo_db) -> None:
    from stvdesk.db.engine import make_engine, sqlite_url

    engine = make_engine(sqlite_url(demo_db))
    with Session(engine) as session:
        viewer = _viewer(session, "KB")
        board = team_board(session, viewer, TODAY)
        with_proposals = [c for c in board.citizens if c.proposals]
        assert with_proposals and any(not c.proposals for c in board.citizens)
        for citizen in with_proposals[:5]:
            matched = companies_for_citizen(session, citizen.citizen_id, viewer.worker_id, limit=PROPOSALS)
            assert [(p.company_id, p.score, p.reasons) for p in citizen.proposals] == [
                (m.company_id, m.match.score, tuple(m.match.reasons)) for m in matched
            ]
            assert citizen.industry == citizen.proposals[0].industry
    engine.dispose()


def test_a_decision_is_an_agreement_with_owner_and_deadline_in_the_citizens_file(demo_engine) -> None:
    with Session(demo_engine) as session:
        viewer = _viewer(session, "KB")
        board = team_board(session, viewer, TODAY)
        citizen = next(c for c in board.citizens if c.proposals)
        vk = next(w for w in board.workers if w.role is Role.VK)
        editor = Editor(viewer.worker_id, TODAY)
        deadline = TODAY + timedelta(days=14)

        def decide(**changes: Any) -> Agreement:
            values: dict[str, Any] = {
                "text": "VK ringer til virksomheden om praktik",
                "owner_id": vk.id,
                "deadline": deadline,
                "company_id": citizen.proposals[0].company_id,
            }
            values.update(changes)
            return record_decision(session, editor, viewer, citizen.citizen_id, **values)

        for refused in (
            {"text": "  "},
            {"deadline": None},
            {"deadline": TODAY - timedelta(days=1)},
            {"owner_id": uuid.uuid4()},
        ):
            with pytest.raises(EditError):
                decide(**refused)
        leader = session.exec(select(Worker).where(Worker.role == Role.LEADER)).first()
        assert leader is not None
        with pytest.raises(EditError, match="sagsbehandler eller virksomhedskonsulent"):
            decide(owner_id=leader.id)
        with pytest.raises(EditError, match="åben sag i dit team"):
            outside = Viewer(viewer.worker_id, viewer.role, None)
            record_decision(session, editor, outside, citizen.citizen_id, text="x", owner_id=vk.id, deadline=deadline)

        agreement = decide()
        file = citizen_file(session, citizen.citizen_id, TODAY)
        assert file is not None
        line = next(line for line in file.agreements if line.agreement.id == agreement.id)
        assert line.agreement.text == "VK ringer til virksomheden om praktik"
        assert line.agreement.owner is StepOwner.VK and line.agreement.owner_worker_id == vk.id
        assert line.agreement.deadline == deadline and line.agreement.done_on is None
        assert line.agreement.meeting_id is None and line.agreement.company_id == citizen.proposals[0].company_id
        # "Fra mødet" in the file: decided on the board, on the day it was stored.
        assert line.source == f"Tavlemøde {format_date(local_date(agreement.created_at))}"
        # The owner sees it among their agreements once it is due this week.
        assert any(a.agreement.id == agreement.id for a in my_agreements(session, vk.id, deadline))
        history = session.exec(
            select(AuditEvent).where(
                AuditEvent.citizen_id == citizen.citizen_id, AuditEvent.action == AuditAction.CHANGE
            )
        ).all()
        assert any(e.criterion.startswith("Aftale fra teamtavlen") for e in history)


def test_each_citizen_seen_on_the_board_is_logged(demo_engine) -> None:
    with Session(demo_engine) as session:
        viewer = _viewer(session, "KB")
        board = team_board(session, viewer, TODAY)
        ids = [c.citizen_id for c in board.citizens]
        assert board_viewed(session, viewer.worker_id, ids) == len(ids)
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == AuditAction.VIEW, AuditEvent.criterion == VIEWED)
        ).all()
        assert sorted(str(e.citizen_id) for e in events) == sorted(str(i) for i in ids)
        assert {e.worker_id for e in events} == {viewer.worker_id}
