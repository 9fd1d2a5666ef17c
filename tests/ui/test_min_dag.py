"""Min dag through Pilot: navigation, marking held, persistence, palette, help."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlmodel import Session, select
from textual.widgets import DataTable, Input, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import FollowUp
from stvdesk.domain.enums import FollowUpStatus
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.help import HelpScreen
from stvdesk.screens.hold_follow_up import HoldFollowUpModal
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.screens.next_follow_up import NextFollowUpModal
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle


def agenda(app: StvdeskApp) -> DataTable:
    return app.screen.query_one("#agenda", DataTable)


def agenda_text(app: StvdeskApp) -> str:
    table = agenda(app)
    return "\n".join("".join(segment.text for segment in table.render_line(y)) for y in range(table.size.height))


async def test_lands_on_min_dag_with_the_workers_follow_ups(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        table = agenda(app)
        assert table.row_count == len(app.screen.overview.lines) > 10
        header = str(app.screen.query_one("#desk-header", Static).render())
        assert "Karen Bach" in header and "uge 48" in header and "24-11-2026" in header
        first_row = [str(cell) for cell in table.get_row_at(0)]
        assert first_row[0].endswith("d over")
        band = str(app.screen.query_one("#caseload-band", Static).render())
        assert "borgere" in band and "30–45" in band
        warnings = str(app.screen.query_one("#caseload-gaps", Static).render())
        gaps = app.screen.overview.gaps
        assert f"Ingen kontakt 42 d: {gaps.without_contact_6_weeks}" in warnings
        assert f"Venter på VK over 14 d: {gaps.waiting_for_vk}" in warnings
        assert f"Uden praktikopf. 31 d: {gaps.placement_without_follow_up}" in warnings


async def test_enter_opens_the_citizen_and_escape_returns(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        expected = app.screen.selected_line()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        title = str(app.screen.query_one("#file-title", Static).render())
        assert expected.citizen_name in title
        assert "-xxxx" in title  # CPR masked
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        assert app.screen.selected_line() == expected


async def test_mark_held_with_a_note_is_stored_and_survives_a_restart(demo_db: Path) -> None:
    desk = make_desk(demo_db)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.selected_line()
        rows_before = agenda(app).row_count
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HoldFollowUpModal)
        await pilot.press(*"Aftalt praktik")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NextFollowUpModal)
        proposal = app.screen.proposal
        await pilot.press("enter")  # one key accepts the proposal
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        lines = {entry.follow_up_id for entry in app.screen.overview.lines}
        assert line.follow_up_id not in lines
    desk.engine.dispose()

    again = make_desk(demo_db)
    with Session(again.engine) as session:
        stored = session.exec(select(FollowUp).where(FollowUp.id == line.follow_up_id)).one()
        assert stored.status is FollowUpStatus.HELD and stored.held_on == TODAY
        assert stored.note == "Aftalt praktik" and stored.form is not None
        planned = session.exec(
            select(FollowUp).where(FollowUp.citizen_id == line.citizen_id, FollowUp.status == FollowUpStatus.PLANNED)
        ).all()
        assert [(f.due_on, f.kind) for f in planned] == [(proposal.due, proposal.kind)]
        assert proposal.due > TODAY
    app = StvdeskApp(again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert line.follow_up_id not in {entry.follow_up_id for entry in app.screen.overview.lines}
        assert agenda(app).row_count >= rows_before - 1
    again.engine.dispose()


async def test_the_proposed_date_can_be_moved_but_not_to_a_holiday(demo_db: Path) -> None:
    from datetime import date

    desk = make_desk(demo_db)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.selected_line()
        await pilot.press("h", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NextFollowUpModal)
        due = app.screen.query_one("#next-due", Input)
        due.value = "25-12-2026"
        await pilot.press("enter")
        await pilot.pause()
        assert "juledag" in str(app.screen.query_one("#next-error", Static).render()).lower()
        due.value = "01-01-2026"
        await pilot.press("enter")
        await pilot.pause()
        assert "før i dag" in str(app.screen.query_one("#next-error", Static).render())
        due.value = "30-12-2026"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
    with Session(desk.engine) as session:
        planned = session.exec(
            select(FollowUp).where(FollowUp.citizen_id == line.citizen_id, FollowUp.status == FollowUpStatus.PLANNED)
        ).all()
        assert [f.due_on for f in planned] == [date(2026, 12, 30)]
    desk.engine.dispose()


async def test_escape_plans_no_next_follow_up(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.selected_line()
        await pilot.press("h", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
    with Session(desk.engine) as session:
        planned = session.exec(
            select(FollowUp).where(FollowUp.citizen_id == line.citizen_id, FollowUp.status == FollowUpStatus.PLANNED)
        ).all()
        assert planned == []


async def test_escape_in_the_hold_dialog_changes_nothing(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows_before = agenda(app).row_count
        await pilot.press("h", "x", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        assert agenda(app).row_count == rows_before


async def test_help_on_f1_and_question_mark(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            keys = app.screen.query_one("#help-keys", DataTable)
            texts = {str(keys.get_row_at(i)[1]) for i in range(keys.row_count)}
            assert {"Åbn borger", "Afholdt", "Hjælp", "Kommandoer", "Afslut"} <= texts
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MinDagScreen)


async def test_command_palette_lists_screens_and_actions(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Min dag",
            "Åbn borger",
            "Afholdt",
            "Hjælp",
            "Afslut",
            "Start møde",
            "Genoptag møde",
            "Virksomheder",
            "Besøgsdag",
            "Dialogguider",
        } <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"hjælp")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_first_run_form_validates_then_creates(tmp_path: Path) -> None:
    from stvdesk.clock import Clock
    from stvdesk.context import DeskContext
    from stvdesk.db.engine import sqlite_url
    from stvdesk.db.migrate import open_database
    from stvdesk.screens.first_run import FirstRunScreen
    from tests.ui.test_data_path import FailingDatabase

    engine = open_database(sqlite_url(tmp_path / "empty.sqlite")).engine
    app = StvdeskApp(DeskContext(engine=engine, clock=Clock(TODAY)))
    async with app.run_test(size=SIZE) as pilot:
        await app.settled()  # whether the database is empty is asked in a worker
        assert isinstance(app.screen, FirstRunScreen)
        app.screen.query_one("#fr-name", Input).value = "Bente Berg"
        app.screen.query_one("#fr-initials", Input).value = "b b"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "skal udfyldes" in str(app.screen.query_one("#fr-team-error", Static).render())
        assert "Initialer" in str(app.screen.query_one("#fr-initials-error", Static).render())
        # nothing typed is lost
        assert app.screen.query_one("#fr-name", Input).value == "Bente Berg"
        app.screen.query_one("#fr-team", Input).value = "Team Nord"
        app.screen.query_one("#fr-initials", Input).value = "bb"
        form = app.screen
        broken = FailingDatabase(engine, "INSERT")
        broken.on = True
        await pilot.press("ctrl+s")  # the disk fails: said at the form, which keeps what was typed
        await form.settled()
        broken.on = False
        assert app.screen is form and "Disken svarede ikke" in str(form.query_one("#fr-error", Static).render())
        assert form.query_one("#fr-name", Input).value == "Bente Berg"
        assert form.query_one("#fr-team", Input).value == "Team Nord"
        await pilot.press("ctrl+s")
        await form.settled()
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        assert app.desk.worker.initials == "BB"
        assert "Ingen opfølgninger" in str(app.screen.query_one("#agenda-empty", Static).render())
    engine.dispose()


async def test_a_desk_that_cannot_ask_its_database_for_a_team_says_why_and_stops(tmp_path: Path, capfd) -> None:
    from stvdesk.clock import Clock
    from stvdesk.context import DeskContext
    from stvdesk.db.engine import sqlite_url
    from stvdesk.db.migrate import open_database
    from tests.ui.test_data_path import FailingDatabase

    engine = open_database(sqlite_url(tmp_path / "empty.sqlite")).engine
    broken = FailingDatabase(engine, "SELECT")
    broken.on = True
    app = StvdeskApp(DeskContext(engine=engine, clock=Clock(TODAY)))
    async with app.run_test(size=SIZE):
        await app.settled()
    broken.on = False
    assert app.return_code == 1
    assert "stvdesk kunne ikke starte: Disken svarede ikke" in capfd.readouterr().err
    engine.dispose()


async def test_first_run_offers_the_demo(tmp_path: Path) -> None:
    from stvdesk.clock import Clock
    from stvdesk.context import DeskContext
    from stvdesk.db.engine import sqlite_url
    from stvdesk.db.migrate import open_database

    engine = open_database(sqlite_url(tmp_path / "empty.sqlite")).engine
    app = StvdeskApp(DeskContext(engine=engine, clock=Clock(TODAY)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
    assert app.return_value == "demo"
    engine.dispose()


async def test_hold_records_the_form_of_contact(desk) -> None:
    from stvdesk.domain.enums import ContactForm

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.selected_line()
        await pilot.press("h", *"Ringede", "tab")
        assert app.screen.query_one("#hold-form").has_focus
        app.screen.query_one("#hold-form").value = ContactForm.VIDEO
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    with Session(desk.engine) as session:
        stored = session.get(FollowUp, line.follow_up_id)
        assert stored.form is ContactForm.VIDEO and stored.note == "Ringede"


async def test_skip_and_move_keep_their_reason(desk) -> None:
    from datetime import date

    from stvdesk.widgets.form import FormModal

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen.selected_line()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "skal udfyldes" in str(app.screen.query_one("#f-reason-error", Static).render())
        await pilot.press(*"Borger indlagt", "ctrl+s")
        await settle(pilot)
        second = app.screen.selected_line()
        assert second.follow_up_id != first.follow_up_id
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"26-12-2026", "enter", *"Ferie", "ctrl+s")
        await pilot.pause()
        assert "vælg en hverdag" in str(app.screen.query_one("#f-to-error", Static).render())
        app.screen.query_one("#f-to").value = "07-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
    with Session(desk.engine) as session:
        skipped = session.get(FollowUp, first.follow_up_id)
        assert skipped.status is FollowUpStatus.SKIPPED and skipped.reason == "Borger indlagt"
        moved = session.get(FollowUp, second.follow_up_id)
        assert moved.due_on == date(2026, 12, 7) and moved.moved_from == second.due_on and moved.reason == "Ferie"


async def test_the_skeleton_is_painted_before_the_database_opens_and_then_filled(desk) -> None:
    """A cold start (`stvdesk` on a terminal): the shell and Min dag's skeleton come first, the
    database is opened by `opening` in a worker after that frame, and the same screen is filled.
    A refusal while opening ends the app with the Danish reason kept for the terminal."""
    from stvdesk.context import DeskContext, DeskRefused

    gate = threading.Event()

    def opening() -> DeskContext:
        assert gate.wait(10)
        return desk

    app = StvdeskApp(DeskContext(clock=desk.clock, settings=desk.settings), opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        skeleton = app.screen
        assert isinstance(skeleton, MinDagScreen) and not app.desk.is_open
        assert agenda(app).row_count == 0
        assert "Henter" in str(skeleton.query_one("#agenda-empty", Static).render())
        gate.set()
        await settle(pilot)
        assert app.desk is desk and app.screen is skeleton
        assert agenda(app).row_count == len(skeleton.overview.lines) > 10
        assert "Karen Bach" in str(skeleton.query_one("#desk-header", Static).render())
        assert not skeleton.query_one("#agenda-empty", Static).display

    def refused() -> DeskContext:
        raise DeskRefused("Der er ingen medarbejder med initialerne 'ZZ' i databasen.", code=2)

    app = StvdeskApp(DeskContext(clock=desk.clock, settings=desk.settings), opening=refused)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 2 and app.refusal is not None and "'ZZ'" in app.refusal.message


def _opening_start(behind, gate: threading.Event, preview_from: Path | None = None) -> StvdeskApp:
    """A cold start: the skeleton first, the database (`behind`, an opened desk) once `gate` is
    set; with `preview_from`, Min dag's agenda read from that file meanwhile (db/preview.py)."""
    from stvdesk.context import DeskContext
    from stvdesk.db.preview import read_preview

    def opening() -> DeskContext:
        assert gate.wait(10)
        return behind

    initials = behind.worker.initials
    return StvdeskApp(
        DeskContext(clock=behind.clock, settings=behind.settings),
        opening=opening,
        preview=(lambda: read_preview(preview_from, initials=initials, today=TODAY)) if preview_from else lambda: None,
    )


async def test_a_cold_start_shows_the_agenda_read_without_the_data_layer_while_the_database_opens(
    desk, demo_db: Path
) -> None:
    """The preview (db/preview.py) fills the skeleton's agenda before the opening is done; keys
    on its rows act on nothing; the opened desk's Min dag replaces it with the same rows, the
    cursor on the same line, and F4 hides the preview's names like every other."""
    gate = threading.Event()
    app = _opening_start(desk, gate, demo_db)
    async with app.run_test(size=SIZE) as pilot:
        skeleton = app.screen
        assert isinstance(skeleton, MinDagScreen)
        for _ in range(100):
            await pilot.pause(0.02)
            if agenda(app).row_count:
                break
        assert not app.desk.is_open and skeleton.overview is None
        preview = skeleton.preview
        assert preview is not None and agenda(app).row_count == len(preview) > 10
        name = preview[2].citizen_name
        assert name in agenda_text(app)
        await pilot.press("f4")
        assert name not in agenda_text(app)
        await pilot.press("f4")
        await pilot.press("down", "down")  # the cursor moves at once over the rows shown
        assert app.screen is skeleton and not app.desk.is_open
        gate.set()
        await settle(pilot)
        assert app.desk is desk and skeleton.overview is not None and skeleton.preview is None
        assert [line.follow_up_id for line in skeleton.overview.lines] == [line.follow_up_id for line in preview]
        assert agenda(app).cursor_row == 2


async def test_no_preview_leaves_the_skeleton_saying_it_is_fetching(desk) -> None:
    gate = threading.Event()
    app = _opening_start(desk, gate)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert agenda(app).row_count == 0
        assert "Henter" in str(app.screen.query_one("#agenda-empty", Static).render())
        gate.set()
        await settle(pilot)
        assert agenda(app).row_count > 10


async def test_keys_typed_while_the_database_opens_are_held_and_handed_on_in_order(desk, demo_db: Path) -> None:
    """A search typed at once ("/hans") is the finder's once the desk is open, never Min dag's
    one-letter commands (h: held, s: a meeting); the cursor moved meanwhile counts."""
    from textual.command import CommandInput

    from stvdesk.widgets.palette import DeskPalette

    gate = threading.Event()
    app = _opening_start(desk, gate, demo_db)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if agenda(app).row_count:
                break
        await pilot.press("down", "slash", "h", "a", "n", "s")
        assert isinstance(app.screen, MinDagScreen) and not app.desk.is_open
        assert agenda(app).cursor_row == 1
        gate.set()
        await settle(pilot)
        for _ in range(100):
            if isinstance(app.screen, DeskPalette):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, DeskPalette)
        assert app.screen.query_one(CommandInput).value == "hans"
        assert not any("Nyt møde" in str(screen) for screen in app.screen_stack)


async def test_keys_typed_before_a_leaders_desk_opens_are_dropped_and_said(desk, demo_db: Path) -> None:
    """A leader's desk opens on Styring: keys typed on Min dag's skeleton would mean other
    things there."""
    from stvdesk.screens.steering import SteeringScreen
    from tests.conftest import make_desk

    gate = threading.Event()
    app = _opening_start(make_desk(demo_db, "LV"), gate)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.05)
        await pilot.press("h", "f3")
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, SteeringScreen)
        assert any("2 tastetryk" in n.message for n in app._notifications)


async def test_enter_typed_before_the_app_took_the_terminal_opens_the_row(desk, demo_db: Path) -> None:
    """Typed before the app had the terminal, Enter arrives as a line feed (ctrl+j)."""
    from stvdesk.screens.citizen_file import CitizenFileScreen

    gate = threading.Event()
    app = _opening_start(desk, gate, demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+j")
        for _ in range(100):
            await pilot.pause(0.02)
            if agenda(app).row_count:
                break
        first = app.screen.preview[0]
        gate.set()
        await settle(pilot)
        for _ in range(100):
            if isinstance(app.screen, CitizenFileScreen):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == first.citizen_id
