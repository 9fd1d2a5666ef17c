"""Styring's drill-down lists every citizen behind a number, thousands on a large team: the list
has a fixed height, so only the lines in sight are drawn and the dialog is laid out once."""

from __future__ import annotations

import uuid

from textual.app import App
from textual.screen import Screen

from stvdesk.db.queries.steering import DrillRow
from stvdesk.screens.steering import DrillDownModal
from stvdesk.widgets.fast_table import FastTable


def rows(count: int) -> list[DrillRow]:
    return [DrillRow(uuid.UUID(int=n + 1), f"Borger{n} Efternavn{n % 97}", 10.0 + n % 30) for n in range(count)]


async def test_a_long_drill_down_scrolls_in_a_fixed_view_and_a_short_one_is_as_tall_as_its_rows(monkeypatch) -> None:
    layouts: list[Screen] = []
    refresh_layout = Screen._refresh_layout

    def counted_layout(screen: Screen, *args, **kwargs) -> None:
        layouts.append(screen)
        refresh_layout(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
    app = App[None]()
    async with app.run_test(size=(120, 40)) as pilot:
        modal = DrillDownModal("Ordinære timer i alt: 3.000", rows(3000), hours=True, privacy=False)
        await app.push_screen(modal)
        await pilot.pause()
        table = modal.query_one("#drill-table", FastTable)
        assert not table.styles.auto_dimensions  # not `height: auto`
        assert table.size.height == DrillDownModal.VIEW_LINES and table.virtual_size.height == 3001
        assert "Borger0 Efternavn0" in "".join(s.text for s in table.render_line(1))
        layouts.clear()
        await pilot.press("ctrl+end")  # to the last citizen: the view scrolls, the dialog stays
        await pilot.pause()
        assert table.cursor_row == 2999 and layouts == []
        assert "Borger2999 " in "".join(s.text for s in table.render_line(DrillDownModal.VIEW_LINES - 1))
        await pilot.press("escape")
        await pilot.pause()

        short = DrillDownModal("Borgere i job: 3", rows(3), hours=False, privacy=True)
        await app.push_screen(short)
        await pilot.pause()
        table = short.query_one("#drill-table", FastTable)
        assert table.size.height == 4  # the header and three rows
        assert "Borger0" not in "".join(s.text for s in table.render_line(1))  # privacy: no name
