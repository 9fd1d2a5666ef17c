""" "Konflikter": a syncing laptop's conflict inbox. Each line is a change of the
worker's that the team server could not take as it stood, with both values; the worker keeps
their own (m), the server's (t), or writes a merge of a text (e). Nothing is overwritten
until they choose. Opened with F12; the header says how many wait.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from stvdesk.clock import local_time
from stvdesk.domain.privacy import shown_name
from stvdesk.screens.base import DeskScreen
from stvdesk.sync.inbox import ConflictRow, keep_mine, keep_theirs, open_conflicts, write_merge
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.modals import TextPromptModal


class ConflictsScreen(DataPath, DeskScreen):
    TITLE_DA = "Konflikter"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="conflicts.back"),
        Binding("m", "mine", "Behold min", id="conflicts.mine"),
        Binding("t", "theirs", "Behold serverens", id="conflicts.theirs"),
        Binding("e", "merge", "Skriv en fletning", id="conflicts.merge"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, ConflictRow] = {}

    def compose_body(self) -> ComposeResult:
        yield Static("", id="conflicts-title")
        yield FastTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="conflicts-detail", classes="detail")

    def on_mount(self) -> None:
        table = self.query_one("#conflicts-table", FastTable)
        # The values are read in full below the list (the chosen conflict); the list may cut them.
        table.add_fitted(
            Col("Fundet", min=16, priority=5),
            Col("Borger", min=16, priority=9),
            Col("Hvad", min=14, priority=8),
            Col("Min værdi", min=12, priority=7),
            Col("Serverens værdi", min=12, priority=6),
        )
        table.focus()
        self.reload()

    def reload(self) -> None:
        """Read the open conflicts in a worker; a failure is said in the title line."""
        self.load(open_conflicts, self.show_rows, group="conflicts", failed=self.load_failed)

    def load_failed(self, message: str) -> None:
        self.query_one("#conflicts-title", Static).update(
            f"[b]Konflikter fra synkroniseringen[/b]  ·  [b red]kunne ikke læses: {escape(message)}[/]"
        )

    def show_rows(self, rows: list[ConflictRow]) -> None:
        table = self.query_one("#conflicts-table", DataTable)
        table.clear()
        self.rows = {str(row.id): row for row in rows}
        privacy = self.stv_app.privacy
        for row in rows:
            at = local_time(row.found_at)
            table.add_row(
                f"{at:%d-%m-%Y %H:%M}",
                shown_name(row.citizen, privacy) if row.citizen else "–",
                row.what,
                row.mine,
                row.theirs,
                key=str(row.id),
            )
        if not rows:
            table.add_row("", "", "Ingen konflikter", "", "", key="empty")
        count = len(rows)
        self.query_one("#conflicts-title", Static).update(
            f"[b]Konflikter fra synkroniseringen[/b]  ·  {count} at vælge i   "
            "[dim]m behold min · t behold serverens · e skriv en fletning[/dim]"
        )
        self.show_detail()
        self.refresh_header()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def refresh_privacy(self) -> None:
        self.reload()

    def current(self) -> ConflictRow | None:
        table = self.query_one("#conflicts-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key or "")

    def show_detail(self) -> None:
        row = self.current()
        detail = self.query_one("#conflicts-detail", Static)
        if row is None:
            detail.update("")
            return
        lines = [f"[b]{row.what}[/b] – {row.message}"]
        if row.base:
            lines.append(f"Før ændringerne: {row.base}")
        lines.append(f"Min værdi: {row.mine}")
        lines.append(f"Serverens værdi: {row.theirs}")
        choices = []
        if row.keeps_mine:
            choices.append("m behold min")
        choices.append("t behold serverens" if row.keeps_mine else "t forstået")
        if row.mergeable:
            choices.append("e skriv en fletning")
        lines.append(f"[dim]{' · '.join(choices)}[/dim]")
        detail.update("\n".join(lines))

    def _choose(self, how: Callable[[Any, uuid.UUID, uuid.UUID], None], text: str) -> None:
        row = self.current()
        if row is None:
            return
        conflict_id, worker_id = row.id, self.desk.me.id

        def chosen(_result: None) -> None:
            self.notify(text, title="Konflikt løst")
            self.reload()

        def refused(message: str) -> None:  # a ConflictError's Danish reason, or the database's
            self.notify(message, title="Konflikt", severity="warning")

        self.save(lambda s: how(s, conflict_id, worker_id), chosen, failed=refused, group="conflicts-choose")

    def action_mine(self) -> None:
        self._choose(keep_mine, "Din værdi er beholdt; den sendes ved næste synkronisering.")

    def action_theirs(self) -> None:
        self._choose(keep_theirs, "Serverens værdi er beholdt.")

    def action_merge(self) -> None:
        row = self.current()
        if row is None:
            return
        if not row.mergeable:
            self.notify(
                "Kun et tekstfelt kan flettes; vælg din værdi (m) eller serverens (t).",
                title="Konflikt",
                severity="warning",
            )
            return
        start = (
            row.theirs if row.mine == "(tom)" else (row.mine if row.theirs == "(tom)" else f"{row.theirs} / {row.mine}")
        )

        desk, conflict_id, worker_id = self.desk, row.id, self.desk.me.id

        def submit(text: str) -> str | None:
            """In the prompt's worker: a refusal (ConflictError) is said at the prompt, with the
            merge still typed."""
            desk.run(lambda s: write_merge(s, conflict_id, text, worker_id))
            return None

        def written(text: str | None) -> None:
            if text is None:
                return
            self.notify("Fletningen er gemt; den sendes ved næste synkronisering.", title="Konflikt løst")
            self.reload()

        self.app.push_screen(
            TextPromptModal(
                f"Flet: {row.what}",
                "Skriv den tekst, der skal gælde:",
                start,
                "Skriv en tekst, eller tryk Escape.",
                submit=submit,
            ),
            written,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
