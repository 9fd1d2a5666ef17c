""" "Månedsdialog": a leader and one worker go through the worker's caseload by readiness,
with what must happen for each citizen and the worker's numbers; notes are kept, and `a`
records an agreement with the worker as owner and a deadline; `e` writes it all as text.

"Månedsdialoger" (`MonthDialoguesScreen`): the month's dialogues of the team, each S and VK
with the day it was held or "mangler"; Enter opens one. Styring's `d` opens it with the team
shown (with one worker shown, that worker's dialogue), and the palette from anywhere for a
leader. What "held" means is db/queries/dialogue.py's."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
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
from stvdesk.db.queries.dialogue import (
    DialogueStatus,
    DialogueView,
    add_dialogue_agreement,
    add_dialogue_note,
    dialogue_view,
    month_dialogues,
)
from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.workers import WorkerInfo
from stvdesk.domain.calendar import MONTHS, format_date, month_start, month_step
from stvdesk.domain.enums import Role
from stvdesk.domain.parse import parse_date
from stvdesk.domain.privacy import shown_name
from stvdesk.domain.targets import forecast, format_amount
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.modals import InfoModal
from stvdesk.widgets.privacy import private_text


class DialogueScreen(DataPath, DeskScreen):
    TITLE_DA = "Månedsdialog"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="dialogue.back"),
        Binding("n", "note", "Ny note", id="dialogue.note"),
        Binding("a", "agreement", "Ny aftale", id="dialogue.agreement"),
        Binding("e", "export", "Eksport", id="dialogue.export"),
    ]
    KEY_HELP = {
        "dialogue.note": "Skriv hvad I talte om; månedens første note gør dialogen holdt",
        "dialogue.agreement": "En aftale med medarbejderen som ansvarlig og en frist: på hendes Min dag og i noterne",
    }

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
        held = (
            f"[green]holdt {format_date(view.held_on)}[/green]" if view.held_on else "[yellow]ikke holdt endnu[/yellow]"
        )
        self.query_one("#dialogue-title", Static).update(
            f"[b]Månedsdialog {view.month:%m-%Y} – {escape(view.worker.name)} ({escape(view.worker.initials)})[/b] {held}   "
            + (
                "[dim]Enter åbner borgeren · n ny note · a ny aftale · e eksport som tekst[/dim]"
                if self.leads()
                else "[dim]Enter åbner borgeren · e eksport som tekst[/dim]"
            )
        )
        table = self.query_one("#dialogue-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for readiness, citizens in view.groups:
            table.add_row(
                Text(f"{readiness.label} ({len(citizens)})", style="bold"), "", "", key=f"group:{readiness.value}"
            )
            for c in citizens:
                table.add_row(
                    Text(shown_name(c.name, hidden)),  # as written, never read as markup
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
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        side += [
            f"{format_date(local_date(note.created_at))} {initials}: {escape(private_text(self, note.text))}"
            for note, initials in view.notes
        ] or ["[dim]ingen endnu – n skriver en, a en aftale[/dim]"]
        if view.open_agreements:
            side += ["", f"[b]Åbne aftaler fra dialogerne ({len(view.open_agreements)})[/b]"]
            for agreement in view.open_agreements:
                due = f"frist {format_date(agreement.deadline)}"
                if agreement.deadline is not None and agreement.deadline < today:
                    due = f"[red]{due}[/red]"
                side.append(f"{due}: {escape(private_text(self, agreement.text))}")
        self.query_one("#dialogue-side", Static).update("\n".join(side))

    def refresh_privacy(self) -> None:
        """F4 on the dialogue: the caseload's names, and any in the notes, hidden or shown again."""
        if self.view is not None:
            self.show_view(self.view)

    def private_names(self) -> list[str]:
        view = self.view
        return [c.name for _, citizens in view.groups for c in citizens] if view is not None else []

    @on(DataTable.RowSelected, "#dialogue-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if key.startswith("citizen:"):
            self.stv_app.open_citizen(uuid.UUID(key.split(":", 1)[1]))

    def leads(self) -> bool:
        """Only the team's leader holds a dialogue: notes and agreements are hers to write."""
        return self.desk.me.role in (Role.LEADER, Role.PL)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("note", "agreement"):
            return self.leads()
        return super().check_action(action, parameters)

    def action_note(self) -> None:
        if not self.leads():
            return
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

    def action_agreement(self) -> None:
        """An agreement from the dialogue: the worker talked with owns it, with a deadline."""
        if not self.leads():
            return
        desk, today = self.desk, self.desk.clock.today()
        editor = Editor(desk.me.id, today)
        worker, month = self.worker, self.month

        def submit(values: dict[str, Any]) -> str | None:
            """In the form's worker: only the desk and the values taken above, never a widget."""
            desk.run(lambda s: add_dialogue_agreement(s, editor, worker.id, month, values["text"], values["deadline"]))
            return None

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.notify(
                    f"Aftalen står på {worker.initials}s Min dag med frist {format_date(values['deadline'])}.",
                    title="Gemt",
                )
                self.reload()

        self.app.push_screen(
            FormModal(
                "Aftale fra månedsdialogen",
                [
                    FieldSpec(
                        "text",
                        "Hvad er aftalt",
                        required=True,
                        placeholder="fx Booke tre virksomhedsbesøg til borgere tæt på",
                    ),
                    FieldSpec(
                        "deadline",
                        "Frist",
                        value=format_date(today + timedelta(days=14)),
                        required=True,
                        placeholder="dd-mm-åååå",
                        parse=lambda t: parse_date(t, today=today),
                    ),
                ],
                submit,
                intro=f"Ansvarlig: {escape(worker.name)} ({worker.initials}). Aftalen kommer på "
                f"{worker.initials}s Min dag under Mine aftaler og i dialogens noter.",
            ),
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


class MonthDialoguesScreen(DataPath, DeskScreen):
    """The month's dialogues of the team: each caseworker and consultant held (the day) or not."""

    TITLE_DA = "Månedsdialoger"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="dialogues.back"),
        Binding("enter", "open", "Åbn dialog", id="dialogues.open", priority=True),
        Binding("left_square_bracket", "month(-1)", "Forrige måned", key_display="[", id="dialogues.previous"),
        Binding("right_square_bracket", "month(1)", "Næste måned", key_display="]", id="dialogues.next"),
    ]
    KEY_HELP = {
        "dialogues.open": "Medarbejderens sagsstamme, tal, noter og aftaler for måneden",
    }

    def __init__(self, month: date | None = None) -> None:
        super().__init__()
        self.month = month
        self.rows: list[DialogueStatus] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="dialogues-title")
        table = FastTable(id="dialogues-table", cursor_type="row", zebra_stripes=True)
        table.add_fitted(
            Col("Medarbejder", min=16, max=30, priority=9),
            Col("Rolle", min=5, max=5, priority=5),
            Col("Månedsdialog", min=16, priority=8),
            Col("Noter", min=5, priority=4),
            Col("Åbne aftaler", min=12, priority=6),
        )
        yield table

    def on_mount(self) -> None:
        if self.month is None:
            self.month = month_start(self.desk.clock.today())
        self.query_one("#dialogues-table", DataTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.rows is not None:  # a dialogue held meanwhile shows at once
            self.reload()

    def _month(self) -> date:
        return self.month if self.month is not None else month_start(self.desk.clock.today())

    def reload(self) -> None:
        team_id, month = self.desk.me.team_id, self._month()
        self.load(lambda s: month_dialogues(s, team_id, month), self.show_rows, group="dialogues", failed=self.failed)

    def failed(self, message: str) -> None:
        self.query_one("#dialogues-title", Static).update(
            f"[b]Månedsdialoger[/b]   [b red]kunne ikke læses: {escape(message)}[/]"
        )

    def show_rows(self, rows: list[DialogueStatus]) -> None:
        self.rows = rows
        month = self._month()
        current = month == month_start(self.desk.clock.today())
        held = sum(1 for r in rows if r.held_on is not None)
        missing = len(rows) - held
        label = f"{MONTHS[month.month - 1]} {month.year}"
        self.query_one("#dialogues-title", Static).update(
            f"[b]Månedsdialoger – {label} – {escape(self.desk.me.team_name)}[/b]: "
            f"{held} af {len(rows)} holdt"
            + (f", [yellow]{missing} {'mangler' if current else 'ikke holdt'}[/yellow]" if missing else "")
            + "   [dim]Enter åbner dialogen · [ ] måned[/dim]"
        )
        table = self.query_one("#dialogues-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            if row.held_on is not None:
                status = Text(f"holdt {format_date(row.held_on)}", style="green")
            else:
                status = Text("mangler" if current else "ikke holdt", style="yellow")
            table.add_row(
                Text(f"{row.worker.name} ({row.worker.initials})"),  # as written, never read as markup
                row.worker.role.value,
                status,
                str(row.notes) if row.notes else "",
                str(row.open_agreements) if row.open_agreements else "",
                key=str(row.worker.id),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def selected(self) -> DialogueStatus | None:
        table = self.query_one("#dialogues-table", DataTable)
        if not table.row_count or self.rows is None:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if str(r.worker.id) == key), None)

    def action_open(self) -> None:
        row = self.selected()
        if row is not None:
            self.app.push_screen(DialogueScreen(row.worker, self._month()))

    def action_month(self, delta: int) -> None:
        target = month_step(self._month(), delta, self.desk.clock.today())
        if target is None:
            self.notify("Måneden er ikke begyndt endnu.", severity="warning")
            return
        self.month = target
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
