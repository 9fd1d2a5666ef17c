"""Journal: notes, never changed once written; a correction is a new note pointing at the old."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from stvdesk.clock import local_date
from stvdesk.db.queries.edits import add_note
from stvdesk.domain.calendar import format_date
from stvdesk.screens.citizen_file.common import FileTab
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.form import FieldSpec

if TYPE_CHECKING:
    from stvdesk.db.queries.citizen_file import CitizenFile


class JournalTab(FileTab):
    TAB = "journal"
    KEYS = (Binding("r", "correct_note", "Ret notat", show=False, id="file.correct"),)

    def compose(self) -> ComposeResult:
        yield Static("", id="journal-hint", classes="tab-hint")
        yield FastTable(id="journal-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, f: CitizenFile) -> None:
        table = self._table("journal", ["Skrevet", "Af", "Notat"], "n nyt notat · r ret valgt notat (som et nyt notat)")
        by_id = {view.note.id: view for view in f.notes}
        for view in f.notes:
            note = view.note
            text = note.text
            if note.corrects_id and note.corrects_id in by_id:
                text = f"[Rettelse til notat {format_date(local_date(by_id[note.corrects_id].note.written_at))}] {text}"
            style = "dim strike" if view.corrected_by_later else ""
            table.add_row(
                format_date(local_date(note.written_at)), view.author, Text(text, style=style), key=f"note:{note.id}"
            )
        if not f.notes:
            table.add_row("", "", Text("Ingen notater – n skriver et", style="yellow"), key="empty")
        self._restore(table)

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
