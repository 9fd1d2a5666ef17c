"""Privacy mode (F4) and the free text workers write: a journal note that names the citizen (with
the surname's genitive) and quotes a CPR number shows neither in the journal's list nor when read
whole, switched off and on again; adding a note lists each note once. And the one redaction
(`domain.privacy.redact`) leaves no name, genitive or CPR number of generated Danish names."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, Note
from stvdesk.domain.privacy import HIDDEN_CPR, HIDDEN_NAME, redact
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.modals import InfoModal
from tests.ui.helpers import settle

WIDE = (140, 40)
CPR_QUOTED = "030706-1234"


def citizen_with_notes(desk) -> tuple[Citizen, int]:
    """One of the demo worker's citizens with notes: the citizen and how many notes."""
    with Session(desk.engine, expire_on_commit=False) as session:
        mine = session.exec(
            select(Citizen).where(Citizen.caseworker_id == desk.worker.id, Citizen.closed_on.is_(None))
        ).all()
        for citizen in mine:
            notes = session.exec(select(Note).where(Note.citizen_id == citizen.id)).all()
            if len(notes) >= 2 and len(citizen.first_name) >= 3 and len(citizen.last_name) >= 3:
                return citizen, len(notes)
    raise AssertionError("the demo has a citizen with notes")


def note_text(citizen: Citizen) -> str:
    return f"{citizen.full_name} ringede, CPR {CPR_QUOTED} bekræftet. {citizen.last_name}s mor var med."


def painted(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def leaks(text: str, citizen: Citizen) -> list[str]:
    """What of the citizen `text` shows: either name (a genitive holds it) or the quoted CPR."""
    found = [part for part in (citizen.first_name, citizen.last_name) if part.lower() in text.lower()]
    return found + [digits for digits in CPR_QUOTED.split("-") if digits in text]


async def open_journal(app, pilot, citizen: Citizen) -> CitizenFileScreen:
    app.open_citizen(citizen.id)
    await app.settled()
    screen = app.screen
    assert isinstance(screen, CitizenFileScreen)
    await screen.settled()
    await settle(pilot)
    await pilot.press("8")
    await settle(pilot)
    return screen


async def write_note(pilot, screen: CitizenFileScreen, text: str) -> None:
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*text)
    await pilot.press("ctrl+s")
    await settle(pilot)
    await screen.settled()
    await settle(pilot)


async def test_a_note_naming_the_citizen_is_hidden_in_the_journal_list_and_when_read(desk) -> None:
    citizen, _count = citizen_with_notes(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_journal(app, pilot, citizen)
        await pilot.press("f4")
        await settle(pilot)
        assert app.privacy
        await write_note(pilot, screen, note_text(citizen))
        table = screen.query_one("#journal-table", FastTable)

        listed = painted(table)
        assert leaks(listed, citizen) == []
        assert f"{HIDDEN_NAME} ringede, CPR {HIDDEN_CPR} bekræftet. {HIDDEN_NAME} mor" in listed

        # Off shows the note as written; on again hides it again.
        await pilot.press("f4")
        await settle(pilot)
        assert citizen.last_name in painted(table) and CPR_QUOTED in painted(table)
        await pilot.press("f4")
        await settle(pilot)
        assert leaks(painted(table), citizen) == []

        # Read whole (Enter): neither the names, the genitive nor the CPR number.
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
        body = str(app.screen.query_one("#info-body").render())
        assert "ringede" in body
        assert leaks(body, citizen) == []


async def test_adding_a_note_lists_every_note_once(desk) -> None:
    citizen, count = citizen_with_notes(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_journal(app, pilot, citizen)
        await pilot.press("f4")
        await settle(pilot)
        await write_note(pilot, screen, note_text(citizen))
        table = screen.query_one("#journal-table", FastTable)
        keys = [row.key.value for row in table.ordered_rows]
        assert len(keys) == count + 1 == len(set(keys))
        # What is painted too: the header and one line a note, nothing left over from before.
        lines = [line for line in painted(table).splitlines() if line.strip()]
        assert len(lines) == 1 + count + 1


DANISH = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ"
NAME = st.text(DANISH, min_size=2, max_size=12)
# The name as people write it inside a sentence: as is, in capitals, in small letters, with a
# genitive ending.
FORMS = st.sampled_from(["{}", "{}s", "{}'s", "{}’s", "{}'"])
CASES = st.sampled_from([str, str.upper, str.lower])


@settings(max_examples=200, deadline=None)
@given(
    first=NAME,
    last=NAME,
    digits=st.text("0123456789", min_size=10, max_size=10),
    dash=st.booleans(),
    form=FORMS,
    case=CASES,
    before=st.sampled_from(["", "Ringede: ", "Mødte op. ", "("]),
    after=st.sampled_from(["", " mor var med.", ", bekræftet.", ")"]),
)
def test_redact_hides_names_their_genitives_and_cpr_numbers(first, last, digits, dash, form, case, before, after):
    cpr = f"{digits[:6]}-{digits[6:]}" if dash else digits
    text = f"{before}{case(form.format(first))} {case(form.format(last))} CPR {cpr}{after}"
    shown = redact(text, [f"{first} {last}", first, last])
    words = {word.lower() for word in re.findall(r"[^\W\d_]+", shown)}
    own = {word.lower() for word in re.findall(r"[^\W\d_]+", f"{before} CPR {after}")}
    for name in (first, last):
        for word in (name, f"{name}s"):
            assert word.lower() not in words or word.lower() in own, (text, shown)
    assert digits[:6] not in shown and digits[6:] not in shown, (text, shown)


async def test_a_follow_ups_note_naming_the_citizen_is_hidden_in_its_tab(desk) -> None:
    from stvdesk.db.models import FollowUp
    from stvdesk.domain.enums import FollowUpKind, FollowUpStatus
    from tests.conftest import TODAY

    citizen, _ = citizen_with_notes(desk)
    with Session(desk.engine) as session:
        session.add(
            FollowUp(
                citizen_id=citizen.id,
                worker_id=desk.worker.id,
                kind=FollowUpKind.CONVERSATION,
                status=FollowUpStatus.PLANNED,
                due_on=TODAY,
                note=note_text(citizen),
            )
        )
        session.commit()
    app = StvdeskApp(desk)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = await open_journal(app, pilot, citizen)
        await pilot.press("6")
        await settle(pilot)
        table = screen.query_one("#opfoelgning-table", FastTable)
        assert citizen.last_name in painted(table)
        await pilot.press("f4")
        await settle(pilot)
        assert leaks(painted(table), citizen) == []
