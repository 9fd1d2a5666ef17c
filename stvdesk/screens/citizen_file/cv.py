"""CV: the Jobnet CV's state, the application CV and the next step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from stvdesk.db.queries.edits import update_cv
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import CvState
from stvdesk.screens.citizen_file.common import FileTab, choices
from stvdesk.widgets.form import FieldSpec

if TYPE_CHECKING:
    from stvdesk.db.queries.citizen_file import CitizenFile


class CvTab(FileTab):
    TAB = "cv"

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="cv-body", classes="file-body")

    def render_tab(self, f: CitizenFile) -> None:
        cv = f.cv
        state = cv.jobnet_state if cv else CvState.MISSING
        colour = "yellow" if state in (CvState.MISSING, CvState.STARTED) else "green"
        lines = [
            f"Jobnet-CV: [{colour}]{state.label}[/{colour}]",
            f"Ansøgnings-CV: {'ja' if cv and cv.application_cv else 'nej'}"
            + (
                f" (opdateret {format_date(cv.application_cv_updated_on)})"
                if cv and cv.application_cv_updated_on
                else ""
            ),
            f"Sidst opdateret: {format_date(cv.last_updated_on) if cv and cv.last_updated_on else '–'}",
            f"Næste skridt: {escape(self.free(cv.next_step)) if cv and cv.next_step else '–'}",
            "",
            "[dim]e ret CV-status[/dim]",
        ]
        self.query_one("#cv-body", Static).update("\n".join(lines))

    def new(self) -> None:
        self.form_cv()

    def edit(self) -> None:
        self.form_cv()

    def form_cv(self) -> None:
        cv, citizen_id = self.loaded.cv, self.loaded.citizen.id
        self.open_form(
            "CV-status",
            [
                FieldSpec(
                    "jobnet_state",
                    "Jobnet-CV",
                    kind="choice",
                    value=cv.jobnet_state if cv else CvState.MISSING,
                    choices=choices(CvState),
                ),
                FieldSpec("application_cv", "Ansøgnings-CV findes", kind="bool", value=bool(cv and cv.application_cv)),
                FieldSpec("next_step", "Næste skridt", value=cv.next_step if cv else ""),
            ],
            self.stores(
                lambda s, ed, v: update_cv(
                    s,
                    ed,
                    citizen_id,
                    jobnet_state=v["jobnet_state"],
                    application_cv=v["application_cv"],
                    next_step=v["next_step"],
                )
            ),
        )
