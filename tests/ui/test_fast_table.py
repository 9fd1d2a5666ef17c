"""FastTable refills a page without laying the screen out again, and paints plain cells without the
markup parser: the two costs that made a Sagsstamme keystroke slow at 100 000 citizens."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget

from stvdesk.widgets.fast_table import Col, FastTable

NAMES = ["Hansen, Jens", "Nielsen, Mette", "Sørensen, Lars", "Pedersen, Anne"]


class TableApp(App[None]):
    CSS = "FastTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield FastTable(id="t", cursor_type="row", zebra_stripes=True)


def fill(table: FastTable, rows: int, tag: str) -> None:
    table.clear()
    for i in range(rows):
        table.add_row(f"{tag} {NAMES[i % len(NAMES)]}", Text(str(i), style="bold"), f"{i:04d}", key=f"{tag}{i}")


def line_text(table: FastTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


async def test_a_refilled_page_is_painted_without_a_layout_of_the_screen(monkeypatch) -> None:
    layouts: list[Screen] = []
    asked: list[Widget] = []
    markup: list[str] = []
    refresh_layout, refresh = Screen._refresh_layout, Widget.refresh
    from_markup = Text.from_markup.__func__  # type: ignore[attr-defined]

    def counted_layout(screen: Screen, *args, **kwargs) -> None:
        layouts.append(screen)
        refresh_layout(screen, *args, **kwargs)

    def noted_refresh(widget: Widget, *regions, layout: bool = False, **kwargs) -> Widget:
        if layout and isinstance(widget, FastTable):  # e.g. its scrollable size, a reactive that lays out
            asked.append(widget)
        return refresh(widget, *regions, layout=layout, **kwargs)

    def parsed(cls, text: str, *args, **kwargs) -> Text:
        markup.append(text)
        return from_markup(cls, text, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
    monkeypatch.setattr(Widget, "refresh", noted_refresh)
    monkeypatch.setattr(Text, "from_markup", classmethod(parsed))
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FastTable)
        table.add_fitted(Col("Navn", key="name", min=12), Col("Nr", key="no"), Col("Kode", key="code"))
        fill(table, 40, "a")
        await pilot.pause()
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert "a Hansen, Jens" in line_text(table, 1)
        layouts.clear(), asked.clear(), markup.clear()

        fill(table, 40, "b")  # the next page, as long: the screen keeps its layout
        await pilot.pause()
        await pilot.pause()
        assert "b Hansen, Jens" in line_text(table, 1)
        assert layouts == [] and asked == []
        fill(table, 25, "c")  # shorter but still scrolling: only the scrollbar's thumb changes
        await pilot.pause()
        await pilot.pause()
        assert "c Hansen, Jens" in line_text(table, 1) and table.virtual_size.height == 26
        assert layouts == [] and asked == []
        assert markup == []  # the plain cells were never parsed as markup

        fill(table, 3, "d")  # a page that fits: the scrollbar goes, which does lay out
        await pilot.pause()
        await pilot.pause()
        assert not table.show_vertical_scrollbar and layouts

        table.update_cell("d0", "name", "Ændret")  # a cell's rendering is kept only for its value
        await pilot.pause()
        assert "Ændret" in line_text(table, 1)

        # Clicks and keys find their rows as before (the cells' click meta is kept per place).
        await pilot.click("#t", offset=(2, 3))
        assert table.cursor_row == 2
        await pilot.press("up")
        assert table.cursor_row == 1

        table.add_row(Text.from_markup("[b]fed[/b]"), "x", "y", key="markup")  # style comes as a Text
        # A string is shown as written: a stored name is never read as markup (a link, a style).
        table.add_row("[link=https://example.invalid]Ole[/link]", "[/]x", "y", key="name")
        await pilot.pause()
        assert "fed" in line_text(table, 4) and "[b]" not in line_text(table, 4)
        assert "[link=https://example.invalid]Ole[/link]" in line_text(table, 5) and "[/]x" in line_text(table, 5)
        # On every path: a cell of two lines, and a cell changed in place and measured again.
        table.add_row("[b]fed[/b]\nanden linje", "x", "y", key="lines")
        table.update_cell("name", next(iter(table.columns)), "[/]Ny", update_width=True)
        await pilot.pause()
        assert "[b]fed[/b]" in line_text(table, 6) and "[/]Ny" in line_text(table, 5)


async def test_a_column_narrower_in_its_cells_than_its_label_gives_way_before_text_is_cut() -> None:
    """At 80 columns the company's contact log kept twelve cells for an empty "Næste skridt" while
    the outcome beside it was cut: a column gives way down to its cells and its short label."""
    app = TableApp()
    async with app.run_test(size=(36, 8)) as pilot:
        table = app.query_one(FastTable)
        table.add_fitted(
            Col("Resultat", key="text", min=8, priority=5),
            Col("Næste skridt", key="next", min=12, priority=1, short="Næste"),
            Col("Ord. timer", key="asked", min=4, priority=2, short="Ord. t."),
        )
        text = "Aftalt besøg i dag"
        table.add_row(text, "", "", key="r")
        await pilot.pause()
        header, row = line_text(table, 0), line_text(table, 1)
        assert text in row, row  # whole: the empty columns gave way to their short labels …
        assert "Næste " in header and "Næste skridt" not in header, header
        assert "Ord. t." in header, header  # … and a short label is never cut below itself
        table.update_cell("r", "next", "Ring 27-11", update_width=True)  # a wider cell widens it
        await pilot.pause()
        assert "Ring 27-11" in line_text(table, 1), line_text(table, 1)
        await pilot.resize_terminal(30, 8)  # narrower: a short label is never cut below itself
        await pilot.pause()
        assert "Ord. t." in line_text(table, 0), line_text(table, 0)


async def test_work_waiting_for_the_tables_painting_runs_after_the_frame_that_shows_its_rows() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FastTable)
        table.add_fitted(Col("Navn", key="name", min=12), Col("Nr", key="no"), Col("Kode", key="code"))
        await pilot.pause()
        painted: list[str] = []
        seen_then: list[list[str]] = []
        render_lines = table.render_lines

        def noted(crop):
            strips = render_lines(crop)
            painted.append("".join(segment.text for segment in strips[1]))
            return strips

        table.render_lines = noted  # type: ignore[method-assign]
        fill(table, 5, "a")
        table.call_after_paint(lambda: seen_then.append(list(painted)))
        assert seen_then == []  # not before the frame
        await pilot.pause()
        assert len(seen_then) == 1 and any("a Hansen, Jens" in line for line in seen_then[0])


async def test_work_waiting_for_a_painting_that_never_comes_runs_anyway() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FastTable)
        table.display = False  # a hidden table is never painted
        await pilot.pause()
        ran: list[bool] = []
        table.call_after_paint(lambda: ran.append(True), at_the_latest=0.05)
        for _ in range(100):  # however slow the machine: it comes, and once
            if ran:
                break
            await pilot.pause(0.05)
        await pilot.pause(0.1)
        assert ran == [True]


async def test_a_row_of_two_lines_is_painted_the_datatables_way() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FastTable)
        table.add_fitted(Col("Navn", key="name", min=12), Col("Nr", key="no"))
        table.add_row("Hansen, Jens", "1", key="one")
        table.add_row("Nielsen\nMette", "2", height=2, key="two")
        await pilot.pause()
        lines = [line_text(table, y) for y in range(4)]
        assert "Hansen, Jens" in lines[1] and "Nielsen" in lines[2] and "Mette" in lines[3]
