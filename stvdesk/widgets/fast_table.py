"""A DataTable that draws its one-line text cells without Rich's layout machinery.

Textual's DataTable renders every cell through Rich (a Padding inside a Styled, laid out by
the console), about a tenth of a millisecond a cell. A new caseload page shows 30–50 rows
of 13 cells, so each keystroke in the search spent 50–100 ms of the UI thread painting it,
and the next query waited for the GIL meanwhile. For a cell that is one line of
text, the same segments can be cut and padded directly; everything else (headers, labels,
multi-line rows, other renderables) still goes the DataTable's own way, so behaviour, keys,
clicks and look stay those of the DataTable.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets._data_table import default_cell_formatter


class FastTable(DataTable[Any]):
    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        if row_index < 0 or column_index < 0 or row_index < self.fixed_rows or column_index < self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or row is None or row.height != 1 or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        value = self._data[row_key].get(column_key)
        text = Text("", end="") if value is None else default_cell_formatter(value, wrap=False, height=1)
        if not isinstance(text, Text) or "\n" in text.plain:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        # The same meta as the DataTable's own cells: clicks find their row and column by it.
        style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        pad = self.cell_padding
        inner = max(0, width - 2 * pad)
        text = text.copy()
        text.truncate(inner, overflow="ellipsis" if text.overflow == "ellipsis" else "crop", pad=True)
        line: list[Segment] = [Segment(" " * pad, style)] if pad else []
        console = self.app.console
        # Text.render leaves out the text's own style when it has no spans: add it here.
        text_style = style + console.get_style(text.style) if text.style else style
        for segment in text.render(console):
            segment_style = text_style + segment.style if segment.style else text_style
            line.append(Segment(segment.text, segment_style + post_style if post_style else segment_style))
        if pad:
            line.append(Segment(" " * pad, style))
        lines = [line]
        self._cell_render_cache[cache_key] = lines
        return lines
