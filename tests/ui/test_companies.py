"""The consultant's screens through Pilot: the register, a new company with a bad and a good
CVR, a logged contact that plans a follow-up, the company view and its flags, the visit day
with reordering and export, a progression entry, and matching both ways."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select
from textual.command import CommandInput
from textual.widgets import DataTable, Input, OptionList, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import (
    Citizen,
    Company,
    FollowUp,
    JobGoal,
    Placement,
    ProgressEntry,
    VisitOrder,
)
from stvdesk.domain.enums import FollowUpStatus, GoalStatus, JobGoalKind, PlacementKind, PlacementStatus, Readiness
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.companies import CompaniesScreen
from stvdesk.screens.company import CompanyScreen
from stvdesk.screens.finder import FINDER_PLACEHOLDER
from stvdesk.screens.visit_day import VisitDayScreen
from stvdesk.widgets.form import FormModal
from stvdesk.widgets.keybar import KeyBar
from stvdesk.widgets.modals import ChoiceModal, InfoModal
from stvdesk.widgets.palette import DeskPalette
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle, type_at_once


@pytest.fixture
def rk_desk(demo_db):
    desk = make_desk(demo_db, "RK")
    yield desk
    desk.engine.dispose()


def _field(app, name: str):
    return app.screen.query_one(f"#f-{name}")


def _error(app, name: str) -> str:
    return str(app.screen.query_one(f"#f-{name}-error", Static).render())


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_new_company_with_a_bad_and_then_a_good_cvr(rk_desk) -> None:
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, CompaniesScreen)
        assert "Mine virksomheder: 40 virksomheder" in str(app.screen.query_one("#company-status", Static).render())
        await pilot.press("escape", "n")  # from the search to the list, where n is a command
        await settle(pilot)
        _field(app, "name").value = "Testlageret ApS"
        _field(app, "cvr").value = "12345678"
        _field(app, "industry").value = "Lager"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        assert "kontrolcifferet passer ikke" in _error(app, "cvr")
        assert _field(app, "name").value == "Testlageret ApS"  # nothing typed is lost
        _field(app, "cvr").value = "1234 5674"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CompaniesScreen)
        await pilot.press("s", *"Testlager")
        await settle(pilot)
        rows = _rows(app.screen.query_one("#company-table", DataTable))
        assert rows[0][:3] == ["Testlageret ApS", "12345674", "Lager"] and rows[0][4] == "RK"
    stored = rk_desk.run(lambda s: s.exec(select(Company).where(Company.cvr == "12345674")).one())
    assert stored.owner_id == rk_desk.worker.id


async def test_logging_a_contact_plans_a_follow_up_and_shows_in_the_company_view(rk_desk) -> None:
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("enter", "enter")  # from the search to the list, then open
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompanyScreen)
        company_id = screen.company_id
        await pilot.press("l")
        await settle(pilot)
        _field(app, "outcome").text = "Vil gerne tage en borger i praktik"
        _field(app, "next_step").value = "Besøg med borger"
        _field(app, "next_step_on").value = "28-11-2026"  # a Saturday
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "lørdag" in _error(app, "next_step_on")
        _field(app, "next_step_on").value = "30-11-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("4")
        await settle(pilot)
        log = _rows(screen.query_one("#c-log-table", DataTable))
        assert log[0][0] == "24-11-2026" and "Besøg med borger (30-11-2026)" in log[0][7]
        await pilot.press("3")
        await settle(pilot)
        follow_ups = _rows(screen.query_one("#c-opfoelgning-table", DataTable))
        assert ["30-11-2026", "Virksomhedsbesøg", "(virksomheden)", "RK", "Besøg med borger"] in follow_ups
    planned = rk_desk.run(
        lambda s: s.exec(
            select(FollowUp).where(FollowUp.company_id == company_id, FollowUp.due_on == date(2026, 11, 30))
        ).one()
    )
    assert planned.worker_id == rk_desk.worker.id and planned.status is FollowUpStatus.PLANNED


async def test_the_company_view_shows_placements_flags_and_the_register_filters_them(rk_desk) -> None:
    def seed(session: Session):
        company = session.exec(
            select(Company).where(Company.owner_id == rk_desk.worker.id).order_by(Company.name)
        ).first()
        citizen = session.exec(
            select(Citizen)
            .where(Citizen.consultant_id == rk_desk.worker.id, Citizen.closed_on.is_(None))
            .order_by(Citizen.last_name)
        ).first()
        session.add(
            Placement(
                citizen_id=citizen.id,
                company_id=company.id,
                kind=PlacementKind.INTERNSHIP,
                start_on=date(2025, 2, 3),
                ended_on=date(2025, 4, 1),
                status=PlacementStatus.ENDED,
                hours_per_week=10,
            )
        )
        session.add(
            Placement(
                citizen_id=citizen.id,
                company_id=company.id,
                kind=PlacementKind.INTERNSHIP,
                start_on=TODAY - timedelta(days=120),
                status=PlacementStatus.ACTIVE,
                hours_per_week=15,
            )
        )
        session.commit()
        return company.id, company.name, citizen

    company_id, name, citizen = rk_desk.run(seed)
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("escape", "f")  # on the list: flagged only
        await settle(pilot)
        register = app.screen
        rows = _rows(register.query_one("#company-table", DataTable))
        ours = next(r for r in rows if r[0] == name)
        assert "uden ord. timer" in ours[7]
        assert all(r[7] for r in rows)  # every row shown has a flag
        app.open_company(company_id)
        await settle(pilot)
        screen = app.screen
        titles = {command.title for command in app.get_system_commands(screen)}
        assert {"Log kontakt", "Ret", "Ny jobåbning", "Fane: Match"} <= titles
        overview = str(screen.query_one("#c-overblik-body", Static).render())
        assert "forløb uden ordinære timer efter 3 måneder – genforhandl eller afslut" in overview
        assert "Borgere i forløb, men ingen kontakt siden" in overview  # the demo's last contact is months old
        await pilot.press("2")
        await settle(pilot)
        placements = _rows(screen.query_one("#c-forloeb-table", DataTable))
        current = next(r for r in placements if r[0] == citizen.full_name and "slut" not in r[1])
        assert "Genforhandl eller afslut" in current[5] and "Gentaget praktik i samme virksomhed" in current[5]
        assert any("slut 01-04-2025" in r[1] for r in placements)


async def test_visit_day_reorders_exports_and_takes_a_progression_entry(rk_desk) -> None:
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VisitDayScreen) and screen.day == date(2026, 11, 25)
        before = [v.company.id for v in screen.visits]
        assert len(before) >= 2
        sheet = str(screen.query_one("#visits-sheet", Static).render())
        assert "Hvorfor i dag:" in sheet and "Samtalepunkter:" in sheet
        await pilot.press("J")  # the first visit one down
        await settle(pilot)
        assert [v.company.id for v in screen.visits] == [before[1], before[0], *before[2:]]
        assert screen.query_one("#visits-list", OptionList).highlighted == 1

        # the order is kept: leave and come back
        await pilot.press("n", "p")
        await settle(pilot)
        assert [v.company.id for v in screen.visits] == [before[1], before[0], *before[2:]]

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("enter")  # Markdown
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
        await pilot.press("escape")
        await settle(pilot)

        # progression for someone placed at a visit
        index = next(i for i, v in enumerate(screen.visits) if v.people)
        screen.query_one("#visits-list", OptionList).highlighted = index
        await pilot.pause()
        person = screen.visits[index].people[0]
        await pilot.press("g")
        await settle(pilot)
        if isinstance(app.screen, ChoiceModal):
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, FormModal)
        _field(app, "attendance").value = "7"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 til 5" in _error(app, "attendance")
        for key, value in (("attendance", "5"), ("tasks", "4"), ("cooperation", "4"), ("independence", "3")):
            _field(app, key).value = value
        _field(app, "ordinary_hours").value = "12,5"
        _field(app, "description").text = "Klarer morgenpluk alene"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    from stvdesk.settings import export_dir

    exported = (export_dir() / "besoegsdag-20261125-RK.md").read_text(encoding="utf-8")
    assert exported.startswith("# Besøgsdag onsdag 25. november 2026 – Rasmus Krogh (RK)")
    order = rk_desk.run(
        lambda s: s.exec(
            select(VisitOrder.company_id).where(VisitOrder.day == date(2026, 11, 25)).order_by(VisitOrder.position)
        ).all()
    )
    assert order[:2] == [before[1], before[0]]
    entry = rk_desk.run(
        lambda s: s.exec(
            select(ProgressEntry).where(
                ProgressEntry.placement_id == person.placement.id, ProgressEntry.month == date(2026, 11, 1)
            )
        ).one()
    )
    assert (entry.attendance, entry.tasks, entry.independence, entry.ordinary_hours) == (5, 4, 3, 12.5)
    assert entry.description == "Klarer morgenpluk alene"


async def test_matching_from_the_citizen_and_from_the_company(rk_desk) -> None:
    def seed(session: Session):
        citizen = session.exec(
            select(Citizen)
            .where(Citizen.consultant_id == rk_desk.worker.id, Citizen.closed_on.is_(None))
            .order_by(Citizen.last_name)
        ).first()
        citizen.readiness = Readiness.READY
        session.add(citizen)
        for goal in session.exec(select(JobGoal).where(JobGoal.citizen_id == citizen.id)).all():
            goal.status = GoalStatus.DROPPED  # only the new goal counts
            session.add(goal)
        session.add(JobGoal(citizen_id=citizen.id, kind=JobGoalKind.C, title="Cykelsmed", status=GoalStatus.AGREED))
        company = Company(name="Cykelsmeden ApS", industry="Cykelværksted", owner_id=rk_desk.worker.id)
        session.add(company)
        session.commit()
        return citizen.id, company.id

    citizen_id, company_id = rk_desk.run(seed)
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(citizen_id, tab="forloeb")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ChoiceModal) and modal.choices
        assert all("passer til" in label or "jobåbning" in label for label, _ in modal.choices)
        assert modal.choices[0][1] == company_id, modal.choices[:3]  # the only company whose industry fits
        index = 0
        assert "Branchen (Cykelværksted) passer til C-målet »Cykelsmed«" in modal.choices[index][0]
        scores = [int(label.split()[0]) for label, _ in modal.choices]
        assert scores == sorted(scores, reverse=True)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")  # the chosen match opens its company
        await settle(pilot)
        assert isinstance(app.screen, CompanyScreen) and app.screen.company_id == company_id
        await pilot.press("escape")
        await settle(pilot)

        app.open_company(company_id, tab="c-match")
        await settle(pilot)
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#c-match-table", DataTable)
        row = table.get_row_index(f"citizen:{citizen_id}")
        table.focus()
        table.move_cursor(row=row)
        await pilot.pause()
        why = str(screen.query_one("#c-match-why", Static).render())
        assert "Klar til et forløb" in why and "C-målet »Cykelsmed«" in why
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == citizen_id


async def test_a_company_visit_on_min_dag_opens_the_company(rk_desk) -> None:
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        line = next(line for line in screen.overview.lines if line.company_id is not None)
        table = screen.query_one("#agenda", DataTable)
        table.move_cursor(row=screen.overview.lines.index(line))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompanyScreen) and app.screen.company_id == line.company_id


async def test_escape_clears_the_search_and_returns_to_the_list_and_s_searches_afresh(rk_desk) -> None:
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        search, table = screen.query_one("#company-search", Input), screen.query_one("#company-table", DataTable)
        await pilot.press(*"bech")
        await settle(pilot)
        assert "1 virksomhed " in str(screen.query_one("#company-status", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert search.value == ""
        assert table.has_focus  # one Escape: cleared and back
        assert "s Søg" in str(screen.query_one(KeyBar).render())  # the search's key, on the list
        await pilot.press("s", *"gre", "down")
        assert table.has_focus and search.value == "gre"  # ↓ to the list, the search kept
        await pilot.press("s", *"bech")
        assert search.has_focus and search.value == "bech"  # the old text was replaced
        await pilot.press("escape", "n")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)  # n reached the screen, not the search field


async def test_a_name_typed_as_virksomheder_opens_is_searched(rk_desk) -> None:
    """Seen at 80×24: F8 and "Henriksens B" opened "Ny virksomhed" at the `n` (the focus was on
    the list, where `n` is a command); the rest went into the form."""
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompaniesScreen)
        search = screen.query_one("#company-search", Input)
        await type_at_once(pilot, "Henriksens B")
        await settle(pilot)
        assert app.screen is screen  # no dialog opened
        assert search.value == "Henriksens B" and screen.filter.search == "Henriksens B"
        assert search.has_focus  # the screen opened in its search
        assert [row.name for row in screen.rows] == ["Henriksens Byggeri A/S"]
        await pilot.press("enter")  # Enter in the search: to the list, nothing opened
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#company-table", DataTable).has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompanyScreen) and app.screen.company_id == screen.rows[0].id


async def test_a_burst_typed_on_the_company_list_is_typed_whole_in_the_search(rk_desk) -> None:
    """Seen: a capital H on the list did not start a search (the list had no search to give keys
    to); now the letters of a name typed there at once follow it into the search in order, and
    none of them (the `n` of "Henriksens") runs a command."""
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#company-table", DataTable).has_focus
        await type_at_once(pilot, "Henriksens B")
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#company-search", Input).value == "Henriksens B"
        assert screen.filter.search == "Henriksens B"


async def test_slash_finds_a_citizen_from_virksomheder_too(rk_desk) -> None:
    """Seen: `/` on F8 searched companies, while `/` finds a citizen from every other screen."""
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        for where in ("search", "list"):
            await pilot.press("slash")
            await settle(pilot)
            finder = app.screen
            assert isinstance(finder, DeskPalette), where
            assert finder.query_one(CommandInput).placeholder == FINDER_PLACEHOLDER, where
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen and screen.query_one("#company-search", Input).value == ""
            screen.query_one("#company-table", DataTable).focus()
            await pilot.pause()


async def test_privacy_mode_hides_the_citizen_named_in_the_contact_log(rk_desk) -> None:
    from stvdesk.db.queries.companies import log_contact
    from stvdesk.db.queries.edits import Editor
    from stvdesk.domain.enums import ContactChannel

    def seed(session: Session):
        placement = session.exec(
            select(Placement).where(Placement.status == PlacementStatus.ACTIVE, Placement.deleted_at.is_(None))
        ).first()
        citizen = session.get(Citizen, placement.citizen_id)
        log_contact(
            session,
            Editor(rk_desk.me.id, TODAY),
            placement.company_id,
            contacted_on=TODAY,
            channel=ContactChannel.PHONE,
            outcome=f"{citizen.first_name}s timer drøftet, CPR {citizen.cpr[:6]}-{citizen.cpr[6:]}",
            next_step=f"Ring til {citizen.last_name} igen",
            next_step_on=TODAY + timedelta(days=7),
            citizen_id=citizen.id,
        )
        return placement.company_id, citizen.first_name, citizen.last_name, citizen.cpr

    company_id, first, last, cpr = rk_desk.run(seed)
    app = StvdeskApp(rk_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_company(company_id, tab="c-log")
        await settle(pilot)
        table = app.screen.query_one("#c-log-table", DataTable)

        def logged() -> str:
            return " ".join(" ".join(row) for row in _rows(table))

        assert f"{first}s timer" in logged() and last in logged()
        await pilot.press("f4")
        await settle(pilot)
        shown = logged()
        assert first not in shown and last not in shown and cpr[:6] not in shown, shown
        # The next step became a follow-up: its note on the company's Opfølgninger tab too.
        await pilot.press("3")
        await settle(pilot)
        planned = " ".join(" ".join(row) for row in _rows(app.screen.query_one("#c-opfoelgning-table", DataTable)))
        assert "Ring til" in planned and last not in planned, planned
        await pilot.press("f4")
        await settle(pilot)
        planned = " ".join(" ".join(row) for row in _rows(app.screen.query_one("#c-opfoelgning-table", DataTable)))
        assert f"Ring til {last} igen" in planned
        await pilot.press("4")
        await settle(pilot)
        assert f"{first}s timer" in logged()
