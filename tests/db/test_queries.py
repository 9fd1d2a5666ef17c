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
from stvdesk.domain.enums import ContactForm, CvState, FollowUpKind, FollowUpStatus, GoalStatus, PlacementStatus
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
    """A CV counts when it is done or visible, as Styring counts it (000, 4.3: "Hvor mange borgere
    har et CV"); the monthly placement follow-up is a praktikopfølgning at the workplace (000, 4.6:
    "Praktikopfølgninger hver måned"), counted from the placement's start; a running placement past
    its planned end is counted (DESIGN: flagged)."""
    with Session(demo_engine) as session:
        worker = find_worker(session, "KB")
        gaps = day_overview(session, worker, TODAY).gaps
        citizens = session.exec(
            select(Citizen).where(Citizen.caseworker_id == worker.id, Citizen.closed_on.is_(None))
        ).all()
        ids = {c.id for c in citizens}
        with_cv = {
            c.citizen_id for c in session.exec(select(CvStatus)) if c.jobnet_state in (CvState.DONE, CvState.VISIBLE)
        }
        with_abc = {
            g.citizen_id for g in session.exec(select(JobGoal)) if g.status in (GoalStatus.AGREED, GoalStatus.ACHIEVED)
        }
        with_step = {s.citizen_id for s in session.exec(select(PlanStep)) if s.agreed_on and not s.done_on}
        running = [p for p in session.exec(select(Placement)) if p.status is PlacementStatus.ACTIVE]
        held = [f for f in session.exec(select(FollowUp)) if f.status is FollowUpStatus.HELD]
        limit = TODAY - timedelta(days=31)
        at_workplace = {
            f.citizen_id
            for f in held
            if f.kind is FollowUpKind.PLACEMENT_FOLLOW_UP
            and f.form not in (ContactForm.PHONE, ContactForm.VIDEO)
            and f.held_on >= limit
        }
        unfollowed = {p.citizen_id for p in running if p.start_on < limit and p.citizen_id not in at_workplace}
        past_end = {p.citizen_id for p in running if p.planned_end_on and p.planned_end_on < TODAY}
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
    assert gaps.placement_without_follow_up == len(ids & unfollowed) > 0
    assert gaps.past_planned_end == len(ids & past_end) > 0
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


def test_moving_a_placements_start_moves_its_hours_and_keeps_its_length(demo_engine) -> None:
    from stvdesk.db.models import PlacementHours
    from stvdesk.db.queries.edits import EditError, Editor, add_placement, change_placement_hours, update_placement
    from stvdesk.domain.cadence import first_placement_follow_up
    from stvdesk.domain.enums import PlacementKind

    with Session(demo_engine) as session:
        worker = find_worker(session, "KB")
        editor = Editor(worker.id, TODAY)
        citizen_id, company_id = session.exec(select(Placement.citizen_id, Placement.company_id)).first()
        start, end = TODAY + timedelta(days=7), TODAY + timedelta(days=7 + 91)
        first = first_placement_follow_up(PlacementKind.INTERNSHIP, start, end, TODAY)
        placement = add_placement(
            session,
            editor,
            citizen_id,
            company_id=company_id,
            kind=PlacementKind.INTERNSHIP,
            purpose="Afklaring",
            tasks="Lager",
            hours_per_week=15,
            ordinary_hours_per_week=0,
            start_on=start,
            planned_end_on=end,
            first_follow_up=first,
        )
        planned = session.exec(select(FollowUp).where(FollowUp.placement_id == placement.id)).one()
        assert planned.due_on == first.due and planned.status is FollowUpStatus.PLANNED
        assert planned.worker_id == session.get(Citizen, citizen_id).caseworker_id
        moved = update_placement(
            session, editor, placement.id, purpose="Afklaring", tasks="Lager", start_on=TODAY, planned_end_on=end
        )
        assert moved == end - timedelta(days=7)
        stored = session.get(Placement, placement.id)
        assert stored.start_on == TODAY and stored.planned_end_on == moved
        assert stored.status is PlacementStatus.ACTIVE  # it starts today now
        hours = session.exec(select(PlacementHours).where(PlacementHours.placement_id == placement.id)).one()
        assert hours.effective_on == TODAY
        # a start after a later change of hours would put that change before the placement began
        change_placement_hours(
            session,
            editor,
            placement.id,
            hours_per_week=20,
            ordinary_hours_per_week=0,
            effective_on=TODAY + timedelta(days=3),
        )
        with pytest.raises(EditError, match="Timerne er ændret fra"):
            update_placement(
                session,
                editor,
                placement.id,
                purpose="Afklaring",
                tasks="Lager",
                start_on=TODAY + timedelta(days=5),
                planned_end_on=moved,
            )
        session.rollback()
        typed = TODAY + timedelta(days=60)  # the worker's own end stands
        assert (
            update_placement(
                session,
                editor,
                placement.id,
                purpose="Afklaring",
                tasks="Lager",
                start_on=TODAY + timedelta(days=1),
                planned_end_on=typed,
            )
            is None
        )
        assert session.get(Placement, placement.id).planned_end_on == typed
