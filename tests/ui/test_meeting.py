"""Meetings through Pilot: a whole three-party match meeting, resuming after a restart, refusals,
the agreements in the file and on Min dag, the guide browser and the exported summary."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select
from textual.widgets import Checkbox, DataTable, Input, OptionList, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Agreement, AuditEvent, Citizen, FollowUp, Meeting, MeetingAnswer, Placement, PlanStep
from stvdesk.domain.enums import AuditAction, FollowUpStatus, MeetingStatus, PlacementStatus, StepOwner
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.guides import GuidesScreen
from stvdesk.screens.meeting import MeetingScreen
from stvdesk.widgets.form import FormModal
from stvdesk.widgets.modals import ChoiceModal, InfoModal
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle


def _citizen_in_placement(desk):
    def find(session: Session):
        return session.exec(
            select(Citizen, Placement)
            .join(Placement, Placement.citizen_id == Citizen.id)
            .where(
                Citizen.caseworker_id == desk.worker.id,
                Citizen.consultant_id.is_not(None),
                Citizen.closed_on.is_(None),
                Placement.status == PlacementStatus.ACTIVE,
            )
            .order_by(Citizen.last_name)
        ).first()

    return desk.run(find)


def _field(app, name: str):
    return app.screen.query_one(f"#f-{name}")


async def _start_meeting(pilot, citizen_id, guide_id: str = "trepart") -> MeetingScreen:
    app = pilot.app
    await settle(pilot)
    app.open_citizen(citizen_id, tab="moeder")
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(app.screen, FormModal) and app.screen.title_text == "Nyt møde"
    _field(app, "guide").value = guide_id
    _field(app, "start_time").value = "10:00"
    _field(app, "place").value = "Jobcentret, lokale 2"
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, MeetingScreen), app.screen
    return app.screen


async def _go_to_item(pilot, screen: MeetingScreen, item_id: str) -> None:
    target = [item.id for item in screen.guide.items].index(item_id)
    while screen.current != target:
        await pilot.press("pagedown" if screen.current < target else "pageup")
        await pilot.pause()


async def _answer_text(pilot, screen: MeetingScreen, item_id: str, text: str) -> None:
    await _go_to_item(pilot, screen, item_id)
    screen._answer.focus()
    await pilot.press(*text)
    await pilot.press("enter")  # stores and moves on
    await pilot.pause()


async def test_a_whole_three_party_meeting_from_start_to_finish(desk) -> None:
    citizen, placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        title = str(screen.query_one("#meeting-title", Static).render())
        assert "Trepartssamtale" in title and "24-11-2026 kl. 10:00" in title and "I gang" in title
        # the meeting opens in the first item's answer, a check: space ticks it
        assert screen.current == 0 and isinstance(screen.focused, Checkbox)
        await pilot.press("space", "pagedown")
        await pilot.pause()
        assert screen.current == 1 and isinstance(screen.focused, Checkbox)
        await _answer_text(pilot, screen, "jobmaal", "Lagerarbejde med truck")
        await _answer_text(pilot, screen, "timer_aftalt", "20")
        await _answer_text(pilot, screen, "ordinaere_timer", "4,5")
        await _answer_text(pilot, screen, "delmaal", "Tage truckkort")
        await _answer_text(pilot, screen, "stoette", "Mentor den første uge")
        await _go_to_item(pilot, screen, "tryghed")
        screen._answer.focus()
        await pilot.press("down", "down", "down", "enter")  # the fourth button: 4
        await _go_to_item(pilot, screen, "hvem_goer_hvad")
        screen._answer.focus()
        await pilot.press("space")
        screen.query_one("#item-note", Input).focus()
        await pilot.press(*"alle har sagt ja")
        await pilot.press("escape")
        assert isinstance(screen.focused, OptionList)

        # two agreements, one of them the caseworker's; after each the focus is back in the answer,
        # and Escape goes to the outline, where the letters act
        for text, owner in (("Ringe før kl. 8 ved fravær", StepOwner.CITIZEN), ("Lave indtægtsberegning", StepOwner.S)):
            await pilot.press("a")
            await settle(pilot)
            _field(app, "text").value = text
            _field(app, "owner").value = owner
            _field(app, "deadline").value = (TODAY + timedelta(days=7)).strftime("%d-%m-%Y")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(screen.focused, Checkbox)
            # the new agreement is shown whole, the first one in an empty table too
            table = screen.query_one("#meeting-agreements", DataTable)
            shown = [table.render_line(y).text for y in range(1, table.row_count + 1)]
            assert any(text in line for line in shown), shown
            await pilot.press("escape")
        assert screen.query_one("#meeting-agreements", DataTable).row_count == 2

        titles = {command.title for command in app.get_system_commands(screen)}
        assert {"Ny aftale", "Afslut møde", "Eksport", "Aflys møde"} <= titles
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, FormModal) and app.screen.title_text == "Afslut møde", (
            app.screen.focused,
            [n.message for n in app._notifications],
        )
        _field(app, "next_on").value = "22-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal), "finishing should succeed"
        body = str(app.screen.query_one("#info-body", Static).render())
        assert "20 timer pr. uge, heraf 4,5 ordinære" in body and "Næste opfølgning" in body
        await pilot.press("escape")
        await settle(pilot)
        assert "Afholdt" in str(screen.query_one("#meeting-title", Static).render())

    def stored(session: Session):
        meeting = session.exec(select(Meeting).where(Meeting.citizen_id == citizen.id, Meeting.held_on == TODAY)).one()
        answers = {
            a.item_id: (a.value, a.note)
            for a in session.exec(select(MeetingAnswer).where(MeetingAnswer.meeting_id == meeting.id))
        }
        agreements = session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id)).all()
        p = session.get(Placement, placement.id)
        step = session.exec(
            select(PlanStep).where(PlanStep.citizen_id == citizen.id, PlanStep.text == "Tage truckkort")
        ).one()
        nxt = session.exec(
            select(FollowUp).where(FollowUp.citizen_id == citizen.id, FollowUp.due_on == TODAY + timedelta(days=28))
        ).all()
        return meeting, answers, agreements, p, step, nxt

    meeting, answers, agreements, p, step, nxt = desk.run(stored)
    # the match meeting is the guide 'trepart' in its version 2
    assert meeting.status is MeetingStatus.HELD and (meeting.guide_id, meeting.guide_version) == ("trepart", 2)
    assert meeting.start_time.strftime("%H:%M") == "10:00" and meeting.place == "Jobcentret, lokale 2"
    assert answers["formaal"] == ("ja", "") and "roller" not in answers  # passed over, never ticked
    assert answers["tryghed"][0] == "4" and answers["hvem_goer_hvad"] == ("ja", "alle har sagt ja")
    assert answers["stoette"][0] == "Mentor den første uge"
    assert sorted(a.text for a in agreements) == ["Lave indtægtsberegning", "Ringe før kl. 8 ved fravær"]
    assert next(a for a in agreements if a.owner is StepOwner.S).owner_worker_id == desk.worker.id
    assert (p.hours_per_week, p.ordinary_hours_per_week) == (20, 4.5)
    assert step.deadline == TODAY + timedelta(days=28)
    assert [f.status for f in nxt] == [FollowUpStatus.PLANNED]


async def test_finishing_is_refused_without_agreement_or_next_date(desk) -> None:
    citizen, _ = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await pilot.press("ctrl+f")  # from the answer
        await settle(pilot)
        _field(app, "next_on").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        assert "skal udfyldes" in str(app.screen.query_one("#f-next_on-error", Static).render())
        _field(app, "next_on").value = "22-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        banner = str(app.screen.query_one("#form-error", Static).render())
        assert isinstance(app.screen, FormModal)
        assert (
            "mindst én aftale" in banner
            and "»Alle ved, hvem der gør hvad før den første opfølgning« skal besvares" in banner
        )
        # "ingen aftaler" is not enough while the required item is unanswered; answer it and finish
        app.screen.query_one("#f-no_agreements", Checkbox).value = True
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j")  # discard the form's changes
        await settle(pilot)
        assert app.screen is screen
        await _go_to_item(pilot, screen, "hvem_goer_hvad")
        screen._answer.focus()
        await pilot.press("space", "escape")
        await pilot.press("ctrl+f")
        await settle(pilot)
        _field(app, "no_agreements").value = True
        _field(app, "next_on").value = "22-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
    status = desk.run(
        lambda s: s.exec(
            select(Meeting.status, Meeting.no_agreements).where(
                Meeting.citizen_id == citizen.id, Meeting.held_on == TODAY
            )
        ).one()
    )
    assert tuple(status) == (MeetingStatus.HELD, True)


async def test_an_unfinished_meeting_is_resumed_after_a_restart(demo_db) -> None:
    desk = make_desk(demo_db)
    citizen, _ = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _go_to_item(pilot, screen, "opgaver")
        screen._answer.focus()
        await pilot.press(*"Pluk og pak")  # no pause to save: closing the app must still keep it
        meeting_id = screen.meeting_id
        await pilot.press("ctrl+q")
    desk.engine.dispose()

    desk = make_desk(demo_db)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Min dag lists the meeting that is still going on
        assert "Møder i gang" in str(app.screen.query_one("#meetings-pane", Static).render())
        app.open_citizen(citizen.id, tab="moeder")
        await settle(pilot)
        file_screen = app.screen
        assert isinstance(file_screen, CitizenFileScreen)
        table = file_screen.query_one("#moeder-table", DataTable)
        row = table.get_row_index(f"meeting:{meeting_id}")
        assert "I gang" in str(table.get_row_at(row)[2])
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.meeting_id == meeting_id
        # resumes where it was left, in the answer typed there
        assert screen.guide.items[screen.current].id == "opgaver" and screen.focused is screen._answer
        assert screen._answer.value == "Pluk og pak"
    desk.engine.dispose()


async def _reopen(pilot, citizen_id, meeting_id) -> MeetingScreen:
    """The meeting opened again from the Møder tab of the citizen's file."""
    app = pilot.app
    app.open_citizen(citizen_id, tab="moeder")
    await settle(pilot)
    table = app.screen.query_one("#moeder-table", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(f"meeting:{meeting_id}"))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, MeetingScreen) and app.screen.meeting_id == meeting_id
    return app.screen


async def test_a_resumed_meeting_opens_at_the_item_it_was_left_at(desk) -> None:
    """Seen: a meeting started, left and opened again opened at item 2, the first unanswered,
    not where the worker had stopped. It opens at the item shown when it was left (items skipped
    on the way stay skipped), in its answer."""
    citizen, _ = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        meeting_id = screen.meeting_id
        await pilot.press("space", "enter")  # the first item answered; on to the second
        await _go_to_item(pilot, screen, "opgaver")  # the second to the fourth skipped, nothing typed
        await pilot.press("escape", "escape")  # to the outline, then out: back in the file
        await settle(pilot)
        assert not isinstance(app.screen, MeetingScreen)

        screen = await _reopen(pilot, citizen.id, meeting_id)
        assert screen.guide.items[screen.current].id == "opgaver" and screen.focused is screen._answer
        assert not screen._answered("roller") and not screen._answered("opgaver")  # nothing made up
        await pilot.press(*"Pluk og pak", "enter")  # answered: on to the next, and left from there by F2
        await settle(pilot)
        following = screen.guide.items[screen.current].id
        await pilot.press("f2")
        await settle(pilot)

        screen = await _reopen(pilot, citizen.id, meeting_id)
        assert screen.guide.items[screen.current].id == following
        await _go_to_item(pilot, screen, "opgaver")
        assert screen._answer.value == "Pluk og pak"


async def test_agreements_in_the_file_and_on_min_dag(desk) -> None:
    def seed(session: Session):
        citizen = session.exec(
            select(Citizen)
            .where(Citizen.caseworker_id == desk.worker.id, Citizen.closed_on.is_(None))
            .order_by(Citizen.last_name)
        ).first()
        late = Agreement(
            citizen_id=citizen.id,
            text="Sende lønsedler til S",
            owner=StepOwner.S,
            owner_worker_id=desk.worker.id,
            deadline=TODAY - timedelta(days=2),
        )
        soon = Agreement(
            citizen_id=citizen.id,
            text="Ringe til tandlægen",
            owner=StepOwner.S,
            owner_worker_id=desk.worker.id,
            deadline=TODAY + timedelta(days=3),
        )
        later = Agreement(
            citizen_id=citizen.id,
            text="Næste måneds ting",
            owner=StepOwner.S,
            owner_worker_id=desk.worker.id,
            deadline=TODAY + timedelta(days=30),
        )
        session.add_all([late, soon, later])
        session.commit()
        return citizen.id, late.id

    citizen_id, late_id = desk.run(seed)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#agreements-table", DataTable)
        texts = [str(pane.get_row_at(i)[0]) for i in range(pane.row_count)]
        assert "Sende lønsedler til S" in texts and "Ringe til tandlægen" in texts
        assert "Næste måneds ting" not in texts
        late_row = texts.index("Sende lønsedler til S")
        assert pane.get_row_at(late_row)[2].style == "red"
        pane.focus()
        pane.move_cursor(row=late_row)
        await pilot.press("k")
        await settle(pilot)
        texts = [str(pane.get_row_at(i)[0]) for i in range(pane.row_count)]
        assert "Sende lønsedler til S" not in texts

        app.open_citizen(citizen_id, tab="moeder")
        await settle(pilot)
        table = app.screen.query_one("#aftaler-table", DataTable)
        row = table.get_row_index(f"agreement:{late_id}")
        assert f"holdt {TODAY:%d-%m-%Y}" in str(table.get_row_at(row)[3])
        # in the file too: Tab from the meetings to the agreements, k marks one kept
        app.screen.query_one("#moeder-table", DataTable).focus()
        await pilot.press("tab")
        assert app.screen.focused is table
        texts = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=texts.index("Ringe til tandlægen"))
        await pilot.press("k")
        await settle(pilot)
    done = desk.run(
        lambda s: s.exec(
            select(Agreement.text, Agreement.done_on).where(
                Agreement.citizen_id == citizen_id, Agreement.done_on.is_not(None)
            )
        ).all()
    )
    assert {("Sende lønsedler til S", TODAY), ("Ringe til tandlægen", TODAY)} <= set(map(tuple, done))


async def test_export_writes_the_summary_and_logs_it(desk, tmp_path) -> None:
    citizen, _ = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _answer_text(pilot, screen, "jobmaal", f"{citizen.last_name} vil gerne køre truck")
        await pilot.press("escape", "e")
        await settle(pilot)
        await pilot.press("j")  # asked first
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "down", "enter")  # plain text without CPR and surnames
        await settle(pilot)
        body = str(app.screen.query_one("#info-body", Static).render())
        assert citizen.last_name not in body and citizen.cpr[:6] not in body
        assert "… vil gerne køre truck" in body and "Gemt som" in body
    from stvdesk.settings import export_dir

    files = list(export_dir().glob("moede-20261124-*-anonym.txt"))
    assert len(files) == 1 and files[0].read_text(encoding="utf-8").startswith(
        "Trepartssamtale – matchmøde ved start 24-11-2026 kl. 10:00"
    )
    logged = desk.run(lambda s: s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).all())
    assert [e.criterion for e in logged] == ["Mødereferat (tekst, uden CPR og efternavne)"]


async def test_the_guide_browser_shows_every_guide_and_broken_local_files(desk) -> None:
    from stvdesk.settings import config_dir

    local = config_dir() / "guides"
    local.mkdir(parents=True)
    (local / "egen.toml").write_text('id = "egen"\nversion = 1\ntitle = "Egen"\naudience = "alle"\n', encoding="utf-8")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GuidesScreen)
        assert screen.query_one("#guides-list", OptionList).option_count == 10  # earlier versions not listed
        problems = str(screen.query_one("#guides-problems", Static).render())
        assert f"{local / 'egen.toml'}, linje 4: 'audience' skal være en af" in problems
        await pilot.press("down")
        await pilot.pause()
        text = str(screen.query_one("#guides-text", Static).render())
        assert "Efterværnsopkald" in text and "version 3" in text and "indbygget i stvdesk" in text


async def test_a_meeting_started_from_min_dag_holds_that_follow_up(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.selected_line()
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        intro = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert f"Holder den planlagte {line.kind.label.lower()}" in intro
        assert _field(app, "kind").value is line.kind
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        meeting_id = app.screen.meeting_id
        await pilot.press("escape", "escape")  # from the answer to the outline, then back
        await settle(pilot)
        assert "Møder i gang" in str(app.screen.query_one("#meetings-pane", Static).render())
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and app.screen.meeting_id == meeting_id
    linked = desk.run(lambda s: s.get(FollowUp, line.follow_up_id).meeting_id)
    assert linked == meeting_id


async def test_the_first_agreement_is_shown_whole_on_a_small_terminal(desk) -> None:
    """A plain table kept the first agreement at the width of its empty columns' labels ("Møde m")."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await pilot.press("escape", "a")
        await settle(pilot)
        _field(app, "text").value = "Møde med virksomheden om flere timer"
        _field(app, "deadline").value = (TODAY + timedelta(days=21)).strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = screen.query_one("#meeting-agreements", DataTable)
        assert table.row_count == 1
        line = table.render_line(1).text
        assert "Møde med virksomheden om flere timer" in line and "15-12-2026" in line, line


async def test_a_meeting_already_in_progress_is_offered_before_a_second_one(desk) -> None:
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        first = await _start_meeting(pilot, citizen.id)
        first_id = first.meeting_id
        app.open_citizen(citizen.id, tab="moeder")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("enter")  # the first choice: go on with the one in progress
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and app.screen.meeting_id == first_id
        app.open_citizen(citizen.id, tab="moeder")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("down", "enter")  # start a new one after all
        await settle(pilot)
        assert isinstance(app.screen, FormModal) and app.screen.title_text == "Nyt møde"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("escape")  # Escape starts nothing
        await settle(pilot)
        assert not isinstance(app.screen, (ChoiceModal, FormModal, MeetingScreen))


def _in_sight(app, widget) -> bool:
    """The widget is drawn whole on the screen, nothing over it: each of its lines, at its left
    edge, is the widget itself (not scrolled out of a container, not under its border)."""
    region = widget.region
    if not region or not app.screen.region.contains_region(region):
        return False
    return all(app.get_widget_at(region.x, y)[0] is widget for y in range(region.y, region.bottom))


async def test_the_start_form_and_the_outline_fit_80x24(desk) -> None:
    """At 80×24 the start form's line saying how to save was below the fold, and an outline item
    that wraps lost its last line once the outline was drawn again (an answer stored)."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_citizen(citizen.id, tab="moeder")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.title_text == "Nyt møde"
        hint = next(w for w in form.query(Static) if "gemmer" in str(w.render()))
        assert _in_sight(app, hint), hint.region
        _field(app, "place").focus()  # further down: the fields scroll, the hint stays
        _field(app, "planned_on").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        banner = form.query_one("#form-error", Static)
        assert "Ret de markerede felter" in str(banner.render()) and _in_sight(app, banner)
        assert _in_sight(app, hint)
        _field(app, "planned_on").value = TODAY.strftime("%d-%m-%Y")
        _field(app, "guide").value = "trepart"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("enter")  # answers the first item: the outline is drawn again
        await settle(pilot)
        outline = screen.query_one("#meeting-outline", OptionList)
        for index, item in enumerate(screen.guide.items):
            outline.highlighted = outline.get_option_index(f"item:{index}")
            await pilot.pause()
            shown = " ".join(outline.render_line(y).text.strip() for y in range(outline.size.height))
            assert item.text in " ".join(shown.split()), (item.text, shown)
        assert screen.query_one("#meeting-item").region.width >= 40  # the answer pane keeps its room


async def test_the_income_item_opens_the_calculator_and_keeps_its_estimate(desk) -> None:
    """002, table 5-1 (help to work out the income from ordinary hours): on the match meeting's
    income item Enter opens the calculator for the meeting's citizen; its ctrl+s makes the
    estimate, all its lines, the item's stored answer and moves on to the next item, and the
    summary carries it."""
    from stvdesk.db.queries.meetings import meeting_view
    from stvdesk.export.meeting import meeting_summary
    from stvdesk.screens.income import IncomeCalculator
    from stvdesk.screens.meeting.answers import IncomeAnswer

    citizen, _ = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _go_to_item(pilot, screen, "indkomst")
        await settle(pilot)
        assert isinstance(screen._answer, IncomeAnswer) and screen._answer.has_focus
        await pilot.press("enter")
        await settle(pilot)
        calculator = app.screen
        assert isinstance(calculator, IncomeCalculator)
        assert citizen.first_name in str(calculator.query_one("#income-title", Static).render())
        hours = calculator.query_one("#income-hours", Input)
        hours.value = ""
        await pilot.press("1", "0")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        income = [i.id for i in screen.guide.items].index("indkomst")
        assert app.screen is screen and screen.current == income + 1 and screen.focused is screen._answer
        meeting_id = screen.meeting_id
        shown = screen.answers["indkomst"].value
        # Stored at once, not only when the meeting is left.
        stored = desk.run(
            lambda s: s.exec(
                select(MeetingAnswer.value).where(
                    MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.item_id == "indkomst"
                )
            ).one()
        )
    assert stored == shown and stored.startswith("Skøn: indkomst ved ordinære timer")
    assert "10 timer/uge: løn" in stored and len(stored.splitlines()) >= 4
    view = desk.run(lambda s: meeting_view(s, meeting_id))
    summary = meeting_summary(view, app.guide_library().get("trepart", view.meeting.guide_version))
    lines = summary.splitlines()
    at = lines.index("- Hvad giver de ordinære timer? Skøn over borgerens indkomst:")
    assert lines[at + 1 : at + 1 + len(stored.splitlines())] == [f"  {line}" for line in stored.splitlines()]
