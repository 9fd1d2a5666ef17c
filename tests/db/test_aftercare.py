"""Aftercare on both sides (002, table 5-1, Efterværn) and the consultants' outreach (000, 4.3):
closing a case for a job plans the VK's calls to the employer beside the caseworker's calls to
the citizen, Min dag's lines name the employer's company and contact, the open offer is recorded
with when and by whom, and Styring counts each consultant's contacts of the month."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

import pytest
from sqlmodel import Session, col, select

from stvdesk.db.models import (
    AuditEvent,
    Citizen,
    Company,
    CompanyContact,
    CompanyContactLog,
    Placement,
    Team,
    Worker,
)
from stvdesk.db.queries.aftercare import record_open_offer
from stvdesk.db.queries.citizen_file import citizen_file
from stvdesk.db.queries.companies import log_contact
from stvdesk.db.queries.edits import EditError, Editor, close_case
from stvdesk.db.queries.meetings import finish_meeting, save_answer, start_meeting
from stvdesk.db.queries.outreach import contact_citizens, outreach_month
from stvdesk.db.queries.today import planned_follow_ups
from stvdesk.db.queries.visit_day import visit_day
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.cadence import aftercare_calls, employer_aftercare_calls
from stvdesk.domain.calendar import add_months
from stvdesk.domain.enums import (
    CaseCloseReason,
    ContactChannel,
    ContactForm,
    FollowUpKind,
    PlacementStatus,
    Readiness,
    Role,
    TargetGroup,
)
from stvdesk.guides.loader import load_guides
from tests.conftest import TODAY

FAR = TODAY + timedelta(days=200)


def _running(session: Session, *, with_consultant: bool = True) -> tuple[Citizen, Placement]:
    """An open case with a running placement at a company with a contact person."""
    consultant = col(Citizen.consultant_id).is_not(None) if with_consultant else col(Citizen.consultant_id).is_(None)
    return session.exec(
        select(Citizen, Placement)
        .join(Placement, col(Placement.citizen_id) == col(Citizen.id))
        .where(
            col(Citizen.closed_on).is_(None),
            consultant,
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.contact_id).is_not(None),
        )
        .order_by(Citizen.last_name, Citizen.first_name)
    ).first()


def test_closing_for_a_job_plans_both_sides_and_min_dag_shows_each_its_own(demo_engine) -> None:
    with Session(demo_engine) as session:
        citizen, placement = _running(session)
        citizen_id, caseworker, consultant = citizen.id, citizen.caseworker_id, citizen.consultant_id
        company = session.get(Company, placement.company_id).name
        contact = session.get(CompanyContact, placement.contact_id).name
        editor = Editor(caseworker, TODAY)
        close_case(
            session,
            editor,
            citizen_id,
            reason=CaseCloseReason.ORDINARY_JOB,
            closed_on=TODAY,
            aftercare=aftercare_calls(TODAY),
            job_from=placement.id,
            employer_calls=employer_aftercare_calls(TODAY),
        )
        job = session.exec(
            select(Placement).where(Placement.citizen_id == citizen_id, Placement.status == PlacementStatus.ACTIVE)
        ).one()

        vk_lines = [
            line
            for line in planned_follow_ups(session, [consultant], TODAY, until=FAR)
            if line.citizen_id == citizen_id
        ]
        assert [line.due_on for line in vk_lines] == employer_aftercare_calls(TODAY)
        assert all(line.employer_call and line.kind is FollowUpKind.AFTERCARE for line in vk_lines)
        assert {(line.company_name, line.contact_name, line.company_id) for line in vk_lines} == {
            (company, contact, job.company_id)
        }
        s_lines = [
            line
            for line in planned_follow_ups(session, [caseworker], TODAY, until=FAR)
            if line.citizen_id == citizen_id
        ]
        assert [line.due_on for line in s_lines] == aftercare_calls(TODAY)
        assert not any(line.employer_call or line.company_name for line in s_lines)
        # Both last the aftercare months; the employer's every 28 days by default.
        assert max(line.due_on for line in vk_lines) <= add_months(TODAY, 3) + timedelta(days=3)
        history = session.exec(select(AuditEvent.criterion).where(AuditEvent.citizen_id == citizen_id)).all()
        assert any(f"{len(vk_lines)} opkald til arbejdsgiveren planlagt for VK" in text for text in history)
        # A call to the employer is made from the desk: it is no visit on the consultant's route.
        call_ids = {line.follow_up_id for line in vk_lines}
        for day in {line.due_on for line in vk_lines}:
            on_route = {fu_id for visit in visit_day(session, consultant, day, TODAY) for fu_id, _ in visit.due}
            assert not on_route & call_ids


def test_the_employer_calls_need_the_job_at_the_company_and_a_vk(demo_engine) -> None:
    with Session(demo_engine) as session:
        citizen, _placement = _running(session)
        editor = Editor(citizen.caseworker_id, TODAY)
        with pytest.raises(EditError, match="forløbets virksomhed"):
            close_case(
                session,
                editor,
                citizen.id,
                reason=CaseCloseReason.ORDINARY_JOB,
                closed_on=TODAY,
                employer_calls=employer_aftercare_calls(TODAY),
            )
        session.rollback()
        lonely, lonely_placement = _running(session, with_consultant=False)
        with pytest.raises(EditError, match="ingen VK"):
            close_case(
                session,
                Editor(lonely.caseworker_id, TODAY),
                lonely.id,
                reason=CaseCloseReason.ORDINARY_JOB,
                closed_on=TODAY,
                job_from=lonely_placement.id,
                employer_calls=employer_aftercare_calls(TODAY),
            )


def test_the_open_offer_is_recorded_with_when_and_by_whom(demo_engine) -> None:
    with Session(demo_engine) as session:
        kb, rk = find_worker(session, "KB"), find_worker(session, "RK")
        citizen = session.exec(select(Citizen).where(col(Citizen.closed_on).is_(None)).order_by(Citizen.cpr)).first()
        citizen_id = citizen.id
        given = TODAY - timedelta(days=3)
        assert record_open_offer(session, Editor(kb.id, TODAY), citizen_id, citizen_on=given, company_on=None) == [
            f"Åbent tilbud til borgeren givet {given:%d-%m-%Y}"
        ]
        # The same date again keeps who gave it; the company's is given by the one recording it.
        record_open_offer(session, Editor(rk.id, TODAY), citizen_id, citizen_on=given, company_on=TODAY)
        session.expire_all()
        stored = session.get(Citizen, citizen_id)
        assert (stored.open_offer_citizen_on, stored.open_offer_citizen_by) == (given, kb.id)
        assert (stored.open_offer_company_on, stored.open_offer_company_by) == (TODAY, rk.id)
        assert citizen_file(session, citizen_id, TODAY).open_offer_givers == ("KB", "RK")
        history = session.exec(select(AuditEvent.criterion).where(AuditEvent.citizen_id == citizen_id)).all()
        assert "Åbent tilbud til virksomheden givet " + f"{TODAY:%d-%m-%Y}" in history
        with pytest.raises(EditError, match="frem i tiden"):
            record_open_offer(
                session, Editor(kb.id, TODAY), citizen_id, citizen_on=TODAY + timedelta(days=1), company_on=TODAY
            )
        session.rollback()
        record_open_offer(session, Editor(kb.id, TODAY), citizen_id, citizen_on=None, company_on=None)
        session.expire_all()
        cleared = session.get(Citizen, citizen_id)
        assert (cleared.open_offer_citizen_on, cleared.open_offer_citizen_by, cleared.open_offer_company_by) == (
            None,
            None,
            None,
        )


def test_an_aftercare_call_that_ticks_the_open_offer_records_it(demo_engine) -> None:
    guide = load_guides().get("eftervaern")
    with Session(demo_engine) as session:
        kb = find_worker(session, "KB")
        citizen = session.exec(
            select(Citizen)
            .where(Citizen.caseworker_id == kb.id, col(Citizen.open_offer_citizen_on).is_(None))
            .order_by(Citizen.cpr)
        ).first()
        citizen_id = citizen.id
        editor = Editor(kb.id, TODAY)
        meeting = start_meeting(
            session,
            editor,
            citizen_id=citizen_id,
            guide=guide,
            kind=FollowUpKind.AFTERCARE,
            planned_on=TODAY,
            start_time=time(9, 0),
            form=ContactForm.PHONE,
            place="",
            caseworker_id=kb.id,
            consultant_id=None,
        )
        save_answer(session, editor, meeting.id, "aabent_tilbud_borger", "ja")
        save_answer(session, editor, meeting.id, "aabent_tilbud_virksomhed", "nej")
        result = finish_meeting(
            session,
            editor,
            meeting.id,
            guide,
            held_on=TODAY,
            no_agreements=True,
            next_follow_up_on=TODAY + timedelta(days=14),
            next_kind=FollowUpKind.AFTERCARE,
            next_worker_id=kb.id,
        )
        assert f"Åbent tilbud til borgeren givet {TODAY:%d-%m-%Y}" in result.written
        session.expire_all()
        stored = session.get(Citizen, citizen_id)
        assert (stored.open_offer_citizen_on, stored.open_offer_citizen_by) == (TODAY, kb.id)
        assert stored.open_offer_company_on is None  # "nej" gives nothing


def _expected_outreach(session: Session, team_id: uuid.UUID, month: date) -> dict[str, tuple[int, int, int, int]]:
    """The month's counts worked out row by row, the other way round from the query."""
    entries = session.exec(select(CompanyContactLog).where(col(CompanyContactLog.deleted_at).is_(None))).all()
    first_ever: dict[uuid.UUID, date] = {}
    for e in entries:
        first_ever[e.company_id] = min(first_ever.get(e.company_id, e.contacted_on), e.contacted_on)
    after = add_months(month, 1)
    result = {}
    for worker in session.exec(select(Worker).where(Worker.team_id == team_id)).all():
        mine = [e for e in entries if e.worker_id == worker.id and month <= e.contacted_on < after]
        if worker.role is not Role.VK and not mine:
            continue
        new = {e.company_id for e in mine if first_ever[e.company_id] >= month}
        named = sum(e.citizen_id is not None for e in mine)
        asked = sum(e.ordinary_hours_asked for e in mine)
        result[worker.initials] = (len(mine), len(new), named, asked)
    return result


def test_styring_counts_each_consultants_outreach_in_the_month(demo_engine) -> None:
    month = TODAY.replace(day=1)
    with Session(demo_engine) as session:
        rk = find_worker(session, "RK")
        counts = {
            r.initials: (r.contacts, r.new_companies, r.for_citizen, r.hours_asked)
            for r in outreach_month(session, rk.team_id, month)
        }
        assert counts == _expected_outreach(session, rk.team_id, month)
        # The demo has this month's outreach for every consultant, asks for hours among it.
        assert {"RK", "MF", "TN"} <= set(counts) and sum(c[3] for c in counts.values()) > 0
        before = counts["RK"]

        editor = Editor(rk.id, TODAY)
        fresh = Company(name="Nyholm Bageri ApS", owner_id=rk.id)
        old = session.exec(
            select(CompanyContactLog.company_id).where(CompanyContactLog.contacted_on < month - timedelta(days=40))
        ).first()
        mine = session.exec(select(Citizen.id).where(Citizen.consultant_id == rk.id)).first()
        session.add(fresh)
        session.commit()
        log_contact(
            session,
            editor,
            fresh.id,
            contacted_on=TODAY,
            channel=ContactChannel.VISIT,
            citizen_id=mine,
            ordinary_hours_asked=True,
        )
        log_contact(session, editor, fresh.id, contacted_on=TODAY - timedelta(days=1), channel=ContactChannel.PHONE)
        log_contact(session, editor, old, contacted_on=TODAY, channel=ContactChannel.PHONE, ordinary_hours_asked=True)
        after = next(r for r in outreach_month(session, rk.team_id, month) if r.initials == "RK")
        assert (after.contacts, after.new_companies, after.for_citizen, after.hours_asked) == (
            before[0] + 3,
            before[1] + 1,  # the new company once, the old one not
            before[2] + 1,
            before[3] + 2,
        )
        # Last month knows nothing of them.
        last = add_months(month, -1)
        assert {
            r.initials: (r.contacts, r.new_companies, r.for_citizen, r.hours_asked)
            for r in outreach_month(session, rk.team_id, last)
        } == _expected_outreach(session, rk.team_id, last)


def test_a_contact_may_be_for_the_consultants_citizens_or_those_at_the_company(demo_engine) -> None:
    with Session(demo_engine) as session:
        citizen, placement = _running(session)
        vk = citizen.consultant_id
        offered = {c.id for c in contact_citizens(session, vk, placement.company_id)}
        own = set(
            session.exec(select(Citizen.id).where(Citizen.consultant_id == vk, col(Citizen.closed_on).is_(None))).all()
        )
        at_company = set(
            session.exec(
                select(Placement.citizen_id).where(
                    Placement.company_id == placement.company_id, Placement.status != PlacementStatus.ENDED
                )
            ).all()
        )
        assert offered == own | at_company and citizen.id in offered
        closed_elsewhere = session.exec(
            select(Citizen.id).where(Citizen.consultant_id == vk, col(Citizen.closed_on).is_not(None))
        ).all()
        assert not (set(closed_elsewhere) - at_company) & offered
        # A citizen of another team placed at the same company is not offered, nor named.
        other = Team(name="Team Nord")
        xo = Worker(initials="XO", name="Xenia Olsen", role=Role.S, team_id=other.id)
        stranger = Citizen(
            cpr="0202901234",
            first_name="Nordbo",
            last_name="Nordsen",
            birth_date=date(1990, 2, 2),
            target_group=TargetGroup.CASH_BENEFIT,
            readiness=Readiness.READY,
            caseworker_id=xo.id,
            opened_on=date(2026, 1, 5),
        )
        for row in (other, xo, stranger):  # one by one: the models declare no relationships to order them
            session.add(row)
            session.flush()
        session.add(
            Placement(
                citizen_id=stranger.id,
                company_id=placement.company_id,
                kind=placement.kind,
                status=PlacementStatus.ACTIVE,
                start_on=date(2026, 11, 2),
            )
        )
        session.commit()
        assert stranger.id not in {c.id for c in contact_citizens(session, vk, placement.company_id)}
