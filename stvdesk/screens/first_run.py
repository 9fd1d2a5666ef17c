"""First run on an empty database: create the team and the worker at the desk, or go to the demo."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from stvdesk.db.queries.workers import WorkerInfo, create_first_user
from stvdesk.domain import validation
from stvdesk.domain.enums import Role
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.keybar import KeyBar

FIELDS = (
    ("team", "Teamets navn", "fx Team Vest"),
    ("municipality", "Kommune / jobcenter", "fx Jobcenter Holmbæk"),
    ("name", "Dit navn", "Fornavn Efternavn"),
    ("initials", "Dine initialer", "fx KB"),
)


class FirstRunScreen(DataPath, Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "create", "Opret", id="first_run.create", priority=True),
        Binding("ctrl+o", "demo", "Åbn demo", id="first_run.demo", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.creating = False  # a second ctrl+s while the first creation runs does nothing

    def compose(self) -> ComposeResult:
        with Vertical(id="first-run", classes="dialog"):
            yield Static("[b]Velkommen til stvdesk[/b]", classes="dialog-title")
            yield Static(
                "Databasen er tom. Opret dit team og dig selv, så åbner skrivebordet.\n"
                "Vil du først se, hvordan det ser ud? Vælg demoen (ctrl+o) – den bruger kun opdigtede borgere."
            )
            yield Static("", id="fr-error", classes="field-error")
            for key, label, placeholder in FIELDS:
                yield Label(label)
                yield Input(placeholder=placeholder, id=f"fr-{key}")
                yield Static("", id=f"fr-{key}-error", classes="field-error")
            yield Label("Din rolle")
            yield Select([(role.label, role) for role in Role], value=Role.S, allow_blank=False, id="fr-role")
            with Horizontal(classes="buttons"):
                yield Button("Opret (ctrl+s)", variant="primary", id="fr-create")
                yield Button("Åbn demo (ctrl+o)", id="fr-demo")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#fr-team", Input).focus()

    def values(self) -> dict[str, str]:
        return {key: self.query_one(f"#fr-{key}", Input).value for key, _, _ in FIELDS}

    def errors(self, values: dict[str, str]) -> dict[str, str]:
        checks = {
            "team": validation.required(values["team"], "Teamets navn"),
            "municipality": None,
            "name": validation.required(values["name"], "Dit navn"),
            "initials": validation.initials(values["initials"]),
        }
        return {key: message for key, message in checks.items() if message}

    @on(Button.Pressed, "#fr-create")
    def action_create(self) -> None:
        values = self.values()
        errors = self.errors(values)
        for key, _, _ in FIELDS:
            self.query_one(f"#fr-{key}-error", Static).update(errors.get(key, ""))
        if errors:
            first = next(key for key, _, _ in FIELDS if key in errors)
            self.query_one(f"#fr-{first}", Input).focus()
            return
        if self.creating:
            return
        role = self.query_one("#fr-role", Select).value
        self.create(values, role if isinstance(role, Role) else Role.S)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.focus_next()

    @on(Button.Pressed, "#fr-demo")
    def action_demo(self) -> None:
        self.app.exit(result="demo")

    def create(self, values: dict[str, str], role: Role) -> None:
        """Create the team and the worker in a worker; a failure is said above the fields, which
        keep what was typed."""
        self.creating = True
        self.query_one("#fr-error", Static).update("Opretter …")

        def created(worker: WorkerInfo) -> None:
            self.app.start_desk(worker)  # type: ignore[attr-defined]

        def failed(message: str) -> None:
            self.creating = False
            self.query_one("#fr-error", Static).update(f"Teamet er ikke oprettet: {escape(message)}")

        self.save(
            lambda session: create_first_user(
                session,
                team_name=values["team"],
                municipality=values["municipality"],
                initials=values["initials"],
                name=values["name"],
                role=role,
            ),
            created,
            failed=failed,
            group="first-run",
        )
