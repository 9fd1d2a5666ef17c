"""Ressourceforløb (000, 4.1): the dates on the case, the VK at the rehabilitation meeting, the wait."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from stvdesk.db.demo_file import DEMO_WORKER
from stvdesk.db.models import AuditEvent, Citizen, FollowUp
from stvdesk.db.queries.citizen_file import citizen_file
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.resource import REHAB_KIND, save_resource_dates
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.enums import TargetGroup
from stvdesk.domain.resource import REHAB_NOTE, rehab_meeting_to_plan, vk_wait_since, wait_days
from tests.conftest import TODAY

AWARD, REHAB = date(2026, 10, 1), date(2026, 12, 8)


def test_the_wait_for_a_vk_runs_from_the_award_in_a_ressourceforloeb() -> None:
    resource, other = TargetGroup.RESOURCE_COURSE, TargetGroup.CASH_BENEFIT
    assert vk_wait_since(resource, AWARD, None, None) == AWARD
    assert vk_wait_since(resource, AWARD, date(2026, 11, 1), None) == AWARD
    assert vk_wait_since(resource, date(2026, 11, 2), date(2026, 11, 1), None) == date(2026, 11, 1)
    assert vk_wait_since(resource, AWARD, None, date(2026, 10, 5)) is None
    assert vk_wait_since(other, AWARD, None, None) is None  # the award date belongs to a ressourceforløb
    assert vk_wait_since(other, None, date(2026, 11, 1), None) == date(2026, 11, 1)
    assert wait_days(AWARD, TODAY) == 54 and wait_days(None, TODAY) is None
    assert rehab_meeting_to_plan(resource, REHAB, True, False) == REHAB
    assert rehab_meeting_to_plan(resource, REHAB, False, False) is None
    assert rehab_meeting_to_plan(resource, REHAB, True, True) is None
    assert rehab_meeting_to_plan(other, REHAB, True, False) is None


def test_setting_the_rehab_date_plans_the_vks_follow_up_once_and_the_file_shows_the_wait(demo_engine) -> None:
    with Session(demo_engine) as session:
        worker = find_worker(session, DEMO_WORKER)
        assert worker is not None
        citizen = session.exec(
            select(Citizen).where(
                Citizen.target_group == TargetGroup.RESOURCE_COURSE,
                col(Citizen.consultant_id).is_not(None),
                col(Citizen.closed_on).is_(None),
            )
        ).first()
        assert citizen is not None
        citizen.first_vk_meeting_on = citizen.vk_requested_on = None  # not met a VK yet
        session.add(citizen)
        session.commit()
        citizen_id, consultant = citizen.id, citizen.consultant_id
        editor = Editor(worker.id, TODAY, "pc")
        with pytest.raises(EditError):
            save_resource_dates(session, editor, citizen_id, awarded_on=REHAB, rehab_plan_on=AWARD)
        assert save_resource_dates(session, editor, citizen_id, awarded_on=AWARD, rehab_plan_on=REHAB) == REHAB
        # Saved again: the meeting is planned already, nothing new.
        assert save_resource_dates(session, editor, citizen_id, awarded_on=AWARD, rehab_plan_on=REHAB) is None
        planned = session.exec(
            select(FollowUp).where(FollowUp.citizen_id == citizen_id, FollowUp.due_on == REHAB)
        ).all()
        assert [(f.worker_id, f.kind, f.note) for f in planned] == [(consultant, REHAB_KIND, REHAB_NOTE)]
        stored = session.get(Citizen, citizen_id)
        assert stored is not None and (stored.resource_awarded_on, stored.rehab_plan_on) == (AWARD, REHAB)
        logged = [e.criterion for e in session.exec(select(AuditEvent).where(AuditEvent.citizen_id == citizen_id))]
        assert any(REHAB_NOTE in text for text in logged)
        # The file's "before a placement" names the wait from the award.
        f = citizen_file(session, citizen_id, TODAY)
        assert f is not None
        assert "Venter på første møde med VK siden 01-10-2026" in f.todo_before_placement


def test_the_sql_twin_of_the_wait_agrees_with_the_rule(demo_engine) -> None:
    from datetime import timedelta

    from stvdesk.db.queries.resource import vk_waits

    with Session(demo_engine) as session:
        citizens = session.exec(select(Citizen).order_by(Citizen.id).limit(40)).all()
        # Every case of the rule: awarded before or after the request, no request, met a VK.
        for n, c in enumerate(citizens):
            c.target_group = TargetGroup.RESOURCE_COURSE if n % 2 else TargetGroup.CASH_BENEFIT
            c.resource_awarded_on = AWARD + timedelta(days=n * 3) if n % 3 else None
            c.vk_requested_on = AWARD + timedelta(days=30) if n % 5 else None
            c.first_vk_meeting_on = TODAY if n % 7 == 0 else None
            session.add(c)
        session.commit()
        found = vk_waits(session, [c.id for c in citizens])
        expected = {
            c.id: vk_wait_since(c.target_group, c.resource_awarded_on, c.vk_requested_on, c.first_vk_meeting_on)
            for c in citizens
        }
        assert found == expected
        assert len(set(expected.values())) >= 4  # the cases above are not all alike
