""" "Månedsdialog": a leader and one worker go through the worker's caseload by readiness,
with what must happen for each citizen and the worker's numbers; notes are kept; `e` writes
it all as text. Opened from Styring with `d` for the worker shown (or one to pick)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Static

from stvdesk.clock import local_date
from stvdesk.db.queries.dialogue import DialogueView, add_dialogue_note, dialogue_view
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.calendar import format_date
from stvdesk.domain.targets import forecast, format_amount
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.modals import InfoModal


class DialogueScreen(DeskScreen):
    TITLE_DA = "Månedsdialog"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="dialogue.back"),
        Binding("n", "note", "Ny note", id="dialogue.note"),
        Binding("e", "export", "Eksport", id="dialogue.export"),
    ]

    @dataclass
    class Loaded(Message):
        view: DialogueView

    def __init__(self, worker: WorkerInfo, month: date) -> None:
        super().__init__()
        self.worker, self.month = worker, month
        self.view: DialogueView | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="dialogue-title")
        with Horizontal(id="dialogue-main"):
            yield DataTable(id="dialogue-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="dialogue-side")

    def on_mount(self) -> None:
        table = self.query_one("#dialogue-table", DataTable)
        table.add_column("Borger", width=22)
        table.add_column("Fase", width=14)
        table.add_column("Skal ske", width=44)
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialogue")
    def load(self) -> None:
        today = self.desk.clock.today()
        self.post_message(self.Loaded(self.desk.run(lambda s: dialogue_view(s, self.worker, self.month, today))))

    def on_dialogue_screen_loaded(self, message: Loaded) -> None:
        self.view = view = message.view
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
                    "••••••" if hidden else c.name,
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
                f"{escape(line.metric.label)}: [{colour}]{format_amount(line.metric, line.actual)}{target}[/{colour}]"
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
        def submit(values: dict[str, Any]) -> str | None:
            editor = Editor(self.desk.me.id, self.desk.clock.today())
            try:
                self.desk.run(lambda s: add_dialogue_note(s, editor, self.worker.id, self.month, values["text"]))
            except EditError as exc:
                return str(exc)
            return None

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.load()

        self.app.push_screen(
            FormModal("Note fra månedsdialogen", [FieldSpec("text", "Note", kind="multiline", required=True)], submit),
            closed,
        )

    def action_export(self) -> None:
        if self.view is None:
            return
        from stvdesk.export.dialogue import dialogue_text
        from stvdesk.settings import export_dir

        text = dialogue_text(self.view, self.desk.clock.today())
        path = export_dir() / f"maanedsdialog-{self.view.month:%Y-%m}-{self.worker.initials}.txt"
        path.write_text(text, encoding="utf-8")
        self.app.copy_to_clipboard(text)
        self.app.push_screen(
            InfoModal("Månedsdialogen er eksporteret", f"Gemt som {escape(str(path))} og kopieret til udklipsholderen.")
        )

    def action_back(self) -> None:
        self.app.pop_screen()
