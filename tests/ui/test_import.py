"""The import screen and the caseload's export key through Pilot."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import AuditEvent, Citizen
from stvdesk.domain.enums import AuditAction
from stvdesk.screens.importing import ImportScreen, mapping_file
from stvdesk.widgets.modals import ChoiceModal, InfoModal
from tests.ui.helpers import SIZE, settle

WORKBOOK = Path(__file__).parent.parent / "data" / "sagsstamme-team-nord.xlsx"


async def open_import(pilot, path: Path) -> ImportScreen:
    await settle(pilot)
    pilot.app.action_import()
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#import-path", Input).value = str(path)
    screen.query_one("#import-path", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    return screen


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_import_screen_shows_mapping_problems_and_imports(desk) -> None:
    count = desk.run(lambda s: len(s.exec(select(Citizen.id)).all()))
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, WORKBOOK)
        columns = screen.query_one("#import-columns", DataTable)
        assert [str(columns.get_row_at(i)[1]) for i in range(3)] == ["CPR", "Navn", "Målgruppe"]
        assert "40 nye borgere" in text(screen, "#import-summary")
        problems = text(screen, "#import-problems")
        assert "Række 49, kolonne A «CPR-nr.»: CPR-nummeret skal have 10 cifre" in problems
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        assert app.screen.choices[0][0] == (
            "Importér 40 rækker (40 nye, 0 findes og opdateres) og lad 4 rækker med fejl ude"
        )
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert "Importeret: 40 nye borgere, 0 ændret, 0 uændrede." in text(screen, "#import-summary")
        assert "Filen læst igen: 44 rækker læst: 0 nye borgere, 40 findes i forvejen" in text(screen, "#import-summary")
    assert desk.run(lambda s: len(s.exec(select(Citizen.id)).all())) == count + 40


async def test_correcting_a_column_and_saving_it(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, WORKBOOK)
        columns = screen.query_one("#import-columns", DataTable)
        columns.move_cursor(row=10)  # K «Bemærkninger» → Journalnotat
        assert str(columns.get_row_at(10)[1]) == "Journalnotat"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("enter")  # the first choice: do not use the column
        await settle(pilot)
        assert 10 not in screen.prepared.mapping and screen.prepared.origin == "rettet"
        assert "bruges ikke" in str(columns.get_row_at(10)[1])
        await pilot.press("g")
        await settle(pilot)
        assert mapping_file().exists()
        screen.load_file(str(WORKBOOK))
        await settle(pilot)
        assert screen.prepared.origin.startswith("gemt") and 10 not in screen.prepared.mapping


async def test_an_unreadable_file_is_said_where_it_was_typed(desk, tmp_path: Path) -> None:
    bad = tmp_path / "gammel.xls"
    bad.write_bytes(b"\xd0\xcf")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, bad)
        assert "Det gamle Excel-format (.xls) kan ikke læses" in text(screen, "#import-file")
        assert screen.query_one("#import-path", Input).value == str(bad)  # what was typed stays


async def test_caseload_export_key_writes_and_logs(desk) -> None:
    from stvdesk.settings import export_dir

    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("k")  # a filter: readiness
        await settle(pilot)
        shown = app.screen.page.total
        await pilot.press("e", "j")  # an export asks first
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "enter")  # Excel
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
    files = list(export_dir().glob("sagsstamme-*.xlsx"))
    assert len(files) == 1
    events = desk.run(lambda s: s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).all())
    assert len(events) == shown and all("Parathed" in e.criterion for e in events)


async def test_a_failed_import_says_so_and_the_screen_goes_on(desk, monkeypatch) -> None:
    import stvdesk.importing.write as importing

    def broken(*_args, **_kwargs):
        raise RuntimeError("disken er fuld")

    monkeypatch.setattr(importing, "refresh_phases", broken)
    count = desk.run(lambda s: len(s.exec(select(Citizen.id)).all()))
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, WORKBOOK)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        summary = text(screen, "#import-summary")
        assert "Importen mislykkedes, og intet er importeret." in summary and "disken er fuld" in summary
        assert not screen.running
    assert desk.run(lambda s: len(s.exec(select(Citizen.id)).all())) == count


async def test_caseload_export_to_a_folder_that_cannot_be_made(desk, monkeypatch, tmp_path) -> None:
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("x")
    monkeypatch.setattr("stvdesk.settings.export_dir", lambda: blocker / "eksport")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        await pilot.press("e", "j")  # an export asks first
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InfoModal)
        assert app.screen.title_text == "Eksporten mislykkedes" and "Filen kunne ikke skrives" in app.screen.body
    events = desk.run(lambda s: s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).all())
    assert events == []


async def test_privacy_hides_names_in_preview_and_problems(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, WORKBOOK)
        assert "Mette Jensen" in str(screen.query_one("#import-preview", DataTable).get_row_at(0))
        await pilot.press("f4")
        await settle(pilot)
        assert "Mette Jensen" not in str(screen.query_one("#import-preview", DataTable).get_row_at(0))
        assert "4 fejl" in text(screen, "#import-problems") and "Række 48" not in text(screen, "#import-problems")


async def test_an_empty_caseload_points_at_the_import(demo_db, tmp_path) -> None:
    from stvdesk.db.models import Worker
    from stvdesk.domain.enums import Role
    from tests.conftest import make_desk

    desk = make_desk(demo_db)
    team_id = desk.worker.team_id

    def new_worker(session):
        session.add(Worker(initials="NY", name="Ny Kollega", role=Role.S, team_id=team_id))
        session.commit()

    desk.run(new_worker)
    desk.engine.dispose()
    desk = make_desk(demo_db, "NY")
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
        assert "Du har ingen borgere endnu. I importerer din sagsstamme" in text(app.screen, "#caseload-status")
        caseload = app.screen
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        sheet = tmp_path / "mine.csv"
        sheet.write_text("CPR;Navn;Sagsbehandler\n0303901234;Ny Borger;NY\n", encoding="utf-8")
        app.screen.query_one("#import-path", Input).value = str(sheet)
        app.screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is caseload and caseload.page.total == 1  # reloaded after the import
    desk.engine.dispose()


async def test_m_creates_the_unknown_colleagues(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, WORKBOOK)
        assert len(screen.plan.errors) == 4 and "ZZ" in text(screen, "#import-problems")
        await pilot.press("m")
        await settle(pilot)
        assert len(screen.plan.errors) == 3 and [w.initials for w in screen.plan.new_workers] == ["ZZ"]
        assert "1 nye medarbejdere (ZZ)" in text(screen, "#import-summary")
        await pilot.press("m")
        await settle(pilot)
        assert len(screen.plan.errors) == 4 and screen.plan.new_workers == []
