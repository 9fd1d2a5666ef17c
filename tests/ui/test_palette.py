"""The command palette (ctrl+p) finds the desk's commands by their Danish words, each once."""

from __future__ import annotations

from sqlmodel import Session, col, select
from textual.command import CommandInput, CommandList

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, Placement
from stvdesk.domain.enums import PlacementStatus
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.finder import INCOME_PLACEHOLDER
from stvdesk.screens.income import IncomeCalculator
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.screens.steering import SteeringScreen
from stvdesk.widgets.palette import DeskPalette, word_match
from tests.conftest import make_desk
from tests.ui.helpers import SIZE, settle


async def _offered(pilot, typed: str) -> list[str]:
    """The palette's entries (their first line) for what is typed."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DeskPalette)
    await pilot.press(*typed)
    await pilot.pause(0.8)
    entries = pilot.app.screen.query_one(CommandList)
    return [str(entries.get_option_at_index(i).prompt).split("\n")[0] for i in range(entries.option_count)]


def test_a_command_is_found_by_whole_words_not_scattered_letters() -> None:
    help_text = "Hvad giver ordinære timer? Skøn over løn og ydelse måned for måned"
    assert word_match("ordinære", "Indkomstberegner", help_text)
    assert word_match("Ordinære timer", "Indkomstberegner", help_text)
    assert word_match("indtægt", "Indkomstberegner", "")  # a keyword of its own
    assert not word_match("oe", "Indkomstberegner", "")  # letters of a word's, not a word
    assert not word_match("ordinære kaffe", "Indkomstberegner", help_text)
    assert not word_match("", "Indkomstberegner", help_text)


async def test_typing_indkomst_on_min_dag_finds_the_calculator_and_opens_it_for_a_citizen(desk) -> None:
    me = desk.me.id
    with Session(desk.engine) as session:
        citizen = session.exec(
            select(Citizen)
            .join(Placement, col(Placement.citizen_id) == Citizen.id)
            .where(
                Placement.status == PlacementStatus.ACTIVE,
                col(Placement.deleted_at).is_(None),
                col(Citizen.closed_on).is_(None),
                (col(Citizen.caseworker_id) == me) | (col(Citizen.consultant_id) == me),
            )
        ).first()
        assert citizen is not None
        name, citizen_id = citizen.full_name, citizen.id
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        assert (await _offered(pilot, "indkomst"))[0] == "Indkomstberegner"
        app.screen.query_one(CommandInput).value = ""
        await pilot.pause()
        await pilot.press(*"ordinære")
        await pilot.pause(0.8)
        entries = app.screen.query_one(CommandList)
        assert "Indkomstberegner" in str(entries.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        # The finder asks for the citizen; the calculator opens over the file's Forløb.
        assert isinstance(app.screen, DeskPalette)
        assert app.screen.query_one(CommandInput).placeholder == INCOME_PLACEHOLDER
        await pilot.press(*name)
        await pilot.pause(0.8)
        await pilot.press("enter")
        await settle(pilot)
        calculator = app.screen
        assert isinstance(calculator, IncomeCalculator)
        file = app.screen_stack[-2]
        assert isinstance(file, CitizenFileScreen) and file.citizen_id == citizen_id


async def test_in_a_file_ordinaere_finds_the_calculator_by_its_help_line(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        offered = await _offered(pilot, "ordinære")
        # The file's own entry (the form on its tab), listed once though the app offers one too.
        assert offered.count("Indkomstberegner") == 1
        assert "Hvad giver ordinære timer?" in offered


async def test_styring_lists_teamtavle_once(demo_db) -> None:
    """Styring's `t` and the app's command of the same name were both listed: the key's stays."""
    desk = make_desk(demo_db, "LV")
    app = StvdeskApp(desk)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            if not isinstance(app.screen, SteeringScreen):
                await pilot.press("f10")
                await settle(pilot)
            assert isinstance(app.screen, SteeringScreen)
            offered = await _offered(pilot, "Teamtavle")
            assert offered.count("Teamtavle") == 1
            entries = app.screen.query_one(CommandList)
            assert "(t)" in str(entries.get_option_at_index(0).prompt)  # the one naming its key
    finally:
        desk.engine.dispose()
