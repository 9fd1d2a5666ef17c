"""Min dag's queries against the demo database, checked against a plain recount."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from stvdesk.db.models import Citizen, CvStatus, FollowUp, JobGoal, Placement, PlanStep
from stvdesk.db.queries.citizen_file import citizen_file
from stvdesk.db.queries.followups import FollowUpError, mark_held
from stvdesk.db.queries.today import day_overview
from stvdesk.db.queries.workers import default_worker, find_worker
from stvdesk.domain.agenda import Bucket
from stvdesk.domain.enums import CvState, FollowUpStatus, GoalStatus, PlacementStatus
from tests.conftest import TODAY


def test_find_worker_is_case_insensitive(demo_engine) -> None:
    with Session(demo_engine) as session:
        assert find_worker(session, "kb").name == "Karen Bach"
        assert find_worker(session, "ZZ") is None
        assert default_worker(session).role.value == "S"


def test_agenda_is_sorted_and_bucketed(demo_engine) -> None:
    with Session(demo_engine) as session:
        worker = find_worker(session, "KB")
        overview = day_overview(session, worker, TODAY)
    dues = [line.due_on for line in overview.lines]
    assert dues == sorted(dues)
    assert overview.in_bucket(Bucket.OVERDUE) and overview.in_bucket(Bucket.TODAY)
    assert all(line.due_on <= TODAY + timedelta(days=12) for line in overview.lines)
    assert not overview.in_bucket(Bucket.LATER)


def test_gaps_match_a_plain_recount(demo_engine) -> None:
    with Session(demo_engine) as session:
        worker = find_worker(session, "KB")
        gaps = day_overview(session, worker, TODAY).gaps
        citizens = session.exec(
            select(Citizen).where(Citizen.caseworker_id == worker.id, Citizen.closed_on.is_(None))
        ).all()
        ids = {c.id for c in citizens}
        with_cv = {c.citizen_id for c in session.exec(select(CvStatus)) if c.jobnet_state is not CvState.MISSING}
        with_abc = {
            g.citizen_id for g in session.exec(select(JobGoal)) if g.status in (GoalStatus.AGREED, GoalStatus.ACHIEVED)
        }
        with_step = {s.citizen_id for s in session.exec(select(PlanStep)) if s.agreed_on and not s.done_on}
        placed = {p.citizen_id for p in session.exec(select(Placement)) if p.status is PlacementStatus.ACTIVE}
        held = [f for f in session.exec(select(FollowUp)) if f.status is FollowUpStatus.HELD]
        recent = {f.citizen_id for f in held if f.held_on >= TODAY - timedelta(days=31)}
        six_weeks = {f.citizen_id for f in held if f.held_on >= TODAY - timedelta(days=42)}
        waiting = {
            c.id
            for c in citizens
            if c.vk_requested_on and not c.first_vk_meeting_on and c.vk_requested_on < TODAY - timedelta(days=14)
        }
    assert gaps.caseload == len(ids)
    assert gaps.without_cv == len(ids - with_cv)
    assert gaps.without_abc == len(ids - with_abc)
    assert gaps.without_sub_goals == len(ids - with_step)
    assert gaps.placement_without_follow_up == len((ids & placed) - recent)
    assert gaps.placement_without_follow_up > 0
    assert gaps.without_contact_6_weeks == len(ids - six_weeks) > 0
    assert gaps.waiting_for_vk == len(waiting) > 0


def test_mark_held_stores_and_refuses_twice(demo_engine) -> None:
    with Session(demo_engine) as session:
        worker = find_worker(session, "KB")
        line = day_overview(session, worker, TODAY).in_bucket(Bucket.OVERDUE)[0]
        mark_held(session, line.follow_up_id, held_on=TODAY, by_worker=worker.id, note="Talt om timer")
    with Session(demo_engine) as session:
        stored = session.get(FollowUp, line.follow_up_id)
        assert stored.status is FollowUpStatus.HELD and stored.held_on == TODAY
        assert stored.note == "Talt om timer" and stored.updated_by == worker.id
        with pytest.raises(FollowUpError, match="allerede afholdt"):
            mark_held(session, line.follow_up_id, held_on=TODAY, by_worker=worker.id)


def test_citizen_file(demo_engine) -> None:
    with Session(demo_engine) as session:
        worker = find_worker(session, "KB")
        line = day_overview(session, worker, TODAY).lines[0]
        file = citizen_file(session, line.citizen_id, TODAY)
    assert file.citizen.full_name == line.citizen_name
    assert file.caseworker == "Karen Bach"
    assert file.follow_ups and file.age >= 18 and file.derived.why
