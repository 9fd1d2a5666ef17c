"""Keys that come from the terminal in one read (a fast typist, keys sent by a program, a slow
link) are handled in the order typed, each after the one before it: a key the app binds with
priority (Enter on a list, ctrl+s, the F-keys) no longer overtakes the keys ahead of it that were
still on their way through the focused widget."""

from __future__ import annotations

from sqlmodel import select
from textual.command import CommandInput, CommandList
from textual.events import Key
from textual.widgets import Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import FollowUp
from stvdesk.screens.caseload import CaseloadScreen
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.citizen_file.common import TABS
from stvdesk.screens.hold_follow_up import HoldFollowUpModal
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.screens.next_follow_up import NextFollowUpModal
from stvdesk.widgets.modals import TextPromptModal
from stvdesk.widgets.palette import DeskPalette
from tests.ui.helpers import SIZE, settle


def _burst(app, *keys: str) -> None:
    """`keys` queued at the app at once, as one read of the terminal brings them."""
    for name in keys:
        key = Key(name, " " if name == "space" else name[-1] if len(name) == 1 or name.startswith("alt+") else None)
        key.set_sender(app)
        app.post_message(key)


async def _on_the_caseload(pilot) -> CaseloadScreen:
    """The desk open on Min dag, then F3: the Sagsstamme with its rows."""
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CaseloadScreen)
    return screen


def _another_first_name(screen: CaseloadScreen) -> str:
    """A first name, in lower case, of a citizen further down than the top row, not the top row's."""
    top = screen.page.rows[0].name.split()[0].lower()
    return next(n for n in (r.name.split()[0].lower() for r in screen.page.rows[5:]) if n != top)


async def _in_a_new_follow_up_form(pilot, text: str):
    """From Min dag: the Sagsstamme's top row's file, tab 4, a new follow-up with `text` typed."""
    from stvdesk.widgets.form import FormModal

    await _on_the_caseload(pilot)
    await pilot.press("escape", "enter", "4", "n")
    await settle(pilot)
    await pilot.press(*text)
    form = pilot.app.screen
    assert isinstance(form, FormModal)
    return form


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


async def test_f3_a_name_and_enter_enter_in_one_burst_open_the_citizen_the_name_found(desk) -> None:
    """Seen in tmux: `F3 katrine Enter Enter` opened the first row of the list before the search
    (a stranger's file, logged as looked at). Enter waits for the rows of the latest text."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_the_caseload(pilot)
        first_name = _another_first_name(screen)
        await pilot.press("f2")
        await settle(pilot)
        _burst(app, "f3", *first_name, "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        assert first_name in str(app.screen.query_one("#file-title", Static).render()).lower()


async def test_slash_a_name_down_and_enter_in_one_burst_open_the_second_hit(desk) -> None:
    """Seen in tmux: `/hansen Down Enter` at once left the finder open with its hits: ↓ and Enter
    had come before them. They wait for the hits of the latest text."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _burst(app, "slash", *"hansen")
        await settle(pilot)
        hits = [str(option.prompt) for option in app.screen.query_one(CommandList).options]
        assert len(hits) >= 2
        await pilot.press("escape")
        await settle(pilot)
        _burst(app, "slash", *"hansen", "down", "enter")
        await settle(pilot)
        if isinstance(app.screen, TextPromptModal):  # outside one's reach: a purpose first
            await pilot.press(*"tjek", "enter")
            await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        name = str(app.screen.query_one("#file-title", Static).render())
        assert hits[1].split("  ")[0] in name


async def test_enter_and_a_tabs_digit_in_one_burst_open_the_file_on_that_tab(desk) -> None:
    """Seen in tmux: `Enter 6` on Min dag opened the file on Overblik, the 6 lost on Min dag
    while the file was being opened. The digit waits for the file."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _burst(app, "enter", "6")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        assert app.screen.active_tab() == TABS[5][0]


async def test_a_burst_on_the_cold_start_skeleton_keeps_working_once_the_desk_is_open(desk, demo_db) -> None:
    """↓ acts on the preview's rows at once, `/` is held until the database is open: ↓ ↓ /hans
    in one burst left the second ↓ with the key order while `/` was held, and every key after
    it (ctrl+q too) went nowhere. The finder gets the name and the desk still takes keys."""
    import threading

    from tests.ui.test_min_dag import _opening_start, agenda

    gate = threading.Event()
    app = _opening_start(desk, gate, demo_db)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if agenda(app).row_count:
                break
        _burst(app, "down", "down", "slash", *"hans")
        await pilot.pause(0.2)
        gate.set()
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, DeskPalette)
        assert app.screen.query_one(CommandInput).value == "hans"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen) and app._key_order.waiting == 0
        await pilot.press("ctrl+q")
        await pilot.pause(0.3)
        assert not app.is_running


async def test_escape_and_a_letter_read_together_are_both_typed(desk) -> None:
    """Seen in tmux: Escape and `a` sent at once reach the app as alt+a, and the field typed the
    `a` (Escape lost). Where nothing binds the alt key, it is Escape, then the letter."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_the_caseload(pilot)
        await pilot.press(*"zz")
        await settle(pilot)
        _burst(app, "alt+s")
        await settle(pilot)
        search = screen.typing_field()
        assert search.value == "" and not search.has_focus  # Escape: emptied, on the list
        assert screen.sort_chosen  # `s` on the list: sort


async def test_a_key_behind_one_that_opens_the_finder_finds_it_composed_or_not(desk) -> None:
    """The finder is asked whether its hits are on their way before it has its field: that is no
    answer to wait for, and no error."""
    from stvdesk.widgets.key_order import answer_pending

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert answer_pending(DeskPalette()) is False  # its field is made as it is composed
        assert answer_pending(CaseloadScreen()) is False
        await pilot.press("f3")
        await settle(pilot)
        assert answer_pending(app.screen) is False  # the caseload's rows are shown


async def test_f3_from_a_file_and_a_name_search_for_the_name(desk) -> None:
    """Seen in tmux: from a file opened from the Sagsstamme, `F3 hansen Enter Enter` went back to
    the list as it was left, focused, and its letters ran its commands (`h` marked a follow-up
    held). F3 back on the Sagsstamme puts the focus in its search, the old text selected."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_the_caseload(pilot)
        first = screen.page.rows[0].name.split()[0].lower()
        name = _another_first_name(screen)
        await pilot.press(*first, "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        _burst(app, "f3", *name, "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        assert name in str(app.screen.query_one("#file-title", Static).render()).lower()
        assert len(app.screen_stack) == 3  # the Sagsstamme and the file over it: no dialog
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is screen and screen.typing_field().has_focus


async def test_cursor_keys_typed_before_the_agenda_is_shown_are_held_with_the_rest(desk, demo_db) -> None:
    """Seen in tmux: ↓ ↓ Enter typed as the app started opened the top row: the ↓s moved over a
    table with no rows yet and were lost, Enter was held. Before the preview's rows they are held."""
    import threading

    from tests.ui.test_min_dag import _opening_start, agenda

    gate = threading.Event()
    app = _opening_start(desk, gate)  # no preview: the agenda stays empty until the desk opens
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.05)
        assert agenda(app).row_count == 0
        _burst(app, "down", "down", "enter")
        await pilot.pause(0.1)
        gate.set()
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        min_dag = next(s for s in app.screen_stack if isinstance(s, MinDagScreen))
        assert app.screen.citizen_id == min_dag.overview.lines[2].citizen_id


def _told_typed_before(app) -> bool:
    return any("Tastetryk fra før spørgsmålet" in n.message for n in app._notifications)


async def test_a_question_is_not_answered_by_a_key_typed_before_it_was_asked(desk) -> None:
    """`Escape j` in one read in a changed form: the `j` was typed before "Vil du kassere dem?"
    was on the screen, so it is not the answer "ja": the form and its text stay, the user is
    told, and a `j` typed to the question discards."""
    from stvdesk.widgets.form import ConfirmModal, FormModal

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await _on_the_caseload(pilot)
        await pilot.press("escape", "enter")  # to the list, and the top row's file
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        await pilot.press("4", "n")  # a new follow-up
        await settle(pilot)
        await pilot.press(*"Ring til lægen")
        form = app.screen
        assert isinstance(form, FormModal)
        _burst(app, "escape", "j")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and _told_typed_before(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and form.query_one("#f-text").value == "Ring til lægen"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)


async def test_keys_typed_behind_enter_are_not_the_purpose_of_opening_a_strangers_file(desk) -> None:
    """`Enter 3` on a citizen outside one's caseload: the purpose is asked first, and the `3`
    meant for the file's tab is not typed into it (it would be logged as the purpose)."""
    from stvdesk.db.queries.caseload_list import Scope
    from tests.ui.test_access_log import outsider

    citizen = outsider(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_the_caseload(pilot)
        await pilot.press("down")
        while screen.criteria.scope is not Scope.ALL:
            await pilot.press("v")
            await settle(pilot)
        await pilot.press("slash", *f"{citizen.cpr[:6]}-{citizen.cpr[6:]}")
        await settle(pilot)
        assert [row.id for row in screen.page.rows] == [citizen.id]
        _burst(app, "enter", "enter", "3")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPromptModal) and prompt.title_text == "Formål med opslaget"
        assert prompt.query_one("#prompt-input").value == "" and _told_typed_before(app)
        await pilot.press(*"Borgeren ringede", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == citizen.id


async def test_a_key_typed_behind_enter_on_a_strangers_cpr_number_waits_for_the_question(desk) -> None:
    """`/`, a whole CPR number outside one's reach, `Enter` and `k` in one read: Enter takes the
    search to the list and checks the number; `k` waits for that check instead of filtering the
    list under the purpose prompt, and is then not the purpose either."""
    from tests.ui.test_access_log import outsider

    citizen = outsider(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_the_caseload(pilot)
        criteria = screen.criteria
        _burst(app, "slash", *f"{citizen.cpr[:6]}-{citizen.cpr[6:]}", "enter", "k")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPromptModal) and prompt.title_text == "Formål med opslaget"
        assert prompt.query_one("#prompt-input").value == "" and _told_typed_before(app)
        assert screen.criteria.readiness == criteria.readiness


async def test_a_question_typed_into_while_the_database_opens_is_not_answered_by_the_keys_held(desk) -> None:
    """Keys typed while the database opens are held and handed on later, still stamped with when
    they were typed: `Enter 4 n a b Escape j` typed at once leaves the question standing."""
    import threading

    from stvdesk.context import DeskContext
    from stvdesk.widgets.form import ConfirmModal, FormModal

    gate = threading.Event()

    def opening() -> DeskContext:
        assert gate.wait(10)
        return desk

    app = StvdeskApp(DeskContext(clock=desk.clock, settings=desk.settings), opening=opening, preview=lambda: None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _burst(app, "enter", "4", "n", "a", "b", "escape", "j")
        await pilot.pause()
        gate.set()
        for _ in range(6):
            await pilot.pause(0.1)
            await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and _told_typed_before(app)
        assert isinstance(app.screen_stack[-2], FormModal)


async def test_a_key_that_comes_after_the_question_is_made_but_before_it_is_painted_does_not_answer_it(
    desk, monkeypatch
) -> None:
    """The question is asked when its frame is on the terminal: a key that comes while it is
    being built and painted (here: as it is mounted) was typed without it in sight."""
    from stvdesk.widgets.form import ConfirmModal

    mounted = ConfirmModal.on_mount

    def on_mount(question: ConfirmModal) -> None:
        mounted(question)
        if question.question.startswith("Der er ændringer"):
            _burst(question.app, "j")

    monkeypatch.setattr(ConfirmModal, "on_mount", on_mount)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        form = await _in_a_new_follow_up_form(pilot, "Ring")
        await pilot.press("escape")  # the question; a `j` comes as it is mounted
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and app.screen_stack[-2] is form
        monkeypatch.setattr(ConfirmModal, "on_mount", mounted)
        await pilot.press("j")  # typed to the question on screen: answered
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)


async def test_an_app_key_a_jobcentre_moved_still_acts_behind_a_question(desk) -> None:
    """Privacy moved to F11 (`[taster]`): F11 typed with the keys that ask a question is the
    app's own key there, and acts, as F4 does where nothing is moved."""
    from dataclasses import replace

    from stvdesk.widgets.form import ConfirmModal

    desk.settings = replace(desk.settings, keys={"app.privacy": "f11"})
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await _in_a_new_follow_up_form(pilot, "Ring")
        _burst(app, "escape", "f11")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and app.privacy


async def test_a_note_and_enter_enter_in_one_burst_hold_the_follow_up_and_plan_the_next(desk) -> None:
    """Seen in tmux: the second Enter reached Min dag's list while the hold was being stored and
    opened the file, with the next follow-up's proposal over it. It waits for the proposal."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.selected_line()
        before = desk.run(lambda s: len(s.exec(select(FollowUp).where(FollowUp.citizen_id == line.citizen_id)).all()))
        _burst(app, "h", *"ok", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen), app.screen
    after = desk.run(lambda s: len(s.exec(select(FollowUp).where(FollowUp.citizen_id == line.citizen_id)).all()))
    assert after == before + 1  # the next one planned


async def test_answers_and_enter_typed_at_once_in_a_meeting_stay_each_in_its_own_item(desk) -> None:
    """Seen in tmux: `Tømrer Enter Håndværket Enter` sent at once stored "TømrerH" and
    "åndværket": Enter in the answer moves on as the screen hears the field's Submitted, which
    Textual posts as the key comes back up to the app, and the next letter went to the field
    before that. The next key waits for what Enter made."""
    from tests.ui.test_meeting import _citizen_in_placement, _start_meeting

    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id, "abc_plan")
        first, second = (item.id for item in screen.guide.items[screen.current : screen.current + 2])
        _burst(app, *"Tømrer", "enter", *"Håndværket", "enter")
        await settle(pilot)
        assert screen.answers[first].value == "Tømrer" and screen.answers[second].value == "Håndværket"


async def test_a_key_typed_behind_a_forms_save_goes_to_the_screen_it_closes_to(desk) -> None:
    """Seen in tmux: `ctrl+s 6` in a form of the file stored it, and the 6 went into the closing
    form and was lost: it waits for the form to close, and switches the file to tab 6."""

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await _in_a_new_follow_up_form(pilot, "Ring til lægen")
        _burst(app, "ctrl+s", "6")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.active_tab() == TABS[5][0]
        assert not _told_typed_before(app)


async def test_keys_typed_behind_the_purpose_open_the_file_on_their_tab(desk) -> None:
    """Seen in tmux: a purpose, `Enter 3` at once opened the file on its first tab. Both ways a
    purpose is asked: opening a row outside one's reach, and a whole CPR number the list does
    not show (whose prompt stores the look-up before it closes)."""
    from tests.ui.test_access_log import outsider

    citizen = outsider(desk)
    app = StvdeskApp(desk)

    async def purpose_then_tab(purpose: str, tab: int) -> None:
        """At the purpose prompt: `purpose`, then Enter and the tab's digit in one read."""
        assert isinstance(app.screen, TextPromptModal)
        await pilot.press(*purpose)
        _burst(app, "enter", str(tab))
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == citizen.id
        assert app.screen.active_tab() == TABS[tab - 1][0]

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(citizen.id)
        await settle(pilot)
        await purpose_then_tab("Borgeren ringede", 3)

        await pilot.press("f3")
        await settle(pilot)
        await pilot.press(*f"{citizen.cpr[:6]}-{citizen.cpr[6:]}", "enter")
        await settle(pilot)
        await purpose_then_tab("Henvendelse", 4)


def test_a_dialogs_answer_that_comes_while_a_key_is_under_way_goes_before_the_keys_waiting() -> None:
    """The save of a dialog may finish before the ctrl+s that started it has come back to the
    app: the keys typed behind it wait for the dialog to close (`storing`), so its answer goes
    right behind the key under way, not behind them (which held them the longest wait, and put
    them into the closing dialog)."""
    from stvdesk.widgets.key_order import KeyOrder

    order = KeyOrder(app=None)  # type: ignore[arg-type]  # nothing here asks the app
    order._busy = True  # ctrl+s on its way back to the app
    six, seven = Key("6", "6"), Key("7", "7")
    order._waiting.extend([six, seven])
    applied: list[str] = []

    def close() -> None:
        applied.append("close")

    order.between_keys(close)
    assert list(order._waiting) == [close, six, seven]


async def test_keys_typed_behind_a_key_whose_form_reads_first_go_to_the_form(desk) -> None:
    """Seen in tmux: `n Tømrer` on Forløb, whose form reads the companies before it opens, lost
    "Tøm" or ran the file's `m` (a meeting) under the form; `n 3` on Opfølgninger switched the
    file to tab 3 behind the form. The keys wait for the form."""
    from stvdesk.widgets.form import ConfirmModal, FormModal

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await _on_the_caseload(pilot)
        await pilot.press("escape", "enter")
        await settle(pilot)
        file = app.screen
        assert isinstance(file, CitizenFileScreen)
        await pilot.press("5")
        await settle(pilot)
        _burst(app, "n", *"Tømrer")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.focused is not None
        assert form.focused.value == "Tømrer"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)  # the changed form: discard it
        await pilot.press("j")
        await settle(pilot)
        assert app.screen is file and file.active_tab() == TABS[4][0]


async def test_escape_while_a_form_stores_leaves_the_save_to_close_it(desk) -> None:
    """Escape typed behind ctrl+s while the form stores has nothing to cancel: the save closes
    the form (before, a changed form's question came up and the save closed the question)."""
    import threading

    from stvdesk.widgets.form import ConfirmModal, FieldSpec, FormModal

    release, stored = threading.Event(), []

    def submit(values: dict) -> None:
        release.wait(5)
        stored.append(values["text"])

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        app.push_screen(FormModal("Prøve", [FieldSpec("text", "Tekst")], submit))
        await settle(pilot)
        await pilot.press(*"abc", "ctrl+s")
        await pilot.press("escape")
        assert not isinstance(app.screen, ConfirmModal)
        release.set()
        await settle(pilot)
        assert app.screen is home and stored == ["abc"]


async def test_keys_behind_a_save_refused_at_once_go_back_into_the_form_at_once(desk) -> None:
    """A save refused in no time (a number that cannot be read): the keys typed behind it are
    typed on in the form, without waiting for the form to close."""
    import time

    from stvdesk.widgets.form import FieldSpec, FormModal

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = FormModal("Prøve", [FieldSpec("text", "Tekst")], lambda values: "Skriv et tal.")
        app.push_screen(form)
        await settle(pilot)
        await pilot.press(*"abc")
        started = time.monotonic()
        _burst(app, "ctrl+s", "x", "y")
        await settle(pilot)
        assert app.screen is form and form.query_one("#f-text").value == "abcxy"
        assert time.monotonic() - started < 1.0


async def test_a_name_found_in_the_finder_and_a_tabs_digit_in_one_burst_open_the_file_on_that_tab(desk) -> None:
    """Seen in tmux: `/ name Enter 6` opened the file on its first tab: the 6 went to the finder
    while it closed (its choice runs only once it has gone)."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        name = next(line.citizen_name for line in app.screen.overview.lines if line.citizen_id is not None)
        _burst(app, "slash", *name.split()[0].lower(), "enter", "6")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.active_tab() == TABS[5][0]


async def test_escape_and_enter_read_together_are_both_keys(desk) -> None:
    """Seen in tmux: `F3 Escape Enter` at once stayed on the list: the terminal sends Escape and
    Enter read together as alt+enter, and the Enter was lost."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_the_caseload(pilot)
        top = screen.page.rows[0].id
        read_together = Key("alt+enter", None)  # as Textual's parser names ESC CR
        read_together.set_sender(app)
        app.post_message(read_together)
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == top
