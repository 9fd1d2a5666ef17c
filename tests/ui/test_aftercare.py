"""Aftercare on both sides and the consultants' outreach, as workers use them: the caseworker
closes a case for a job and sees the calls to the citizen in Min dag, the consultant sees the
calls to the employer there (company and contact named); the open offer recorded from the file;
a consultant logs a contact for a citizen asking for ordinary hours and finds it in Styring."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select
from textual.widgets import Checkbox, DataTable, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, Company, CompanyContact, CompanyContactLog, Placement, Worker
from stvdesk.db.queries.outreach import outreach_month
from stvdesk.domain.enums import PlacementStatus
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.company import CompanyScreen
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.screens.outreach import OutreachModal
from stvdesk.screens.steering import SteeringScreen
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle


def _field(app, name: str):
    return app.screen.query_one(f"#f-{name}")


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def _kb_case_in_placement(db) -> tuple:
    """One of KB's open cases with a VK and a running placement at a company with a contact."""
    desk = make_desk(db, None)
    try:
        with Session(desk.engine) as session:
            kb = session.exec(select(Worker).where(Worker.initials == "KB")).one()
            citizen, placement = session.exec(
                select(Citizen, Placement)
                .join(Placement, col(Placement.citizen_id) == col(Citizen.id))
                .where(
                    Citizen.caseworker_id == kb.id,
                    col(Citizen.consultant_id).is_not(None),
                    col(Citizen.closed_on).is_(None),
                    Placement.status == PlacementStatus.ACTIVE,
                    col(Placement.contact_id).is_not(None),
                    Placement.start_on < TODAY - timedelta(days=40),
                )
                .order_by(Citizen.last_name)
            ).first()
            vk = session.get(Worker, citizen.consultant_id)
            company = session.get(Company, placement.company_id).name
            contact = session.get(CompanyContact, placement.contact_id).name
            return citizen.id, citizen.full_name, vk.initials, company, contact
    finally:
        desk.engine.dispose()


async def test_closing_for_a_job_gives_each_side_its_calls_in_min_dag(demo_db) -> None:
    citizen_id, name, vk, company, contact = _kb_case_in_placement(demo_db)
    closed_on = TODAY - timedelta(days=30)  # the first calls of both sides are due by now
    desk = make_desk(demo_db)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(citizen_id, purpose="Test")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CitizenFileScreen)
        await screen.settled()
        await pilot.press("l")
        await settle(pilot)
        employer = app.screen.query_one("#f-employer", Checkbox)
        assert employer.value is True and not employer.disabled
        assert "VK's opkald til arbejdsgiveren hver 28. dag i 3 måneder" in str(
            app.screen.query_one("#form-intro", Static).render()
        )
        _field(app, "closed_on").value = closed_on.strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await screen.settled()
        overview = str(screen.query_one("#overblik-body", Static).render())
        assert "Åbent tilbud til borgeren: ikke givet" in overview

        # The open offer, given to the citizen a few days ago: recorded with who gave it.
        await pilot.press("b")
        await settle(pilot)
        _field(app, "citizen_on").value = (TODAY - timedelta(days=2)).strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await screen.settled()
        overview = str(screen.query_one("#overblik-body", Static).render())
        given = (TODAY - timedelta(days=2)).strftime("%d-%m-%Y")
        assert f"Åbent tilbud til borgeren: givet {given} af KB" in overview
        assert "til virksomheden: ikke givet" in overview

        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        mine = [r for r in _rows(app.screen.query_one("#agenda", DataTable)) if r[3] == name]
        assert mine and all(r[2] == "Efterværnsopkald" for r in mine)
    desk.engine.dispose()

    vk_desk = make_desk(demo_db, vk)
    app = StvdeskApp(vk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        rows = _rows(app.screen.query_one("#agenda", DataTable))
        theirs = [r for r in rows if r[2] == "Efterværn, arbejdsgiver" and name in r[3]]
        assert theirs and theirs[0][3] == f"{company} ({contact}) om {name}"
        assert theirs[0][0].endswith("d over")
        assert not [r for r in rows if r[2] == "Efterværnsopkald" and r[3] == name]
    vk_desk.engine.dispose()


async def test_a_consultants_contact_for_a_citizen_asking_for_hours_counts_in_styring(demo_db) -> None:
    desk = make_desk(demo_db, "RK")
    with Session(desk.engine) as session:
        rk = session.exec(select(Worker).where(Worker.initials == "RK")).one()
        citizen, placement = session.exec(
            select(Citizen, Placement)
            .join(Placement, col(Placement.citizen_id) == col(Citizen.id))
            .where(Citizen.consultant_id == rk.id, Placement.status == PlacementStatus.ACTIVE)
            .order_by(Citizen.last_name)
        ).first()
        company_id, citizen_id = placement.company_id, citizen.id
        before = next(r for r in outreach_month(session, rk.team_id, TODAY.replace(day=1)) if r.initials == "RK")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_company(company_id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompanyScreen)
        await pilot.press("l")
        await settle(pilot)
        choices = {value: label for label, value in _field(app, "citizen")._options}
        assert choices[None] == "Ingen bestemt borger" and citizen_id in choices
        _field(app, "citizen").value = citizen_id
        _field(app, "hours_asked").value = True
        _field(app, "outcome").text = "Spurgte til 5 lønnede timer om ugen fra januar"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("4")
        await settle(pilot)
        log = _rows(screen.query_one("#c-log-table", DataTable))
        assert log[0][4] == citizen.full_name and log[0][5] == "spurgt"

        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, SteeringScreen)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, OutreachModal)
        assert "Virksomhedskontakt – november 2026" in str(app.screen.query_one(".dialog-title", Static).render())
        table = app.screen.query_one("#outreach-table", DataTable)
        row = [str(c) for c in table.get_row(str(rk.id))]
        assert row[0] == f"{rk.name} (RK)"
        assert row[1:] == [
            str(before.new_companies),
            str(before.for_citizen + 1),
            str(before.hours_asked + 1),
            str(before.contacts + 1),
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SteeringScreen)
    stored = desk.run(
        lambda s: s.exec(
            select(CompanyContactLog).where(
                CompanyContactLog.company_id == company_id, CompanyContactLog.contacted_on == TODAY
            )
        ).one()
    )
    assert (stored.citizen_id, stored.ordinary_hours_asked, stored.worker_id) == (citizen_id, True, rk.id)
    desk.engine.dispose()
