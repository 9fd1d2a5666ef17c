""" "Månedsdialog": a leader and one worker go through the worker's caseload by readiness,
with what must happen for each citizen and the worker's numbers; notes are kept; `e` writes
it all as text. Opened from Styring with `d` for the worker shown (or one to pick)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from stvdesk.clock import local_date
from stvdesk.db.queries.dialogue import DialogueView, add_dialogue_note, dialogue_view
from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.calendar import format_date
from stvdesk.domain.privacy import shown_name
from stvdesk.domain.targets import forecast, format_amount
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.modals import InfoModal


class DialogueScreen(DataPath, DeskScreen):
    TITLE_DA = "Månedsdialog"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="dialogue.back"),
        Binding("n", "note", "Ny note", id="dialogue.note"),
        Binding("e", "export", "Eksport", id="dialogue.export"),
    ]

    def __init__(self, worker: WorkerInfo, month: date) -> None:
        super().__init__()
        self.worker, self.month = worker, month
        self.view: DialogueView | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="dialogue-title")
        with Horizontal(id="dialogue-main"):
            yield FastTable(id="dialogue-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="dialogue-side")

    def on_mount(self) -> None:
        table = self.query_one("#dialogue-table", FastTable)
        table.add_fitted(
            Col("Borger", min=16, max=26, priority=9),
            Col("Fase", min=10, max=18, priority=5),
            Col("Skal ske", min=16, priority=7),
        )
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.reload()

    def reload(self) -> None:
        """Read the worker's caseload, numbers and notes for the month in a worker; a failure is
        said in the title line, and what was shown stays."""
        worker, month, today = self.worker, self.month, self.desk.clock.today()
        self.load(
            lambda s: dialogue_view(s, worker, month, today), self.show_view, group="dialogue", failed=self.load_failed
        )

    def load_failed(self, message: str) -> None:
        self.query_one("#dialogue-title", Static).update(
            f"[b]Månedsdialog {self.month:%m-%Y} – {escape(self.worker.name)}[/b]   "
            f"[b red]kunne ikke læses: {escape(message)}[/]"
        )

    def show_view(self, view: DialogueView) -> None:
        self.view = view
        today = self.desk.clock.today()
        hidden = self.stv_app.privacy
        self.query_one("#dialogue-title", Static).update(
            f"[b]Månedsdialog {view.month:%m-%Y} – {escape(view.worker.name)} ({view.worker.initials})[/b]   "
            "[dim]Enter åbner borgeren · n ny note · e eksport som tekst[/dim]"
        )
        table = self.query_one("#dialogue-table", DataTable)
        table.clear()
        for readiness, citizens in view.groups:
            table.add_row(
                Text(f"{readiness.label} ({len(citizens)})", style="bold"), "", "", key=f"group:{readiness.value}"
            )
            for c in citizens:
                table.add_row(
                    shown_name(c.name, hidden),
                    c.phase,
                    Text("; ".join(c.todo) if c.todo else "intet mangler", style="" if c.todo else "green"),
                    key=f"citizen:{c.citizen_id}",
                )
        side = ["[b]Tal[/b]"]
        for line in view.board.lines:
            f = forecast(line.metric, line.actual, line.target, view.month, today)
            target = "" if line.target is None else f" / {format_amount(line.metric, line.target)}"
            colour = "green" if f.on_track else "yellow"
            side.append(
                f"{escape(view.board.label(line.metric))}: [{colour}]{format_amount(line.metric, line.actual)}{target}[/{colour}]"
            )
        side += ["", "[b]Noter[/b]"]
        side += [
            f"{format_date(local_date(note.created_at))} {initials}: {escape(note.text)}"
            for note, initials in view.notes
        ] or ["[dim]ingen endnu – n skriver en[/dim]"]
        self.query_one("#dialogue-side", Static).update("\n".join(side))

    @on(DataTable.RowSelected, "#dialogue-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if key.startswith("citizen:"):
            self.stv_app.open_citizen(uuid.UUID(key.split(":", 1)[1]))

    def action_note(self) -> None:
        desk, editor = self.desk, Editor(self.desk.me.id, self.desk.clock.today())
        worker_id, month = self.worker.id, self.month

        def submit(values: dict[str, Any]) -> str | None:
            """In the form's worker: only the desk and the values taken above, never a widget; a
            refusal (EditError) is said at the form with the note still typed."""
            desk.run(lambda s: add_dialogue_note(s, editor, worker_id, month, values["text"]))
            return None

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.reload()

        self.app.push_screen(
            FormModal("Note fra månedsdialogen", [FieldSpec("text", "Note", kind="multiline", required=True)], submit),
            closed,
        )

    def action_export(self) -> None:
        self.ask_first("Skriv månedsdialogen til en fil?", self._export)

    def _export(self) -> None:
        """The dialogue as a text file (and on the clipboard), written in a worker; each citizen
        on it is logged as exported."""
        view = self.view
        if view is None:
            return
        from stvdesk.export.dialogue import write_dialogue

        worker_id, today = self.desk.me.id, self.desk.clock.today()

        def written(result: tuple[Path, str]) -> None:
            path, text = result
            self.app.copy_to_clipboard(text)
            self.app.push_screen(
                InfoModal(
                    "Månedsdialogen er eksporteret", f"Gemt som {escape(str(path))} og kopieret til udklipsholderen."
                )
            )

        self.save(lambda s: write_dialogue(s, view, worker_id=worker_id, today=today), written, group="dialogue-export")

    def action_back(self) -> None:
        self.app.pop_screen()
