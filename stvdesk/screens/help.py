"""Help (F1 / ?): the keys of the screen below and of the whole desk, as they work now.

Built from the screen's and the app's bindings after the jobcentre's keymap (`[taster]`), so a
remapped key shows its new key; what a binding does beyond its name comes from the screen's
KEY_HELP (by binding id), shown as the explanation.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from stvdesk.widgets.keys import BoundKey, bound_keys


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "close", "Luk hjælp", id="help.close"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.screen_title = getattr(screen, "TITLE_DA", "") or "Denne skærm"
        # Read now, while the screen is the one shown: its check_action may depend on it.
        self.rows: list[tuple[BoundKey, str]] = [
            *((bound, self.screen_title) for bound in bound_keys(screen)),
            *((bound, "Overalt") for bound in bound_keys(screen.app)),
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static("[b]Hjælp – taster[/b]", classes="dialog-title")
            table: DataTable[Any] = DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            table.add_columns("Tast", "Handling", "Gælder", "Forklaring")
            for bound, where in self.rows:
                table.add_row(bound.display, bound.binding.description, where, bound.explanation)
            table.add_row("↑ ↓ / mus", "Flyt markøren", "Tabeller", "")
            yield table
            yield Static("", id="help-binding-id")
            yield Static("[dim]Escape lukker hjælpen.[/dim]")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # The id a jobcentre writes in config.toml to give this key another one (README, Settings).
        binding_id = self.rows[event.cursor_row][0].binding.id if event.cursor_row < len(self.rows) else None
        text = f"[dim]Taste-id: {binding_id} (til \\[taster] i config.toml)[/dim]" if binding_id else ""
        self.query_one("#help-binding-id", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)
