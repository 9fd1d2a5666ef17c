"""The access log from the desk: opening a citizen's file is one VIEW event."""

from __future__ import annotations

from sqlmodel import Session, select

from stvdesk.app import StvdeskApp
from stvdesk.db.models import AuditEvent
from stvdesk.domain.enums import AuditAction
from tests.ui.helpers import SIZE, settle


def views(desk) -> list[AuditEvent]:
    with Session(desk.engine) as session:
        return list(
            session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.VIEW).order_by(AuditEvent.seq)).all()
        )


async def open_first_file(app, pilot):
    """From the desk to the caseload (F3) and into the first citizen's file; returns that row."""
    await pilot.press("f3")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
    first = app.screen.page.rows[0]
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return first


async def test_opening_a_file_is_logged_once_with_who_and_whom(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        first = await open_first_file(app, pilot)
        await pilot.press("f1")  # a screen over the file and back: a reload, not a new look-up
        await pilot.pause()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        logged = views(desk)
        assert len(logged) == 1
        assert logged[0].citizen_id == first.id and logged[0].worker_id == desk.worker.id
        await pilot.press("escape")  # back to the caseload, and the same citizen again: a new opening
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [e.citizen_id for e in views(desk)] == [first.id, first.id]


def searches(desk) -> list[str]:
    with Session(desk.engine) as session:
        return [
            e.criterion
            for e in session.exec(
                select(AuditEvent).where(AuditEvent.action == AuditAction.SEARCH).order_by(AuditEvent.seq)
            ).all()
        ]


async def test_a_search_is_logged_once_when_the_typing_pauses_and_a_cpr_never_in_clear(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("slash", *"hans")
        await app.workers.wait_for_complete()
        assert searches(desk) == []  # still typing
        await pilot.pause(1.3)
        await app.workers.wait_for_complete()
        assert searches(desk) == ["hans"]
        await pilot.pause(1.3)  # nothing new typed: nothing new logged
        assert searches(desk) == ["hans"]
        app.screen.query_one("#caseload-search").value = ""
        await pilot.press(*"0101901234")
        await pilot.pause(1.3)
        await app.workers.wait_for_complete()
        logged = searches(desk)
        assert len(logged) == 2 and logged[1].startswith("CPR-søgning #") and "010190" not in logged[1]
        app.screen.query_one("#caseload-search").value = ""
        await app.workers.wait_for_complete()
        await pilot.pause()
        surname = app.screen.page.rows[0].name.split()[-1].lower()
        await pilot.press(*surname, "enter")  # to the list …
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")  # … and open whoever it found, before a second has passed
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert searches(desk)[2:] == [surname]


def outsider(desk):
    """A citizen of another S whose VK is not KB's partner: outside KB's reach."""
    from stvdesk.db.models import Citizen, Worker

    with Session(desk.engine) as session:
        me = session.get(Worker, desk.worker.id)
        pair = {me.id, me.partner_id}
        return next(
            c
            for c in session.exec(select(Citizen).order_by(Citizen.cpr)).all()
            if c.caseworker_id not in pair and c.consultant_id not in pair
        )


async def test_a_citizen_outside_ones_reach_needs_a_purpose_which_is_logged(desk) -> None:
    from stvdesk.screens.citizen_file import CitizenFileScreen
    from stvdesk.widgets.modals import TextPromptModal

    citizen = outsider(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        app.open_citizen(citizen.id)
        await pilot.pause()
        assert isinstance(app.screen, TextPromptModal)
        await pilot.press("escape")  # changed my mind: nothing opened, nothing logged
        await pilot.pause()
        assert not isinstance(app.screen, CitizenFileScreen) and views(desk) == []
        app.open_citizen(citizen.id)
        await pilot.pause()
        await pilot.press("enter")  # no purpose: refused at the field
        await pilot.pause()
        assert isinstance(app.screen, TextPromptModal) and "formål" in str(
            app.screen.query_one("#prompt-error").render()
        )
        await pilot.press(*"Borgeren ringede", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == citizen.id
        logged = views(desk)
        assert [(e.citizen_id, e.purpose) for e in logged] == [(citizen.id, "Borgeren ringede")]


async def test_the_leader_reads_the_teams_log_and_filters_it_by_citizen(demo_db, real_clock_elsewhere) -> None:
    from stvdesk.screens.access_log import AccessLogScreen
    from tests.conftest import make_desk

    kb_desk = make_desk(demo_db)  # KB opens a file: one VIEW in the log
    app = StvdeskApp(kb_desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        seen = app.screen.page.rows[0]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    kb_desk.engine.dispose()

    desk = make_desk(demo_db, "LV")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await app.workers.wait_for_complete()
        await pilot.press("l")
        log = app.screen
        assert isinstance(log, AccessLogScreen)
        await log.settled()
        table = log.query_one("#log-table")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert any(r[1] == "KB" and r[2] == "Visning" and r[3] == seen.name for r in rows)
        await pilot.press("c")
        await pilot.press(*f"{seen.cpr[:6]}-{seen.cpr[6:]}", "enter")
        await settle(pilot)  # the number is looked up in the prompt's worker
        await log.settled()
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows and all(r[3] == seen.name for r in rows)
        assert "xxxx" in str(log.query_one("#log-title").render())  # the CPR masked in the title
        await pilot.press("e", "j")  # the citizen's own log, for the citizen (an export asks first)
        await log.settled()
        from stvdesk.settings import export_dir

        (written,) = export_dir().glob(f"logning-{seen.cpr[:6]}-*.txt")
        text = written.read_text(encoding="utf-8")
        assert seen.name in text and "Visning" in text and seen.cpr[6:] not in text
        with Session(desk.engine) as session:
            exported = session.exec(
                select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT, AuditEvent.citizen_id == seen.id)
            ).all()
        assert len(exported) == 1 and exported[0].worker_id == desk.worker.id
    desk.engine.dispose()


async def test_only_a_leader_opens_the_log(desk) -> None:
    from stvdesk.screens.access_log import AccessLogScreen

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await app.workers.wait_for_complete()
        await pilot.press("l")
        await pilot.pause()
        assert not isinstance(app.screen, AccessLogScreen)


def reveals(desk) -> list[AuditEvent]:
    with Session(desk.engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.REVEAL_CPR)).all())


async def test_revealing_the_whole_cpr_number_is_one_event_and_it_hides_again(desk) -> None:
    from textual.widgets import Static

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        first = await open_first_file(app, pilot)
        title = lambda: str(app.screen.query_one("#file-title", Static).render())  # noqa: E731
        assert f"{first.cpr[:6]}-xxxx" in title() and first.cpr[6:] not in title()
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"{first.cpr[:6]}-{first.cpr[6:]}" in title()
        await pilot.press("c")  # already shown: not a second event
        await app.workers.wait_for_complete()
        logged = reveals(desk)
        assert len(logged) == 1 and logged[0].citizen_id == first.id and logged[0].worker_id == desk.worker.id
        app.screen._hide_cpr()  # the timer's work, without waiting CPR_SHOWN_SECONDS
        await pilot.pause()
        assert f"{first.cpr[:6]}-xxxx" in title()
        await pilot.press("f4")  # privacy on: no reveal, no event
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(reveals(desk)) == 1


async def test_a_whole_cpr_number_outside_the_list_is_looked_up_with_a_purpose(desk) -> None:
    """On a team server a login cannot even see citizens outside its reach; a whole CPR number
    typed in the search asks for a purpose, grants today's access and opens the file."""
    from stvdesk.db.models import AccessGrant
    from stvdesk.screens.citizen_file import CitizenFileScreen
    from stvdesk.widgets.modals import TextPromptModal

    citizen = outsider(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("slash", *f"{citizen.cpr[:6]}-{citizen.cpr[6:]}")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.page.rows  # not in my caseload
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPromptModal)
        await pilot.press(*"Henvendelse i borgerservice", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == citizen.id
    assert [(e.citizen_id, e.purpose) for e in views(desk)] == [(citizen.id, "Henvendelse i borgerservice")]
    with Session(desk.engine) as session:
        (grant,) = session.exec(select(AccessGrant)).all()
        assert grant.citizen_id == citizen.id and grant.until == desk.clock.today()


async def test_failed_unlocks_since_last_time_are_told_inside_the_desk(desk) -> None:
    desk.notices = ["3 mislykkede forsøg på at åbne databasen siden sidst (forkert adgangsfrase). De står i logningen."]
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("3 mislykkede forsøg" in n.message for n in app._notifications)


async def test_a_refilled_log_is_painted_without_a_layout_of_the_screen(demo_db, monkeypatch) -> None:
    """Six months of a team's log is thousands of lines: the log's table has the screen's height,
    so a new period's rows set its scrollable size without laying the screen out."""
    from datetime import datetime, timedelta

    from textual.screen import Screen

    from stvdesk.clock import COPENHAGEN
    from stvdesk.db.audit import append_events
    from stvdesk.db.models import Worker
    from stvdesk.screens.access_log import AccessLogScreen
    from tests.conftest import TODAY, make_desk

    desk = make_desk(demo_db, "LV")
    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=COPENHAGEN)
    with Session(desk.engine) as session:
        kb = session.exec(select(Worker).where(Worker.initials == "KB")).one()
        # 80 lookups in the last week and 80 more in the three weeks before: both periods scroll
        append_events(
            session,
            [
                {"at": noon - timedelta(hours=n), "worker_id": kb.id, "action": AuditAction.VIEW, "device": "pc"}
                for n in range(80)
            ]
            + [
                {"at": noon - timedelta(days=9, hours=n), "worker_id": kb.id, "action": AuditAction.VIEW}
                for n in range(80)
            ],
        )
        session.commit()
    layouts: list[Screen] = []
    refresh_layout = Screen._refresh_layout

    def counted_layout(screen: Screen, *args, **kwargs) -> None:
        layouts.append(screen)
        refresh_layout(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("l")
        log = app.screen
        assert isinstance(log, AccessLogScreen)
        await log.settled()
        await settle(pilot)
        table = log.query_one("#log-table")
        week = table.row_count
        assert week >= 80 and table.show_vertical_scrollbar
        layouts.clear()
        await pilot.press("p")  # the last 30 days: more rows in the same table
        await log.settled()
        await settle(pilot)
        assert table.row_count >= week + 80 and "30 dage" in str(log.query_one("#log-title").render())
        assert layouts == []
    desk.engine.dispose()


async def test_the_purpose_is_asked_for_the_citizen_named_and_privacy_hides_the_name(desk) -> None:
    from stvdesk.widgets.modals import TextPromptModal

    citizen = outsider(desk)
    name = f"{citizen.first_name} {citizen.last_name}"
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        app.open_citizen(citizen.id)
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPromptModal)
        label = str(prompt.query_one("#prompt-label").render())
        assert f"{name} hører ikke til din eller din makkers sagsstamme." in label
        await pilot.press("f4")
        await settle(pilot)
        assert app.privacy, "F4 in the prompt"
        assert app.screen is prompt and name not in str(prompt.query_one("#prompt-label").render())


async def test_a_leader_is_asked_for_a_purpose_outside_the_teams_caseloads(demo_db) -> None:
    """The demo's 240 citizens are all the one team's: one is left without a caseworker or a
    consultant of it, as a citizen of another team is."""
    from stvdesk.db.models import Citizen
    from stvdesk.widgets.modals import TextPromptModal
    from tests.conftest import make_desk

    desk = make_desk(demo_db, "LV")
    with Session(desk.engine) as session:
        stranger = session.exec(select(Citizen).order_by(Citizen.cpr)).first()
        stranger.caseworker_id = stranger.consultant_id = None
        session.add(stranger)
        session.commit()
        stranger_id = stranger.id
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(stranger_id)
        await settle(pilot)
        assert isinstance(app.screen, TextPromptModal)
        assert "hører ikke til teamets sagsstammer." in str(app.screen.query_one("#prompt-label").render())
    desk.engine.dispose()
