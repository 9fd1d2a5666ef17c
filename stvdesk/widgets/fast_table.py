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

Refilling it does not lay the screen out again. The DataTable sets its scrollable size once new
rows are in, and a scrollable size that changes lays the whole screen out; for a table whose own
size does not follow its rows (a height in CSS, not `auto`) only the scrollbars depend on it, so
the new size is set without a layout (a scrollbar that appears or goes still lays out). A refilled
page cost a Sagsstamme keystroke over half its frame in `Screen._refresh_layout` before. Painting
takes the styles once per line and keeps a cell's rendering while its value and place stay, so the
rest of a page added below the rows shown does not paint them again. Cells are
measured only where a width follows them (fitted and auto-width columns), by their cell length,
and a plain string (no `[`, no `:`) is made a Text without the markup parser, which gives the same
Text; a `Text` cell is used as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.errors import MarkupError
from rich.segment import Segment
from rich.style import Style
from rich.text import Text, TextType
from textual import events
from textual._segment_tools import line_crop
from textual._types import SegmentLines
from textual.cache import LRUCache
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.render import measure
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._data_table import CellKey, Column, ColumnKey, CursorType, RowKey, default_cell_formatter

ELLIPSIS = "…"
#: A word boundary is used when the part before it keeps at least this share of the room: cutting
#: "Praktikopfølgning, trepart" after the comma reads better than mid-word, but cutting a name to its
#: first two letters because the surname is long does not.
WORD_CUT_SHARE = 0.5
#: The narrowest a column without its own minimum is made (its label, if narrower than this).
DEFAULT_MIN = 10
#: How many cells' click styles are kept (they depend only on the cell's place, so they are kept
#: from one page to the next).
CELL_META_KEPT = 20_000
#: seconds after which what waits for the table's painting runs anyway (call_after_paint)
AFTER_PAINT_AT_THE_LATEST = 0.1


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
    #: the label where the column is narrower than `label` ("Timer (ord.)" → "Timer"): a header
    #: is abbreviated, never cut
    short: str | None = None


class Fit(NamedTuple):
    """One column as the fitting sees it: its minimum, the width it wants, its priority."""

    min: int
    want: int
    priority: int


class _Paint(NamedTuple):
    """What every line and cell of one repaint reads, taken once per repaint: each of these is a
    reactive or a property (a reactive read is a few microseconds, and a page's lines asked for
    them thousands of times a frame)."""

    style: Style  # the widget's own
    width: int
    scroll_x: int
    scroll_y: int
    top: int  # the header's and fixed rows' height: lines that do not scroll
    cursor: Coordinate
    hover: Coordinate
    cursor_type: CursorType
    show_cursor: bool
    show_hover: bool
    fg_css: bool
    bg_css: bool
    padding: int
    fixed_rows: int
    widths: tuple[int, ...]  # the columns' render widths, in their order on screen
    console: Console
    #: no row labels, no fixed columns and every row one line (every table of the desk): lines
    #: and cells take the lean path
    plain: bool


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


def cell_text(value: object) -> RenderableType:
    """What a one-line cell shows: a Text as it is; a one-line string as written, never read as
    markup (a name or note "[link=…]x" from an import must not become a link or a style, and
    the markup parser costs several times a plain Text); anything else as the DataTable formats
    it. A cell that wants style is given as a Text (`Text.from_markup` for the desk's own)."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str) and "\n" not in value:
        return Text(value, end="", no_wrap=True)
    try:
        return default_cell_formatter(value, wrap=False, height=1)
    except MarkupError:
        # A stored name or text that is not valid markup ("[/]Ole" from an import) is shown as
        # written: painting it must never stop the desk for everyone who has it on a screen.
        return Text(str(value), end="", no_wrap=True)


def _as_written(value: object) -> object:
    """A string that holds a "[" (what markup is made of) or a line break as a Text of itself;
    anything else as it is (a plain string stays one, for `cell_text`'s fast path)."""
    if isinstance(value, str) and ("[" in value or "\n" in value):
        return Text(value, end="", no_wrap=True)
    return value


class _FittedColumn(Column):
    """A DataTable column that can be left out: then it takes no cells at all."""

    hidden: bool = False

    def get_render_width(self, data_table: DataTable[Any]) -> int:
        return 0 if self.hidden else super().get_render_width(data_table)


class FastTable(DataTable[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # (before the DataTable's own: it clears its caches while it starts)
        #: one-line cells as rendered, with the value each was rendered from (see _render_cell)
        self._fast_cells: LRUCache[tuple[Any, ...], tuple[object, list[list[Segment]]]] = LRUCache(10_000)
        #: the click meta of each cell's place, (row index, column index) → style
        self._cell_meta: dict[tuple[int, int], Style] = {}
        #: the rows' component styles, (component, pseudo-class state) → style
        self._row_styles: dict[tuple[str, object], Style] = {}
        #: what one repaint reads (render_lines), else None
        self._paint: _Paint | None = None
        super().__init__(*args, **kwargs)
        #: what waits for the table's next painting (call_after_paint), and the timer that runs it
        #: anyway if no painting comes
        self._after_paint: list[Callable[[], object]] = []
        self._after_paint_timer: Timer | None = None
        self._fits: dict[ColumnKey, Col] = {}
        #: the widest cell of each fitted column since the rows were last cleared, without its
        #: header (the DataTable's content width counts the full label in): a column whose cells
        #: are narrower than its label may shrink to its short label before a wider one is cut
        self._cells_width: dict[ColumnKey, int] = {}

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._fast_cells.clear()
        self._row_styles.clear()

    def notify_style_update(self) -> None:
        # A new theme or CSS: every cell's colours (cleared before the DataTable's repaint).
        self._fast_cells.clear()
        self._row_styles.clear()
        super().notify_style_update()

    # --- refilling without a layout of the screen -------------------------------------------------

    def _set_virtual_size(self, size: Size) -> None:
        """The scrollable size, with a layout only where something outside the table follows it:
        the table's own height or width (`auto`) or a scrollbar that appears or goes."""
        if size == self.virtual_size:
            return
        if self.styles.auto_dimensions or not self.is_mounted or not self.container_size:
            self.virtual_size = size  # a reactive that lays the screen out
            return
        # What a layout does for a line-API widget whose region stays: the scrollbars (their
        # reactives lay out if one is shown or hidden) and the scroll offset kept in range.
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    def _measure_cells(self, new_rows: Iterable[RowKey]) -> bool:
        """The content widths the new rows give the columns whose width follows them (fitted and
        auto-width ones), by each cell's length; False (nothing measured) when a row has a label
        or is not one line high: those go the DataTable's own way."""
        rows = [(key, self.rows[key]) for key in new_rows if key in self.rows and key in self._row_locations]
        if any(row.height != 1 or row.auto_height or row.label is not None for _key, row in rows):
            return False
        measured = [column for key, column in self.columns.items() if column.auto_width or key in self._fits]
        widest = self._cells_width
        for key, _row in rows:
            cells = self._data[key]
            for column in measured:
                value = cells.get(column.key)
                if value is None:  # an empty cell, as the DataTable draws it
                    continue
                width = self._cell_width(value)
                if width > column.content_width:
                    column.content_width = width
                if width > widest.get(column.key, 0):
                    widest[column.key] = width
        return True

    def _cell_width(self, value: object) -> int:
        text = cell_text(value)
        # One printable line measures as its cell length (what Text's measure finds then).
        if isinstance(text, Text) and text.plain.isprintable():
            return text.cell_len
        return measure(self.app.console, text, 1)

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        super()._update_column_widths(updated_cells)
        for row_key, column_key in updated_cells:  # a changed cell may be the widest now
            if column_key in self._fits and row_key in self._data:
                value = self._data[row_key].get(column_key)
                if value is not None:
                    width = self._cell_width(value)
                    self._cells_width[column_key] = max(self._cells_width.get(column_key, 0), width)

    def _dimensions(self) -> Size:
        """The scrollable size from the columns' widths and the rows' heights."""
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        return Size(width + self._row_label_column_width, self._total_row_height + header)

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

    # A string that the DataTable's own code would read as markup (its measuring, a cell of more
    # than one line) is stored as a Text of itself: whatever a name or note holds, "[link=…]"
    # included, is shown as written on every path, not only on `cell_text`'s.
    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> RowKey:
        return super().add_row(*map(_as_written, cells), height=height, key=key, label=label)

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: Any, *, update_width: bool = False
    ) -> None:
        super().update_cell(row_key, column_key, _as_written(value), update_width=update_width)

    def clear(self, columns: bool = False) -> FastTable:
        self._cells_width.clear()
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
            label = cell_len(col.short if col.short is not None else col.label)
            natural = min(column.content_width, col.max) if col.max else column.content_width
            least = col.min if col.min is not None else min(label, DEFAULT_MIN)
            # Narrower than its label only as far as its cells and its short label go: an empty
            # "Næste skridt" gives way to "Næste" before another column's text is cut.
            least = min(least, max(self._cells_width.get(key, 0), label))
            if col.short is not None:  # a header is abbreviated, never cut
                least = max(least, label)
            least = min(least, natural)
            fits.append(Fit(least, natural, col.priority))
        by_place = sorted(range(len(fitted)), key=lambda i: self._column_locations.get(fitted[i][0]) or 0)
        widths = fit_widths([fits[i] for i in by_place], available - fixed, self.cell_padding)
        changed = False
        for i, width in zip(by_place, widths, strict=True):
            column = fitted[i][1]
            assert isinstance(column, _FittedColumn)
            hidden, new_width = width is None, width or 0
            col = self._fits[fitted[i][0]]
            header = col.short if col.short is not None and new_width < cell_len(col.label) else col.label
            if (
                column.hidden != hidden
                or column.width != new_width
                or column.auto_width
                or column.label.plain != header
            ):
                column.hidden, column.width, column.auto_width = hidden, new_width, False
                column.label = Text(header)
                changed = True
        if changed:
            self._clear_caches()
            self._update_count += 1
            self.refresh()
        return changed

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows = list(new_rows)
        if not self._measure_cells(new_rows):
            super()._update_dimensions(new_rows)  # labels or taller rows: measured and laid out as ever
            for key in self._fits:  # measured with their labels: no narrower than those
                self._cells_width[key] = max(self._cells_width.get(key, 0), self.columns[key].content_width)
        # The height first (it decides the vertical scrollbar's room), then the fitted width.
        self._set_virtual_size(self._dimensions().with_width(self.virtual_size.width))
        self.fit_columns()
        self._set_virtual_size(self._dimensions())  # the width from the fitted columns

    def on_resize(self, _event: events.Resize) -> None:
        # (the DataTable's own _on_resize runs as well: Textual calls each class's handler)
        if self.fit_columns():
            self._set_virtual_size(self._dimensions())

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        paint = self._paint
        if paint is None or not paint.plain:
            return self._render_cell_slowly(row_index, column_index, base_style, width, cursor, hover)
        if width == 0 and column_index >= 0:  # a column left out at this width
            return [[]]  # (a plain table's rows are one line high: taller ones go the slow way)
        if row_index < paint.fixed_rows or column_index < 0:  # the header, fixed rows
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        value = self._data[row_key].get(column_key)
        # Keyed by the cell's place and look, not by its row's key or by the DataTable's update
        # count (which every added row moves on): the rest of a page added below keeps the rows
        # shown rendered. A place's rendering holds while its value is the very object it was
        # rendered from (a new page, update_cell: another object, rendered again).
        cache_key = (
            row_index,
            column_index,
            width,
            base_style,
            cursor,
            hover,
            paint.show_hover,
            self._pseudo_class_state,
        )
        cached = self._fast_cells.get(cache_key)
        if cached is not None and cached[0] is value:
            return cached[1]
        lines = self._one_line_cell(paint, row_index, column_index, value, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._fast_cells[cache_key] = (value, lines)
        return lines

    def _render_cell_slowly(
        self, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool, hover: bool
    ) -> list[list[Segment]]:
        """A cell outside a repaint, or of a table with row labels or fixed columns."""
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
        value = self._data[row_key].get(column_key)
        paint = self._paint_now()
        lines = self._one_line_cell(paint, row_index, column_index, value, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _one_line_cell(
        self,
        paint: _Paint,
        row_index: int,
        column_index: int,
        value: object,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        """The segments of a cell whose value is one line of text; None for anything else."""
        if value is None:
            value = ""
        # A plain string (most cells) is read as it is: the Text that cell_text would make of it
        # has no style and no spans, so only its length matters.
        text = value if isinstance(value, str) and value.isprintable() else cell_text(value)
        if isinstance(text, Text) and "\n" in text.plain:
            return None
        if not isinstance(text, (str, Text)):
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            paint.show_cursor,
            paint.show_hover,
            paint.fg_css,
            paint.bg_css,
        )
        # The same meta as the DataTable's own cells: clicks find their row and column by it.
        style = base_style + component_style + self._place_meta(row_index, column_index)
        pad = paint.padding
        inner = max(0, width - 2 * pad)
        console = paint.console
        # A plain string (checked printable above) or a Text of one style that fits: its
        # length alone says how it is cut and padded.
        if isinstance(text, str):
            plain, length, text_style, simple = text, cell_len(text), style, True
        else:
            # Text.render leaves out the text's own style when it has no spans: add it here.
            text_style = style + console.get_style(text.style) if text.style else style
            plain, length = text.plain, text.cell_len
            simple = not text.spans and plain.isprintable()
        line: list[Segment] = [Segment(" " * pad, style)] if pad else []
        if simple and length <= inner:
            # What cutting, padding and rendering give it: one segment, with the padding in it
            # when that has the same style (a plain cell off the cursor).
            segment_style = text_style + post_style if post_style else text_style
            filled = plain + " " * (inner - length)
            if segment_style == style:
                return [[Segment(" " * pad + filled + " " * pad, style)]]
            line.append(Segment(filled, segment_style))
        else:
            text = cut_text(Text(text, end="", no_wrap=True) if isinstance(text, str) else text, inner)
            text.truncate(inner, overflow="crop", pad=True)
            for segment in text.render(console):
                segment_style = text_style + segment.style if segment.style else text_style
                line.append(Segment(segment.text, segment_style + post_style if post_style else segment_style))
        if pad:
            line.append(Segment(" " * pad, style))
        return [line]

    # --- painting: what the DataTable works out for every line, once per repaint ---------------

    def _place_meta(self, row_index: int, column_index: int) -> Style:
        """The click meta of a cell's place (column -1: the space right of the last column)."""
        meta = self._cell_meta.get((row_index, column_index))
        if meta is None:
            if len(self._cell_meta) >= CELL_META_KEPT:
                self._cell_meta.clear()
            if column_index < 0:
                meta = Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
            else:
                meta = Style.from_meta({"row": row_index, "column": column_index})
            self._cell_meta[row_index, column_index] = meta
        return meta

    def _paint_now(self) -> _Paint:
        """The values a repaint reads, as they are now."""
        scroll_x, scroll_y = self.scroll_offset
        fixed_rows = self.fixed_rows
        top = 0
        for index in range(fixed_rows):
            fixed_key = self._row_locations.get_key(index)
            if fixed_key is not None:
                top += self.get_row_height(fixed_key)
        if self.show_header:
            top += self.header_height
        return _Paint(
            style=self.rich_style,
            width=self.size.width,
            scroll_x=scroll_x,
            scroll_y=scroll_y,
            top=top,
            cursor=self.cursor_coordinate,
            hover=self.hover_coordinate,
            cursor_type=self.cursor_type,
            show_cursor=self.show_cursor,
            show_hover=self._show_hover_cursor,
            fg_css=self.cursor_foreground_priority == "css",
            bg_css=self.cursor_background_priority == "css",
            padding=self.cell_padding,
            fixed_rows=fixed_rows,
            widths=tuple(column.get_render_width(self) for column in self.ordered_columns),
            console=self.app.console,
            plain=not (self._labelled_row_exists and self.show_row_labels)
            and not self.fixed_columns
            and self._total_row_height == len(self.rows),  # every row one line high
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pseudo_class_state = self.get_pseudo_class_state()  # (the DataTable's, first)
        self._paint = self._paint_now()
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None
            if self._after_paint:
                self.call_later(self._run_after_paint)  # once this frame is handed over

    def call_after_paint(
        self, callback: Callable[[], object], at_the_latest: float = AFTER_PAINT_AT_THE_LATEST
    ) -> None:
        """Run `callback` once the table has next been painted, or after `at_the_latest` seconds if
        nothing is painted by then (the table hidden, an answer that changed nothing). For work the
        frame should not share the UI thread with: the rows below those shown are read after the
        frame that shows the first ones, not beside it."""
        self._after_paint.append(callback)
        if self._after_paint_timer is None:
            self._after_paint_timer = self.set_timer(at_the_latest, self._run_after_paint)

    def _run_after_paint(self) -> None:
        callbacks, self._after_paint = self._after_paint, []
        if self._after_paint_timer is not None:
            self._after_paint_timer.stop()
            self._after_paint_timer = None
        for callback in callbacks:
            callback()

    def render_line(self, y: int) -> Strip:
        paint = self._paint
        if paint is None:
            return super().render_line(y)
        if y >= paint.top:
            y += paint.scroll_y
        return self._render_line(y, paint.scroll_x, paint.scroll_x + paint.width, paint.style)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """The DataTable's, reading the repaint's values instead of the widget's reactives."""
        paint = self._paint
        if paint is None or not paint.plain:
            return super()._render_line(y, x1, x2, base_style)
        width = paint.width
        try:
            row_key, y_offset_in_row = self._get_offsets(y)
        except LookupError:
            return Strip.blank(width, base_style)
        cache_key = (
            y,
            x1,
            x2,
            width,
            paint.cursor,
            paint.hover,
            base_style,
            paint.cursor_type,
            paint.show_hover,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._line_cache.get(cache_key)
        if cached is not None:
            return cached
        _fixed, scrollable = self._render_line_in_row(row_key, y_offset_in_row, base_style, paint.cursor, paint.hover)
        segments = line_crop(list(chain.from_iterable(scrollable)), x1, x2, width)
        strip = Strip(segments).adjust_cell_length(width, base_style).simplify()
        self._line_cache[cache_key] = strip
        return strip

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        if row_index == -1:
            component = "datatable--header"
        elif row_index < self.fixed_rows:
            component = "datatable--fixed"
        elif self.zebra_stripes:
            component = "datatable--odd-row" if row_index % 2 else "datatable--even-row"
        else:
            return base_style
        key = (component, self._pseudo_class_state)
        style = self._row_styles.get(key)
        if style is None:
            style = self._row_styles[key] = self.get_component_styles(component).rich_style
        return style

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        """The DataTable's own, for a table without row labels or fixed columns (the desk's), with
        the columns' widths and the styles taken once per repaint instead of once per cell."""
        paint = self._paint or self._paint_now()
        if not paint.plain:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        cursor_type = paint.cursor_type
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            paint.show_cursor,
            paint.show_hover,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        found = self._row_locations.get(row_key)
        row_index = -1 if found is None else found
        row_style = self._get_row_style(row_index, base_style)
        # Which cells the cursor and the mouse are on (the DataTable's _should_highlight, per row).
        cursor_row, cursor_column = cursor_location
        hover_row, hover_column = hover_location
        scrollable_row: SegmentLines = []
        render_cell = self._render_cell
        for column_index, width in enumerate(paint.widths):
            if cursor_type == "row":
                cursor, hover = cursor_row == row_index, hover_row == row_index
            elif cursor_type == "cell":
                cursor = cursor_row == row_index and cursor_column == column_index
                hover = hover_row == row_index and hover_column == column_index
            elif cursor_type == "column":
                cursor, hover = cursor_column == column_index, hover_column == column_index
            else:
                cursor = hover = False
            cell = render_cell(row_index, column_index, row_style, width, cursor=cursor, hover=hover)
            scrollable_row.append(cell[line_no])
        # The row's style carried out to the table's right edge, as the DataTable does.
        remaining_space = max(0, paint.width - sum(paint.widths))
        if cursor_type == "row":
            extend_style, _ = self._get_styles_to_render_cell(
                row_index == -1,
                False,
                False,
                hover_row == (row_index or 0),
                row_index == cursor_row,
                paint.show_cursor,
                paint.show_hover,
                False,
                False,
            )
            extend_style = row_style + extend_style
        elif row_style.bgcolor is not None:
            faded_color = Color.from_rich_color(row_style.bgcolor).blend(self.background_colors[1], factor=0.25)
            extend_style = Style.from_color(color=row_style.color, bgcolor=faded_color.rich_color)
        else:
            extend_style = Style.from_color(row_style.color, row_style.bgcolor)
        extend_style += self._place_meta(row_index, -1)
        scrollable_row.append([Segment(" " * remaining_space, extend_style)])
        row_pair: tuple[SegmentLines, SegmentLines] = ([], scrollable_row)
        self._row_render_cache[cache_key] = row_pair
        return row_pair
