"""The yardstick for cold start: a minimal Textual app with a header, a table and a footer.

It prints the same kind of marker as stvdesk once its table holds rows, so both are timed
the same way (process start → marker text on the terminal). With --with-data-layer it first
imports SQLAlchemy and stvdesk's models, the part of stvdesk's start no screen can skip.
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
    import sys

    if "--with-data-layer" in sys.argv:
        # The floor for stvdesk: the same app after importing what every query needs.
        import sqlalchemy  # noqa: F401

        import stvdesk.db.models  # noqa: F401
    MinimalApp().run()
