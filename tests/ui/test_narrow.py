"""A new user at 80×24: every column header, date, key hint and empty-state line of the citizen's
file is whole, a journal note is read whole, rules are named in Danish, and the key bar says what
Enter does in the Sagsstamme's search."""

from __future__ import annotations

import re

from rich.cells import cell_len
from sqlmodel import Session, select
from textual.widgets import Tab, TabbedContent, Tabs

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, CompanyContactLog, Meeting, Note, Placement, PlanStep
from stvdesk.db.queries.edits import Editor, add_note
from stvdesk.domain.rules import catalogue
from stvdesk.screens.caseload import CaseloadScreen
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.company import CompanyScreen
from stvdesk.screens.company.contact_log import ContactLogTab
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.screens.outreach import OutreachModal
from stvdesk.screens.visit_day import VisitDayScreen
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.hint import FittedLine
from stvdesk.widgets.keybar import KeyBar, fit_keys
from stvdesk.widgets.modals import InfoModal, TextPromptModal
from stvdesk.widgets.palette import DeskPalette
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import settle

NARROW = (80, 24)
RULE_IDS = re.compile("|".join(re.escape(rule.id) for rule in catalogue()))


def _cut_headers(table: FastTable) -> list[str]:
    """The shown columns whose header is wider than the column."""
    padding = 2 * table.cell_padding
    return [
        column.label.plain
        for column in table.ordered_columns
        if column.get_render_width(table) and column.get_render_width(table) - padding < cell_len(column.label.plain)
    ]


def _column(table: FastTable, label: str) -> tuple[int, list[str]]:
    """A column's width (without padding) and its cells as text."""
    index = next(i for i, column in enumerate(table.ordered_columns) if column.label.plain == label)
    column = table.ordered_columns[index]
    cells = [str(table.get_row_at(row)[index]) for row in range(table.row_count)]
    return column.get_render_width(table) - 2 * table.cell_padding, cells


def _line(widget) -> str:
    return "".join(widget.render_line(y).text for y in range(widget.size.height)).rstrip()


async def _open(app, pilot, citizen_id, tab: str) -> CitizenFileScreen:
    app.open_citizen(citizen_id, tab=tab)
    await app.settled()
    screen = app.screen
    assert isinstance(screen, CitizenFileScreen)
    await screen.settled()
    await settle(pilot)
    return screen


async def test_the_files_columns_hints_and_empty_lines_are_whole_at_80_columns(desk) -> None:
    with Session(desk.engine) as session:
        mine = select(Citizen.id).where(Citizen.caseworker_id == desk.worker.id, Citizen.closed_on.is_(None))
        planned = session.exec(
            select(PlanStep.citizen_id).where(PlanStep.deadline.is_not(None), PlanStep.citizen_id.in_(mine))
        ).first()
        placed = session.exec(select(Placement.citizen_id).where(Placement.citizen_id.in_(mine))).first()
        met = set(session.exec(select(Meeting.citizen_id)).all())
        unmet = next(citizen for citizen in session.exec(mine) if citizen not in met)
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)

        screen = await _open(app, pilot, planned, "plan")
        plan = screen.query_one("#plan-table", FastTable)
        width, deadlines = _column(plan, "Frist")
        assert deadlines and all(cell_len(cell) <= width for cell in deadlines), (width, deadlines)
        assert not _cut_headers(plan)

        screen = await _open(app, pilot, placed, "forloeb")
        placements = screen.query_one("#forloeb-table", FastTable)
        assert not _cut_headers(placements), _cut_headers(placements)
        for label in ("Start",):
            width, dates = _column(placements, label)
            assert all(cell_len(cell) <= width for cell in dates)
        hint = screen.query_one("#forloeb-hint", FittedLine)
        shown = _line(hint)
        assert cell_len(shown) <= hint.size.width
        assert "i indkomst" in shown and "s støtte" in shown and shown.endswith("støtte")
        warnings = str(screen.query_one("#forloeb-warnings").render())
        assert not RULE_IDS.search(warnings) and "internship_weeks" not in warnings

        screen = await _open(app, pilot, unmet, "moeder")
        meetings = screen.query_one("#moeder-table", FastTable)
        width, cells = _column(meetings, "Møde")
        assert "Ingen møder endnu – m starter et" in cells and cell_len("Ingen møder endnu – m starter et") <= width
        hint = screen.query_one("#moeder-hint", FittedLine)
        assert _line(hint).endswith("aftale holdt") and cell_len(_line(hint)) <= hint.size.width
        assert not _cut_headers(meetings) and not _cut_headers(screen.query_one("#aftaler-table", FastTable))

        for tab in ("plan", "journal"):
            await _open(app, pilot, planned, tab)
            line = app.screen.query_one(f"#{tab}-hint", FittedLine)
            assert not _line(line).endswith("…") and cell_len(_line(line)) <= line.size.width

        # On a wide terminal the hints say it in full again.
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        await _open(app, pilot, placed, "forloeb")
        assert "i indkomstberegner" in _line(app.screen.query_one("#forloeb-hint", FittedLine))


async def test_a_journal_note_is_read_whole_at_80_columns(desk) -> None:
    with Session(desk.engine) as session:
        mine = select(Citizen.id).where(Citizen.caseworker_id == desk.worker.id, Citizen.closed_on.is_(None))
        citizen_id = session.exec(select(Note.citizen_id).where(Note.citizen_id.in_(mine))).first()
    words = " ".join(f"ord{n}" for n in range(120))
    text = f"Første linje af et langt notat.\n{words}\nSidste linje: borgeren ringer fredag."
    desk.run(lambda s: add_note(s, Editor(worker_id=desk.worker.id, today=TODAY), citizen_id, text))
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = await _open(app, pilot, citizen_id, "journal")
        table = screen.query_one("#journal-table", FastTable)
        keys = [str(table.coordinate_to_cell_key((row, 0)).row_key.value) for row in range(table.row_count)]
        with Session(desk.engine) as session:
            note = session.exec(select(Note).where(Note.text == text)).one()
        table.focus()
        table.move_cursor(row=keys.index(f"note:{note.id}"))
        await pilot.pause()
        width, cells = _column(table, "Notat")
        assert cell_len(cells[keys.index(f"note:{note.id}")]) > width  # the list shows only its start
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, InfoModal)
        body = modal.query_one("#info-body")
        read = " ".join(" ".join(body.render_line(y).text for y in range(body.size.height)).split())
        assert read == " ".join(text.split()), read[-200:]  # every word, none cut
        foot = modal.query_one("#info-foot")
        assert app.screen.region.contains_region(foot.region)  # how to close stays in sight
        scroll = modal.query_one("#info-scroll")
        assert scroll.max_scroll_y > 0 or app.screen.region.contains_region(body.region)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_the_key_bar_says_what_enter_does_in_the_search(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        search = screen.query_one("#caseload-search")
        assert search.has_focus

        def enter_says() -> list[str]:
            bar = screen.query_one(KeyBar)
            return [key.description for key in bar.current_keys(screen) if key.key == "enter"]

        assert enter_says() == ["Til listen"]
        assert "⏎ Til listen" in _line(screen.query_one(KeyBar))
        assert cell_len(search.placeholder) <= search.content_size.width  # the placeholder whole
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)  # Enter in the field opens nothing …
        assert not search.has_focus and enter_says() == ["Åbn"]  # … it went to the list
        assert "⏎ Åbn" in _line(screen.query_one(KeyBar))
        await pilot.press("enter")
        await app.settled()
        assert isinstance(app.screen, CitizenFileScreen)  # on the list Enter opens


async def test_min_dag_names_its_warnings_rules_in_danish(desk) -> None:
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        gaps = str(app.screen.query_one("#caseload-gaps").render())
        assert "Advarsler" in gaps and "Uden praktikopfølgning" in gaps and "Ingen kontakt" in gaps
        assert not RULE_IDS.search(gaps), gaps


async def _open_company(app, pilot) -> CompanyScreen:
    """The first company with citizens placed (its view has something on every tab)."""
    with Session(app.desk.engine) as session:
        company_id = session.exec(select(Placement.company_id).where(Placement.company_id.is_not(None))).first()
    app.open_company(company_id)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CompanyScreen)
    return screen


async def test_the_company_views_six_tabs_are_named_at_80_columns(desk) -> None:
    """Seen at 80×24: the tab bar ended in "6" with no label (and, scrolled, "blik 2 Forløb")."""
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = await _open_company(app, pilot)
        tabs = list(screen.query_one("#company-tabs", TabbedContent).query(Tab))
        labels = [tab.label.plain for tab in tabs]
        assert [label.split(" ", 1)[0] for label in labels] == ["1", "2", "3", "4", "5", "6"]
        assert all(len(label.split(" ", 1)) == 2 for label in labels), labels  # a word after each digit
        assert all(screen.region.contains_region(tab.region) for tab in tabs), [tab.region for tab in tabs]
        tab_bar = screen.query_one(Tabs).region
        bar = screen._compositor.render_strips()[tab_bar.y].text  # the row as painted
        assert all(label in bar for label in labels), bar  # each in sight, whole
        # On a wide terminal the tabs say it in full again.
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert "3 Opfølgninger og aftaler" in [tab.label.plain for tab in tabs]


async def test_no_two_keys_of_the_company_view_say_the_same_at_80_columns(desk) -> None:
    """Seen at 80×24: the key bar said "k Ny  j Ny" (each description cut to its first word)."""
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = await _open_company(app, pilot)
        shown = fit_keys(screen.query_one(KeyBar).shown, NARROW[0])
        words = [text for _key, text in shown]
        assert len(words) == len(set(words)), words
        bar = _line(screen.query_one(KeyBar))
        assert "k Ny kontaktperson" in bar and "j Ny jobåbning" in bar, bar


def _lines(widget) -> list[str]:
    """A widget's lines as painted."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_the_visit_sheets_company_heading_is_not_underlined_by_a_wrapped_line(desk) -> None:
    """Seen at 80×24: the sheet's heading wrapped, and so did its underline of dashes, onto a line
    of dashes alone."""
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VisitDayScreen) and screen.visits
        company = screen.visits[0].company
        heading = f"1. {company.name}" + (f" ({company.industry})" if company.industry else "")
        sheet = screen.query_one("#visits-sheet")
        lines = _lines(sheet)
        assert cell_len(heading) > sheet.size.width  # the heading wraps at this width
        assert not [line for line in lines if line.strip() and set(line.strip()) == {"-"}], lines[:4]
        assert " ".join(" ".join(lines[:3]).split()).startswith(heading), lines[:3]
        assert lines[2].split()[0] == "Adresse:"  # the sheet goes on under the heading


async def test_names_are_whole_in_the_contact_log_at_80_columns(desk) -> None:
    """Seen at 80×24: the contact log cut a contact to "Birt…" while the other columns had room."""
    with Session(desk.engine) as session:
        company_id = session.exec(
            select(CompanyContactLog.company_id).where(
                CompanyContactLog.citizen_id.is_not(None), CompanyContactLog.contact_id.is_not(None)
            )
        ).first()
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.open_company(company_id, tab=ContactLogTab.TAB_ID)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompanyScreen)
        tab = screen.query_one(ContactLogTab)
        assert tab.data is not None
        view = tab.data.view
        table = screen.query_one("#c-log-table", FastTable)
        rows = _lines(table)[1 : 1 + len(view.log)]  # under the header
        assert rows
        named = 0
        for row, (entry, _initials, contact) in zip(rows, view.log, strict=False):
            citizen = view.log_citizens.get(entry.id, "")
            assert contact in row, (contact, row)
            assert citizen in row, (citizen, row)
            named += bool(citizen)
        assert named  # a citizen's name was there to show
        assert not _cut_headers(table), _cut_headers(table)
        hint = screen.query_one("#c-log-hint", FittedLine)
        assert cell_len(_line(hint)) <= hint.size.width and not _line(hint).endswith("…")


async def test_names_are_whole_on_min_dag_at_80_columns(demo_db) -> None:
    """Seen at 80×24: Min dag cut a company to "Henriksens…" (a consultant's) and a citizen to
    "Christopher…" while the date and the kind kept their columns."""
    for initials in ("KB", "RK"):  # citizens' names; companies' names
        desk = make_desk(demo_db, initials)
        app = StvdeskApp(desk)
        async with app.run_test(size=NARROW) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MinDagScreen) and screen.overview is not None
            table = screen.query_one("#agenda", FastTable)
            rows = _lines(table)[1:]
            lines = screen.overview.lines[: len(rows)]
            names = [
                line.company_name if line.citizen_id is None else line.citizen_name
                for line in lines
                if not line.employer_call
            ]
            assert names, initials
            painted = [row for row, line in zip(rows, lines, strict=False) if not line.employer_call]
            cut = [name for name, row in zip(names, painted, strict=True) if name not in row]
            assert not cut, (initials, cut, painted)
        desk.engine.dispose()


async def test_the_outreach_dialogs_headers_are_whole_at_80_columns(demo_db) -> None:
    """Seen at 80×24: "For en navngiven b" and "Kontak": a narrow column says it in short."""
    desk = make_desk(demo_db, "LV")
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, OutreachModal)
        table = app.screen.query_one("#outreach-table", FastTable)
        assert not _cut_headers(table), _cut_headers(table)
        header = _lines(table)[0]
        assert "For borger" in header and "Ord. timer" in header and "I alt" in header, header
        # On a wide terminal the headers say it in full again.
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert "For en navngiven borger" in _lines(table)[0]
    desk.engine.dispose()


async def test_the_key_bar_shows_the_keys_of_the_finder_or_dialog_on_top(desk) -> None:
    """Seen at 80×24: with the citizen finder or a dialog open, the bar still said the screen's
    keys beneath, which do nothing then."""
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:

        def bar() -> str:
            return app.screen._compositor.render_strips()[-1].text  # the bottom row as painted

        await settle(pilot)
        assert "h Afholdt" in bar()
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, DeskPalette)
        assert bar().strip() == "esc Luk", bar()
        await pilot.press("escape")
        await settle(pilot)
        assert "h Afholdt" in bar()

        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, VisitDayScreen) and "n Næste" in bar()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TextPromptModal)
        assert bar().strip() == "esc Fortryd", bar()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, VisitDayScreen) and "n Næste" in bar(), bar()


async def test_the_company_views_row_keys_show_and_act_on_their_own_tab(desk) -> None:
    """Seen: the company view's key bar was the same on every tab (p Progression on Kontaktlog,
    and at 80 columns cut off on Forløb where it acts)."""
    app = StvdeskApp(desk)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = await _open_company(app, pilot)

        def bar_keys() -> list[str]:
            return [shown.key for shown in screen.query_one(KeyBar).shown if shown.enabled]

        await pilot.press("4")  # Kontaktlog: no progression key
        await settle(pilot)
        assert "p" not in bar_keys() and "l" in bar_keys()
        await pilot.press("p")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("2")  # Forløb: p rates the placement chosen
        await settle(pilot)
        assert "p" in bar_keys(), bar_keys()
