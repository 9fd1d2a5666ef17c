"""Teamtavle through Pilot on the demo at 80×24: opened from Styring, moved through, privacy
mode, a decision recorded and then found in the citizen's file with its owner and deadline,
and the export key."""

from __future__ import annotations

from sqlmodel import Session, select
from textual.widgets import DataTable, Input, Select, Static

from stvdesk.app import StvdeskApp
from stvdesk.clock import local_date
from stvdesk.db.models import Agreement, AuditEvent
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.privacy import HIDDEN_NAME
from stvdesk.domain.team_board import contact_before_opening, next_meeting
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.team_board import TeamBoardScreen
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.form import ConfirmModal, FormModal
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import settle

SMALL = (80, 24)


async def test_the_board_is_moved_through_and_a_decision_lands_in_the_file(demo_db) -> None:
    desk = make_desk(demo_db)
    app = StvdeskApp(desk)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f10", "t")  # Styring, then its key for the board
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TeamBoardScreen)
        await screen.settled()
        board = screen.board
        assert board is not None and len(board.citizens) > 20 and board.openings
        table = screen.query_one("#board-citizens", FastTable)
        assert table.row_count == len(board.citizens)
        assert str(table.get_row_at(0)[1]) == board.citizens[0].name
        # At 80 columns the name and the readiness are never the columns left out.
        shown = {str(column.label) for column in table.ordered_columns if column.width}
        assert {"Borger", "Parathed"} <= shown
        # A company's latest word older than its opening says so (the demo has such companies).
        openings = screen.query_one("#board-openings", FastTable)
        for index, opening in enumerate(board.openings):
            older = contact_before_opening(opening.last_contact_on, opening.spotted_on)
            assert ("(før jobåbningen)" in str(openings.get_row_at(index)[5])) is older, opening
        assert any(contact_before_opening(o.last_contact_on, o.spotted_on) for o in board.openings)

        # Moving the cursor shows the next citizen's proposals with their reasons.
        await pilot.press("down")
        await settle(pilot)
        second = board.citizens[1]
        proposals = str(screen.query_one("#board-proposals", Static).render())
        assert second.name in proposals
        if second.proposals:
            assert second.proposals[0].company in proposals and second.proposals[0].reasons[0][:20] in proposals

        # Privacy mode hides the names, on the list and above the proposals.
        await pilot.press("f4")
        await settle(pilot)
        assert str(table.get_row_at(1)[1]) == HIDDEN_NAME
        assert second.name not in str(screen.query_one("#board-proposals", Static).render())
        await pilot.press("f4")
        await settle(pilot)

        # A decision: the form proposes the next meeting as deadline; ctrl+s stores it.
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.title_text == "Beslutning på teamtavlen"
        assert form.query_one("#f-deadline", Input).value == format_date(next_meeting(TODAY))
        owner = next(w for w in board.workers if w.id == form.query_one("#f-owner", Select).value)
        await pilot.press(*"VK ringer til Eriksen om praktik")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen

        # Enter opens the citizen's file on Møder, where the agreement stands with owner and deadline.
        await pilot.press("enter")
        await settle(pilot)
        file = app.screen
        assert isinstance(file, CitizenFileScreen)
        await file.settled()
        agreements = file.query_one("#aftaler-table", DataTable)
        rows = [[str(cell) for cell in agreements.get_row_at(i)] for i in range(agreements.row_count)]
        row = next(r for r in rows if r[0] == "VK ringer til Eriksen om praktik")
        assert row[1] == owner.role.label  # the owner: the worker chosen, an S or a VK
        assert row[2] == format_date(next_meeting(TODAY)) and row[3] == "åben"
        stored = desk.run(lambda s: s.exec(select(Agreement).where(Agreement.text == row[0])).one())
        assert row[4] == f"Tavlemøde {format_date(local_date(stored.created_at))}"  # "Fra mødet": the board

        # Back on the board (Escape), x asks first and writes the Markdown file.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("j")
        await settle(pilot)
        await screen.settled()
    from stvdesk.settings import export_dir

    written = sorted(export_dir().glob("teamtavle-*.md"))
    assert [p.name for p in written] == [f"teamtavle-{TODAY:%Y%m%d}.md"]
    assert second.name in written[0].read_text(encoding="utf-8")
    with Session(desk.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.worker_id == desk.me.id)).all()
        viewed = [e.citizen_id for e in events if e.action is AuditAction.VIEW and e.criterion == "Teamtavlen"]
        # Each citizen on the board logged once as seen, though the board was read again on return.
        assert sorted(map(str, viewed)) == sorted(str(c.citizen_id) for c in board.citizens)
        exported = {e.citizen_id for e in events if e.action is AuditAction.EXPORT}
        assert exported == {c.citizen_id for c in board.citizens}
    desk.engine.dispose()


async def test_the_palette_offers_the_board(demo_db) -> None:
    desk = make_desk(demo_db)
    app = StvdeskApp(desk)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        titles = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Teamtavle" in titles
        titles["Teamtavle"].callback()
        await settle(pilot)
        assert isinstance(app.screen, TeamBoardScreen)
    desk.engine.dispose()
