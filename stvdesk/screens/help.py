"""Help (F1 / ?): the keys of the screen below and of the whole desk, as they work now.

Built from the screen's and the app's bindings after the jobcentre's keymap (`[taster]`), so a
remapped key shows its new key; what a binding does beyond its name comes from the screen's
KEY_HELP (by binding id), shown as the explanation.

A second page, "Metoderegler" (m; t goes back to the keys), lists the method's rules as
`stvdesk regler` prints them (stvdesk.domain.rules): id, name, the value in force, source and the
config.toml setting that changes it. Every warning the desk shows names its rule by that id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from stvdesk.domain.rules import Rule, catalogue
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.keys import BoundKey, bound_keys

#: The key table's columns, fitted to the dialog: the key and what it does stay whole at 80
#: columns; where it applies gives way first, then the explanation is cut at a word.
KEY_COLUMNS = (
    Col("Tast", key="key", min=5, priority=8),
    Col("Handling", key="action", min=12, priority=9),
    Col("Gælder", key="where", min=8, priority=3),
    Col("Forklaring", key="explanation", min=20, priority=5),
)
#: The dialog around the key table: its border, padding and the table's scrollbar.
DIALOG_CHROME = 2 + 4 + 2
#: The narrowest the dialog is made (the page tabs and the line of keys under them).
DIALOG_MIN = 64


def dialog_width(rows: Sequence[Sequence[str]]) -> int:
    """As wide as the key table wants (each column its widest cell or label, and the cells'
    padding), so that on a wide terminal no explanation is cut; the screen's width caps it."""
    wants = [max([cell_len(col.label), *(cell_len(row[i]) for row in rows)]) + 2 for i, col in enumerate(KEY_COLUMNS)]
    return max(DIALOG_MIN, sum(wants) + DIALOG_CHROME)


def rules_table(rules: list[Rule]) -> Table:
    """The rule catalogue as a table that wraps its long cells (the sources)."""
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Regel", ratio=3)
    table.add_column("Værdi", ratio=3)
    table.add_column("Kilde", ratio=4)
    table.add_column("Indstilling", ratio=3, overflow="fold")
    for rule in rules:
        value = f"{rule.value} [yellow](ændret)[/yellow]" if rule.changed else rule.value
        table.add_row(f"[b]{rule.short}[/b] [dim]{rule.id}[/dim]\n{rule.name}", value, rule.source, rule.setting)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "close", "Luk hjælp", id="help.close"),
        Binding("m", "page('help-rules')", "Metoderegler", id="help.rules"),
        Binding("t", "page('help-keys-page')", "Taster", id="help.keys"),
    ]

    def __init__(self, screen: Screen[Any], rules: list[Rule] | None = None) -> None:
        super().__init__()
        # The rules in force, from the desk's settings (the app passes them); the defaults else.
        self.rules = rules if rules is not None else catalogue()
        self.screen_title = getattr(screen, "TITLE_DA", "") or "Denne skærm"
        # Read now, while the screen is the one shown: its check_action may depend on it.
        self.rows: list[tuple[BoundKey, str]] = [
            *((bound, self.screen_title) for bound in bound_keys(screen)),
            *((bound, "Overalt") for bound in bound_keys(screen.app)),
        ]

    def compose(self) -> ComposeResult:
        rows = [(bound.display, bound.binding.description, where, bound.explanation) for bound, where in self.rows]
        rows.append(("↑ ↓ / mus", "Flyt markøren", "Tabeller", ""))
        dialog = Vertical(id="help-dialog", classes="dialog")
        dialog.styles.width = dialog_width(rows)  # app.tcss caps it at the screen's width
        with dialog:
            yield Static("[b]Hjælp[/b]", classes="dialog-title")
            with TabbedContent(id="help-pages"):
                with TabPane("Taster", id="help-keys-page"):
                    table = FastTable(id="help-keys", cursor_type="row", zebra_stripes=True)
                    table.add_fitted(*KEY_COLUMNS)
                    for row in rows:
                        table.add_row(*row)
                    yield table
                    yield Static("", id="help-binding-id")
                with TabPane("Metoderegler", id="help-rules"):
                    with VerticalScroll(id="help-rules-scroll"):
                        yield Static(
                            "Reglerne, som advarsler og flag nævner med deres id. Kilde 000 er STV-hovedrapporten "
                            "(kap. 4), 002 evalueringen af Flere skal med (kap. 5); en lokal indstilling er et tal, "
                            "rapporterne ikke giver. Indstillingen ændres i config.toml (stvdesk regler viser det "
                            "samme).",
                            id="help-rules-intro",
                        )
                        yield Static(rules_table(self.rules), id="help-rules-table")
            yield Static("[dim]m metoderegler · t taster · Escape lukker hjælpen.[/dim]")

    def on_mount(self) -> None:
        self.query_one("#help-keys", DataTable).focus()

    def action_page(self, page: str) -> None:
        self.query_one("#help-pages", TabbedContent).active = page
        target = "#help-keys" if page == "help-keys-page" else "#help-rules-scroll"
        self.query_one(target).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # The id a jobcentre writes in config.toml to give this key another one (README, Settings).
        binding_id = self.rows[event.cursor_row][0].binding.id if event.cursor_row < len(self.rows) else None
        text = f"[dim]Taste-id: {binding_id} (til \\[taster] i config.toml)[/dim]" if binding_id else ""
        self.query_one("#help-binding-id", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)
