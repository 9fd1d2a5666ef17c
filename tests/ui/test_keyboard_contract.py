"""The keyboard contract (ARCHITECTURE.md, "Keyboard contract") through Pilot: a typist's text in
a field stays in the field; keys counted for the everyday work; and what a new user ran into on
the demo (the meeting, the Sagsstamme's search, finding a citizen from Min dag) as regressions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, SQLModel, select
from textual.command import CommandInput, CommandList
from textual.events import Key
from textual.widgets import Checkbox, DataTable, Input, RadioSet, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Agreement, AuditEvent, Citizen, FollowUp, Meeting, MeetingAnswer
from stvdesk.db.queries.caseload_list import CaseloadFilter
from stvdesk.domain.cpr import cpr_prefix
from stvdesk.domain.enums import AuditAction, FollowUpStatus, MeetingStatus
from stvdesk.domain.meetings import YES, ItemKind, parse_answer
from stvdesk.domain.parse import ParseError
from stvdesk.screens.caseload import CaseloadScreen
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.finder import FINDER_PLACEHOLDER
from stvdesk.screens.income import IncomeCalculator
from stvdesk.screens.meeting import MeetingScreen
from stvdesk.screens.meeting.outline import REQUIRED_LEGEND
from stvdesk.settings import config_dir, export_dir
from stvdesk.widgets.form import ConfirmModal, FormModal
from stvdesk.widgets.keybar import KeyBar
from stvdesk.widgets.palette import PLACEHOLDER, DeskPalette
from tests.conftest import TODAY
from tests.ui.helpers import SIZE, settle
from tests.ui.test_meeting import _citizen_in_placement, _field, _go_to_item, _start_meeting

#: Letters (the commands' among them), Danish letters, digits and spaces: what a typist types.
TYPED = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789 "),
    min_size=1,
    max_size=10,
    # A whole CPR number in the Sagsstamme's search asks for a purpose (the look-up outside one's
    # reach): a dialog on purpose, not a key gone astray.
).filter(lambda text: len(cpr_prefix(text) or "") < 10)


async def _type(pilot, text: str) -> None:
    """`text` as a fast typist's terminal delivers it: every key queued at once, then handled in
    order (Pilot's `press` waits for the screen after each key, several times slower)."""
    app = pilot.app
    for character in text:
        key = Key("space" if character == " " else character, character)
        key.set_sender(app)
        app.post_message(key)
    await pilot.pause()


def _export_files() -> set[str]:
    folder = export_dir()
    return {p.name for p in folder.rglob("*")} if folder.exists() else set()


def _stored(desk) -> dict[str, object]:
    """What the database holds, table by table (the access log as counts by action), to tell that
    nothing but the field typed in was stored. The meeting's own stamp moves with each answer."""

    def read(session: Session) -> dict[str, object]:
        found: dict[str, object] = {}
        for table in SQLModel.metadata.sorted_tables:
            # db_meta holds the key the access log hashes CPR searches with (made at the first one)
            if table.name.startswith("sync_") or table.name in ("audit_event", "citizen_fts", "db_meta"):
                continue
            columns = [c.name for c in table.columns if not (table.name == "meeting" and c.name.startswith("updated_"))]
            # the values as stored (no column types applied): quick enough for every example
            rows = session.execute(sa.text(f'SELECT {", ".join(columns)} FROM "{table.name}"')).all()
            found[table.name] = frozenset(map(tuple, rows))
        counts = session.execute(sa.select(AuditEvent.action, sa.func.count()).group_by(AuditEvent.action)).all()
        found["audit_event"] = dict(counts)
        return found

    return desk.run(read)


def _changes(before: dict[str, object], after: dict[str, object]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


async def _show(pilot, meeting: MeetingScreen, item_id: str) -> None:
    """The meeting at `item_id` with the focus in its answer, at once (PgDn, key by key, made the
    generated examples several times slower; moving is tested on its own)."""
    meeting.show_item([item.id for item in meeting.guide.items].index(item_id), focus=True)
    await pilot.pause()
    assert meeting.guide.items[meeting.current].id == item_id and meeting.focused is meeting._answer


def parse_number_fails(text: str) -> bool:
    try:
        parse_answer(ItemKind.NUMBER, text)
    except ParseError:
        return True
    return False


@pytest.fixture
async def typist(desk):
    """One desk for every generated text (an app per text would take minutes): a meeting, the form
    of a new agreement reached from it, and a Sagsstamme built once and pushed over it."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        meeting = await _start_meeting(pilot, citizen.id)
        app.install_screen(CaseloadScreen(), "typist-caseload")
        yield pilot, meeting


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=TYPED)
# every letter the meeting and the Sagsstamme bind, and what a new user typed into the meeting
@example(text="cafe adfec hpnusSvwkfmcaoitxeIgl æøå ÆØÅ 150282")
async def test_a_typists_text_and_enter_stay_in_the_field(typist, desk, text: str) -> None:
    """Typed into the meeting's answer, a form and the Sagsstamme's search, with Enter: the screen
    stays, no file is written, and nothing is stored but what the field holds (the answer; the
    search's access-log event)."""
    pilot, meeting = typist
    app = pilot.app
    files = _export_files()
    before = _stored(desk)

    # the meeting's answer (a text item): Enter stores it and moves on, nothing else happens
    await _go_to_item(pilot, meeting, "jobmaal")
    meeting._answer.value = ""
    meeting._answer.focus()
    await _type(pilot, text)
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen is meeting and meeting.guide.items[meeting.current].id != "jobmaal"
    assert meeting.answers["jobmaal"].value == text
    meeting.flush()
    await settle(pilot)

    # the note to an item: Enter keeps the text and moves on
    await _show(pilot, meeting, "delmaal")
    note = meeting.query_one("#item-note", Input)
    note.value = ""
    note.focus()
    await _type(pilot, text)
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen is meeting and meeting.guide.items[meeting.current].id == "opgaver"
    assert meeting.answers["delmaal"].note == text

    # the other answers, in the guide's order: a number is a line of text too (a wrong number is
    # said at once and stored as typed; Enter stays on it once, a second Enter moves on with it as
    # typed); on the answers that are no text (a rating, the
    # income estimate, a choice, a tick) what types goes into the item's note: no letter is a
    # command there (a, d, e, c on the outline), and no letter or space changes the answer (a
    # rating's digits rate, and a space as the first key ticks: those are left out here)
    words = "".join(character for character in text if not character.isdigit()).lstrip()
    for item_id in ("tryghed", "timer_aftalt", "indkomst", "holdning", "hvem_goer_hvad"):
        await _show(pilot, meeting, item_id)
        if item_id == "timer_aftalt":
            meeting._answer.value = ""
            await _type(pilot, text)
            await pilot.press("enter")
            await settle(pilot)
            if parse_number_fails(text):
                assert meeting.guide.items[meeting.current].id == "timer_aftalt"
                assert "Enter igen" in str(meeting.query_one("#item-error", Static).render())
                await pilot.press("enter")
                await settle(pilot)
            assert app.screen is meeting and meeting.guide.items[meeting.current].id == "ordinaere_timer"
            assert meeting.answers[item_id].value == text
            continue
        shown = meeting.answers[item_id].value if item_id in meeting.answers else ""
        note.value = ""
        await _type(pilot, words)
        await settle(pilot)
        assert app.screen is meeting and meeting.guide.items[meeting.current].id == item_id, item_id
        answer = meeting.answers.get(item_id)
        assert (answer.value if answer else "") == shown, item_id
        assert note.value == words and (not words or note.has_focus), item_id
    await _show(pilot, meeting, "jobmaal")  # a line of text, for the form below
    meeting.flush()
    await settle(pilot)

    # a form (the new agreement): Enter goes to the next field, the form stays open
    await pilot.press("escape", "a")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, FormModal)
    await _type(pilot, text)
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen is form and _field(app, "text").value == text
    await pilot.press("escape", "j")  # the form had changes: Escape asks, j throws them away
    await settle(pilot)
    assert app.screen is meeting and isinstance(meeting.focused, Input)  # back in the answer

    answers = desk.run(
        lambda s: {
            a.item_id
            for a in s.exec(select(MeetingAnswer).where(MeetingAnswer.meeting_id == meeting.meeting_id)).all()
            if a.value
        }
    )
    assert answers <= {"jobmaal", "timer_aftalt"}

    # the Sagsstamme's search, from the list below the meeting: `/` starts it afresh
    app.push_screen("typist-caseload")
    await settle(pilot)
    caseload = app.screen
    assert isinstance(caseload, CaseloadScreen)
    criteria = caseload.criteria
    await pilot.press("slash")
    await _type(pilot, text)
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen is caseload and caseload.query_one("#caseload-search", Input).value == text
    assert caseload.criteria.search == text
    filters = {k: v for k, v in vars(criteria).items() if k not in ("search", "sort", "descending")}
    assert {k: v for k, v in vars(caseload.criteria).items() if k in filters} == filters
    app.pop_screen()  # the search stays: the next `/` selects it, and the next text replaces it
    await settle(pilot)

    after = _stored(desk)
    assert _changes(before, after) <= {"meeting_answer", "audit_event"}

    def besides_searches(stored: dict[str, object]) -> dict[object, object]:
        events = stored["audit_event"]
        assert isinstance(events, dict)
        return {action: n for action, n in events.items() if action is not AuditAction.SEARCH}

    assert besides_searches(after) == besides_searches(before)
    assert _export_files() == files


# --- what a new user ran into on the demo ------------------------------------------------------


def _outline_lines(screen: MeetingScreen) -> list[str]:
    outline = screen.outline
    return [str(outline.get_option_at_index(i).prompt) for i in range(outline.option_count)]


async def test_the_meeting_keeps_typing_in_the_answer(desk) -> None:
    """Seen: after an agreement the focus stayed on the agreement list, so a sentence ran commands
    (`e` exported a file, "cafe" then Enter cancelled the meeting); Enter on a tick-box or a
    rating ticked but did not move on; required items were marked only once finishing refused."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        lines = _outline_lines(screen)
        for item in screen.guide.items:
            (line,) = [line for line in lines if item.text in line]
            assert line.endswith(" *") == item.required, line
        assert REQUIRED_LEGEND in lines

        # the meeting opens in the answer: a check box, where no letter acts and none is on the key bar
        assert isinstance(screen.focused, Checkbox) and screen.current == 0
        assert "Ny aftale" not in str(screen.query_one(KeyBar).render())
        await pilot.press("a", "f", "e")
        await settle(pilot)
        # no letter acts, none answers: they are text, which goes into the item's note
        note = screen.query_one("#item-note", Input)
        assert app.screen is screen and screen.focused is note and note.value == "afe"
        assert screen.answers["formaal"].value == ""
        note.value = ""
        screen._answer.focus()
        await pilot.pause()
        # Enter moves on from every kind of item: a check box (unticked is "nej"), a rating, a choice
        await pilot.press("enter")
        await settle(pilot)
        assert screen.current == 1 and screen.answers["formaal"].value == "nej"
        for item_id, keys, value in (("tryghed", ("down", "down"), "3"), ("holdning", ("down",), None)):
            await _go_to_item(pilot, screen, item_id)
            screen._answer.focus()
            await pilot.pause()
            assert isinstance(screen.focused, RadioSet)
            await pilot.press(*keys, "enter")
            await settle(pilot)
            assert screen.guide.items[screen.current - 1].id == item_id, "Enter moved on"
            assert screen.answers[item_id].value == (value or screen.guide.item(item_id).options[1])

        # an agreement, from the text answer: afterwards the focus is back in that answer
        await _go_to_item(pilot, screen, "jobmaal")
        screen._answer.focus()
        await pilot.press("escape", "a")
        await settle(pilot)
        _field(app, "text").value = "Ringe før kl. 8 ved fravær"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.focused is screen._answer
        files = _export_files()
        await pilot.press(*"cafe e", "enter")
        await settle(pilot)
        assert app.screen is screen and screen.answers["jobmaal"].value == "cafe e"
        assert _export_files() == files

        # from the outline, the keys that cancel or export ask first, and Enter answers nothing
        await pilot.press("escape", "c", *"afe", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # and after the question, the focus is in the answer again
        await settle(pilot)
        assert app.screen is screen and screen.focused is screen._answer
        await pilot.press("escape", "e", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and isinstance(screen.focused, (Input, Checkbox, RadioSet))
    meeting = desk.run(lambda s: s.get(Meeting, screen.meeting_id))
    assert meeting.status is MeetingStatus.IN_PROGRESS and _export_files() == files
    agreements = desk.run(lambda s: s.exec(select(Agreement.text).where(Agreement.meeting_id == meeting.id)).all())
    assert agreements == ["Ringe før kl. 8 ved fravær"]


async def test_the_sagsstamme_search_starts_afresh_and_a_name_on_the_list_is_searched(desk) -> None:
    """Seen: `/`, "sør", Escape, `/`, "150282" left "/150282" in the field and found nobody; on the
    list, "Gorm" set two filters."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        search = screen.query_one("#caseload-search", Input)
        table = screen.query_one("#caseload", DataTable)
        assert search.has_focus  # the screen opens in its search
        await pilot.press("escape")
        await settle(pilot)
        target = screen.page.rows[3]
        digits = target.cpr[:6]
        unfiltered = screen.criteria

        await pilot.press("slash", *"sør", "escape")
        await settle(pilot)
        assert table.has_focus and search.value == "" and screen.criteria.search == ""
        await pilot.press("slash", *digits)
        await settle(pilot)
        assert search.value == digits and target.id in {row.id for row in screen.page.rows}
        # `/` in the field too: a fresh search, no "/" typed
        await pilot.press("slash", *"sør", "slash", *digits)
        await settle(pilot)
        assert search.value == digits and all(row.cpr.startswith(digits) for row in screen.page.rows)
        bar = str(screen.query_one(KeyBar).render())
        assert "Afholdt" not in bar and "Sortér" not in bar  # no letter acts in the field

        # on the list the letters are commands again (and the key bar says so); a name that no
        # command begins goes to the search
        await pilot.press("down")
        await settle(pilot)
        assert table.has_focus and "h Afholdt" in str(screen.query_one(KeyBar).render())
        await pilot.press(*"Gorm")
        await settle(pilot)
        assert app.screen is screen and search.value == "Gorm" and screen.criteria.search == "Gorm"
        changed = {k for k, v in vars(screen.criteria).items() if getattr(unfiltered, k) != v}
        assert changed <= {"search", "sort", "descending"}
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press(*digits)  # digits typed on the list: a CPR search
        await settle(pilot)
        assert search.value == digits and target.id in {row.id for row in screen.page.rows}
        await pilot.press("slash", *"hansen")  # `/` first: every letter is the name's
        await settle(pilot)
        assert app.screen is screen and search.value == "hansen"  # no dialog opened by the h


async def test_a_name_typed_as_the_sagsstamme_opens_is_searched(desk) -> None:
    """Seen: F3 and "hansen" on the list ran its commands (`h` opened "Markér opfølgning som
    afholdt", the rest went into its note; one Enter would have stored it)."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        name = screen.page.rows[2].name.split()[-1].lower()
        await pilot.press(*name)
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#caseload-search", Input).value == name
        assert screen.criteria.search == name and screen.page.rows
        expected = screen.selected_row()
        assert expected is not None and name in expected.name.lower()
        await pilot.press("enter")  # Enter in the field: to the list, nothing opened
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#caseload", DataTable).has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == expected.id


async def test_a_burst_typed_on_the_sagsstamme_list_is_typed_whole(desk) -> None:
    """Seen: "Hansen" sent at once on the list kept only the "H": the keys after it were on
    their way to the list when the first moved the focus to the search."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#caseload", DataTable).has_focus
        for character in "Hansen":  # posted back to back: no key waits for the one before
            app.post_message(Key(character, character))
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#caseload-search", Input).value == "Hansen"
        assert screen.criteria.search == "Hansen"


async def test_a_name_typed_at_once_after_f3_from_a_meeting_lands_whole_in_the_search(desk) -> None:
    """Seen: F3 from a meeting and "herman thorsen" at once left "rman thorsen" in the search,
    and a later `s` sorted the list: the keys typed after F3 went to the meeting's answer before
    F3 acted (a key binding acts only once its key has bubbled up from the focused answer)."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        meeting = await _start_meeting(pilot, citizen.id)
        await _go_to_item(pilot, meeting, "jobmaal")  # a text answer: a key gone astray types there
        meeting._answer.focus()
        await settle(pilot)
        name = "herman thorsen"
        f3 = Key("f3", None)
        f3.set_sender(app)
        app.post_message(f3)
        await _type(pilot, name)  # queued right behind F3, as a terminal sends them
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        search = screen.query_one("#caseload-search", Input)
        assert search.has_focus and search.value == name and screen.criteria.search == name
        # no letter was a command of the list: not sorted by `s`, no filter, no dialog
        assert not screen.sort_chosen and app.screen is screen
        criteria = {k: v for k, v in vars(screen.criteria).items() if k not in ("search", "sort", "descending")}
        assert criteria == {k: v for k, v in vars(CaseloadFilter()).items() if k in criteria}
    typed = desk.run(
        lambda s: s.exec(
            select(MeetingAnswer.value).where(MeetingAnswer.meeting_id == meeting.meeting_id, MeetingAnswer.value != "")
        ).all()
    )
    assert typed == []  # nothing went into the meeting


async def test_a_meeting_is_finished_from_every_kind_of_item(desk) -> None:
    """Seen: `f` (finish) did nothing on the income item, and after Tab it typed into the note.
    Finishing is ctrl+f: from every kind of answer, the note and the outline, on the key bar
    wherever the focus is; after the form (Escape) the focus is back in the answer."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        kinds: dict[object, str] = {}
        for item in screen.guide.items:
            kinds.setdefault(item.kind, item.id)
        assert len(kinds) >= 7  # check, text, rating, number, income, choice, date

        async def finish_opens(where: str) -> None:
            assert "^f Afslut møde" in str(screen.query_one(KeyBar).render()), where
            await pilot.press("ctrl+f")
            await settle(pilot)
            assert isinstance(app.screen, FormModal) and app.screen.title_text == "Afslut møde", where
            await pilot.press("f3")  # a screen switch does nothing in a dialog: the form stays
            await settle(pilot)
            assert isinstance(app.screen, FormModal), where
            await pilot.press("escape")  # nothing changed in the form: it closes at once
            await settle(pilot)
            assert app.screen is screen and screen.focused is screen._answer, where

        for kind, item_id in kinds.items():
            await _go_to_item(pilot, screen, item_id)
            screen._answer.focus()
            await settle(pilot)
            await finish_opens(f"{kind} answer")
        await pilot.press("tab")  # the note: ctrl+f finishes there too and types nothing
        await settle(pilot)
        note = screen.query_one("#item-note", Input)
        assert note.has_focus
        await finish_opens("note")
        assert note.value == ""
        await pilot.press("escape")  # from the answer to the outline
        await settle(pilot)
        assert screen.focused is screen.outline
        await finish_opens("outline")


#: How a user answers an item of each kind the guide schema knows, and what is stored then (None:
#: the income calculator's estimate). A kind added to the schema must be added here.
_ANSWERED_BY: dict[ItemKind, tuple[tuple[str, ...], str | None]] = {
    ItemKind.CHECK: (("space",), YES),
    ItemKind.TEXT: (tuple("Truckkort"), "Truckkort"),
    ItemKind.NUMBER: (tuple("7,5"), "7,5"),
    ItemKind.CHOICE: (("down",), "Anden"),
    ItemKind.RATING: (("3",), "3"),
    ItemKind.DATE: (tuple("01-12-2026"), "01-12-2026"),
    ItemKind.INCOME: ((), None),
}


def _guide_of_every_kind() -> str:
    """A jobcentre's own guide with one item of each kind, each followed by another item (in the
    built-in guides the date is always last, where there is nothing to move on to)."""
    items = "".join(
        f'[[sections.items]]\nid = "punkt_{kind.value}"\nkind = "{kind.value}"\ntext = "Punkt af typen {kind.value}"\n'
        + ('options = ["Første", "Anden", "Tredje"]\n' if kind is ItemKind.CHOICE else "")
        for kind in ItemKind
    )
    return (
        'id = "alle_typer"\nversion = 1\ntitle = "Alle typer"\naudience = "trepart"\n\n'
        f'[[sections]]\ntitle = "Hvert slags punkt"\n\n{items}'
        '[[sections.items]]\nid = "slut"\nkind = "text"\ntext = "Til sidst"\n'
    )


async def test_enter_stores_the_answer_and_moves_on_in_every_kind_of_item(desk) -> None:
    """Seen: on the income item neither Enter nor the calculator's ctrl+s moved on, where every
    other kind of item does. A meeting walked with keys only, from its first item: each kind is
    answered, Enter (on the income item: the calculator's ctrl+s) stores it and shows the next
    item with the focus in its answer, so the next keys answer that."""
    assert set(_ANSWERED_BY) == set(ItemKind), "a new kind of item: say here how it is answered"
    local = config_dir() / "guides"
    local.mkdir(parents=True)
    (local / "alle_typer.toml").write_text(_guide_of_every_kind(), encoding="utf-8")
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id, guide_id="alle_typer")
        assert not app.guide_library().problems
        for index, kind in enumerate(ItemKind):
            item = screen.guide.items[index]
            assert screen.current == index and item.kind is kind
            assert screen._answer is not None and screen.focused is screen._answer, kind
            keys, _value = _ANSWERED_BY[kind]
            await pilot.press(*keys, "enter")
            await settle(pilot)
            if kind is ItemKind.INCOME:  # Enter without an estimate: the calculator, whose ctrl+s answers
                assert isinstance(app.screen, IncomeCalculator) and screen.current == index
                hours = app.screen.query_one("#income-hours", Input)
                hours.value = ""
                await pilot.press("1", "0", "ctrl+s")
                await settle(pilot)
            assert app.screen is screen, kind
            assert screen.current == index + 1, f"Enter on a {kind} item did not move on"
            assert screen.focused is screen._answer, kind
        meeting_id = screen.meeting_id
        stored = desk.run(
            lambda s: dict(
                s.exec(
                    select(MeetingAnswer.item_id, MeetingAnswer.value).where(MeetingAnswer.meeting_id == meeting_id)
                ).all()
            )
        )
        for kind, (_keys, value) in _ANSWERED_BY.items():
            if value is None:
                assert stored[f"punkt_{kind.value}"].startswith("Skøn: indkomst ved ordinære timer"), stored
            else:
                assert stored[f"punkt_{kind.value}"] == value, kind

        # back on the income item, which has its estimate now: Enter keeps it and moves on (the
        # calculator does not open again); space works it out anew and Escape leaves it as it was
        income = [item.kind for item in screen.guide.items].index(ItemKind.INCOME)
        await _go_to_item(pilot, screen, f"punkt_{ItemKind.INCOME.value}")
        await settle(pilot)
        assert screen.current == income and screen.focused is screen._answer
        assert "Indkomstberegner" in str(screen.query_one(KeyBar).render())
        estimate = stored[f"punkt_{ItemKind.INCOME.value}"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.current == income + 1
        assert screen.answers[f"punkt_{ItemKind.INCOME.value}"].value == estimate
        await pilot.press("pageup", "space")
        await settle(pilot)
        assert isinstance(app.screen, IncomeCalculator)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.current == income and screen.focused is screen._answer
        assert screen.answers[f"punkt_{ItemKind.INCOME.value}"].value == estimate


async def test_digits_answer_a_rating_in_a_meeting(desk) -> None:
    """Seen: number keys did not answer a 1–5 rating. On a rating the digits 1–5 give the rating
    (the key bar says so) and Enter keeps it and moves on; on a choice no digit acts."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _go_to_item(pilot, screen, "tryghed")
        screen._answer.focus()
        await settle(pilot)
        rating = screen._answer
        assert isinstance(rating, RadioSet) and "1–5 Vurdering" in str(screen.query_one(KeyBar).render())
        await pilot.press("4")
        await settle(pilot)
        assert screen.answers["tryghed"].value == "4" and rating.pressed_index == 3
        await pilot.press("2", "7")  # another rating replaces it; 7 is none
        await settle(pilot)
        assert screen.answers["tryghed"].value == "2" and rating.pressed_index == 1
        await pilot.press("enter")
        await settle(pilot)
        assert screen.guide.items[screen.current - 1].id == "tryghed", "Enter moved on"
        meeting_id = screen.meeting_id
        stored = desk.run(
            lambda s: s.exec(
                select(MeetingAnswer.value).where(
                    MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.item_id == "tryghed"
                )
            ).one()
        )
        assert stored == "2"

        await _go_to_item(pilot, screen, "holdning")  # a choice: its options are no numbers
        screen._answer.focus()
        await settle(pilot)
        assert "Vurdering" not in str(screen.query_one(KeyBar).render())
        await pilot.press("2")
        await settle(pilot)
        assert "holdning" not in screen.answers or screen.answers["holdning"].value == ""
        # it is text, as a letter is: it goes into the item's note
        note = screen.query_one("#item-note", Input)
        assert app.screen is screen and screen.focused is note and note.value == "2"


async def _hits(pilot, until: Callable[[list[str]], bool] = bool) -> list[str]:
    """The palette's entries once the search has answered `until` holds of them (polled, no
    fixed sleep; a command's hit may come before the citizens' on a loaded machine)."""
    command_list = pilot.app.screen.query_one(CommandList)

    def shown() -> list[str]:
        options = [command_list.get_option_at_index(i) for i in range(command_list.option_count)]
        # the line shown, and the hit's own text as the finder made it (the palette hides a name or
        # a CPR number the screens hold once more in privacy mode: the finder must not rely on that)
        return [f"{option.prompt}\n{getattr(getattr(option, 'hit', None), 'text', '')}" for option in options]

    for _ in range(200):
        await pilot.pause(0.05)
        if command_list.option_count and not pilot.app.screen._show_busy and until(shown()):
            break
    return shown()


def _searches(desk) -> list[str]:
    return desk.run(
        lambda s: list(
            s.exec(
                select(AuditEvent.criterion).where(AuditEvent.action == AuditAction.SEARCH).order_by(AuditEvent.seq)
            ).all()
        )
    )


async def test_a_citizen_is_found_from_min_dag_and_in_the_palette(desk) -> None:
    """Seen: `/` did nothing on Min dag; the palette's placeholder was English and it found no
    citizen. Now `/` is a citizen finder everywhere, the palette finds citizens too, both log the
    search as the Sagsstamme does and hide names and CPR numbers in privacy mode."""
    citizen = desk.run(
        lambda s: s.exec(
            select(Citizen)
            .where(Citizen.caseworker_id == desk.worker.id, Citizen.closed_on.is_(None))
            .order_by(Citizen.cpr)
        ).first()
    )
    name = f"{citizen.first_name} {citizen.last_name}"
    typed = citizen.last_name[:5].lower()
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        finder = app.screen
        assert isinstance(finder, DeskPalette) and finder.query_one(CommandInput).placeholder == FINDER_PLACEHOLDER
        await pilot.press(*typed)
        hits = await _hits(pilot, lambda lines: any(line.startswith(name) for line in lines))
        assert any(line.startswith(f"{name}  {citizen.cpr[:6]}-xxxx") for line in hits), hits
        assert _searches(desk) == []  # shown, still typing
        index = next(i for i, line in enumerate(hits) if line.startswith(name))
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        await app.settled()
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == citizen.id
        assert _searches(desk) == [typed]  # logged when the citizen was opened from it

        await pilot.press("f2", "f4")  # privacy mode: no name and no CPR number in the finder
        await settle(pilot)
        await pilot.press("slash", *citizen.cpr[:6])
        hits = await _hits(pilot)
        assert hits and not any(citizen.last_name in line or citizen.cpr[:6] in line for line in hits)
        await pilot.press("escape")  # closing the palette logs what it showed
        await settle(pilot)
        assert len(_searches(desk)) == 2 and _searches(desk)[1].startswith("CPR-søgning")

        await pilot.press("f4", "ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, DeskPalette) and palette.query_one(CommandInput).placeholder == PLACEHOLDER
        assert not re.search(r"[Ss]earch|[Cc]ommand", PLACEHOLDER)
        await pilot.press(*citizen.cpr[:6])
        hits = await _hits(pilot, lambda lines: any(line.startswith(name) for line in lines))
        assert any(line.startswith(name) for line in hits), hits


# --- keys counted ------------------------------------------------------------------------------


async def test_a_held_follow_up_and_a_meeting_agreement_in_few_keys(desk) -> None:
    """A follow-up held from Min dag with its note and the next one planned: ≤ 5 keys plus the
    note. An agreement in a meeting with a deadline, from the answer: ≤ 8 keys plus its texts."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.selected_line()
        assert line is not None and line.follow_up_id is not None
        note = "Talt om timer"
        keys = ["h", *note, "enter", "enter"]  # hold with the note; plan the next as proposed
        await pilot.press(*keys)
        await settle(pilot)
        assert len(keys) - len(note) <= 5
        held = desk.run(lambda s: s.get(FollowUp, line.follow_up_id))
        assert held.status is FollowUpStatus.HELD and held.note == note
        planned = desk.run(
            lambda s: s.exec(
                select(FollowUp).where(
                    FollowUp.citizen_id == held.citizen_id,
                    FollowUp.status == FollowUpStatus.PLANNED,
                    FollowUp.due_on > TODAY,
                )
            ).all()
        )
        assert planned

        screen = await _start_meeting(pilot, citizen.id)
        assert screen.focused is screen._answer
        text, deadline = "Sende lønsedler til S", (TODAY + timedelta(days=7)).strftime("%d-%m-%Y")
        keys = ["escape", "a", *text, "tab", "tab", *deadline, "ctrl+s"]
        await pilot.press(*keys)
        await settle(pilot)
        assert len(keys) - len(text) - len(deadline) <= 8
        assert app.screen is screen and screen.focused is screen._answer
    stored = desk.run(lambda s: s.exec(select(Agreement).where(Agreement.meeting_id == screen.meeting_id)).all())
    assert [(a.text, a.deadline) for a in stored] == [(text, TODAY + timedelta(days=7))]
