"""The yardstick for cold start: a minimal Textual app with a header, a table and a footer.

It prints the same kind of marker as stvdesk once its table holds rows, so both are timed
the same way (process start → marker text on the terminal).
"""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class MinimalApp(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Dato", "Borger")
        for n in range(20):
            table.add_row(f"{n:02d}-11", f"Borger {n}")
        self.sub_title = "Min sagsstamme"


if __name__ == "__main__":
    MinimalApp().run()
