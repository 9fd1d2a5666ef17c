"""What a new user ran into in a meeting on the demo, through Pilot: text typed as an agreement's
form closes, the guide proposed for a match meeting and the follow-up it plans, a finished meeting
that could still be typed into, privacy mode on the meeting's free text, overdue follow-ups a
meeting settles, date and number answers said at once, the progression written said in Danish,
the finished meeting's key bar, and ✓ for a note alone."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select
from textual.events import Key
from textual.widgets import DataTable, Input, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Agreement, Citizen, FollowUp, Meeting, MeetingAnswer
from stvdesk.domain.enums import FollowUpKind, FollowUpStatus, MeetingStatus, Phase
from stvdesk.domain.privacy import HIDDEN_CPR, HIDDEN_NAME
from stvdesk.screens.meeting import MeetingScreen
from stvdesk.screens.meeting.answers import TextAnswer
from stvdesk.widgets.form import ConfirmModal, FormModal
from stvdesk.widgets.keybar import KeyBar
from stvdesk.widgets.modals import ChoiceModal, InfoModal
from tests.conftest import TODAY
from tests.ui.helpers import SIZE, settle, type_at_once
from tests.ui.test_meeting import _citizen_in_placement, _field, _go_to_item, _start_meeting

SENTENCE = "Vi aftaler fire timer om ugen fra januar"


async def _agreement_then_type(pilot, screen: MeetingScreen, text: str) -> None:
    """From the outline (Escape): a new agreement, ctrl+s, and `text` sent at once behind it, as
    a typist does who goes on before the form has closed."""
    app = pilot.app
    await pilot.press("escape", "a")
    await settle(pilot)
    assert isinstance(app.screen, FormModal)
    _field(app, "text").value = "Ringe før kl. 8 ved fravær"
    save = Key("ctrl+s", None)
    save.set_sender(app)
    app.post_message(save)
    await type_at_once(pilot, text)
    await settle(pilot)


async def test_text_typed_as_the_agreement_form_closes_reaches_the_answer(desk) -> None:
    """Seen: typed straight after ctrl+s, a sentence was lost on a text item; on a choice it
    vanished and its spaces chose "Positiv"."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _go_to_item(pilot, screen, "jobmaal")
        await _agreement_then_type(pilot, screen, SENTENCE)
        assert app.screen is screen and isinstance(screen._answer, TextAnswer)
        assert screen.focused is screen._answer and screen._answer.value == SENTENCE
        assert screen.answers["jobmaal"].value == SENTENCE

        # a choice: the sentence is no answer, its spaces choose nothing; it goes into the note
        await _go_to_item(pilot, screen, "holdning")
        await _agreement_then_type(pilot, screen, SENTENCE)
        assert app.screen is screen
        note = screen.query_one("#item-note", Input)
        assert screen.answers["holdning"] == type(screen.answers["holdning"])("", SENTENCE)
        assert note.value == SENTENCE and note.has_focus
        assert screen._answer.pressed_button is None
        # a space on the choice on its own chooses nothing either: ↓ and Enter do
        screen._answer.focus()
        await pilot.press("down", "space")
        await settle(pilot)
        assert screen.answers["holdning"].value == ""
        await pilot.press("enter")
        await settle(pilot)
        assert screen.answers["holdning"].value == screen.guide.item("holdning").options[1]

        # a question asked from the outline (the export's): under it the focus is in the answer
        # already, so the keys typed as it closes land there, none of them a letter of the
        # outline (`a`, a new agreement)
        await _go_to_item(pilot, screen, "jobmaal")
        await pilot.press("escape", "e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and screen.focused is screen._answer
        await pilot.press("n")
        await type_at_once(pilot, " og aftalen")
        await settle(pilot)
        assert app.screen is screen and screen.focused is screen._answer
        assert screen.answers["jobmaal"].value == SENTENCE + " og aftalen"
        meeting_id = screen.meeting_id
    agreements = desk.run(lambda s: s.exec(select(Agreement).where(Agreement.meeting_id == meeting_id)).all())
    assert len(agreements) == 2  # no letter of the sentence made another


def _in_match_with_a_praktik_from_today(desk):
    """A citizen in phase Match whose placement starts today, with the placement follow-up that a
    new placement plans (on the day the cadence proposes next)."""
    citizen, placement = _citizen_in_placement(desk)
    due = TODAY + timedelta(days=7)  # the day the cadence proposes after a placement's start

    def arrange(session: Session) -> None:
        row = session.get(Citizen, citizen.id)
        row.phase_override = Phase.MATCH
        session.add(row)
        p = session.get(type(placement), placement.id)
        p.start_on = TODAY
        session.add(p)
        for follow_up in session.exec(
            select(FollowUp).where(FollowUp.citizen_id == citizen.id, FollowUp.status == FollowUpStatus.PLANNED)
        ).all():
            session.delete(follow_up)
        session.add(
            FollowUp(
                citizen_id=citizen.id,
                placement_id=placement.id,
                worker_id=citizen.caseworker_id,
                kind=FollowUpKind.PLACEMENT_FOLLOW_UP,
                due_on=due,
            )
        )
        session.commit()

    desk.run(arrange)
    return citizen, due


async def test_a_match_meeting_proposes_the_three_party_guide_and_uses_the_planned_follow_up(desk) -> None:
    """Seen: `m` for a citizen in Match with a praktik started that day proposed the company's
    first-visit guide and "Virksomhedsbesøg"; the Trepart guide chosen kept that kind, and the
    meeting planned a company visit on the day the placement's follow-up was planned."""
    citizen, due = _in_match_with_a_praktik_from_today(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(citizen.id, tab="moeder")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.title_text == "Nyt møde"
        assert _field(app, "guide").value == "trepart"
        assert _field(app, "kind").value is FollowUpKind.THREE_PARTY
        # the kind follows the guide chosen
        _field(app, "guide").value = "virksomhed_foerste"
        await settle(pilot)
        assert _field(app, "kind").value is FollowUpKind.COMPANY_VISIT
        _field(app, "guide").value = "trepart"
        await settle(pilot)
        assert _field(app, "kind").value is FollowUpKind.THREE_PARTY
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.view.meeting.kind is FollowUpKind.THREE_PARTY

        await _go_to_item(pilot, screen, "hvem_goer_hvad")  # the item the guide requires
        screen._answer.focus()
        await pilot.press("space", "escape", "a")
        await settle(pilot)
        _field(app, "text").value = "Ringe før kl. 8 ved fravær"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, FormModal) and app.screen.title_text == "Afslut møde"
        assert _field(app, "next_on").value == due.strftime("%d-%m-%Y")
        assert _field(app, "next_kind").value is FollowUpKind.PLACEMENT_FOLLOW_UP
        assert "allerede planlagt" in str(app.screen.query_one("#form-intro", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)

    planned = desk.run(
        lambda s: s.exec(
            select(FollowUp).where(FollowUp.citizen_id == citizen.id, FollowUp.status == FollowUpStatus.PLANNED)
        ).all()
    )
    assert [(f.kind, f.due_on) for f in planned] == [(FollowUpKind.PLACEMENT_FOLLOW_UP, due)]


async def test_a_finished_meeting_is_read_only_and_e_exports(desk) -> None:
    """Seen: after finishing, the dialog said "e eksporterer resuméet" but `e` did nothing there,
    and after Escape `e` typed an "e" into the answer of the item shown."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _go_to_item(pilot, screen, "jobmaal")
        screen._answer.focus()
        await pilot.press(*"Lager", "escape", "a")
        await settle(pilot)
        _field(app, "text").value = "Ringe før kl. 8 ved fravær"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await _go_to_item(pilot, screen, "hvem_goer_hvad")  # the item the guide requires
        screen._answer.focus()
        await pilot.press("space")
        await _go_to_item(pilot, screen, "jobmaal")
        await pilot.press("ctrl+f")
        await settle(pilot)
        _field(app, "next_on").value = (TODAY + timedelta(days=14)).strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal) and "e eksporterer" in str(
            app.screen.query_one("#info-body", Static).render()
        )
        await pilot.press("e")  # where the dialog says it: the export, asked first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and screen.held

        # read-only: the answer is shown, not editable, and the letters act on the outline
        assert screen._answer.disabled and screen._answer.value == "Lager"
        assert screen.query_one("#item-note", Input).disabled
        assert screen.focused is screen.outline
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.answers["jobmaal"].value == "Lager"
    meeting_id = screen.meeting_id
    meeting = desk.run(lambda s: s.get(Meeting, meeting_id))
    answer = desk.run(
        lambda s: s.exec(
            select(MeetingAnswer.value).where(
                MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.item_id == "jobmaal"
            )
        ).one()
    )
    assert meeting.status is MeetingStatus.HELD and answer == "Lager"


async def test_privacy_mode_hides_names_in_the_meetings_free_text(desk) -> None:
    """Seen: F4 hid the citizen's name in the title but not in the answers, the notes, the
    agreements or the summary, which quote it."""
    citizen, _placement = _citizen_in_placement(desk)
    said = f"{citizen.first_name} {citizen.last_name} 010203-1234 vil køre truck"
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _go_to_item(pilot, screen, "jobmaal")
        screen._answer.focus()
        await type_at_once(pilot, said)
        note = screen.query_one("#item-note", Input)
        note.focus()
        await type_at_once(pilot, f"Talt med {citizen.first_name}")
        await pilot.press("escape", "a")
        await settle(pilot)
        _field(app, "text").value = f"{citizen.first_name} ringer før kl. 8"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = screen.query_one("#meeting-agreements", DataTable)

        def agreement_line() -> str:
            return table.render_line(1).text

        assert citizen.first_name in agreement_line()

        await pilot.press("f4")
        await settle(pilot)
        answer = screen._answer
        assert isinstance(answer, TextAnswer) and answer.disabled
        assert citizen.first_name not in answer.value and citizen.last_name not in answer.value
        assert HIDDEN_NAME in answer.value and HIDDEN_CPR in answer.value and "vil køre truck" in answer.value
        assert citizen.first_name not in note.value and note.disabled
        assert citizen.first_name not in agreement_line() and HIDDEN_NAME in agreement_line()
        # what was typed is kept as typed, not as shown
        assert screen.answers["jobmaal"].value == said

        await pilot.press("f4")
        await settle(pilot)
        answer = screen._answer
        assert answer.value == said and not answer.disabled and not note.disabled
        assert citizen.first_name in agreement_line()
    stored = desk.run(
        lambda s: s.exec(
            select(MeetingAnswer).where(
                MeetingAnswer.meeting_id == screen.meeting_id, MeetingAnswer.item_id == "jobmaal"
            )
        ).one()
    )
    assert (stored.value, stored.note) == (said, f"Talt med {citizen.first_name}")


def _with_overdue_follow_ups(desk, citizen, placement) -> tuple:
    """The citizen's planned follow-ups due by today replaced by two overdue ones: the placement's
    follow-up due 13 days ago (as on Min dag, "13 d over") and a conversation due 5 days ago."""

    def arrange(session: Session) -> tuple:
        for follow_up in session.exec(
            select(FollowUp).where(
                FollowUp.citizen_id == citizen.id,
                FollowUp.status == FollowUpStatus.PLANNED,
                FollowUp.due_on <= TODAY,
            )
        ).all():
            session.delete(follow_up)
        made = [
            FollowUp(
                citizen_id=citizen.id,
                placement_id=placement.id if kind is FollowUpKind.PLACEMENT_FOLLOW_UP else None,
                worker_id=citizen.caseworker_id,
                kind=kind,
                due_on=TODAY - timedelta(days=days),
            )
            for kind, days in ((FollowUpKind.PLACEMENT_FOLLOW_UP, 13), (FollowUpKind.CONVERSATION, 5))
        ]
        session.add_all(made)
        session.commit()
        return tuple(f.id for f in made)

    return desk.run(arrange)


async def _agree_and_finish(pilot, screen: MeetingScreen) -> None:
    """The required tick and one agreement, then ctrl+f: the finish form."""
    app = pilot.app
    await _go_to_item(pilot, screen, "hvem_goer_hvad")
    screen._answer.focus()
    await pilot.press("space", "escape", "a")
    await settle(pilot)
    _field(app, "text").value = "Ringe før kl. 8 ved fravær"
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("ctrl+f")
    await settle(pilot)
    assert isinstance(app.screen, FormModal) and app.screen.title_text == "Afslut møde"


async def test_finishing_a_three_party_meeting_settles_the_overdue_placement_follow_up(desk) -> None:
    """Seen: a three-party meeting started with `m` in the file of a citizen with an overdue
    praktikopfølgning was held and finished, and Min dag still said "13 d over". The finish form
    lists the overdue follow-ups, the placement's ticked; the ticked one is held on the meeting's
    day, the other stays planned."""
    citizen, placement = _citizen_in_placement(desk)
    placement_follow_up, conversation = _with_overdue_follow_ups(desk, citizen, placement)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _agree_and_finish(pilot, screen)
        ticks = {name: _field(app, name) for name in ("hold_0", "hold_1")}
        assert "Markér som afholdt ved dette møde" in str(ticks["hold_0"].label)
        assert (TODAY - timedelta(days=13)).strftime("%d-%m-%Y") in str(ticks["hold_0"].label)
        assert ticks["hold_0"].value is True and ticks["hold_1"].value is False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
        body = str(app.screen.query_one("#info-body", Static).render())
        assert f"Opfølgningen {(TODAY - timedelta(days=13)).strftime('%d-%m-%Y')} er markeret afholdt" in body
    held = desk.run(lambda s: s.get(FollowUp, placement_follow_up))
    still = desk.run(lambda s: s.get(FollowUp, conversation))
    assert (held.status, held.held_on) == (FollowUpStatus.HELD, TODAY)
    assert still.status is FollowUpStatus.PLANNED


async def test_a_date_answer_is_read_at_once_stored_as_a_date_and_proposed_as_the_next(desk) -> None:
    """Seen: "1.11" (gone by) was taken without a word, and the summary then said both "Næste
    opfølgning …: 1.11" and the form's own date. Enter stays on a date that cannot be read or has
    gone by, saying so at once; a date read is stored as dd-mm-åååå and is the finish form's next
    follow-up."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        error = screen.query_one("#item-error", Static)
        await _go_to_item(pilot, screen, "naeste_opfoelgning")
        screen._answer.focus()
        for typed, said in (("1.11", "01-11-2026 ligger før i dag."), ("første", "Skriv datoen som")):
            screen._answer.value = ""
            await pilot.press(*typed, "enter")
            await settle(pilot)
            assert screen.guide.items[screen.current].id == "naeste_opfoelgning"
            assert said in str(error.render()) and "Enter igen" in str(error.render())
        screen._answer.value = ""
        await pilot.press(*"9.12", "enter")
        await settle(pilot)
        assert str(error.render()) == ""
        assert screen.answers["naeste_opfoelgning"].value == "09-12-2026"
        assert screen._answer.value == "09-12-2026"
        await _agree_and_finish(pilot, screen)
        assert _field(app, "next_on").value == "09-12-2026"
    stored = desk.run(
        lambda s: s.exec(
            select(MeetingAnswer.value).where(
                MeetingAnswer.meeting_id == screen.meeting_id, MeetingAnswer.item_id == "naeste_opfoelgning"
            )
        ).one()
    )
    assert stored == "09-12-2026"


async def test_enter_on_a_number_that_cannot_be_read_stays_and_says_why(desk) -> None:
    """Seen: "tyve" + Enter on "Timer pr. uge" moved on with ✓ and said nothing; the warning showed
    only on going back. The first Enter stays and says it at once, a second moves on with the
    answer as written."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        error = screen.query_one("#item-error", Static)
        await _go_to_item(pilot, screen, "timer_aftalt")
        screen._answer.focus()
        await pilot.press(*"tyve", "enter")
        await settle(pilot)
        assert screen.guide.items[screen.current].id == "timer_aftalt"
        assert "Skriv et tal" in str(error.render()) and "Enter igen" in str(error.render())
        assert screen.focused is screen._answer
        await pilot.press("enter")
        await settle(pilot)
        assert screen.guide.items[screen.current].id == "ordinaere_timer"
        assert screen.answers["timer_aftalt"].value == "tyve"


async def test_a_finished_meeting_offers_only_the_keys_that_act(desk) -> None:
    """Seen: the finished meeting's key bar still offered `a Ny aftale` and `^f Afslut møde`, which
    only said "Mødet er afsluttet og kan ikke ændres."."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        await _agree_and_finish(pilot, screen)
        _field(app, "next_on").value = (TODAY + timedelta(days=14)).strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # the dialog that says what was written
        await settle(pilot)
        assert app.screen is screen and screen.held and screen.focused is screen.outline
        bar = str(screen.query_one(KeyBar).render())
        assert "Eksport" in bar
        assert "Ny aftale" not in bar and "Afslut møde" not in bar
        for action in ("new_agreement", "remove_agreement", "finish", "cancel_meeting"):
            assert screen.check_action(action, ()) is False


async def test_a_note_alone_does_not_answer_a_tick_or_a_rating(desk) -> None:
    """Seen: a tick or a rating with only its note filled got ✓ in the outline."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id)
        outline = screen.outline

        def mark(item_id: str) -> str:
            index = [item.id for item in screen.guide.items].index(item_id)
            return str(outline.get_option(f"item:{index}").prompt)

        for item_id in ("tryghed", "hvem_goer_hvad"):
            await _go_to_item(pilot, screen, item_id)
            screen.query_one("#item-note", Input).focus()
            await pilot.press(*"talt om")
            await settle(pilot)
            assert screen.answers[item_id].note == "talt om"
            assert "✓" not in mark(item_id)
        screen._answer.focus()
        await pilot.press("space")  # the tick itself
        await settle(pilot)
        assert "✓" in mark("hvem_goer_hvad")


async def test_finishing_says_the_progression_written_in_danish(desk) -> None:
    """Seen: after finishing, the dialog said "✓ Progression for 11-2026: attendance, description"."""
    citizen, _placement = _citizen_in_placement(desk)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start_meeting(pilot, citizen.id, "maanedlig_opfoelgning")
        await _go_to_item(pilot, screen, "p_fremmoede")
        screen._answer.focus()
        await pilot.press("4", "enter")
        await _go_to_item(pilot, screen, "udviklingsbeskrivelse")
        screen._answer.focus()
        await pilot.press(*"Klarer pluk selv", "escape", "a")
        await settle(pilot)
        _field(app, "text").value = "Prøve truckkort"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        _field(app, "next_on").value = (TODAY + timedelta(days=14)).strftime("%d-%m-%Y")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
        body = str(app.screen.query_one("#info-body", Static).render())
        assert f"Progression for {TODAY:%m-%Y}: fremmøde, udviklingsbeskrivelse" in body
        assert not {"attendance", "description"} & set(body.replace(",", " ").split())
