"""A DataTable that draws its one-line text cells without Rich's layout machinery.

Textual's DataTable renders every cell through Rich (a Padding inside a Styled, laid out by
the console), about a tenth of a millisecond a cell. A new caseload page shows 30–50 rows
of 13 cells, so each keystroke in the search spent 50–100 ms of the UI thread painting it,
and the next query waited for the GIL meanwhile. For a cell that is one line of
text, the same segments can be cut and padded directly; everything else (headers, labels,
multi-line rows, other renderables) still goes the DataTable's own way, so behaviour, keys,
clicks and look stay those of the DataTable.

It also fits its columns to the width it has, from 80 columns up (`Col`): each column has a
priority, a narrowest useful width and a widest worth giving. Every column first gets its content's
width (up to its max); when that is too wide, the lowest priorities give way first, down to their
minimum, and when even the minimums do not fit, the lowest priorities are left out (a column left out
comes back as soon as there is room). A cell too long for its column is cut at a word boundary with
"…", never mid-word unless one word is longer than the column. Columns added without a `Col` get a
default one; columns added with a fixed width keep it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text, TextType
from textual import events
from textual.widgets import DataTable
from textual.widgets._data_table import Column, ColumnKey, RowKey, default_cell_formatter

ELLIPSIS = "…"
#: A word boundary is used when the part before it keeps at least this share of the room: cutting
#: "Praktikopfølgning, trepart" after the comma reads better than mid-word, but cutting a name to its
#: first two letters because the surname is long does not.
WORD_CUT_SHARE = 0.5
#: The narrowest a column without its own minimum is made (its label, if narrower than this).
DEFAULT_MIN = 10


@dataclass(frozen=True)
class Col:
    """A fitted column: its label and key, and how it shares the table's width with the others."""

    label: str
    key: str | None = None
    #: narrowest worth showing (default: the label, at most DEFAULT_MIN); names set it so that a name
    #: stays readable at 80 columns
    min: int | None = None
    #: widest worth giving (None: as wide as its widest cell)
    max: int | None = None
    #: who keeps its width and place: the lowest shrinks first and is left out first
    priority: int = 1


class Fit(NamedTuple):
    """One column as the fitting sees it: its minimum, the width it wants, its priority."""

    min: int
    want: int
    priority: int


def fit_widths(columns: Sequence[Fit], available: int, padding: int = 1) -> list[int | None]:
    """Each column's width, or None where it is left out, so that all fit `available` cells
    (each column also takes `padding` on both sides).

    - Everyone gets `want` if that fits.
    - Else the lowest priority (the rightmost of equals) shrinks first, each down to its `min`.
    - If even the minimums do not fit, the lowest priorities are left out until they do; then a
      left-out column whose minimum fits the room still free comes back (highest priority first).
    - The column with the highest priority is never left out: a table narrower than its minimum
      scrolls sideways.
    """
    count = len(columns)
    if count == 0:
        return []
    pad = 2 * padding
    # The order columns give way in: lowest priority first, the rightmost first among equals.
    giving_way = sorted(range(count), key=lambda i: (columns[i].priority, -i))
    keeper = giving_way[-1]
    shown = [True] * count

    def needed() -> int:
        return sum(columns[i].min + pad for i in range(count) if shown[i])

    for i in giving_way:
        if needed() <= available:
            break
        if i != keeper:
            shown[i] = False
    for i in reversed(giving_way):  # room left: the most important left-out column first
        if not shown[i] and needed() + columns[i].min + pad <= available:
            shown[i] = True
    widths = [max(columns[i].want, columns[i].min) if shown[i] else 0 for i in range(count)]
    excess = sum(widths[i] + pad for i in range(count) if shown[i]) - available
    for i in giving_way:
        if excess <= 0:
            break
        if shown[i]:
            cut = min(excess, widths[i] - columns[i].min)
            widths[i] -= cut
            excess -= cut
    return [widths[i] if shown[i] else None for i in range(count)]


def cut_at_word(text: str, width: int) -> int:
    """Where to cut `text` so that it and an ellipsis fit `width` cells: at the last word boundary
    that keeps at least WORD_CUT_SHARE of the room, else as far as the room goes (one long word).
    Returns the number of characters kept (trailing spaces and punctuation left out)."""
    room = max(0, width - cell_len(ELLIPSIS))
    kept, used = 0, 0
    for ch in text:  # the longest prefix that fits the room
        used += cell_len(ch)
        if used > room:
            break
        kept += 1
    boundary = text.rfind(" ", 0, kept + 1)
    if boundary > 0 and cell_len(text[:boundary]) >= room * WORD_CUT_SHARE:
        kept = boundary
    while kept and (text[kept - 1].isspace() or text[kept - 1] in ",;:·-–/("):
        kept -= 1
    return kept


def cut_text(text: Text, width: int) -> Text:
    """`text` in at most `width` cells: whole if it fits, else cut by `cut_at_word` with "…"."""
    if text.cell_len <= width:
        return text.copy()  # the caller pads it: never the table's own cell
    if width <= cell_len(ELLIPSIS):
        return text.divide([width])[0] if width > 0 else Text("", end="")
    kept = text.divide([cut_at_word(text.plain, width)])[0]
    kept.append(ELLIPSIS)
    return kept


class _FittedColumn(Column):
    """A DataTable column that can be left out: then it takes no cells at all."""

    hidden: bool = False

    def get_render_width(self, data_table: DataTable[Any]) -> int:
        return 0 if self.hidden else super().get_render_width(data_table)


class FastTable(DataTable[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fits: dict[ColumnKey, Col] = {}

    # --- fitting the columns to the width -------------------------------------------------------

    def add_fitted(self, *columns: Col) -> list[ColumnKey]:
        """Add columns that share the table's width by their `Col`."""
        keys = []
        for col in columns:
            key = super().add_column(col.label, key=col.key)
            self._fit_column(key, col)
            keys.append(key)
        return keys

    def add_column(
        self, label: TextType, *, width: int | None = None, key: str | None = None, default: Any = None
    ) -> ColumnKey:
        column_key = super().add_column(label, width=width, key=key, default=default)
        if width is None:  # a fixed width stays as given; any other column is fitted
            plain = label.plain if isinstance(label, Text) else Text.from_markup(label).plain
            self._fit_column(column_key, Col(plain))
        return column_key

    def _fit_column(self, key: ColumnKey, col: Col) -> None:
        old = self.columns[key]
        self.columns[key] = _FittedColumn(old.key, old.label, old.width, old.content_width, old.auto_width)
        self._fits[key] = col

    def clear(self, columns: bool = False) -> FastTable:
        if columns:
            self._fits.clear()
        super().clear(columns)
        return self

    def fit_columns(self) -> bool:
        """Set the fitted columns' widths for the table's width now; True if any changed."""
        if not self._fits or self.size.width <= 0:
            return False
        # The vertical scrollbar's cells too, once the rows overflow (or the width just fitted
        # would make the table scroll sideways as soon as the rows pass the screen).
        overflows = self.virtual_size.height > self.size.height
        available = self.size.width - self.styles.gutter.width
        if overflows and self.styles.overflow_y != "hidden":
            available -= self.styles.scrollbar_size_vertical
        if available <= 0:
            return False
        fitted = [(key, column) for key, column in self.columns.items() if key in self._fits]
        fixed = sum(column.get_render_width(self) for key, column in self.columns.items() if key not in self._fits)
        fits = []
        for key, column in fitted:
            col = self._fits[key]
            label = cell_len(column.label.plain)
            natural = min(column.content_width, col.max) if col.max else column.content_width
            least = col.min if col.min is not None else min(label, DEFAULT_MIN)
            fits.append(Fit(min(least, natural), natural, col.priority))
        by_place = sorted(range(len(fitted)), key=lambda i: self._column_locations.get(fitted[i][0]) or 0)
        widths = fit_widths([fits[i] for i in by_place], available - fixed, self.cell_padding)
        changed = False
        for i, width in zip(by_place, widths, strict=True):
            column = fitted[i][1]
            assert isinstance(column, _FittedColumn)
            hidden, new_width = width is None, width or 0
            if column.hidden != hidden or column.width != new_width or column.auto_width:
                column.hidden, column.width, column.auto_width = hidden, new_width, False
                changed = True
        if changed:
            self._clear_caches()
            self._update_count += 1
            self.refresh()
        return changed

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)  # measures the new cells first
        if self.fit_columns():
            super()._update_dimensions(())  # the table's width from the new column widths

    def on_resize(self, _event: events.Resize) -> None:
        # (the DataTable's own _on_resize runs as well: Textual calls each class's handler)
        if self.fit_columns():
            super()._update_dimensions(())

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        if column_index >= 0 and width == 0:  # a column left out at this width
            row_key = self._row_locations.get_key(row_index)
            height = self.header_height if row_key is None else self.rows[row_key].height
            return [[] for _ in range(height)]
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
        text = cut_text(text, inner)
        text.truncate(inner, overflow="crop", pad=True)
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
