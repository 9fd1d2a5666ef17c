"""The team's good stories (000, 4.2: belief) on Styring, and one read in full.

`StoriesPanel` lists them by date and title (Styring's Tab reaches it); Enter on one opens
`StoryModal` with the whole text, who told it and when. While privacy is on (F4) the text's
CPR-like numbers and the name of the citizen it is about are hidden, as in every other text of
the desk; the citizen's name itself is never shown here (the team's stories reach past a
worker's own caseload)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from stvdesk.domain.calendar import format_date
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.privacy import private_text

if TYPE_CHECKING:
    from stvdesk.db.queries.steering import StoryLine
    from stvdesk.db.queries.stories import StoryView


class StoriesPanel(Vertical):
    """Date and title of each story; the highlighted one is `selected()`."""

    DEFAULT_CSS = """
    StoriesPanel { height: auto; }
    StoriesPanel #stories-table { height: auto; max-height: 12; }
    """

    stories: list[StoryLine] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="stories-heading")
        table = FastTable(id="stories-table", cursor_type="row", show_header=False)
        table.add_fitted(Col("Dato", min=10, max=10, priority=9), Col("Overskrift", min=12, priority=8))
        yield table

    @property
    def table(self) -> DataTable[object]:
        return self.query_one("#stories-table", DataTable)

    def show(self, stories: list[StoryLine]) -> None:
        self.stories = stories
        table = self.table
        cursor = table.cursor_row
        table.clear()
        for story in stories:
            # A Text: a title is shown as written, never read as markup; in privacy mode without
            # the name of the citizen it is about.
            title = private_text(self, story.title, [story.citizen_name] if story.citizen_name else [])
            table.add_row(format_date(story.told_on), Text(title), key=str(story.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        heading = "[b]Gode historier[/b] [dim]– Enter læser hele historien[/dim]" if stories else ""
        self.query_one("#stories-heading", Static).update(heading)
        table.display = bool(stories)

    def selected(self) -> uuid.UUID | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return uuid.UUID(key) if key else None


class StoryModal(ModalScreen[None]):
    """One good story with its whole text; Escape closes it."""

    DEFAULT_CSS = """
    StoryModal { align: center middle; }
    StoryModal #story-text { height: auto; max-height: 20; margin-bottom: 1; }
    StoryModal #story-told { margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Luk", id="story.close"),
    ]

    def __init__(self, story: StoryView) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("", classes="dialog-title", id="story-title")
            yield Static("", id="story-told")
            with VerticalScroll(id="story-text"):
                yield Static("", id="story-body", markup=False)
            yield Static("[dim]Escape lukker · piletasterne ruller teksten[/dim]")

    def on_mount(self) -> None:
        self.privacy_changed()
        self.query_one("#story-text", VerticalScroll).focus()

    def _private(self, text: str) -> str:
        names = [self.story.citizen_name] if self.story.citizen_name else []
        return private_text(self, text, names)

    def privacy_changed(self) -> None:
        story = self.story
        self.query_one("#story-title", Static).update(f"[b]{escape(self._private(story.title))}[/b]")
        told = f"Fortalt {format_date(story.told_on)}" + (f" af {escape(story.told_by)}" if story.told_by else "")
        self.query_one("#story-told", Static).update(f"[dim]{told}[/dim]")
        self.query_one("#story-body", Static).update(self._private(story.text) or "(ingen tekst)")

    def action_close(self) -> None:
        self.dismiss(None)
