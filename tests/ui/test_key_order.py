"""Keys that come from the terminal in one read (a fast typist, keys sent by a program, a slow
link) are handled in the order typed, each after the one before it: a key the app binds with
priority (Enter on a list, ctrl+s, the F-keys) no longer overtakes the keys ahead of it that were
still on their way through the focused widget."""

from __future__ import annotations

from sqlmodel import select
from textual.command import CommandInput
from textual.events import Key
from textual.widgets import Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import FollowUp
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.hold_follow_up import HoldFollowUpModal
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.screens.next_follow_up import NextFollowUpModal
from stvdesk.widgets.palette import DeskPalette
from tests.ui.helpers import SIZE, settle


def _burst(app, *keys: str) -> None:
    """`keys` queued at the app at once, as one read of the terminal brings them."""
    for name in keys:
        key = Key(name, " " if name == "space" else name if len(name) == 1 else None)
        key.set_sender(app)
        app.post_message(key)


async def test_down_down_enter_in_one_burst_opens_the_third_row(desk) -> None:
    """Seen in tmux: `↓ Enter` sent at once opened the row above the cursor."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MinDagScreen)
        lines = screen.overview.lines
        assert len(lines) >= 3
        _burst(app, "down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        assert app.screen.citizen_id == lines[2].citizen_id
        title = str(app.screen.query_one("#file-title", Static).render())
        assert lines[2].citizen_name in title


async def test_a_note_typed_and_enter_in_one_burst_is_stored_whole(desk) -> None:
    """`h`, a note and Enter at once: the dialog `h` opens gets every letter of the note before
    Enter stores it, and none of the letters is a command of Min dag."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.selected_line()
        _burst(app, "h", *["space" if c == " " else c for c in "Aftalt praktik hos smeden"], "enter")
        await settle(pilot)
        assert isinstance(app.screen, NextFollowUpModal), app.screen
    held = desk.run(lambda s: s.exec(select(FollowUp).where(FollowUp.id == line.follow_up_id)).one())
    assert held.note == "Aftalt praktik hos smeden"


async def test_slash_and_a_name_in_one_burst_search_for_the_name(desk) -> None:
    """`/hansen` at once: the finder that `/` opens gets the whole name, none of its letters is a
    command of the list behind it (`h` Afholdt, `s` Start møde)."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _burst(app, "slash", *"hansen")
        await settle(pilot)
        assert isinstance(app.screen, DeskPalette)
        assert app.screen.query_one(CommandInput).value == "hansen"
        assert not any(isinstance(s, HoldFollowUpModal) for s in app.screen_stack)
