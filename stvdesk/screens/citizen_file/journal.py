"""Journal: notes, never changed once written; a correction is a new note pointing at the old."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from stvdesk.clock import local_date
from stvdesk.db.queries.edits import add_note
from stvdesk.domain.calendar import format_date
from stvdesk.screens.citizen_file.common import FileTab
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import FieldSpec
from stvdesk.widgets.hint import FittedLine
from stvdesk.widgets.modals import InfoModal

if TYPE_CHECKING:
    from stvdesk.db.queries.citizen_file import CitizenFile, NoteView


COLUMNS = [
    Col("Skrevet", min=10, priority=3),
    Col("Af", min=2, priority=2),
    Col("Notat", min=20, priority=1),
]
#: The tab's keys, fullest first: the line shows the fullest that fits.
HINT = (
    "n nyt notat · Enter læser hele notatet · r ret valgt notat (som et nyt notat)",
    "n nyt notat · Enter læser notatet · r retter (som et nyt notat)",
)


class JournalTab(FileTab):
    TAB = "journal"
    KEYS = (Binding("r", "correct_note", "Ret notat", show=False, id="file.correct"),)
    TAB_ONLY = frozenset({"correct_note"})

    def compose(self) -> ComposeResult:
        yield FittedLine(id="journal-hint", classes="tab-hint")
        yield FastTable(id="journal-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, f: CitizenFile) -> None:
        table = self._table("journal", COLUMNS, HINT)
        for view in f.notes:
            style = "dim strike" if view.corrected_by_later else ""
            # one line in the list (Enter reads the note whole, line breaks and all)
            line = " ".join(self.free(self._text(view, f.notes)).split())
            table.add_row(
                format_date(local_date(view.note.written_at)),
                view.author,
                Text(line, style=style),
                key=f"note:{view.note.id}",
            )
        if not f.notes:
            table.add_row("", "", Text("Ingen notater – n skriver et", style="yellow"), key="empty")
        self._restore(table)

    @staticmethod
    def _text(view: NoteView, notes: Sequence[NoteView]) -> str:
        """The note's text, a correction's with the date of the note it corrects first."""
        note = view.note
        corrected = next((v.note for v in notes if v.note.id == note.corrects_id), None) if note.corrects_id else None
        if corrected is None:
            return note.text
        return f"[Rettelse til notat {format_date(local_date(corrected.written_at))}] {note.text}"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a note: the whole note to read (the list shows one line of it)."""
        if event.data_table.id != "journal-table":
            return
        event.stop()
        chosen = self.selected()
        if chosen is None or chosen[0] != "note":
            return
        view = next((v for v in self.loaded.notes if v.note.id == chosen[1]), None)
        if view is None:  # the list was reloaded under the cursor: its row is shown again anew
            return
        written = format_date(local_date(view.note.written_at))
        later = "\n\n[dim]Rettet i et senere notat.[/dim]" if view.corrected_by_later else ""
        self.app.push_screen(
            # The modal hides the names and CPR numbers in it itself while privacy is on, and
            # again when F4 switches with it open.
            InfoModal(f"Journalnotat {written} · {view.author}", escape(self._text(view, self.loaded.notes)) + later)
        )

    def new(self) -> None:
        self.form_note()

    def form_note(self, corrects: uuid.UUID | None = None) -> None:
        citizen_id = self.loaded.citizen.id
        intro = (
            "Notater kan ikke ændres bagefter; en rettelse bliver et nyt notat."
            if corrects is None
            else "Rettelsen gemmes som et nyt notat, der peger på det gamle. Det gamle bevares."
        )
        self.open_form(
            "Rettelse til notat" if corrects else "Nyt journalnotat",
            [FieldSpec("text", "Notat", kind="multiline", required=True)],
            self.stores(lambda s, ed, v: add_note(s, ed, citizen_id, v["text"], corrects)),
            intro=intro,
        )

    def action_correct_note(self) -> None:
        chosen = self.selected() if self.is_shown else None
        if chosen is None or chosen[0] != "note":
            self.notify("Vælg det notat, der skal rettes, på fanen Journal.", severity="warning")
            return
        self.form_note(corrects=chosen[1])
