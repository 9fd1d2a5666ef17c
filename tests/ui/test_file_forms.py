"""The citizen's file through Pilot: planning a follow-up from Opfølgninger (n), forms that say
every problem of a save at once, and a key bar that shows the keys of the tab shown."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select
from textual.widgets import DataTable, Label, Select

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Company, FollowUp
from stvdesk.domain.enums import FollowUpKind, FollowUpStatus, PlacementKind
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.widgets.form import FormModal
from stvdesk.widgets.keybar import KeyBar
from tests.ui.helpers import SIZE, settle
from tests.ui.test_citizen_file import error, field, open_file


def label(app, name: str) -> str:
    return str(app.screen.query_one(f"#f-{name}-label", Label).render())


def bar_keys(screen) -> dict[str, str]:
    """What the key bar shows: each key with its word."""
    bar = screen.query_one(KeyBar)
    return {shown.key: shown.description for shown in bar.current_keys(screen)}


async def test_n_on_opfoelgninger_plans_a_follow_up_that_shows_in_the_tab_and_in_min_dag(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        citizen_id = screen.citizen_id
        await pilot.press("6", "n")
        await settle(pilot)
        assert isinstance(app.screen, FormModal) and app.screen.title_text == "Planlæg opfølgning"
        assert field(app, "worker").value == desk.worker.id  # the one at the desk, to begin with
        field(app, "kind").value = FollowUpKind.THREE_PARTY
        field(app, "due_on").value = "20-11-2026"  # last week
        field(app, "at").value = "25:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Both problems in one save, each at its field, in Danish; the focus on the first.
        assert "før i dag" in error(app, "due_on")
        assert "ikke et rigtigt tidspunkt" in error(app, "at")
        assert field(app, "due_on").has_focus
        field(app, "due_on").value = "26.11"  # the short form: this Thursday
        field(app, "at").value = "10.30"
        field(app, "note").value = "Tal om praktikken"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await screen.settled()
        assert app.screen is screen
        table = screen.query_one("#opfoelgning-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert [
            "26-11-2026",
            "Trepartssamtale",
            desk.worker.initials,
            "Planlagt",
            "kl. 10:30 – Tal om praktikken",
        ] in rows
        with Session(desk.engine) as session:
            planned = session.exec(
                select(FollowUp).where(FollowUp.citizen_id == citizen_id, FollowUp.kind == FollowUpKind.THREE_PARTY)
            ).one()
            assert planned.due_on == date(2026, 11, 26) and planned.status is FollowUpStatus.PLANNED
            assert planned.worker_id == desk.worker.id
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MinDagScreen)
        assert planned.id in [line.follow_up_id for line in app.screen.overview.lines]


async def test_the_placement_form_marks_what_it_needs_and_says_every_problem_at_once(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot)
        await pilot.press("5", "n")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        # A praktik needs its purpose and tasks: marked as the other required fields are.
        assert label(app, "purpose") == "Formål *" and label(app, "tasks") == "Opgaver *"
        assert label(app, "company") == "Virksomhed *"
        field(app, "company").value = "Findes Ikke ApS"
        field(app, "hours_per_week").value = "10"
        field(app, "ordinary_hours_per_week").value = "12"
        field(app, "start_on").value = "31-02-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # One save: every field's own problem and what the cross-check finds, each at its field.
        assert "Ukendt virksomhed" in error(app, "company")
        assert "rigtig dato" in error(app, "start_on")
        assert "Formål skal udfyldes" in error(app, "purpose")
        assert "Opgaver skal udfyldes" in error(app, "tasks")
        assert "flere end timerne" in error(app, "ordinary_hours_per_week")
        assert field(app, "company").has_focus  # the first problem's field
        with Session(desk.engine) as session:
            field(app, "company").value = session.exec(select(Company.name)).first()
        field(app, "start_on").value = "24-11-2026"
        field(app, "purpose").value = "Afklare arbejdsevne"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not error(app, "company").strip() and not error(app, "purpose").strip()
        assert "Opgaver skal udfyldes" in error(app, "tasks")
        assert "flere end timerne" in error(app, "ordinary_hours_per_week")
        assert field(app, "tasks").has_focus  # the first field still wrong
        # Another kind needs no purpose or tasks: the marks go.
        app.screen.query_one("#f-kind", Select).value = PlacementKind.WAGE_SUBSIDY
        await pilot.pause()
        assert label(app, "purpose") == "Formål" and label(app, "tasks") == "Opgaver"
        assert isinstance(app.screen, FormModal)


async def test_the_key_bar_shows_the_keys_that_act_on_the_tab_shown(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot)
        await pilot.press("8")  # Journal: notes are corrected with r, never edited or done
        await pilot.pause()
        keys = bar_keys(screen)
        assert keys.get("n") == "Ny" and keys.get("r") == "Ret notat"
        assert "e" not in keys and "d" not in keys
        await pilot.press("6")  # Opfølgninger: new and held
        await pilot.pause()
        keys = bar_keys(screen)
        assert keys.get("n") == "Ny" and keys.get("h") == "Afholdt"
        assert "e" not in keys and "d" not in keys and "r" not in keys
        await pilot.press("4")  # Min Plan: new, edit and done, none of another tab's keys
        await pilot.pause()
        keys = bar_keys(screen)
        assert keys.get("n") == "Ny" and keys.get("e") == "Ret" and keys.get("d") == "Udført"
        assert "r" not in keys and "h" not in keys
        await pilot.press("1")  # Overblik: e corrects the stamdata; no n saying the same
        await pilot.pause()
        keys = bar_keys(screen)
        assert keys.get("e") == "Ret" and "n" not in keys and "d" not in keys
        await pilot.press("7")  # Møder: m and k, not n and d for the same commands
        await pilot.pause()
        keys = bar_keys(screen)
        assert "m" in keys and "k" in keys and "n" not in keys and "d" not in keys
        await pilot.press("9")  # Historik: nothing to create, edit or mark done
        await pilot.pause()
        keys = bar_keys(screen)
        assert "n" not in keys and "e" not in keys and "d" not in keys
        await pilot.press("d")  # a key that is not shown does nothing
        await pilot.pause()
        assert app.screen is screen and isinstance(app.screen, CitizenFileScreen)
