""" "Import": a team's spreadsheet into stvdesk from the desk. Type the file's path;
the screen shows how each column will be read (correct a column with Enter, the kind with t,
save the mapping with g), the first rows, and the dry run's problems by row and column. `i`
imports everything in one transaction, with a progress bar; any error leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, ProgressBar, Static

from stvdesk.db.queries.edits import Editor
from stvdesk.domain.numbers import format_number
from stvdesk.domain.privacy import HIDDEN_NAME
from stvdesk.importing import mapping as mappings
from stvdesk.importing.check import ImportPlan, Lookups, check_table
from stvdesk.importing.fields import FIELDS, ImportKind
from stvdesk.importing.prepare import Prepared, prepare
from stvdesk.importing.write import ImportFailed, ImportResult, apply_plan, load_lookups
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.modals import ChoiceModal

SHOWN_PROBLEMS = 200


def mapping_file() -> Path:
    return mappings.default_path()


class ImportScreen(DataPath, DeskScreen):
    TITLE_DA = "Import"

    DEFAULT_CSS = """
    #import-columns { height: auto; max-height: 14; }
    #import-preview { height: auto; max-height: 8; }
    #import-problems-box { height: 1fr; min-height: 4; }
    """

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="import.back"),
        Binding("enter", "pick_field", "Ret kolonne", id="import.field"),
        Binding("t", "pick_kind", "Type", id="import.kind"),
        Binding("g", "save_mapping", "Gem kolonner", id="import.save"),
        Binding("i", "run_import", "Importér", id="import.run"),
        Binding("o", "focus_path", "Anden fil", id="import.path"),
        Binding("m", "toggle_workers", "Opret medarbejdere", show=False, id="import.workers"),
    ]

    @dataclass(frozen=True)
    class Checked:
        """A file read and checked against the database: what the screen shows and imports."""

        prepared: Prepared
        plan: ImportPlan
        lookups: Lookups

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.prepared: Prepared | None = None
        self.plan: ImportPlan | None = None
        self.lookups: Lookups | None = None
        self.running = False
        self.last_result = ""  # what the last import did, kept above the new dry run of the file
        self.create_workers = False

    def compose_body(self) -> ComposeResult:
        yield Static(
            "[b]Importér fra Excel eller CSV[/b]  ·  borgere, forløb, virksomheder eller opfølgninger  "
            "[dim]Enter på en kolonne retter den[/dim]",
            id="import-title",
        )
        yield Input(
            value=self.initial_path,
            placeholder="Sti til en .xlsx- eller .csv-fil, fx ~/Skrivebord/stamme.xlsx",
            id="import-path",
        )
        yield Static("", id="import-file")
        # Fitted by content: a long heading in the file is shown whole where there is room.
        yield FastTable(id="import-columns", cursor_type="row", zebra_stripes=True)
        yield FastTable(id="import-preview", cursor_type="none", zebra_stripes=True)  # fits the width
        yield Static("", id="import-summary")
        with VerticalScroll(id="import-problems-box"):
            yield Static("", id="import-problems", classes="detail")
        yield ProgressBar(id="import-progress", show_eta=False)

    def on_mount(self) -> None:
        columns = self.query_one("#import-columns", FastTable)
        columns.add_fitted(
            Col("Kolonne i filen", key="column", min=20, priority=9),
            Col("Læses som", key="field", min=16, priority=8),
        )
        self.query_one("#import-progress", ProgressBar).display = False
        if self.initial_path:
            self.load_file(self.initial_path)
        else:
            self.query_one("#import-path", Input).focus()

    # --- reading and checking ------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.load_file(event.value.strip())

    def load_file(self, text: str) -> None:
        self.last_result = ""
        self.query_one("#import-file", Static).update(f"Læser {escape(text)} …")
        self.read_and_check(Path(text).expanduser())

    def read_and_check(self, path: Path) -> None:
        """Reading a large workbook takes seconds: in the data path's worker, with the check."""
        self._check(lambda: prepare(path, mapping_file=mapping_file()))

    def check(self, prepared: Prepared) -> None:
        """Check the file again (a column or the kind corrected, after an import)."""
        self._check(lambda: prepared)

    def _check(self, prepared_by: Callable[[], Prepared]) -> None:
        """Read (or take) the file and check it against the database, in a worker; a newer check
        drops an older one's answer. A file that cannot be read (ReadError) or a database that
        does not answer is said in red under the path, which keeps what was typed."""
        worker_id, today, create = self.desk.me.id, self.desk.clock.today(), self.create_workers

        def read(session: Any) -> ImportScreen.Checked:  # Any: screens name no SQL types (the layer rule)
            prepared = prepared_by()
            lookups = load_lookups(session, worker_id, today, prepared.kind, create_workers=create)
            plan = check_table(prepared.table, prepared.kind, prepared.mapping, lookups)
            return self.Checked(prepared, plan, lookups)

        self.load(read, self.show_checked, group="import-check", failed=self.check_failed)

    def check_failed(self, message: str) -> None:
        self.query_one("#import-file", Static).update(f"[b red]{escape(message)}[/b red]")

    def show_checked(self, checked: Checked) -> None:
        self.prepared, self.plan, self.lookups = checked.prepared, checked.plan, checked.lookups
        table = checked.prepared.table
        details = [
            f"[b]{escape(table.source)}[/b]",
            f"type: {checked.prepared.kind.label.lower()}",
            f"overskrifter i række {table.header_row}",
            f"kolonner {checked.prepared.origin}",
        ]
        if table.encoding:
            details.append(f"{table.encoding}, skilletegn «{'tab' if table.delimiter == chr(9) else table.delimiter}»")
        if table.other_sheets:
            details.append(f"andre ark: {', '.join(table.other_sheets)}")
        self.query_one("#import-file", Static).update(escape("  ·  ").join(details))
        self.show_columns()
        self.show_preview()
        self.show_plan()
        self.query_one("#import-columns", DataTable).focus()

    def show_columns(self) -> None:
        if self.prepared is None:
            return
        columns = self.query_one("#import-columns", DataTable)
        row = columns.cursor_row
        columns.clear()
        for index, (column, label) in enumerate(self.prepared.column_lines()):
            columns.add_row(
                column, label if label != "—" else Text.from_markup("[dim]— bruges ikke[/dim]"), key=str(index)
            )
        if columns.row_count:
            columns.move_cursor(row=min(row, columns.row_count - 1))

    def show_preview(self) -> None:
        if self.prepared is None:
            return
        preview = self.query_one("#import-preview", DataTable)
        preview.clear(columns=True)
        header, rows = self.prepared.preview(5)
        privacy = self.stv_app.privacy
        for label in header:
            preview.add_column(label)
        for row in rows:
            preview.add_row(*[(HIDDEN_NAME if privacy and i > 0 else cell) for i, cell in enumerate(row)])

    def show_plan(self) -> None:
        plan = self.plan
        if plan is None:
            return
        done = f"[b green]{escape(self.last_result)}[/b green]\nFilen læst igen: " if self.last_result else ""
        self.query_one("#import-summary", Static).update(
            done
            + f"[b]{escape(plan.summary())}[/b]"
            + (
                "\n[dim]i importerer alle rækker[/dim]"
                if plan.can_import()
                else f"\n[dim]Ret fejlene i filen og læs den igen (o), eller tryk i for at importere rækkerne uden fejl "
                f"og lade de {format_number(len(plan.rows_with_errors))} rækker med fejl ude.[/dim]"
                if plan.can_import(skip_errors=True)
                else "\n[dim]Intet kan importeres, før fejlene er rettet.[/dim]"
            )
        )
        if self.stv_app.privacy:  # a message may quote a name from the file
            lines = [
                f"[red]{format_number(len(plan.errors))} fejl[/red], "
                f"[yellow]{format_number(len(plan.notices))} bemærkninger[/yellow] "
                "[dim](skjult: privatliv er slået til, F4)[/dim]"
            ]
            self.query_one("#import-problems", Static).update("\n".join(lines))
            return
        lines = [f"[red]{escape(p.text())}[/red]" for p in plan.errors[:SHOWN_PROBLEMS]]
        lines += [f"[yellow]{escape(p.text())}[/yellow]" for p in plan.notices[:SHOWN_PROBLEMS]]
        hidden = len(plan.problems) - len(lines)
        if hidden > 0:
            lines.append(f"[dim]… og {format_number(hidden)} mere (stvdesk import --proevekoersel viser alle)[/dim]")
        self.query_one("#import-problems", Static).update("\n".join(lines) or "[green]Ingen problemer.[/green]")

    def refresh_privacy(self) -> None:
        if self.prepared is not None:
            self.show_preview()
            self.show_plan()

    # --- corrections -------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a column (the table takes Enter before the screen's binding sees it)."""
        if event.data_table.id == "import-columns":
            event.stop()
            self.action_pick_field()

    def action_pick_field(self) -> None:
        prepared = self.prepared
        if prepared is None or self.running:
            return
        columns = self.query_one("#import-columns", DataTable)
        if columns.row_count == 0:
            return
        index = columns.cursor_row
        header = prepared.table.headers[index]
        choices = [("— brug ikke kolonnen", "")] + [(spec.label, spec.key) for spec in FIELDS[prepared.kind]]

        def chosen(key: str | None) -> None:
            if key is None:  # Escape
                return
            mapping = {c: k for c, k in prepared.mapping.items() if c != index and k != key}
            if key:
                mapping[index] = key
            self.check(prepared.with_mapping(mapping))

        self.app.push_screen(ChoiceModal(f"Kolonne «{header}» læses som", choices), chosen)

    def action_pick_kind(self) -> None:
        prepared = self.prepared
        if prepared is None or self.running:
            return

        def chosen(kind: ImportKind | None) -> None:
            if kind is not None and kind is not prepared.kind:
                self.check(prepared.with_kind(kind, mapping_file()))

        self.app.push_screen(ChoiceModal("Hvad indeholder filen?", [(k.label, k) for k in ImportKind]), chosen)

    def action_save_mapping(self) -> None:
        if self.prepared is None:
            return
        mappings.save(
            mapping_file(),
            self.prepared.kind,
            self.prepared.table.headers,
            self.prepared.mapping,
            self.desk.clock.today(),
        )
        self.notify("Kolonneopsætningen er gemt og bruges næste gang, filen har de samme overskrifter.", title="Import")

    def action_toggle_workers(self) -> None:
        """Create the colleagues the file names by initials (or stop doing so), and check again."""
        if self.prepared is None or self.plan is None or self.running:
            return
        if not self.create_workers and not self.plan.unknown_workers:
            self.notify("Filen nævner ingen ukendte medarbejdere.", title="Import")
            return
        self.create_workers = not self.create_workers
        self.check(self.prepared)

    def action_focus_path(self) -> None:
        self.query_one("#import-path", Input).focus()

    # --- the import ---------------------------------------------------------------------------

    def action_run_import(self) -> None:
        plan = self.plan
        if plan is None or self.running:
            return
        if not plan.can_import(skip_errors=True):
            self.notify(
                "Der er intet at importere: ret fejlene i filen eller kolonneopsætningen først.",
                title="Import",
                severity="warning",
            )
            return
        counts = f"{format_number(plan.new_count)} nye, {format_number(plan.existing_count)} findes og opdateres"
        label = f"Importér {format_number(len(plan.records))} rækker ({counts})"
        if plan.errors:
            label += f" og lad {format_number(len(plan.rows_with_errors))} rækker med fejl ude"
        choices = [(label, True)]

        def chosen(go: bool | None) -> None:
            if go:
                self.start_import(skip_errors=bool(plan.errors))

        self.app.push_screen(ChoiceModal(f"Importér {escape(plan.source)}?", [*choices, ("Fortryd", False)]), chosen)

    def start_import(self, *, skip_errors: bool) -> None:
        plan, lookups = self.plan, self.lookups
        if plan is None or lookups is None:
            return
        self.running = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=len(plan.records), progress=0)
        self.write(plan, lookups, skip_errors)

    def write(self, plan: ImportPlan, lookups: Lookups, skip_errors: bool) -> None:
        """The whole import in one transaction, in a worker; its progress comes back as messages."""
        editor = Editor(worker_id=self.desk.me.id, today=self.desk.clock.today(), device="import")
        name = plan.source.split(" · ")[0]

        def progressed(done: int, total: int) -> None:
            self.post_message(self.Progressed(done, total))  # from the worker: post_message is thread-safe

        def run(session: Any) -> ImportResult | str:  # Any: screens name no SQL types (the layer rule)
            try:
                return apply_plan(
                    session, plan, editor, lookups, file_name=name, skip_errors=skip_errors, progress=progressed
                )
            except ImportFailed as exc:  # rolled back; its message is Danish and says why
                return str(exc)

        self.save(
            run,
            self.finished,
            failed=lambda message: self.finished(f"Importen mislykkedes, og intet er importeret. {message}"),
            group="import-write",
        )

    def on_import_screen_progressed(self, message: Progressed) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=message.total, progress=message.done)

    def finished(self, result: ImportResult | str) -> None:
        """The import's result, or why nothing was imported (a Danish message)."""
        self.running = False
        if isinstance(result, str):
            self.query_one("#import-summary", Static).update(f"[b red]{escape(result)}[/b red]")
            self.query_one("#import-progress", ProgressBar).display = False
            self.notify(result, title="Import", severity="error")
            return
        if self.plan is None or self.prepared is None:  # never: an import starts from a checked file
            return
        text = result.summary(self.plan.kind)
        self.last_result = text
        self.query_one("#import-summary", Static).update(f"[b green]{escape(text)}[/b green]")
        self.query_one("#import-progress", ProgressBar).display = False
        self.notify(text, title="Import")
        self.check(self.prepared)  # the same file again now reads as already imported
        for screen in self.app.screen_stack:
            if isinstance(screen, DeskScreen) and screen is not self:
                screen.data_changed()

    def action_back(self) -> None:
        if not self.running:
            self.app.pop_screen()
