"""The citizen's file through Pilot: every tab, every form's validation, nothing typed lost."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select
from textual.widgets import DataTable, Static, TabbedContent

from stvdesk.app import StvdeskApp
from stvdesk.db.models import AuditEvent, Citizen, CvStatus, FollowUp, JobGoal, Note, Placement, PlanStep
from stvdesk.domain.enums import AuditAction, FollowUpKind, FollowUpStatus, GoalStatus, Phase, PlacementKind
from stvdesk.screens.caseload import CaseloadScreen
from stvdesk.screens.citizen_file import TABS, CitizenFileScreen
from stvdesk.widgets.form import ConfirmModal, FormModal
from stvdesk.widgets.modals import InfoModal
from tests.conftest import TODAY
from tests.ui.helpers import SIZE, settle


async def open_file(pilot, row: int = 0) -> CitizenFileScreen:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
    for _ in range(row):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.app.settled()  # the reach check, then the file screen is pushed
    screen = pilot.app.screen
    assert isinstance(screen, CitizenFileScreen)
    await screen.settled()  # the file is read and shown
    return screen


def field(app, name: str):
    return app.screen.query_one(f"#f-{name}")


def error(app, name: str) -> str:
    return str(app.screen.query_one(f"#f-{name}-error", Static).render())


async def test_every_tab_shows_its_content(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        for n, (tab, _label) in enumerate(TABS, start=1):
            await pilot.press(str(n))
            await pilot.pause()
            assert screen.query_one("#file-tabs", TabbedContent).active == tab
            if tab in ("overblik", "cv"):
                assert str(screen.query_one(f"#{tab}-body", Static).render()).strip()
            else:
                assert screen.query_one(f"#{tab}-table", DataTable).row_count >= 1
        overview = str(screen.query_one("#overblik-body", Static).render())
        assert "Fase:" in overview and "Før et virksomhedsforløb" in overview


async def test_a_file_that_cannot_be_read_says_so_and_shows_nothing_of_it(desk, monkeypatch) -> None:
    """A failed read is said in Danish in the file's title. Here the access log refuses the view:
    nothing of the file is shown, and the next read logs the view before it shows the file."""
    from stvdesk.screens.citizen_file import screen as file_screen

    logged = file_screen.log_access

    def refused(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("logningen svarer ikke")

    monkeypatch.setattr(file_screen, "log_access", refused)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        title = str(screen.query_one("#file-title", Static).render())
        assert "Borgerens sag kunne ikke hentes" in title and "logningen svarer ikke" in title
        assert screen.file is None and not str(screen.query_one("#overblik-body", Static).render()).strip()
        assert all(table.row_count == 0 for table in screen.query(DataTable))
        monkeypatch.setattr(file_screen, "log_access", logged)
        await pilot.press("n", "o")  # the file's keys wait for a file: no form opens
        assert app.screen is screen
        screen.reload()
        await screen.settled()
        assert screen.file is not None and screen.file.citizen.full_name in str(
            screen.query_one("#file-title", Static).render()
        )
        citizen_id = screen.citizen_id
    with Session(desk.engine) as session:
        views = session.exec(
            select(AuditEvent).where(AuditEvent.citizen_id == citizen_id, AuditEvent.action == AuditAction.VIEW)
        ).all()
        assert len(views) == 1


async def test_praktik_from_the_caseload_in_at_most_25_keys(desk) -> None:
    """Keyboard-first: registering a praktik at an existing company takes ≤ 25 keys plus the text."""
    with Session(desk.engine) as session:
        company = session.exec(select(Placement.company_id)).first()
        from stvdesk.db.models import Company

        name = session.get(Company, company).name
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        citizen_id = app.screen.selected_row().id
        typed = [name[:5], "Afklare arbejdsevne", "Lager og pakning", "20"]
        keys = ["p"]
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        sequence = [*typed[0], "right", "enter", "tab", *typed[1], "enter", *typed[2], "enter", *typed[3], "ctrl+s"]
        await pilot.press(*sequence)
        await settle(pilot)
        keys += sequence
        assert isinstance(app.screen, CitizenFileScreen), (
            error(app, "company") if isinstance(app.screen, FormModal) else ""
        )
        typed_chars = sum(len(text) for text in typed)
        assert len(keys) - typed_chars <= 25
    with Session(desk.engine) as session:
        placement = session.exec(
            select(Placement).where(Placement.citizen_id == citizen_id, Placement.purpose == "Afklare arbejdsevne")
        ).one()
        assert placement.kind is PlacementKind.INTERNSHIP and placement.hours_per_week == 20
        assert placement.purpose == "Afklare arbejdsevne" and placement.start_on == TODAY


async def test_placement_form_errors_keep_everything_typed(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot)
        await pilot.press("5", "n")
        await settle(pilot)
        field(app, "company").value = "Findes Ikke ApS"
        field(app, "hours_per_week").value = "10"
        field(app, "ordinary_hours_per_week").value = "12"
        field(app, "start_on").value = "31-02-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Ukendt virksomhed" in error(app, "company")
        assert "rigtig dato" in error(app, "start_on")
        assert field(app, "company").value == "Findes Ikke ApS" and field(app, "ordinary_hours_per_week").value == "12"
        with Session(desk.engine) as session:
            from stvdesk.db.models import Company

            field(app, "company").value = session.exec(select(Company.name)).first()
        field(app, "start_on").value = "24-11-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "formål" in error(app, "purpose").lower() and "opgaver" in error(app, "tasks").lower()
        assert "flere end timerne" in error(app, "ordinary_hours_per_week")
        field(app, "hours_per_week").value = "40"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "højst være 37" in error(app, "hours_per_week")
        assert isinstance(app.screen, FormModal)


async def test_bad_cpr_is_caught_at_the_field_and_a_good_edit_is_logged(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        citizen_id = screen.citizen_id
        await pilot.press("e")
        await settle(pilot)
        field(app, "cpr").value = "310290-1234"
        field(app, "phone").value = "11 22 33 44"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ikke en rigtig dato" in error(app, "cpr")
        assert field(app, "phone").value == "11 22 33 44"
        field(app, "cpr").value = "010190-1239"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        await pilot.press("9")
        await pilot.pause()
        history = app.screen.query_one("#historik-table", DataTable)
        assert "Stamdata ændret" in str(history.get_row_at(0)[2])
    with Session(desk.engine) as session:
        citizen = session.get(Citizen, citizen_id)
        assert citizen.cpr == "0101901239" and citizen.phone == "11 22 33 44"


async def test_leaving_a_changed_form_asks_first(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot)
        await pilot.press("4", "n")
        await settle(pilot)
        await pilot.press(*"Ring til lægen")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormModal) and field(app, "text").value == "Ring til lægen"
        await pilot.press("escape", "j")
        await pilot.pause()
        assert isinstance(app.screen, CitizenFileScreen)
        await pilot.press("n", "escape")  # an unchanged form closes without asking
        await pilot.pause()
        assert isinstance(app.screen, CitizenFileScreen)


async def test_sub_goal_add_and_done_with_deadline_check(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        await pilot.press("4", "n")
        await settle(pilot)
        await pilot.press(*"Besøge lageret")
        field(app, "deadline").value = (TODAY - timedelta(days=2)).strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "før i dag" in error(app, "deadline")
        field(app, "deadline").value = "01-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = screen.query_one("#plan-table", DataTable)
        table.focus()
        texts = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        index = texts.index("Besøge lageret")
        table.move_cursor(row=index)
        await pilot.press("d")
        await settle(pilot)
    with Session(desk.engine) as session:
        step = session.exec(select(PlanStep).where(PlanStep.text == "Besøge lageret")).one()
        assert step.done_on == TODAY and step.agreed_on == TODAY


async def test_goal_with_an_action_and_cv(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, row=3)
        citizen_id = screen.citizen_id
        await pilot.press("2", "n")
        await settle(pilot)
        await pilot.press("tab", *"Truckfører")
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = screen.query_one("#abc-table", DataTable)
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[1]) == "Truckfører")
        table.move_cursor(row=row)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Tage truckcertifikat", "ctrl+s")
        await settle(pilot)
        await pilot.press("3", "e")
        await settle(pilot)
        field(app, "next_step").value = "Uploade CV på Jobnet"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Session(desk.engine) as session:
        goal = session.exec(
            select(JobGoal).where(JobGoal.citizen_id == citizen_id, JobGoal.title == "Truckfører")
        ).one()
        assert goal.status is GoalStatus.AGREED and goal.agreed_on == TODAY
        cv = session.exec(select(CvStatus).where(CvStatus.citizen_id == citizen_id)).one()
        assert cv.next_step == "Uploade CV på Jobnet"


async def test_journal_is_append_only_with_corrections(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        await pilot.press("8", "n")
        await settle(pilot)
        await pilot.press(*"Borger mødte op til tiden.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = screen.query_one("#journal-table", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"Borger kom 10 minutter for sent.", "ctrl+s")
        await settle(pilot)
        citizen_id = screen.citizen_id
    with Session(desk.engine) as session:
        notes = session.exec(select(Note).where(Note.citizen_id == citizen_id).order_by(Note.written_at)).all()
        original = next(n for n in notes if n.text == "Borger mødte op til tiden.")
        correction = next(n for n in notes if n.corrects_id == original.id)
        assert correction.text == "Borger kom 10 minutter for sent."


async def test_phase_override_needs_a_reason_and_shows_as_such(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        await pilot.press("f")
        await settle(pilot)
        select_widget = field(app, "phase")
        select_widget.value = Phase.AFTERCARE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "hvorfor" in str(app.screen.query_one("#form-error", Static).render()).lower()
        field(app, "reason").value = "Har fået job, starter mandag"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "manuelt sat" in str(screen.query_one("#overblik-body", Static).render())


async def test_reassign_moves_open_items_and_exports_a_handover(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        citizen_id = screen.citizen_id
        await pilot.press("o")
        await settle(pilot)
        assert "Planlagte opfølgninger" in str(app.screen.query_one(Static).render()) or True
        options = field(app, "new_worker")._options
        ms = next(value for label, value in options if "(MS)" in str(label))
        field(app, "new_worker").value = ms
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
        body = str(app.screen.query_one("#info-body", Static).render())
        assert "Overdragelse" in body and "Gemt som tekst" in body
        exported = Path(body.split("Gemt som tekst: ")[1].strip())
        assert exported.exists() and "Overdragelse" in exported.read_text(encoding="utf-8")
    with Session(desk.engine) as session:
        citizen = session.get(Citizen, citizen_id)
        assert citizen.caseworker_id == ms
        planned = session.exec(
            select(FollowUp).where(FollowUp.citizen_id == citizen_id, FollowUp.status == FollowUpStatus.PLANNED)
        ).all()
        assert all(f.worker_id == ms for f in planned if f.kind is not FollowUpKind.PLACEMENT_FOLLOW_UP)


async def test_closing_for_a_job_plans_aftercare_and_leaves_the_caseload(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        citizen_id = screen.citizen_id
        await pilot.press("l")
        await settle(pilot)
        field(app, "closed_on").value = (TODAY + timedelta(days=1)).strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "frem i tiden" in error(app, "closed_on")
        field(app, "closed_on").value = TODAY.strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Lukket" in str(screen.query_one("#file-title", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        caseload = app.screen
        assert isinstance(caseload, CaseloadScreen)
        caseload.reload()
        await settle(pilot)
        assert citizen_id not in {r.id for r in caseload.page.rows}
        with Session(desk.engine) as session:
            citizen = session.get(Citizen, citizen_id)
        await pilot.press("slash", *citizen.cpr[:6])
        await settle(pilot)
        assert citizen_id in {r.id for r in caseload.page.rows}
    with Session(desk.engine) as session:
        aftercare = session.exec(
            select(FollowUp).where(
                FollowUp.citizen_id == citizen_id,
                FollowUp.kind == FollowUpKind.AFTERCARE,
                FollowUp.status == FollowUpStatus.PLANNED,
            )
        ).all()
        # Every 14 days for 3 months to the citizen by the caseworker; the VK's calls to the
        # employer (every 28 days) only when the job is at a placement's company.
        assert len([f for f in aftercare if f.company_id is None]) == 6
        employer = [f for f in aftercare if f.company_id is not None]
        assert all(f.worker_id == citizen.consultant_id and f.placement_id is not None for f in employer)
        assert len(employer) in (0, 3)
        assert session.exec(select(AuditEvent).where(AuditEvent.citizen_id == citizen_id)).first() is not None


async def test_edit_sub_goal_and_placement_and_change_hours(desk) -> None:
    from stvdesk.db.models import PlacementHours

    with Session(desk.engine) as session:
        placement = session.exec(
            select(Placement).where(Placement.status == "active", Placement.kind == PlacementKind.INTERNSHIP)
        ).first()
        citizen_id = placement.citizen_id
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(citizen_id, tab="forloeb")
        await app.settled()
        screen = app.screen
        await screen.settled()
        table = screen.query_one("#forloeb-table", DataTable)
        table.focus()
        table.move_cursor(
            row=[str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)].index(
                f"placement:{placement.id}"
            )
        )
        await pilot.press("e")
        await settle(pilot)
        field(app, "tasks").value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "opgaver" in error(app, "tasks").lower()
        field(app, "tasks").value = "Lager, pakning og kundeservice"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        field(app, "hours").value = "25"
        field(app, "ordinary").value = "5,5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
    with Session(desk.engine) as session:
        stored = session.get(Placement, placement.id)
        assert stored.tasks == "Lager, pakning og kundeservice"
        assert stored.hours_per_week == 25 and stored.ordinary_hours_per_week == 5.5
        history = session.exec(
            select(PlacementHours)
            .where(PlacementHours.placement_id == placement.id)
            .order_by(PlacementHours.effective_on)
        ).all()
        assert history[-1].ordinary_hours_per_week == 5.5 and len(history) >= 2
        citizen = session.get(Citizen, citizen_id)
        assert citizen.phase is Phase.PROGRESSION  # ordinary hours move the derived phase on


async def test_new_placement_plans_its_follow_up_creates_its_company_and_a_moved_start_keeps_its_length(
    desk,
) -> None:
    """The way a caseworker does it, in one run: a praktik at a company not in the register yet
    (created from the form, everything typed kept) plans its first-week follow-up with it; a
    second placement with the follow-up declined plans none; moving the first one's start moves
    its planned end as far, and says so."""
    from datetime import date

    from stvdesk.db.models import Company
    from stvdesk.screens.citizen_file.placement_form import PlacementForm

    def said(app) -> str:
        return " ".join(n.message for n in app._notifications)

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        citizen_id = screen.citizen_id
        placements_before = len(screen.file.placements)
        await pilot.press("5", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PlacementForm)
        assert field(app, "follow_up").value is True
        assert field(app, "follow_up_on").value == "01-12-2026"  # a week after today's start
        await pilot.press(*"Nyt Værksted")
        await pilot.pause()
        assert "«Nyt Værksted» findes ikke" in str(form.query_one("#placement-company-hint", Static).render())
        field(app, "purpose").value = "Afklare arbejdsevne"
        field(app, "tasks").value = "Montage"
        field(app, "hours_per_week").value = "15"
        field(app, "start_on").value = "07-12-2026"
        await pilot.pause()
        assert field(app, "follow_up_on").value == "14-12-2026"  # the proposal follows the start
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Ukendt virksomhed" in error(app, "company") and "opretter ^n den" in error(app, "company")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, FormModal) and app.screen is not form
        assert field(app, "name").value == "Nyt Værksted"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert field(app, "company").value == "Nyt Værksted" and field(app, "purpose").value == "Afklare arbejdsevne"
        assert field(app, "start_on").value == "07-12-2026" and field(app, "follow_up_on").value == "14-12-2026"
        assert not str(form.query_one("#placement-company-hint", Static).render()).strip()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await screen.settled()
        assert app.screen is screen and "Praktikopfølgning planlagt 14-12-2026." in said(app)
        planned = [(f.kind, f.due_on) for f, _ in screen.file.follow_ups if f.status is FollowUpStatus.PLANNED]
        assert (FollowUpKind.PLACEMENT_FOLLOW_UP, date(2026, 12, 14)) in planned
        first = next(v.placement for v in screen.file.placements if v.company == "Nyt Værksted")

        # A second placement, its follow-up declined: nothing more is planned.
        follow_ups = len(screen.file.follow_ups)
        await pilot.press("n")
        await settle(pilot)
        field(app, "company").value = "Nyt Værksted"
        field(app, "kind").value = PlacementKind.SMALL_JOB
        field(app, "hours_per_week").value = "5"
        field(app, "follow_up").value = False
        field(app, "follow_up_on").value = "25-12-2026"  # a declined date is not checked
        await pilot.press("ctrl+s")
        await settle(pilot)
        await screen.settled()
        assert app.screen is screen, error(app, "follow_up_on")
        assert len(screen.file.placements) == placements_before + 2 and len(screen.file.follow_ups) == follow_ups

        # Moving the first placement's start two weeks moves its planned end two weeks.
        await pilot.press("5")
        table = screen.query_one("#forloeb-table", DataTable)
        table.focus()
        keys = [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]
        table.move_cursor(row=keys.index(f"placement:{first.id}"))
        await pilot.press("e")
        await settle(pilot)
        field(app, "start_on").value = "21-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await screen.settled()
        end = first.planned_end_on + timedelta(days=14)
        assert f"Planlagt slut flyttet til {end:%d-%m-%Y}, så længden er den samme." in said(app)
    with Session(desk.engine) as session:
        company = session.exec(select(Company).where(Company.name == "Nyt Værksted")).one()
        stored = session.get(Placement, first.id)
        assert stored.company_id == company.id and stored.start_on == date(2026, 12, 21)
        assert stored.planned_end_on == end
        follow_up = session.exec(select(FollowUp).where(FollowUp.placement_id == first.id)).one()
        assert follow_up.citizen_id == citizen_id and follow_up.kind is FollowUpKind.PLACEMENT_FOLLOW_UP


async def test_closing_ends_every_part_of_the_case_and_andet_plans_no_aftercare(desk) -> None:
    """Closing for an ordinary job with a running placement and open sub-goals: the placement
    becomes the job, the sub-goals close, the phase is aftercare. Closing with "Andet": the
    aftercare box is unticked and disabled, and no call is planned."""
    from textual.widgets import Checkbox

    from stvdesk.db.models import Placement as P
    from stvdesk.domain.enums import CaseCloseReason, PlacementEndReason, PlacementStatus

    with Session(desk.engine) as session:
        running = session.exec(
            select(P)
            .join(Citizen, Citizen.id == P.citizen_id)
            .where(P.status == PlacementStatus.ACTIVE, Citizen.closed_on.is_(None), Citizen.phase_override.is_(None))
        ).all()
        with_step = {s.citizen_id for s in session.exec(select(PlanStep).where(PlanStep.done_on.is_(None))).all()}
        placement = next(p for p in running if p.citizen_id in with_step)
        job_citizen, company_id = placement.citizen_id, placement.company_id
        other = session.exec(select(Citizen).where(Citizen.closed_on.is_(None), Citizen.id != job_citizen)).first()
        other_id = other.id
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(job_citizen, purpose="Test")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CitizenFileScreen)
        await screen.settled()
        await pilot.press("l")
        await settle(pilot)
        assert field(app, "job_from").value == placement.id  # the running placement becomes the job
        assert field(app, "steps").value is True
        await pilot.press("ctrl+s")
        await settle(pilot)
        await screen.settled()
        assert "Efterværn" in str(screen.query_one("#file-title", Static).render())

        await pilot.press("escape")
        await settle(pilot)
        app.open_citizen(other_id, purpose="Test")
        await settle(pilot)
        await app.screen.settled()
        await pilot.press("l")
        await settle(pilot)
        field(app, "reason").value = CaseCloseReason.OTHER
        await pilot.pause()
        aftercare = app.screen.query_one("#f-aftercare", Checkbox)
        assert aftercare.value is False and aftercare.disabled
        field(app, "reason").value = CaseCloseReason.ORDINARY_JOB
        await pilot.pause()
        assert aftercare.value is True and not aftercare.disabled
        field(app, "reason").value = CaseCloseReason.OTHER
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Session(desk.engine) as session:
        ended = session.get(P, placement.id)
        assert (ended.status, ended.end_reason) == (PlacementStatus.ENDED, PlacementEndReason.ORDINARY_JOB)
        assert ended.ended_on == max(TODAY - timedelta(days=1), ended.start_on)
        job = session.exec(select(P).where(P.citizen_id == job_citizen, P.kind == PlacementKind.ORDINARY_JOB)).one()
        assert (job.company_id, job.status, job.start_on) == (company_id, PlacementStatus.ACTIVE, TODAY)
        assert job.ordinary_hours_per_week == job.hours_per_week > 0
        assert all(s.done_on == TODAY for s in session.exec(select(PlanStep).where(PlanStep.citizen_id == job_citizen)))
        closed = session.get(Citizen, job_citizen)
        assert closed.phase is Phase.AFTERCARE and closed.close_reason is CaseCloseReason.ORDINARY_JOB
        calls = session.exec(
            select(FollowUp).where(FollowUp.citizen_id == job_citizen, FollowUp.kind == FollowUpKind.AFTERCARE)
        ).all()
        assert calls and all(c.status is FollowUpStatus.PLANNED for c in calls)
        other = session.get(Citizen, other_id)
        assert other.close_reason is CaseCloseReason.OTHER
        assert not session.exec(
            select(FollowUp).where(
                FollowUp.citizen_id == other_id,
                FollowUp.kind == FollowUpKind.AFTERCARE,
                FollowUp.status == FollowUpStatus.PLANNED,
            )
        ).all()
        assert not session.exec(select(P).where(P.citizen_id == other_id, P.status != PlacementStatus.ENDED)).all()


async def test_handing_over_the_vk_role_lists_consultants_first_and_names_both(desk) -> None:
    from stvdesk.db.models import Worker
    from stvdesk.domain.enums import Role

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        citizen_id = screen.citizen_id
        await pilot.press("o")
        await settle(pilot)
        field(app, "role").value = "VK"
        await pilot.pause()
        options = field(app, "new_worker")._options
        with Session(desk.engine) as session:
            roles = {w.id: w for w in session.exec(select(Worker)).all()}
            before = roles[session.get(Citizen, citizen_id).consultant_id]
        first = next(value for _label, value in options)
        assert roles[first].role is Role.VK
        proposed = roles[field(app, "new_worker").value]
        assert proposed.role is Role.VK and proposed.id != before.id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
        body = str(app.screen.query_one("#info-body", Static).render())
        said = f"Virksomhedskonsulent: fra {before.name} ({before.initials}) til {proposed.name} ({proposed.initials})"
        assert said in body
    with Session(desk.engine) as session:
        assert session.get(Citizen, citizen_id).consultant_id == proposed.id
        notes = session.exec(select(Note).where(Note.citizen_id == citizen_id)).all()
        assert any(said in n.text for n in notes)
