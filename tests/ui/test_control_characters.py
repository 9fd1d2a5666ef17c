"""Escape sequences and control characters never reach the terminal, whatever the database holds.

Neither Rich's Text nor Textual's Content strip them: both remove only BEL, BS, VT, FF and CR
(rich.control.strip_control_codes, textual.content._strip_control_codes), and an escape()d
markup string keeps its ESC. An older database can hold what no way in lets through today, so
the names and notes are put there with a Core UPDATE past the column types, and everything the
desk paints is checked: the caseload, the file's header and overview, the journal, a form
prefilled from it, and a pasted escape sequence in a form.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from textual import events
from textual.widgets import Static, TextArea

from stvdesk.app import StvdeskApp
from stvdesk.screens.citizen_file import CitizenFileScreen
from tests.ui.helpers import SIZE, settle

# Red text, a new window title, a cleared screen, a right-to-left override and a NUL.
ATTACK = "\x1b[31m\x1b]0;overtaget\x07\x1b[2J\u202e\x00"
# What a terminal acts on or reorders by, as it could come out of a rendering.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _dirty(engine) -> None:
    """Every citizen's name and a journal note of each, as an older version could have stored them."""
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE citizen SET first_name = 'Ondsindet' || :a || first_name, last_name = last_name || :a"),
            {"a": ATTACK},
        )
        conn.execute(
            sa.text(
                "INSERT INTO note (id, created_at, updated_at, citizen_id, written_at, text) "
                "SELECT lower(hex(randomblob(16))), :at, :at, id, :at, :text FROM citizen"
            ),
            {"at": "2026-11-23 09:00:00.000000", "text": f"Notat{ATTACK}\r\nlinje to\x1b[0m"},
        )
        assert conn.execute(
            sa.text("SELECT count(*) FROM citizen WHERE first_name LIKE '%' || char(27) || '%'")
        ).scalar()


def _painted(app) -> str:
    """Everything on the screen as it would be written: the SVG of the screen's segments."""
    svg = app.export_screenshot()
    found = FORBIDDEN.findall(svg)
    assert not found, sorted({hex(ord(ch)) for ch in found})
    return svg


async def test_stored_escape_sequences_are_never_painted(desk) -> None:
    _dirty(desk.engine)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _painted(app)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        assert "Ondsindet" in _painted(app)  # the names are there, cleaned
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CitizenFileScreen)
        await screen.settled()
        assert "Ondsindet" in _painted(app)
        assert "Ondsindet" in str(screen.query_one("#file-title", Static).render())
        await pilot.press("8")  # the journal
        await settle(pilot)
        assert "Notat" in _painted(app)
        await pilot.press("r")  # a correction: a form, on top of the note
        await settle(pilot)
        _painted(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # the citizen's details, prefilled from the stored name
        await settle(pilot)
        _painted(app)


async def test_a_pasted_escape_sequence_is_shown_as_marks_and_refused(desk) -> None:
    from sqlmodel import Session, select

    from stvdesk.db.models import Note
    from stvdesk.widgets.form import FormModal

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CitizenFileScreen)
        await screen.settled()
        await pilot.press("8", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        area = form.query_one("#f-text", TextArea)
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste(f"Mødt op{ATTACK}\r\nlinje to"))  # as the terminal hands it over
        await settle(pilot)
        assert area.text == "Mødt op␛[31m␛]0;overtaget␇␛[2J�␀\nlinje to"  # kept, and visible
        _painted(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # not saved
        message = str(form.query_one("#f-text-error", Static).render())
        assert message.startswith("Feltet indeholder styretegn (vist som ␛)")
        citizen_id = screen.citizen_id
        area.text = "Mødt op\nlinje to"  # the worker deletes the marks
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    with Session(desk.engine) as session:
        texts = session.exec(select(Note.text).where(Note.citizen_id == citizen_id)).all()
        assert "Mødt op\nlinje to" in texts
