"""Meetings from guides against the demo database: start, answer, agree, finish, agreements."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlmodel import Session, select

from stvdesk.db.models import (
    AuditEvent,
    Citizen,
    FollowUp,
    JobGoal,
    Meeting,
    Placement,
    PlacementHours,
    PlanStep,
    ProgressEntry,
    SummerPlan,
)
from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.meetings import (
    MeetingError,
    add_agreement,
    cancel_meeting,
    citizen_agreements,
    finish_meeting,
    mark_agreement_kept,
    meeting_start,
    meeting_view,
    my_agreements,
    remove_agreement,
    save_answer,
    start_meeting,
    unfinished_meetings,
)
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.enums import (
    ContactForm,
    FollowUpKind,
    FollowUpStatus,
    GoalStatus,
    MeetingStatus,
    PlacementStatus,
    Readiness,
    StepOwner,
)
from stvdesk.export.meeting import meeting_summary
from stvdesk.guides.loader import load_guides
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def guides():
    return load_guides()


def _citizen_in_placement(session: Session, worker_id):
    """A citizen of KB's with a running placement, a VK, and no held meeting yet."""
    rows = session.exec(
        select(Citizen, Placement)
        .join(Placement, Placement.citizen_id == Citizen.id)
        .where(
            Citizen.caseworker_id == worker_id,
            Citizen.consultant_id.is_not(None),
            Citizen.closed_on.is_(None),
            Placement.status == PlacementStatus.ACTIVE,
        )
        .order_by(Citizen.last_name)
    ).all()
    return rows[0]


@pytest.fixture
def kb_desk(demo_engine):
    """A session, KB, an editor for KB today, and one of KB's citizens in a running placement."""
    with Session(demo_engine) as session:
        kb = find_worker(session, "KB")
        citizen, placement = _citizen_in_placement(session, kb.id)
        yield session, kb, Editor(kb.id, TODAY), citizen, placement


def _finish(
    session,
    editor,
    meeting,
    guide,
    *,
    days: int = 28,
    none: bool = False,
    kind: FollowUpKind = FollowUpKind.PLACEMENT_FOLLOW_UP,
):
    return finish_meeting(
        session,
        editor,
        meeting.id,
        guide,
        held_on=TODAY,
        no_agreements=none,
        next_follow_up_on=TODAY + timedelta(days=days),
        next_kind=kind,
        next_worker_id=editor.worker_id,
    )


def _start(session, editor, guide, citizen, placement, **extra):
    return start_meeting(
        session,
        editor,
        citizen_id=citizen.id,
        guide=guide,
        kind=FollowUpKind.THREE_PARTY,
        planned_on=TODAY,
        start_time=time(10, 0),
        form=ContactForm.IN_PERSON,
        place="Jobcentret, mødelokale 2",
        caseworker_id=citizen.caseworker_id,
        consultant_id=citizen.consultant_id,
        placement_id=placement.id,
        **extra,
    )


def test_a_whole_three_party_meeting_writes_its_structured_fields(kb_desk, guides) -> None:
    guide = guides.get("trepart")
    session, kb, editor, citizen, placement = kb_desk
    start = meeting_start(session, citizen.id)
    assert start.placements and start.placements[0].id == placement.id
    planned = FollowUp(citizen_id=citizen.id, worker_id=kb.id, kind=FollowUpKind.THREE_PARTY, due_on=TODAY)
    session.add(planned)
    session.commit()
    meeting = _start(session, editor, guide, citizen, placement, follow_up_id=planned.id)
    assert [u.meeting_id for u in unfinished_meetings(session, kb.id)] == [meeting.id]

    save_answer(session, editor, meeting.id, "timer_aftalt", "20")
    save_answer(session, editor, meeting.id, "ordinaere_timer", "4,5", note="fra 1. januar")
    save_answer(session, editor, meeting.id, "delmaal", "Tage bussen selv to dage om ugen")
    save_answer(session, editor, meeting.id, "hvem_goer_hvad", "ja")
    add_agreement(
        session, editor, meeting.id, text="Ringe ved fravær før kl. 8", owner=StepOwner.CITIZEN, deadline=None
    )
    add_agreement(
        session,
        editor,
        meeting.id,
        text="Lave indtægtsberegning",
        owner=StepOwner.S,
        deadline=TODAY + timedelta(days=3),
    )
    next_on = TODAY + timedelta(days=28)
    result = finish_meeting(
        session,
        editor,
        meeting.id,
        guide,
        held_on=TODAY,
        no_agreements=False,
        next_follow_up_on=next_on,
        next_kind=FollowUpKind.PLACEMENT_FOLLOW_UP,
        next_worker_id=kb.id,
    )
    assert any("4,5 ordinære" in line for line in result.written)

    session.expire_all()
    stored = session.get(Meeting, meeting.id)
    assert stored.status is MeetingStatus.HELD and stored.held_on == TODAY
    assert (stored.guide_id, stored.guide_version) == ("trepart", 2)
    assert stored.next_follow_up_on == next_on
    p = session.get(Placement, placement.id)
    assert (p.hours_per_week, p.ordinary_hours_per_week) == (20, 4.5)
    hours = session.exec(
        select(PlacementHours).where(PlacementHours.placement_id == p.id, PlacementHours.effective_on == TODAY)
    ).one()
    assert hours.ordinary_hours_per_week == 4.5
    step = session.exec(
        select(PlanStep).where(PlanStep.citizen_id == citizen.id, PlanStep.text == "Tage bussen selv to dage om ugen")
    ).one()
    assert step.deadline == next_on and step.agreed_on == TODAY
    assert session.get(FollowUp, planned.id).status is FollowUpStatus.HELD
    nxt = session.exec(
        select(FollowUp).where(
            FollowUp.citizen_id == citizen.id,
            FollowUp.due_on == next_on,
            FollowUp.kind == FollowUpKind.PLACEMENT_FOLLOW_UP,
        )
    ).one()
    assert nxt.status is FollowUpStatus.PLANNED and nxt.worker_id == kb.id
    assert unfinished_meetings(session, kb.id) == []
    mine = my_agreements(session, kb.id, TODAY)
    assert "Lave indtægtsberegning" in [line.agreement.text for line in mine]
    assert "Ringe ved fravær før kl. 8" not in [line.agreement.text for line in mine]  # the citizen's
    history = [e.criterion for e in session.exec(select(AuditEvent).where(AuditEvent.citizen_id == citizen.id))]
    assert any(h.startswith("Møde afsluttet: Trepartssamtale") for h in history)
    with pytest.raises(MeetingError, match="afsluttet"):
        save_answer(session, editor, meeting.id, "opgaver", "for sent")


def test_finishing_is_refused_without_agreement_or_next_date(kb_desk, guides) -> None:
    guide = guides.get("trepart")
    session, kb, editor, citizen, placement = kb_desk
    meeting = _start(session, editor, guide, citizen, placement)
    save_answer(session, editor, meeting.id, "ordinaere_timer", "fire")
    with pytest.raises(MeetingError) as refused:
        finish_meeting(
            session,
            editor,
            meeting.id,
            guide,
            held_on=TODAY,
            no_agreements=False,
            next_follow_up_on=None,
            next_kind=FollowUpKind.CONVERSATION,
            next_worker_id=kb.id,
        )
    message = str(refused.value)
    assert "mindst én aftale" in message and "næste opfølgning" in message
    assert "Skriv et tal" in message and "skal besvares" in message  # hvem_goer_hvad is required
    session.expire_all()
    assert session.get(Meeting, meeting.id).status is MeetingStatus.IN_PROGRESS
    # "ingen aftaler" is an explicit answer; hours larger than the week are refused.
    save_answer(session, editor, meeting.id, "ordinaere_timer", "30")
    save_answer(session, editor, meeting.id, "timer_aftalt", "20")
    save_answer(session, editor, meeting.id, "hvem_goer_hvad", "ja")
    with pytest.raises(MeetingError, match="kan ikke være flere end timerne i alt"):
        _finish(session, editor, meeting, guide, days=7, none=True, kind=FollowUpKind.CONVERSATION)
    save_answer(session, editor, meeting.id, "ordinaere_timer", "0")
    _finish(session, editor, meeting, guide, days=7, none=True, kind=FollowUpKind.CONVERSATION)
    assert session.get(Meeting, meeting.id).summary.startswith("Ingen aftaler")


def test_monthly_follow_up_and_summer_plan_fill_progress_and_summer(kb_desk, guides) -> None:
    session, _kb, editor, citizen, placement = kb_desk
    monthly = guides.get("maanedlig_opfoelgning")
    meeting = _start(session, editor, monthly, citizen, placement)
    for item_id, value in (
        ("p_fremmoede", "4"),
        ("p_opgaver", "3"),
        ("udviklingsbeskrivelse", "Klarer pluk selv"),
        ("ordinaere_maaned", "12"),
    ):
        save_answer(session, editor, meeting.id, item_id, value)
    add_agreement(session, editor, meeting.id, text="Prøve truckkort", owner=StepOwner.VK, deadline=None)
    result = _finish(session, editor, meeting, monthly, days=28)
    # said in Danish, as the guides name the fields, never by their column names
    assert f"Progression for {TODAY:%m-%Y}: fremmøde, opgaver, ordinære timer i måneden, udviklingsbeskrivelse" in (
        result.written
    )
    entry = session.exec(
        select(ProgressEntry).where(
            ProgressEntry.citizen_id == citizen.id,
            ProgressEntry.month == TODAY.replace(day=1),
            ProgressEntry.placement_id == placement.id,
        )
    ).one()
    assert (entry.attendance, entry.tasks, entry.ordinary_hours, entry.description) == (4, 3, 12.0, "Klarer pluk selv")

    summer = guides.get("sommerplan")
    meeting = _start(session, editor, summer, citizen, placement)
    save_answer(session, editor, meeting.id, "virksomhed_lukker", "ja")
    save_answer(session, editor, meeting.id, "daekker", "MS dækker for KB")
    _finish(session, editor, meeting, summer, days=14, none=True, kind=FollowUpKind.CONVERSATION)
    plan = session.exec(
        select(SummerPlan).where(SummerPlan.placement_id == placement.id, SummerPlan.year == 2027)
    ).one()
    assert plan.company_closes is True and plan.covered_by == "MS dækker for KB"


def test_abc_conversation_adds_agreed_goals_once(kb_desk, guides) -> None:
    guide = guides.get("abc_plan")
    session, kb, editor, citizen, _placement = kb_desk
    for _ in range(2):
        meeting = start_meeting(
            session,
            editor,
            citizen_id=citizen.id,
            guide=guide,
            kind=FollowUpKind.CONVERSATION,
            planned_on=TODAY,
            start_time=None,
            form=None,
            place="",
            caseworker_id=kb.id,
            consultant_id=None,
        )
        save_answer(session, editor, meeting.id, "c_maal", "Opfylder i supermarked")
        _finish(session, editor, meeting, guide, days=35, none=True, kind=FollowUpKind.CONVERSATION)
    goals = session.exec(
        select(JobGoal).where(JobGoal.citizen_id == citizen.id, JobGoal.title == "Opfylder i supermarked")
    ).all()
    assert len(goals) == 1 and goals[0].status is GoalStatus.AGREED


def test_the_readiness_judged_in_a_conversation_becomes_the_citizens(kb_desk, guides) -> None:
    guide = guides.get("samtale_forloeb")
    session, kb, editor, citizen, _placement = kb_desk
    before = citizen.readiness
    after = Readiness.FAR if before is not Readiness.FAR else Readiness.READY
    meeting = start_meeting(
        session,
        editor,
        citizen_id=citizen.id,
        guide=guide,
        kind=FollowUpKind.CONVERSATION,
        planned_on=TODAY,
        start_time=None,
        form=None,
        place="",
        caseworker_id=kb.id,
        consultant_id=None,
    )
    save_answer(session, editor, meeting.id, "parathed", after.label.upper())  # as typed
    result = _finish(session, editor, meeting, guide, days=35, none=True, kind=FollowUpKind.CONVERSATION)
    assert f"Parathed: {before.label} → {after.label}" in result.written
    session.expire_all()
    assert session.get(Citizen, citizen.id).readiness is after
    history = [e.criterion for e in session.exec(select(AuditEvent).where(AuditEvent.citizen_id == citizen.id))]
    assert f"Parathed ændret på mødet: {before.label} → {after.label}" in history
    # the same answer again changes nothing and says nothing
    meeting = _start(session, editor, guide, citizen, _placement)
    save_answer(session, editor, meeting.id, "parathed", after.label)
    result = _finish(session, editor, meeting, guide, days=35, none=True, kind=FollowUpKind.CONVERSATION)
    assert not any(line.startswith("Parathed") for line in result.written)


def test_meetings_stored_with_an_earlier_guide_version_still_find_it(kb_desk, guides) -> None:
    """The demo's held meetings were held with 'trepart' version 1, before the match meeting
    became version 2: each still finds the guide it was held with, and one still in progress
    with version 1 can be finished with it."""
    session, _kb, editor, citizen, placement = kb_desk
    stored = {(m.guide_id, m.guide_version) for m in session.exec(select(Meeting)).all()}
    assert ("trepart", 1) in stored
    assert all(guides.get(guide_id, version) is not None for guide_id, version in stored)
    old = guides.get("trepart", 1)
    meeting = _start(session, editor, old, citizen, placement)
    save_answer(session, editor, meeting.id, "hvem_goer_hvad", "ja")
    save_answer(session, editor, meeting.id, "fremmoede", "4")
    _finish(session, editor, meeting, old, days=14, none=True)
    assert session.get(Meeting, meeting.id).status is MeetingStatus.HELD
    with pytest.raises(MeetingError, match="version 1"):
        _finish(session, editor, _start(session, editor, old, citizen, placement), guides.get("trepart"))


def test_agreements_kept_removed_and_cancelled_meetings(kb_desk, guides) -> None:
    guide = guides.get("trepart")
    session, _kb, editor, citizen, placement = kb_desk
    meeting = _start(session, editor, guide, citizen, placement)
    wrong = add_agreement(session, editor, meeting.id, text="Fejl", owner=StepOwner.S, deadline=None)
    remove_agreement(session, editor, wrong.id)
    assert meeting_view(session, meeting.id).agreements == []
    with pytest.raises(MeetingError, match="hvorfor"):
        cancel_meeting(session, editor, meeting.id, " ")
    cancel_meeting(session, editor, meeting.id, "Borger syg")
    assert session.get(Meeting, meeting.id).status is MeetingStatus.CANCELLED

    open_lines = [line for line in citizen_agreements(session, citizen.id) if line.agreement.done_on is None]
    if open_lines:
        kept = mark_agreement_kept(session, editor, open_lines[0].agreement.id)
        assert kept.done_on == TODAY
        with pytest.raises(MeetingError, match="allerede holdt"):
            mark_agreement_kept(session, editor, kept.id)


def test_summary_text_markdown_and_redacted(kb_desk, guides) -> None:
    guide = guides.get("trepart")
    session, _kb, editor, citizen, placement = kb_desk
    meeting = _start(session, editor, guide, citizen, placement)
    save_answer(
        session,
        editor,
        meeting.id,
        "opgaver",
        f"{citizen.last_name} er god til pluk",
        note=f"CPR {citizen.cpr} nævnt",
    )
    save_answer(session, editor, meeting.id, "hvem_goer_hvad", "ja")
    add_agreement(
        session,
        editor,
        meeting.id,
        text="Tilbyde 4 lønnede timer",
        owner=StepOwner.COMPANY,
        deadline=TODAY + timedelta(days=30),
    )
    _finish(session, editor, meeting, guide, days=28)
    view = meeting_view(session, meeting.id)

    text = meeting_summary(view, guide)
    assert text.startswith(
        "Trepartssamtale – matchmøde ved start 24-11-2026 kl. 10:00 (fremmøde, Jobcentret, mødelokale 2)\n===="
    )
    assert f"{citizen.first_name} {citizen.last_name}" in text
    assert "Aftaler:\n- Tilbyde 4 lønnede timer (virksomhed, frist 24-12-2026)" in text
    assert "Alle ved, hvem der gør hvad før den første opfølgning: ja" in text
    assert "Næste opfølgning: 22-12-2026" in text
    assert "#" not in text
    markdown = meeting_summary(view, guide, markdown=True)
    assert markdown.startswith("# Trepartssamtale") and "\n## Aftaler\n" in markdown

    redacted = meeting_summary(view, guide, redacted=True)
    assert citizen.last_name not in redacted and citizen.cpr not in redacted
    assert citizen.cpr[:6] not in redacted
    assert f"borger: {citizen.first_name}" in redacted
    assert "Karen Bach" not in redacted and "sagsbehandler: KB" in redacted
    assert "… er god til pluk" in redacted
