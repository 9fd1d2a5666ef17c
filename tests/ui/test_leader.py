"""The leader's desk through Pilot: it opens on the team's Styring, the month's dialogues (held
or due) and holding one with what was agreed, and a good story read in full."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Static

from stvdesk.app import StvdeskApp
from stvdesk.context import DeskContext
from stvdesk.db.models import Agreement, DialogueNote
from stvdesk.domain.enums import StepOwner
from stvdesk.domain.privacy import HIDDEN_NAME
from stvdesk.screens.dialogue import DialogueScreen, MonthDialoguesScreen
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.screens.steering import SteeringScreen
from stvdesk.screens.stories import StoryModal
from stvdesk.widgets.form import FormModal
from stvdesk.widgets.keybar import KeyBar
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle


@pytest.fixture
def leader_desk(demo_db):
    desk = make_desk(demo_db, "LV")
    yield desk
    desk.engine.dispose()


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _statuses(screen: MonthDialoguesScreen) -> dict[str, str]:
    """Each worker's initials → the dialogue column as shown."""
    table = screen.query_one("#dialogues-table", DataTable)
    rows = (table.get_row_at(i) for i in range(table.row_count))
    return {str(row[0]).rsplit("(", 1)[1].rstrip(")"): str(row[2]) for row in rows}


@pytest.mark.parametrize("initials", ["LV", "HP"])
async def test_a_leader_opens_on_the_teams_steering_and_min_dag_is_f2(demo_db, initials: str) -> None:
    desk = make_desk(demo_db, initials)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SteeringScreen) and screen.subject is None  # the team's numbers
        assert "Team Vest (teamet) – november 2026" in _text(screen, "#steering-title")
        assert "Månedsdialog" in str(screen.query_one(KeyBar).render())
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, SteeringScreen)
    desk.engine.dispose()


async def test_a_cold_start_paints_min_dag_and_a_leader_gets_styring_once_known(demo_db) -> None:
    """The skeleton painted before the database opens is Min dag's for everyone; once the worker
    is known a leader's is replaced by Styring, a caseworker's is filled in place."""
    for initials, home in (("LV", SteeringScreen), ("KB", MinDagScreen)):
        opened = make_desk(demo_db, initials)
        app = StvdeskApp(DeskContext(clock=opened.clock, demo=True), opening=lambda opened=opened: opened)
        async with app.run_test(size=SIZE) as pilot:
            skeleton = app.screen
            assert isinstance(skeleton, MinDagScreen)
            await settle(pilot)
            await app.screen.settled()
            assert isinstance(app.screen, home), initials
            assert len(app.screen_stack) == 2  # the skeleton replaced, not left under it
            if home is MinDagScreen:
                assert app.screen is skeleton
        opened.engine.dispose()


async def test_the_months_dialogues_show_held_and_due_and_holding_one_keeps_what_was_agreed(
    leader_desk, demo_db
) -> None:
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        steering = app.screen
        assert isinstance(steering, SteeringScreen)
        await pilot.press("d")
        await settle(pilot)
        dialogues = app.screen
        assert isinstance(dialogues, MonthDialoguesScreen)
        statuses = _statuses(dialogues)
        # The demo: four held this month, the five others due (the not held first).
        assert statuses == {
            "AH": "mangler",
            "JH": "mangler",
            "KB": "mangler",
            "PD": "mangler",
            "TN": "mangler",
            "MF": "holdt 19-11-2026",
            "MS": "holdt 05-11-2026",
            "RK": "holdt 14-11-2026",
            "SL": "holdt 10-11-2026",
        }
        assert "4 af 9 holdt, 5 mangler" in _text(dialogues, "#dialogues-title")

        # Hold KB's: a note of what was talked about, then an agreement with her as owner.
        table = dialogues.query_one("#dialogues-table", DataTable)
        table.move_cursor(row=list(statuses).index("KB"))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DialogueScreen) and screen.worker.initials == "KB"
        assert "ikke holdt endnu" in _text(screen, "#dialogue-title")
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#f-text").text = "Fokus på de klar-borgere uden CV"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"holdt {TODAY:%d-%m-%Y}" in _text(screen, "#dialogue-title")
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#f-text").value = "Få tre CV'er synlige på Jobnet"
        form.query_one("#f-deadline").value = "27-11-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        side = _text(screen, "#dialogue-side")
        assert "Aftale: Få tre CV'er synlige på Jobnet – ansvarlig KB, frist 27-11-2026" in side  # in the notes
        assert "frist 27-11-2026: Få tre CV'er synlige på Jobnet" in side  # and among the open agreements

        # Back on the month's list KB is held today, with her open agreement.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialogues
        assert _statuses(dialogues)["KB"] == f"holdt {TODAY:%d-%m-%Y}"
        assert "5 af 9 holdt, 4 mangler" in _text(dialogues, "#dialogues-title")

        # Last month: all held but one, which is not "due" any more but not held.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        last = _statuses(dialogues)
        assert last["PD"] == "ikke holdt" and sum(s.startswith("holdt") for s in last.values()) == 8
        await pilot.press("right_square_bracket", "right_square_bracket")  # December has not begun
        await settle(pilot)
        assert dialogues.month == date(2026, 11, 1)

    kb = leader_desk.run(
        lambda s: s.exec(select(Agreement).where(Agreement.text == "Få tre CV'er synlige på Jobnet")).one()
    )
    assert kb.owner is StepOwner.S and kb.deadline == date(2026, 11, 27) and kb.citizen_id is None
    assert kb.owner_worker_id == screen.worker.id
    notes = leader_desk.run(
        lambda s: s.exec(
            select(DialogueNote).where(
                DialogueNote.worker_id == kb.owner_worker_id, DialogueNote.month == date(2026, 11, 1)
            )
        ).all()
    )
    assert len(notes) == 2 and {n.written_by for n in notes} == {leader_desk.worker.id}

    # The agreement is KB's to keep: on her Min dag under Mine aftaler.
    desk = make_desk(demo_db, "KB")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        assert any(line.agreement.id == kb.id for line in app.screen.agreements)
    desk.engine.dispose()


async def test_the_palette_opens_the_months_dialogues_for_a_leader_only(leader_desk, demo_db) -> None:
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")  # from any screen, not only Styring
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Månedsdialoger")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MonthDialoguesScreen)
        await app.screen.settled()
        assert "4 af 9 holdt" in _text(app.screen, "#dialogues-title")

    desk = make_desk(demo_db, "KB")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Månedsdialoger" not in {c.title for c in app.get_system_commands(app.screen)}
    desk.engine.dispose()


async def test_a_good_story_opens_in_full_and_privacy_hides_the_citizens_name(leader_desk) -> None:
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        steering = app.screen
        assert isinstance(steering, SteeringScreen)
        stories = steering.query_one("#stories-table", DataTable)
        assert [str(stories.get_row_at(i)[1]) for i in range(2)] == [
            "Fast job i børnehaven",
            "Fra praktik til 15 ordinære timer",
        ]
        stories.focus()
        stories.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, StoryModal)
        body = _text(modal, "#story-body")
        assert body.startswith("Efter tre måneder i lageret fik borger 15 lønnede timer om ugen.")
        assert body.endswith("Næste skridt er at tale om flere timer efter sommerferien.")  # the whole text
        assert "Fortalt 10-11-2026 af Karen Bach (KB)" in _text(modal, "#story-told")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is steering

        # A story about a named citizen: the name is in the text, and F4 hides it there.
        stories.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, StoryModal)
        first_name = modal.story.citizen_name.split()[0]
        assert first_name in _text(modal, "#story-body")
        await pilot.press("f4")
        await settle(pilot)
        hidden = _text(modal, "#story-body")
        assert first_name not in hidden and HIDDEN_NAME in hidden
        assert "fast stilling på 25 timer" in hidden
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is steering
        # Opened with privacy already on, the name is hidden from the first frame.
        await pilot.press("enter")
        await settle(pilot)
        assert first_name not in _text(app.screen, "#story-body")


async def test_privacy_hides_the_citizen_a_story_title_names_in_styrings_list(leader_desk) -> None:
    from sqlmodel import Session

    from stvdesk.db.models import Citizen, SuccessStory

    with Session(leader_desk.engine) as session:
        lv = leader_desk.worker
        citizen = session.exec(select(Citizen).where(Citizen.closed_on.is_(None))).first()
        session.add(
            SuccessStory(
                team_id=lv.team_id,
                worker_id=lv.id,
                citizen_id=citizen.id,
                told_on=TODAY,
                title=f"{citizen.first_name} fik fast job",
                text="Hele historien.",
            )
        )
        session.commit()
        first = citizen.first_name
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stories = app.screen.query_one("#stories-table", DataTable)
        assert str(stories.get_row_at(0)[1]) == f"{first} fik fast job"
        await pilot.press("f4")
        await settle(pilot)
        assert str(stories.get_row_at(0)[1]) == f"{HIDDEN_NAME} fik fast job"
        await pilot.press("f4")
        await settle(pilot)
        assert str(stories.get_row_at(0)[1]) == f"{first} fik fast job"
