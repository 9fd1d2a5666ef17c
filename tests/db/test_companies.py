"""Companies against the demo database: register and flags, contact log, company view, visit
day, progression, matching, and the exported visit sheet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from stvdesk.db.models import (
    Citizen,
    Company,
    FollowUp,
    JobGoal,
    Placement,
    ProgressEntry,
)
from stvdesk.db.queries.companies import (
    CompanyFilter,
    add_contact,
    add_job_opening,
    company_rows,
    company_view,
    create_company,
    log_contact,
    update_company,
)
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.matching import citizens_for_company, companies_for_citizen
from stvdesk.db.queries.progress import placement_progress, save_progress
from stvdesk.db.queries.visit_day import save_visit_order, visit_day
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.company_flags import FlagSettings
from stvdesk.domain.cvr import CvrError
from stvdesk.domain.enums import (
    ContactChannel,
    FollowUpKind,
    FollowUpStatus,
    GoalStatus,
    JobGoalKind,
    PlacementKind,
    PlacementStatus,
    Readiness,
)
from stvdesk.export.visit_day import visit_sheet
from tests.conftest import TODAY

GOOD_CVR = "12345674"  # 1·2+2·7+3·6+4·5+5·4+6·3+7·2+4·1 = 110 = 10·11


@pytest.fixture
def rk(demo_engine):
    with Session(demo_engine) as session:
        worker = find_worker(session, "RK")
        yield session, worker, Editor(worker.id, TODAY)


def test_create_company_checks_the_cvr_and_refuses_a_duplicate(rk) -> None:
    session, worker, editor = rk
    with pytest.raises(CvrError, match="kontrolcifferet"):
        create_company(session, editor, name="Fejl ApS", cvr="12345678")
    with pytest.raises(CvrError, match="8 cifre"):
        create_company(session, editor, name="Fejl ApS", cvr="1234")
    company = create_company(
        session, editor, name="Ny Lager ApS", cvr="DK 1234 5674", industry="Lager", owner_id=worker.id
    )
    assert company.cvr == GOOD_CVR
    with pytest.raises(EditError, match="findes allerede: Ny Lager ApS"):
        create_company(session, editor, name="Kopi ApS", cvr=GOOD_CVR)
    update_company(session, editor, company.id, renegotiate=True, standing_agreement="Gammel rammeaftale")
    rows, total = company_rows(session, CompanyFilter(search="Ny Lager"), TODAY)
    assert total == 1 and rows[0].renegotiate and rows[0].owner_initials == "RK"
    contact = add_contact(session, editor, company.id, name="Jens Hald", role="Lagerchef", email="jens@x.example")
    with pytest.raises(EditError, match="@"):
        add_contact(session, editor, company.id, name="Uden mail", email="ingen")
    view = company_view(session, company.id, TODAY)
    assert view.contacts == [contact]
    # 000, 4.7 SPOR 2 (genforhandling af tidligere aftaler): a flag set by hand, its rule named.
    assert "Gammel aftale skal genforhandles: Gammel rammeaftale (regel: Gammel aftale)" in view.flags


def test_logging_a_contact_with_a_next_step_plans_a_follow_up(rk) -> None:
    session, worker, editor = rk
    company = session.exec(select(Company).where(Company.owner_id == worker.id).order_by(Company.name)).first()
    with pytest.raises(EditError, match="frem i tiden"):
        log_contact(session, editor, company.id, contacted_on=TODAY + timedelta(days=1), channel=ContactChannel.PHONE)
    with pytest.raises(EditError, match="hvad næste skridt"):
        log_contact(
            session,
            editor,
            company.id,
            contacted_on=TODAY,
            channel=ContactChannel.PHONE,
            next_step_on=TODAY + timedelta(days=3),
        )
    entry, follow_up = log_contact(
        session,
        editor,
        company.id,
        contacted_on=TODAY,
        channel=ContactChannel.PHONE,
        outcome="Vil gerne have en i praktik",
        next_step="Besøg med borger",
        next_step_on=date(2026, 12, 1),
    )
    assert follow_up.worker_id == worker.id and follow_up.company_id == company.id
    assert (follow_up.kind, follow_up.due_on, follow_up.status) == (
        FollowUpKind.COMPANY_VISIT,
        date(2026, 12, 1),
        FollowUpStatus.PLANNED,
    )
    view = company_view(session, company.id, TODAY)
    assert view.last_contact == TODAY and view.log[0][0].id == entry.id
    assert any(fu.id == follow_up.id for fu, _, _ in view.follow_ups)
    opening = add_job_opening(session, editor, company.id, title="Lagermedarbejder", hours_per_week=8)
    assert opening in company_view(session, company.id, TODAY).openings


def _placement(
    session, company, citizen, *, kind=PlacementKind.INTERNSHIP, start, ordinary=0.0, status=PlacementStatus.ACTIVE
):
    placement = Placement(
        citizen_id=citizen.id,
        company_id=company.id,
        kind=kind,
        start_on=start,
        hours_per_week=15,
        ordinary_hours_per_week=ordinary,
        status=status,
    )
    session.add(placement)
    session.commit()
    return placement


def test_flags_zero_ordinary_hours_repeated_praktik_and_silent_companies(rk) -> None:
    session, worker, editor = rk
    company = create_company(session, editor, name="Flagværk ApS", cvr="", industry="Industri", owner_id=worker.id)
    citizen = session.exec(select(Citizen).where(Citizen.consultant_id == worker.id)).first()
    _placement(session, company, citizen, start=date(2025, 1, 6), status=PlacementStatus.ENDED)
    late = _placement(session, company, citizen, start=TODAY - timedelta(days=100))  # over 3 months
    rows, _ = company_rows(session, CompanyFilter(search="Flagværk"), TODAY)
    assert rows[0].silent and rows[0].zero_ordinary == 1 and rows[0].active_placements == 1
    assert [r.id for r in company_rows(session, CompanyFilter(search="Flagværk", flagged=True), TODAY)[0]] == [
        company.id
    ]
    view = company_view(session, company.id, TODAY)
    flags = [f for p in view.current for f in p.flags]
    assert "Genforhandl eller afslut: ingen ordinære timer efter 3 måneder (regel: Uden ordinære timer)" in flags
    assert "Gentaget praktik i samme virksomhed (regel: Gentaget praktik)" in flags
    assert any("ingen kontakt endnu" in f and "(regel: Virksomhed uden kontakt)" in f for f in view.flags)
    # the number of months is a setting; a contact clears the silence
    assert (
        company_rows(session, CompanyFilter(search="Flagværk"), TODAY, FlagSettings(zero_ordinary_months=6))[0][
            0
        ].zero_ordinary
        == 0
    )
    log_contact(session, editor, company.id, contacted_on=TODAY, channel=ContactChannel.VISIT)
    assert not company_rows(session, CompanyFilter(search="Flagværk"), TODAY)[0][0].silent
    late.ordinary_hours_per_week = 2
    session.add(late)
    session.commit()
    assert company_rows(session, CompanyFilter(search="Flagværk", flagged=True), TODAY)[0] == []


def test_progress_entry_and_its_trend(rk) -> None:
    session, _worker, editor = rk
    placement = session.exec(select(Placement).where(Placement.status == PlacementStatus.ACTIVE)).first()
    with pytest.raises(EditError, match="1 til 5"):
        save_progress(
            session, editor, placement.id, month=TODAY, ratings={"attendance": 6}, ordinary_hours=0, description=""
        )
    with pytest.raises(EditError, match="ikke er begyndt"):
        save_progress(
            session, editor, placement.id, month=date(2027, 1, 1), ratings={}, ordinary_hours=0, description=""
        )
    for description in ("Første udgave", "Rettet udgave"):
        save_progress(
            session,
            editor,
            placement.id,
            month=TODAY,
            ordinary_hours=8.6,
            description=description,
            ratings={"attendance": 5, "tasks": 4, "cooperation": 4, "independence": 3},
        )
    entries = session.exec(
        select(ProgressEntry).where(
            ProgressEntry.placement_id == placement.id, ProgressEntry.month == date(2026, 11, 1)
        )
    ).all()
    assert len(entries) == 1 and entries[0].description == "Rettet udgave" and entries[0].ordinary_hours == 8.6
    months = placement_progress(session, [placement.id])[placement.id]
    assert months[-1].mean == 4.0 and len(months) <= 6


def test_visit_day_groups_by_company_keeps_the_chosen_order_and_exports(rk) -> None:
    session, worker, editor = rk
    day = date(2026, 11, 26)
    companies = session.exec(select(Company).where(Company.owner_id == worker.id).order_by(Company.name).limit(2)).all()
    citizen = session.exec(
        select(Citizen)
        .where(Citizen.consultant_id == worker.id, Citizen.closed_on.is_(None))
        .order_by(Citizen.last_name)
    ).first()
    placement = _placement(session, companies[1], citizen, start=TODAY - timedelta(days=20), ordinary=2)
    session.add(FollowUp(company_id=companies[0].id, worker_id=worker.id, kind=FollowUpKind.COMPANY_VISIT, due_on=day))
    session.add(
        FollowUp(
            citizen_id=citizen.id,
            placement_id=placement.id,
            worker_id=citizen.caseworker_id,
            kind=FollowUpKind.PLACEMENT_FOLLOW_UP,
            due_on=day,
        )
    )
    companies[1].renegotiate, companies[1].standing_agreement = True, "Rammeaftale 2019"
    session.add(companies[1])
    session.commit()
    visits = visit_day(session, worker.id, day, TODAY)
    names = [v.company.name for v in visits]
    assert set(names) >= {companies[0].name, companies[1].name}
    visit = next(v for v in visits if v.company.id == companies[1].id)
    person = next(p for p in visit.people if p.citizen_id == citizen.id)
    assert person.placement.id == placement.id
    assert any(text == f"Praktikopfølgning: {citizen.first_name}" for _, text in visit.due)

    reordered = [v.company.id for v in reversed(visits)]
    save_visit_order(session, editor, worker.id, day, reordered)
    assert [v.company.id for v in visit_day(session, worker.id, day, TODAY)] == reordered

    sheet = visit_sheet(visits, "Rasmus Kjær (RK)", day, ["Hvilke opgaver kunne blive lønnede timer?"])
    assert sheet.startswith("# Besøgsdag torsdag 26. november 2026")
    assert f"### {citizen.first_name} {citizen.last_name} – virksomhedspraktik siden" in sheet
    assert "- Timer: 15 pr. uge, heraf ordinære 2" in sheet and "## Samtalepunkter" in sheet
    assert "OBS: gammel aftale skal genforhandles (Rammeaftale 2019) (regel: Gammel aftale)" in sheet
    redacted = visit_sheet(visits, "RK", day, [], markdown=False, redacted=True)
    for v in visits:
        for p in v.people:
            assert p.last_name not in redacted
            assert p.first_name in redacted
    assert citizen.cpr not in sheet and citizen.cpr not in redacted and "#" not in redacted


def test_matching_in_both_directions_explains_itself(rk) -> None:
    session, worker, editor = rk
    company = create_company(session, editor, name="Match Lager ApS", industry="Lager", owner_id=worker.id)
    add_job_opening(session, editor, company.id, title="Lagermedarbejder", hours_per_week=12)
    citizen = session.exec(
        select(Citizen)
        .where(Citizen.consultant_id == worker.id, Citizen.closed_on.is_(None))
        .order_by(Citizen.last_name)
    ).first()
    citizen.readiness = Readiness.READY
    session.add(citizen)
    session.add(JobGoal(citizen_id=citizen.id, kind=JobGoalKind.C, title="Lagermedarbejder", status=GoalStatus.AGREED))
    session.commit()

    found = companies_for_citizen(session, citizen.id, worker.id, limit=200)
    ours = next(m for m in found if m.company_id == company.id)
    assert "Branchen (Lager) passer til C-målet »Lagermedarbejder«" in ours.match.reasons
    assert "Åben jobåbning: Lagermedarbejder, 12 t/uge" in ours.match.reasons
    assert [m.match.score for m in found] == sorted((m.match.score for m in found), reverse=True)

    people = citizens_for_company(session, company.id, worker.id, limit=500)
    me = next(m for m in people if m.citizen_id == citizen.id)
    assert "Klar til et forløb" in me.match.reasons
    assert "Passer til jobåbningen Lagermedarbejder (12 t/uge)" in me.match.reasons
    assert all(m.readiness in (Readiness.READY, Readiness.CLOSE) for m in people)
