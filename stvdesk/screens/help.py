"""Help (F1 / ?): the keys of the screen below and of the whole desk."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


def _rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            rows.append((binding.key_display or binding.key, binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "close", "Luk hjælp", id="help.close"),
    ]

    def __init__(self, screen_title: str, screen_bindings: list[BindingType], app_bindings: list[BindingType]) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.screen_bindings = screen_bindings
        self.app_bindings = app_bindings

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static("[b]Hjælp – taster[/b]", classes="dialog-title")
            table: DataTable = DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            table.add_columns("Tast", "Handling", "Gælder")
            for key, text in _rows(self.screen_bindings):
                table.add_row(key, text, self.screen_title)
            for key, text in _rows(self.app_bindings):
                table.add_row(key, text, "Overalt")
            table.add_row("↑ ↓ / mus", "Flyt markøren", "Tabeller")
            yield table
            yield Static("[dim]Escape lukker hjælpen.[/dim]")

    def action_close(self) -> None:
        self.dismiss(None)
