"""Styring through Pilot: the numbers, their drill-down, real time after a change in a file,
and a good story from a file on the team's dashboard."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, CvStatus
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import CvState, TargetMetric
from stvdesk.domain.targets import format_amount
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.steering import DrillDownModal, SteeringScreen
from stvdesk.widgets.form import FormModal
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle


def _value(screen: SteeringScreen, metric: TargetMetric) -> str:
    table = screen.query_one("#steering-table", DataTable)
    return str(table.get_row(metric.value)[1])


@pytest.fixture
def leader_desk(demo_db):
    desk = make_desk(demo_db, "LV")
    yield desk
    desk.engine.dispose()


async def test_every_number_opens_the_citizens_behind_it(leader_desk) -> None:
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SteeringScreen) and screen.subject is None  # a leader starts with the team
        assert "Team Vest (teamet) – november 2026" in str(screen.query_one("#steering-title", Static).render())
        table = screen.query_one("#steering-table", DataTable)
        for row, metric in enumerate(TargetMetric):
            if metric is TargetMetric.ORDINARY_HOURS_TOTAL:
                continue
            table.move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
            modal = app.screen
            assert isinstance(modal, DrillDownModal)
            shown = _value(screen, metric)
            assert len(modal.rows) == int(shown), metric
            assert modal.title_text.endswith(f": {shown}")
            await pilot.press("escape")
            await settle(pilot)
        funnel = screen.query_one("#funnel-table", DataTable)
        funnel.focus()
        for row in range(funnel.row_count):
            for column in range(1, 5):
                funnel.cursor_coordinate = (row, column)
                await pilot.press("enter")
                await settle(pilot)
                assert len(app.screen.rows) == int(str(funnel.get_cell_at((row, column))))
                await pilot.press("escape")
                await settle(pilot)


async def test_a_change_in_a_file_shows_on_the_dashboard_at_once(leader_desk) -> None:
    citizen_id = leader_desk.run(
        lambda s: s.exec(
            select(Citizen.id)
            .join(CvStatus, CvStatus.citizen_id == Citizen.id)
            .where(CvStatus.jobnet_state == CvState.MISSING, Citizen.closed_on.is_(None))
        ).first()
    )
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        before = int(_value(screen, TargetMetric.WITH_CV))
        app.open_citizen(citizen_id, tab="cv")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#f-jobnet_state").value = CvState.VISIBLE
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # back to Styring
        await settle(pilot)
        assert app.screen is screen
        assert int(_value(screen, TargetMetric.WITH_CV)) == before + 1

        # a good story from the file shows on the team's dashboard
        app.open_citizen(citizen_id)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#f-title").value = "Første lønnede timer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        await pilot.press("escape")
        await settle(pilot)
        stories = screen.query_one("#stories-table", DataTable)
        assert [str(cell) for cell in stories.get_row_at(0)] == ["24-11-2026", "Første lønnede timer"]


async def test_a_caseworker_sees_her_own_numbers_and_can_switch(demo_db) -> None:
    desk = make_desk(demo_db)  # KB
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert "Karen Bach (KB) – november 2026" in str(screen.query_one("#steering-title", Static).render())
        mine = int(_value(screen, TargetMetric.IN_PLACEMENT))
        await pilot.press("v")
        await settle(pilot)
        assert int(_value(screen, TargetMetric.IN_PLACEMENT)) > mine
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "oktober 2026" in str(screen.query_one("#steering-title", Static).render())
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert "november 2026" in str(screen.query_one("#steering-title", Static).render())
    desk.engine.dispose()


async def test_a_leader_sets_copies_and_imports_targets(leader_desk, tmp_path) -> None:
    from datetime import date

    from stvdesk.db.models import Target
    from stvdesk.screens.targets import TargetsScreen
    from stvdesk.widgets.modals import InfoModal

    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        steering = app.screen
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        table = screen.query_one("#targets-table", DataTable)
        assert str(table.get_row(TargetMetric.STARTED.value)[11]) == "12"  # the demo's November target
        table.cursor_coordinate = (0, 12)  # started, December
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = "14"
        await pilot.press("enter")
        await settle(pilot)
        assert str(table.get_row(TargetMetric.STARTED.value)[12]) == "14"
        table.cursor_coordinate = (0, 11)
        await pilot.press("c")  # November → December
        await settle(pilot)
        assert str(table.get_row(TargetMetric.STARTED.value)[12]) == "12"

        bad = tmp_path / "bad.csv"
        bad.write_text(
            "maaned;ejer;maal;vaerdi\n2027-01;team;started;5\n2027-13;KB;started;2\n2027-01;ZZ;started;1\n",
            encoding="utf-8",
        )
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
        body = str(app.screen.query_one("#info-body", Static).render())
        assert "linje 3: måneden skal skrives ÅÅÅÅ-MM" in body and "linje 4: ingen medarbejder" in body
        await pilot.press("escape")
        good = tmp_path / "good.csv"
        good.write_text(
            "maaned;ejer;maal;vaerdi\n2027-01;team;started;5\n2027-01;KB;conversations;30,5\n", encoding="utf-8"
        )
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = str(good)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is steering
    rows = leader_desk.run(
        lambda s: s.exec(
            select(Target.metric, Target.value, Target.worker_id).where(
                Target.month == date(2027, 1, 1), Target.deleted_at.is_(None)
            )
        ).all()
    )
    assert sorted((m.value, v, w is not None) for m, v, w in rows) == [
        ("conversations", 30.5, True),
        ("started", 5.0, False),
    ]


async def test_a_caseworker_cannot_change_targets(demo_db) -> None:
    from stvdesk.screens.targets import TargetsScreen

    desk = make_desk(demo_db)
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10", "m")
        await settle(pilot)
        assert isinstance(app.screen, TargetsScreen)
        app.screen.query_one("#targets-table", DataTable).cursor_coordinate = (0, 12)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TargetsScreen)  # no prompt opened
    desk.engine.dispose()


async def test_x_writes_the_month_to_excel(leader_desk) -> None:
    from openpyxl import load_workbook

    from stvdesk.settings import export_dir

    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        shown = _value(app.screen, TargetMetric.STARTED)
        await pilot.press("x", "j")  # an export asks first
        await settle(pilot)
    book = load_workbook(export_dir() / "styring-2026-11-Team_Vest.xlsx")
    started = next(r for r in book["Team"].iter_rows(min_row=3, values_only=True) if r[0] == TargetMetric.STARTED.label)
    assert f"{started[1]:g}" == shown
    assert (export_dir() / "styring-2026-11-Team_Vest.csv").exists()


async def test_the_monthly_dialogue_keeps_notes_and_exports(leader_desk, real_clock_elsewhere) -> None:
    from stvdesk.db.models import AuditEvent, DialogueNote
    from stvdesk.domain.enums import AuditAction
    from stvdesk.screens.dialogue import DialogueScreen, MonthDialoguesScreen
    from stvdesk.settings import export_dir

    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MonthDialoguesScreen)  # the team's month: KB's is among those due
        kb = next(n for n, row in enumerate(app.screen.rows) if row.worker.initials == "KB")
        for _ in range(kb):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DialogueScreen)
        table = screen.query_one("#dialogue-table", DataTable)
        groups = [str(table.get_row_at(i)[0]) for i in range(table.row_count) if str(table.get_row_at(i)[1]) == ""]
        assert [g.split(" (")[0] for g in groups] == ["Klar", "Tæt på", "Længere fra"]
        citizens = sum(int(g.split("(")[1].rstrip(")")) for g in groups)
        assert table.row_count == citizens + 3 and citizens == 41  # KB's caseload (open cases)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#f-text").text = "Fokus på CV for de klar-borgere"
        await pilot.press("ctrl+s")
        await settle(pilot)
        side = str(screen.query_one("#dialogue-side", Static).render())
        assert "Fokus på CV for de klar-borgere" in side
        # The hours read as on Styring: one formatter, a decimal comma.
        hours = next(line for line in screen.view.board.lines if line.metric is TargetMetric.ORDINARY_HOURS_TOTAL)
        shown = format_amount(hours.metric, hours.actual)
        assert f"{hours.metric.label}: {shown}" in side
        await pilot.press("e", "j")  # an export asks first
        await screen.settled()  # written in the data path's worker
    text = (export_dir() / "maanedsdialog-2026-11-KB.txt").read_text(encoding="utf-8")
    assert f"- {hours.metric.label}: {shown}" in text
    assert text.startswith("Månedsdialog november 2026 – Karen Bach (KB)")
    assert "Klar (" in text and f"- {format_date(TODAY)} (LV): Fokus på CV for de klar-borgere" in text
    notes = sorted(
        leader_desk.run(lambda s: s.exec(select(DialogueNote).where(DialogueNote.worker_id == screen.worker.id)).all()),
        key=lambda n: n.month,
    )
    assert [n.month.month for n in notes] == [10, 11]  # last month's, from the demo, and this one
    assert notes[1].written_by == leader_desk.worker.id
    # Every citizen on the paper is logged as exported by the leader who wrote it out.
    exported = leader_desk.run(
        lambda s: s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).all()
    )
    assert len({e.citizen_id for e in exported}) == citizens == len(exported)
    assert {e.worker_id for e in exported} == {leader_desk.worker.id}


def test_the_monthly_dialogue_writes_a_fractional_number_with_a_decimal_comma() -> None:
    """Månedsdialog showed "485.9" where Styring showed "485,9": both now go through one formatter."""
    import uuid
    from datetime import date

    from stvdesk.db.queries.dialogue import DialogueView
    from stvdesk.db.queries.steering import Dashboard, MetricLine
    from stvdesk.db.queries.workers import WorkerInfo
    from stvdesk.domain.enums import Role
    from stvdesk.export.dialogue import dialogue_text

    worker = WorkerInfo(uuid.uuid4(), "KB", "Karen Bach", Role.S, None, "Team Vest")
    month = date(2026, 11, 1)
    lines = [
        MetricLine(TargetMetric.ORDINARY_HOURS_TOTAL, 485.94, 1200.5, [485.94]),
        MetricLine(TargetMetric.CONVERSATIONS, 1234, None, [1234]),
    ]
    view = DialogueView(worker, month, Dashboard(month, lines, []), [], [])
    text = dialogue_text(view, date(2026, 12, 3))
    assert "- Ordinære timer i alt: 485,9 af 1.200,5 – 714,6 ordinære timer manglede" in text
    assert "- Samtaler afholdt: 1.234 – Intet måltal sat" in text
    assert "485.9" not in text


async def test_fastholdt_is_labelled_by_the_months_in_force(leader_desk, tmp_path) -> None:
    """Rule styring.fastholdt (a local setting): with [phase] retained_after_months = 6 the
    dashboard and the workbook say "efter 6 måneder", never the default's 3."""
    from openpyxl import load_workbook

    from stvdesk.settings import export_dir, load_settings

    config = tmp_path / "config.toml"
    config.write_text("[phase]\nretained_after_months = 6\n", encoding="utf-8")
    leader_desk.settings = load_settings(config, env={})
    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        table = app.screen.query_one("#steering-table", DataTable)
        assert str(table.get_row(TargetMetric.RETAINED.value)[0]) == "Fastholdt efter 6 måneder"
        await pilot.press("x", "j")
        await settle(pilot)
    book = load_workbook(export_dir() / "styring-2026-11-Team_Vest.xlsx")
    labels = [row[0] for row in book["Team"].iter_rows(min_row=3, values_only=True)]
    assert "Fastholdt efter 6 måneder" in labels and not any("3 måneder" in str(label) for label in labels)
    history = [row[0] for row in book["Historik"].iter_rows(min_row=2, values_only=True)]
    assert "Fastholdt efter 6 måneder" in history
