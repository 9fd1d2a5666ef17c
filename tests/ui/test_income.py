"""Hvad giver ordinære timer? The income calculator from the citizen's file, on the demo data."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, col, select
from textual.widgets import Input, Select, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import AuditEvent, Citizen, Note, Placement
from stvdesk.domain.enums import AuditAction, PlacementStatus
from stvdesk.domain.income import BenefitKind, IncomeRates, benefit_kind_for
from stvdesk.domain.numbers import format_plain
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.income import IncomeCalculator
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.form import ConfirmModal
from tests.ui.helpers import SIZE, settle


def _cells(table: FastTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_the_calculator_from_the_forloeb_tab_follows_the_hours_and_writes_a_note(desk) -> None:
    me = desk.me.id
    with Session(desk.engine) as session:
        citizen = session.exec(
            select(Citizen)
            .join(Placement, col(Placement.citizen_id) == Citizen.id)
            .where(
                Placement.status == PlacementStatus.ACTIVE,
                col(Placement.ordinary_hours_per_week) > 0,
                col(Placement.deleted_at).is_(None),
                col(Citizen.closed_on).is_(None),
                (col(Citizen.caseworker_id) == me) | (col(Citizen.consultant_id) == me),
            )
        ).first()
        name, cpr, citizen_id = citizen.full_name, citizen.cpr, citizen.id
        running = sum(
            p.ordinary_hours_per_week
            for p in session.exec(
                select(Placement).where(
                    Placement.citizen_id == citizen_id,
                    Placement.status == PlacementStatus.ACTIVE,
                    col(Placement.deleted_at).is_(None),
                )
            )
        )
    # Rates of last year (the tests' clock says 2026): the calculator warns.
    desk.settings = replace(desk.settings, income=IncomeRates(year=2025))
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(citizen_id, tab="forloeb")
        await app.settled()
        file = app.screen
        assert isinstance(file, CitizenFileScreen)
        await file.settled()
        await pilot.press("i")
        await settle(pilot)
        calculator = app.screen
        assert isinstance(calculator, IncomeCalculator)

        title = str(calculator.query_one("#income-title", Static).render())
        assert name in title and cpr[:6] in title
        rates_line = str(calculator.query_one("#income-rates", Static).render())
        assert "Skøn" in rates_line and "satser 2025, lokal indstilling" in rates_line
        assert "Satserne er fra 2025" in rates_line
        hours = calculator.query_one("#income-hours", Input)
        assert hours.value == format_plain(running) and hours.has_focus
        table = calculator.query_one("#income-table", FastTable)
        before = _cells(table)
        assert [row[0] for row in before] == ["I dag", "november 2026"]

        # Privacy mode hides the name and CPR number in the title, and shows them again.
        await pilot.press("f4")
        await pilot.pause()
        hidden = str(calculator.query_one("#income-title", Static).render())
        assert name not in hidden and cpr[:6] not in hidden and "••••••" in hidden
        await pilot.press("f4")
        await pilot.pause()
        assert name in str(calculator.query_one("#income-title", Static).render())

        # A benefit whose rates are for another age than the citizen's is named as such.
        age = calculator.start.age
        kind = calculator.query_one("#income-kind", Select)
        kind.value = BenefitKind.EDUCATION if age >= 30 else BenefitKind.CASH
        await pilot.pause()
        assert f"Borgeren er {age} år" in str(calculator.query_one("#income-rates", Static).render())
        kind.value = BenefitKind.CASH if age >= 30 else BenefitKind.EDUCATION
        await pilot.pause()
        assert f"Borgeren er {age} år" not in str(calculator.query_one("#income-rates", Static).render())
        kind.value = benefit_kind_for(calculator.start.target_group, age)
        await pilot.pause()
        hours.focus()

        # Other hours now, and a ladder for the months after: the table follows as it is typed.
        hours.value = ""
        await pilot.press("2", "0", "tab", *"25 30")
        await pilot.pause()
        after = _cells(table)
        assert [row[:2] for row in after[1:]] == [
            ["november 2026", "20"],
            ["december 2026", "25"],
            ["januar 2027", "30"],
        ]
        assert after[1] != before[1]
        totals = [int(row[4].removesuffix(" kr.").replace(".", "")) for row in after]
        assert totals == sorted(totals) and totals[1] > totals[0]

        # A word where hours belong empties the table and says why.
        await pilot.press(*" mange")
        await pilot.pause()
        assert table.row_count == 0
        assert "timerne pr. uge" in str(calculator.query_one("#income-error", Static).render())
        for _ in " mange":
            await pilot.press("backspace")
        await pilot.pause()
        assert table.row_count == 4

        # Escape on a changed estimate asks first; "n" keeps it open.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is calculator

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is file
        await file.settled()

        # The palette offers it too; unchanged, Escape closes it at once.
        [command] = [c for c in file.palette_commands() if c.title == "Indkomstberegner"]
        command.callback()
        await settle(pilot)
        assert isinstance(app.screen, IncomeCalculator)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is file

    with Session(desk.engine) as session:
        note = session.exec(
            select(Note).where(Note.citizen_id == citizen_id).order_by(col(Note.written_at).desc())
        ).first()
        assert note is not None
        lines = note.text.splitlines()
        assert lines[0] == "Skøn: indkomst ved ordinære timer (satser 2025, lokal indstilling)."
        assert any(line.startswith("januar 2027: 30 timer/uge: løn ") for line in lines)
        assert "Satserne er fra 2025" in lines[-1]
        logged = session.exec(
            select(AuditEvent).where(AuditEvent.citizen_id == citizen_id, AuditEvent.action == AuditAction.CHANGE)
        ).all()
        assert any(event.criterion == "Journalnotat skrevet" for event in logged)
