"""Kalender through Pilot: this week's days, overdue on top, week navigation, kind filter, team."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Static

from stvdesk.app import StvdeskApp
from stvdesk.domain.calendar import week_start
from stvdesk.domain.enums import FollowUpKind
from stvdesk.screens.agenda import AgendaScreen
from stvdesk.screens.citizen_file import CitizenFileScreen
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle


async def open_agenda(pilot) -> AgendaScreen:
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AgendaScreen)
    return pilot.app.screen


async def test_week_with_overdue_on_top(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        agenda = screen.agenda
        assert agenda.week_start == week_start(TODAY)
        assert agenda.overdue and all(line.due_on < TODAY for line in agenda.overdue)
        assert [day for day, _ in agenda.days] == [week_start(TODAY) + timedelta(days=n) for n in range(7)]
        table = screen.query_one("#week", DataTable)
        assert str(table.get_row_at(0)[0]).startswith("Forfaldne")
        assert "uge 48" in str(screen.query_one("#agenda-title", Static).render())


async def test_week_navigation_and_kind_filter(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert screen.agenda.week_start == week_start(TODAY) + timedelta(weeks=1)
        assert "uge 49" in str(screen.query_one("#agenda-title", Static).render())
        next_week = sum(len(lines) for _, lines in screen.agenda.days)
        assert next_week > 0
        await pilot.press("p", "p")
        await settle(pilot)
        assert screen.agenda.week_start == week_start(TODAY) - timedelta(weeks=1)
        assert all(not lines for day, lines in screen.agenda.days)  # the past holds no planned ones
        await pilot.press("t", "k")
        await settle(pilot)
        assert screen.kind is FollowUpKind.CONVERSATION
        shown = screen.agenda.overdue + [line for _, lines in screen.agenda.days for line in lines]
        assert shown and all(line.kind is FollowUpKind.CONVERSATION for line in shown)


async def test_leader_sees_the_team_with_worker_initials(demo_db) -> None:
    desk = make_desk(demo_db, "LV")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert screen.team
        workers = {line.worker for line in screen.agenda.overdue} | {
            line.worker for _, lines in screen.agenda.days for line in lines
        }
        assert len(workers) > 3
    desk.engine.dispose()


async def test_enter_opens_the_citizen_on_the_follow_ups_tab(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("down")  # from the "Forfaldne" header to its first line
        line = screen.selected_line()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == line.citizen_id


async def test_export_to_outlook_from_the_agenda(desk) -> None:
    from icalendar import Calendar

    from stvdesk.settings import data_dir

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("e", "j")  # an export asks first
        await settle(pilot)
    path = data_dir() / "eksport" / "stvdesk-KB.ics"
    assert len(list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))) > 10


async def test_one_workers_agenda(demo_db) -> None:
    from stvdesk.widgets.modals import ChoiceModal

    desk = make_desk(demo_db, "LV")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        labels = [label for label, _ in app.screen.choices]
        for _ in range(next(i for i, label in enumerate(labels) if "(MS)" in label)):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        lines = screen.agenda.overdue + [line for _, day in screen.agenda.days for line in day]
        assert lines and {line.worker for line in lines} == {"MS"}
        assert "MSs opfølgninger" in str(screen.query_one("#agenda-title", Static).render())
    desk.engine.dispose()


async def test_week_overview_from_the_agenda(desk) -> None:
    from stvdesk.settings import data_dir

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("u", "j")
        await settle(pilot)
    text = (data_dir() / "eksport" / "ugeoversigt-uge48-KB.md").read_text(encoding="utf-8")
    assert text.startswith("# Ugeoversigt uge 48") and "## Advarsler" in text
