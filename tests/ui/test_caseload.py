"""Sagsstamme through Pilot: search, filters, sorting, scope, privacy, urgency, keys counted."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from textual.widgets import DataTable, Input, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, FollowUp
from stvdesk.db.queries.caseload_list import Scope, SortKey
from stvdesk.domain.cv import has_cv
from stvdesk.domain.enums import FollowUpStatus, Phase, Readiness, TargetGroup
from stvdesk.screens.caseload import CaseloadScreen
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.widgets.modals import ChoiceModal, InfoModal
from tests.conftest import TODAY
from tests.ui.helpers import SIZE, settle


async def open_caseload(pilot) -> CaseloadScreen:
    """F3, then to the list (the screen opens in its search), where the list's keys act."""
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseloadScreen)
    await pilot.press("escape")
    await settle(pilot)
    return pilot.app.screen


def rows(screen: CaseloadScreen):
    return screen.page.rows


async def test_lists_my_caseload_sorted_by_urgency(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        assert screen.page.total == 41  # KB's open cases (the demo closes four more of KB's)
        table = screen.query_one("#caseload", DataTable)
        assert table.row_count == 41
        totals = [r.urgency.total for r in rows(screen)]
        assert totals == sorted(totals, reverse=True)
        assert "-xxxx" in str(table.get_row_at(0)[2])


async def test_search_by_name_and_cpr_as_you_type(desk) -> None:
    with Session(desk.engine) as session:
        target = session.exec(select(Citizen).where(Citizen.last_name != "").order_by(Citizen.cpr)).first()
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        await pilot.press("v", "v")  # all citizens
        await settle(pilot)
        assert screen.criteria.scope is Scope.ALL
        await pilot.press("slash")
        assert screen.query_one("#caseload-search", Input).has_focus
        await pilot.press(*target.cpr[:6])
        await settle(pilot)
        assert target.id in {r.id for r in rows(screen)}
        assert all(r.cpr.startswith(target.cpr[:6]) for r in rows(screen))
        screen.query_one("#caseload-search", Input).value = ""
        await pilot.press(*target.last_name[:4].lower())
        await settle(pilot)
        assert all(target.last_name[:4].lower() in r.name.lower() for r in rows(screen))
        assert target.id in {r.id for r in rows(screen)}
        await pilot.press("down")  # back to the list
        assert screen.query_one("#caseload", DataTable).has_focus
        await pilot.press("slash", "escape")  # escape clears the search
        await settle(pilot)
        assert screen.criteria.search == "" and screen.page.total == 220  # the demo's 240 less 20 closed


@pytest.mark.parametrize(
    "keys,check",
    [
        (("k",), lambda r: r.readiness is Readiness.READY),
        (("k", "k"), lambda r: r.readiness is Readiness.CLOSE),
        (("f",), lambda r: r.phase is Phase.RELATIONSHIP),
        (("m",), lambda r: r.target_group is TargetGroup.CASH_BENEFIT),
        (("c",), lambda r: not has_cv(r.cv_state)),  # started counts as missing: one definition
        (("a",), lambda r: not r.has_abc),
        (("o",), lambda r: r.next_due is not None and r.next_due < TODAY),
        (("i",), lambda r: r.placement_kind is not None),
        (("t",), lambda r: r.ordinary_hours == 0),
    ],
)
async def test_each_filter_key(desk, keys, check) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        everyone = list(rows(screen))
        await pilot.press(*keys)
        await settle(pilot)
        filtered = rows(screen)
        assert filtered and len(filtered) < len(everyone)
        assert all(check(r) for r in filtered)
        assert len(filtered) == sum(1 for r in everyone if check(r))
        assert "ingen filtre" not in str(screen.query_one("#caseload-bar", Static).render())
        await pilot.press("x")
        await settle(pilot)
        assert len(rows(screen)) == len(everyone)


async def test_sorting_by_key_and_by_clicking_a_header(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        await pilot.press("s")  # urgency → next key in the cycle
        await settle(pilot)
        assert screen.criteria.sort is not SortKey.URGENCY
        await pilot.click("#caseload", offset=(2, 0))  # the "Navn" header
        await settle(pilot)
        assert screen.criteria.sort is SortKey.NAME
        names = [r.name.split()[-1].lower() for r in rows(screen)]
        assert names == sorted(names, reverse=screen.criteria.descending)
        await pilot.press("S")
        await settle(pilot)
        reversed_names = [r.name.split()[-1].lower() for r in rows(screen)]
        assert reversed_names == sorted(names, reverse=screen.criteria.descending)


async def test_another_workers_caseload(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        labels = [label for label, _ in app.screen.choices]
        index = next(i for i, label in enumerate(labels) if "(MS)" in label)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.criteria.scope is Scope.WORKER
        assert {r.caseworker for r in rows(screen)} == {"MS"}
        assert "Mikkel Skov" in str(screen.query_one("#caseload-bar", Static).render())


async def test_urgency_is_explained(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        top = rows(screen)[0]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, InfoModal)
        body = str(app.screen.query_one("#info-body", Static).render())
        for label, _points in top.urgency.parts:
            assert label in body
        assert f"{top.urgency.total:g}" in body


async def test_privacy_mode_hides_names_and_cpr_everywhere(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        name = rows(screen)[0].name
        await pilot.press("f4")
        await settle(pilot)
        table = screen.query_one("#caseload", DataTable)
        # the name is hidden; a warning marker (⚠) may stand before it
        assert str(table.get_row_at(0)[0]).removeprefix("⚠ ") == "••••••"
        assert str(table.get_row_at(0)[2]) == "xxxxxx-xxxx"
        assert "PRIVATLIV" in str(screen.query_one("#desk-header", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        title = str(app.screen.query_one("#file-title", Static).render())
        assert name not in title and "xxxxxx-xxxx" in title
        await pilot.press("f2")
        await settle(pilot)
        agenda = app.screen.query_one("#agenda", DataTable)
        assert all(
            str(agenda.get_row_at(i)[3]) in ("••••••",) or str(agenda.get_row_at(i)[3]).endswith("(virksomhed)")
            for i in range(agenda.row_count)
        )
        await pilot.press("f4")
        await settle(pilot)
        assert "PRIVATLIV" not in str(app.screen.query_one("#desk-header", Static).render())


async def test_held_follow_up_with_a_note_in_at_most_five_keys(desk) -> None:
    """Keyboard-first: a follow-up held from the caseload takes ≤ 5 keys plus the note's text."""
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        row = next(r for r in rows(screen) if r.next_follow_up_id)
        note = "Talt om timer"
        keys = ["h", *note, "enter"]
        await pilot.press(*keys)
        await settle(pilot)
        assert len(keys) - len(note) <= 5
    with Session(desk.engine) as session:
        stored = session.get(FollowUp, row.next_follow_up_id)
        assert stored.status is FollowUpStatus.HELD and stored.note == note and stored.held_on == TODAY


async def test_save_and_load_a_named_filter(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        await pilot.press("k", "c")
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("enter")  # empty name: refused at the field
        await pilot.pause()
        assert "navn" in str(app.screen.query_one("#prompt-error", Static).render())
        await pilot.press(*"Klar uden CV", "enter")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert screen.criteria.readiness is None
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.criteria.readiness is Readiness.READY and screen.criteria.cv_missing


async def test_enter_opens_the_selected_citizen(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        await pilot.press("down")
        expected = screen.selected_row()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen) and app.screen.citizen_id == expected.id


async def test_paging_through_all_citizens(desk, monkeypatch) -> None:
    monkeypatch.setattr("stvdesk.screens.caseload.PAGE_SIZE", 100)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        await pilot.press("v", "v")
        await settle(pilot)
        first = {r.id for r in rows(screen)}
        await pilot.press("right_square_bracket")
        await settle(pilot)
        second = {r.id for r in rows(screen)}
        assert len(first) == len(second) == 100 and not first & second
        assert "101–200 af 220" in str(screen.query_one("#caseload-status", Static).render())
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert {r.id for r in rows(screen)} == first


async def test_new_citizen_with_cpr_checked_at_the_field(desk) -> None:
    """Also: the first conversation is planned with the citizen (a week on by the local default,
    on a working day); a second citizen with it declined gets none."""
    from datetime import date

    from stvdesk.domain.enums import FollowUpKind
    from stvdesk.widgets.form import FormModal

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#f-first_conversation").value is True
        assert app.screen.query_one("#f-first_conversation_on").value == "01-12-2026"
        await pilot.press(*"3113901234", "enter", *"Ida", "enter", *"Holm")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "rigtig dato" in str(app.screen.query_one("#f-cpr-error", Static).render())
        assert app.screen.query_one("#f-first_name").value == "Ida"
        existing = app.screen  # the same form, still open
        with Session(desk.engine) as session:
            taken = session.exec(select(Citizen.cpr)).first()
        app.screen.query_one("#f-cpr").value = taken
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is existing
        assert "findes allerede" in str(app.screen.query_one("#form-error", Static).render())
        app.screen.query_one("#f-cpr").value = "121290-4321"
        app.screen.query_one("#f-first_conversation_on").value = "25-12-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "juledag" in str(app.screen.query_one("#f-first_conversation_on-error", Static).render())
        app.screen.query_one("#f-first_conversation_on").value = "02-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        await app.screen.settled()
        assert "Ida Holm" in str(app.screen.query_one("#file-title", Static).render())
        assert [(f.kind, f.due_on, f.status) for f, _ in app.screen.file.follow_ups] == [
            (FollowUpKind.CONVERSATION, date(2026, 12, 2), FollowUpStatus.PLANNED)
        ]
        assert any("Første samtale planlagt 02-12-2026" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#f-cpr").value = "121290-4339"
        app.screen.query_one("#f-first_name").value = "Bo"
        app.screen.query_one("#f-last_name").value = "Holm"
        app.screen.query_one("#f-first_conversation").value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
    with Session(desk.engine) as session:
        citizen = session.exec(select(Citizen).where(Citizen.cpr == "1212904321")).one()
        assert citizen.first_name == "Ida" and citizen.birth_date.year == 1990
        follow_up = session.exec(select(FollowUp).where(FollowUp.citizen_id == citizen.id)).one()
        assert follow_up.worker_id == citizen.caseworker_id == desk.worker.id
        declined = session.exec(select(Citizen).where(Citizen.cpr == "1212904339")).one()
        assert session.exec(select(FollowUp).where(FollowUp.citizen_id == declined.id)).all() == []


async def test_rows_with_a_warning_are_marked_and_explained(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_caseload(pilot)
        warned = [i for i, r in enumerate(rows(screen)) if r.warnings]
        assert warned
        table = screen.query_one("#caseload", DataTable)
        assert str(table.get_row_at(warned[0])[0]).startswith("⚠ ")
        assert not any(str(table.get_row_at(i)[0]).startswith("⚠") for i in range(table.row_count) if i not in warned)
        table.move_cursor(row=warned[0])
        await pilot.press("u")
        await pilot.pause()
        body = str(app.screen.query_one("#info-body", Static).render())
        assert "Advarsler" in body and rows(screen)[warned[0]].warnings[0] in body
