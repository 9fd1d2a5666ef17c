"""The citizen's file, in tabs: Overblik, ABC-plan, CV, Min Plan, Forløb, Opfølgninger, Møder,
Journal, Historik. Keys 1–9 switch tab; n adds, e edits, d marks done, each on the tab shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from stvdesk.db.audit import log_access
from stvdesk.db.queries.citizen_file import CitizenFile, citizen_file, companies_by_name
from stvdesk.db.queries.edits import (
    EditError,
    Editor,
    add_development_goal,
    add_goal_action,
    add_job_goal,
    add_note,
    add_placement,
    add_plan_step,
    change_placement_hours,
    close_case,
    complete_goal_action,
    complete_plan_step,
    end_placement,
    handover_summary,
    reassign_case,
    set_phase_override,
    update_citizen,
    update_cv,
    update_goal_action,
    update_job_goal,
    update_placement,
    update_plan_step,
)
from stvdesk.db.queries.followups import FollowUpError
from stvdesk.db.queries.meetings import mark_agreement_kept
from stvdesk.db.queries.workers import team_workers
from stvdesk.domain.calendar import aftercare_dates, format_date
from stvdesk.domain.cpr import CprError, mask, parse_cpr
from stvdesk.domain.enums import (
    ActionStatus,
    AuditAction,
    CaseCloseReason,
    CvState,
    FollowUpStatus,
    GoalStatus,
    JobGoalKind,
    MeetingStatus,
    Phase,
    PlacementEndReason,
    PlacementKind,
    PlacementStatus,
    Readiness,
    Role,
    StepOwner,
    TargetGroup,
)
from stvdesk.domain.parse import ParseError, format_hours, parse_date, parse_hours, parse_optional_date
from stvdesk.domain.placements import placement_form_errors
from stvdesk.domain.progression import format_mean, sparkline, trend_word
from stvdesk.screens.base import DeskScreen, TabTables
from stvdesk.settings import export_dir
from stvdesk.widgets.form import FieldSpec, FormModal
from stvdesk.widgets.header import DeskHeader
from stvdesk.widgets.modals import InfoModal

TABS = [
    ("overblik", "Overblik"),
    ("abc", "ABC-plan"),
    ("cv", "CV"),
    ("plan", "Min Plan"),
    ("forloeb", "Forløb"),
    ("opfoelgning", "Opfølgninger"),
    ("moeder", "Møder"),
    ("journal", "Journal"),
    ("historik", "Historik"),
]


def _choices(enum_cls) -> list[tuple[str, Any]]:
    return [(member.label, member) for member in enum_cls]


class CitizenFileScreen(TabTables, DeskScreen):
    TITLE_DA = "Borgerens sag"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="file.back"),
        *[
            Binding(str(n), f"show_tab('{tab}')", label, show=False, id=f"file.tab.{tab}")
            for n, (tab, label) in enumerate(TABS, start=1)
        ],
        Binding("n", "new", "Ny", id="file.new"),
        Binding("e", "edit", "Ret", id="file.edit"),
        Binding("d", "done", "Udført", id="file.done"),
        Binding("a", "new_action", "Ny handling", show=False, id="file.new_action"),
        Binding("u", "new_development_goal", "Nyt udviklingsmål", show=False, id="file.new_dev"),
        Binding("t", "change_hours", "Timer", show=False, id="file.hours"),
        Binding("x", "end_placement", "Afslut forløb", show=False, id="file.end"),
        Binding("f", "override_phase", "Sæt fase", show=False, id="file.phase"),
        Binding("r", "correct_note", "Ret notat", show=False, id="file.correct"),
        Binding("h", "hold", "Afholdt", show=False, id="file.hold"),
        Binding("o", "reassign", "Omfordel", show=False, id="file.reassign"),
        Binding("l", "close_case", "Luk sag", show=False, id="file.close"),
        Binding("m", "new_meeting", "Nyt møde", id="file.meeting"),
        Binding("k", "agreement_kept", "Aftale holdt", show=False, id="file.agreement_kept"),
        Binding("g", "progress", "Progression", show=False, id="file.progress"),
        Binding("j", "match_companies", "Match virksomheder", show=False, id="file.match"),
        Binding("y", "story", "God historie", show=False, id="file.story"),
        Binding("c", "reveal_cpr", "Vis CPR", show=False, id="file.reveal_cpr"),
    ]

    @dataclass
    class Loaded(Message):
        file: CitizenFile | None

    def __init__(
        self, citizen_id: uuid.UUID, tab: str = "overblik", then: str | None = None, purpose: str = ""
    ) -> None:
        super().__init__()
        self.citizen_id = citizen_id
        self.purpose = purpose  # given when the citizen is outside the worker's reach; logged
        self.cpr_shown = False  # the whole CPR number, for CPR_SHOWN_SECONDS after `c`
        self.file: CitizenFile | None = None
        self.first_tab = tab
        self.then = then  # "new": open the tab's new-item form once loaded
        self.view_logged_for: uuid.UUID | None = None  # the access log has this opening

    # --- layout -------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static("Indlæser …", id="file-title")
        with TabbedContent(initial=self.first_tab, id="file-tabs"):
            for n, (tab, label) in enumerate(TABS, start=1):
                with TabPane(f"{n} {label}", id=tab):
                    if tab in ("overblik", "cv"):
                        with VerticalScroll():
                            yield Static("", id=f"{tab}-body", classes="file-body")
                    else:
                        yield Static("", id=f"{tab}-hint", classes="tab-hint")
                        yield DataTable(id=f"{tab}-table", cursor_type="row", zebra_stripes=True)
                        if tab == "forloeb":
                            yield Static("", id="forloeb-warnings")
                        if tab == "moeder":
                            yield Static("", id="moeder-agreements-title")
                            yield DataTable(id="aftaler-table", cursor_type="row", zebra_stripes=True)

    def show_citizen(
        self, citizen_id: uuid.UUID, tab: str = "overblik", then: str | None = None, purpose: str = ""
    ) -> None:
        """Make this (already built) screen another citizen's file before it is shown again.

        Building the nine tabs costs more than loading a file (issue 8), so the app keeps one
        file screen and reuses it. Everything of the previous citizen is wiped here, before
        the screen is visible, so no name of one citizen is ever seen on another's file."""
        self.citizen_id, self.then, self.file, self.view_logged_for = citizen_id, then, None, None
        self.purpose = purpose
        self.cpr_shown = False
        self.query_one("#desk-header", DeskHeader).update(self._header_text())
        self.query_one("#file-title", Static).update("Indlæser …")
        for body in self.query(".file-body, #forloeb-warnings, #moeder-agreements-title").results(Static):
            body.update("")
        for table in self.query(DataTable):
            table.clear(columns=True)
        self.query_one("#file-tabs", TabbedContent).active = tab
        self.set_focus(None)  # focus goes where it went the first time (Screen.AUTO_FOCUS)

    def on_screen_resume(self) -> None:
        # First shown, shown again for another citizen, or back from a meeting or a form:
        # every time, show what is stored now.
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="citizen-file")
    def load(self) -> None:
        today, citizen_id, worker, purpose = self.desk.clock.today(), self.citizen_id, self.desk.worker, self.purpose
        log_view = self.view_logged_for != citizen_id  # one event per opening, not per reload
        self.view_logged_for = citizen_id

        def read(session):
            found = citizen_file(session, citizen_id, today)
            if found is not None and log_view:
                log_access(
                    session,
                    worker_id=worker.id if worker else None,
                    action=AuditAction.VIEW,
                    citizen_id=citizen_id,
                    purpose=purpose,
                )
            return found

        self.post_message(self.Loaded(self.desk.query(read)))

    def on_citizen_file_screen_loaded(self, message: Loaded) -> None:
        self.file = message.file
        self.render_file()
        if self.then == "new" and self.file is not None:
            self.then = None
            self.action_new()

    def refresh_privacy(self) -> None:
        self.render_file()

    @property
    def privacy(self) -> bool:
        return self.stv_app.privacy

    def active_tab(self) -> str:
        return self.query_one("#file-tabs", TabbedContent).active

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#file-tabs", TabbedContent).active = tab
        table = self.query(f"#{tab}-table")
        if table:
            table.first().focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    CPR_SHOWN_SECONDS = 20

    def action_reveal_cpr(self) -> None:
        """Show the whole CPR number for a while; each reveal is one REVEAL_CPR event (issue 9)."""
        if self.file is None or self.cpr_shown:
            return
        if self.privacy:
            self.notify("Skærmen er i privatvisning (F4); CPR vises ikke.", severity="warning")
            return
        self.cpr_shown = True
        self.render_file()
        self._log_reveal(self.file.citizen.id)
        self.set_timer(self.CPR_SHOWN_SECONDS, self._hide_cpr)

    def _hide_cpr(self) -> None:
        if self.cpr_shown:
            self.cpr_shown = False
            if self.file is not None:
                self.render_file()

    @work(thread=True, exit_on_error=False, group="citizen-file-log")
    def _log_reveal(self, citizen_id: uuid.UUID) -> None:
        worker = self.desk.worker
        self.desk.query(
            lambda s: log_access(
                s,
                worker_id=worker.id if worker else None,
                action=AuditAction.REVEAL_CPR,
                citizen_id=citizen_id,
                purpose=self.purpose,
            )
        )

    # --- rendering ----------------------------------------------------------------------

    def render_file(self) -> None:
        f = self.file
        if f is None:
            self.query_one("#file-title", Static).update("[red]Borgeren findes ikke (længere).[/red]")
            return
        c = f.citizen
        name = "••••••" if self.privacy else escape(c.full_name)
        cpr = "xxxxxx-xxxx" if self.privacy else (f"{c.cpr[:6]}-{c.cpr[6:]}" if self.cpr_shown else mask(c.cpr))
        closed = f"  [reverse] Lukket {format_date(c.closed_on)} [/reverse]" if c.closed_on else ""
        self.query_one("#file-title", Static).update(
            f"[b]{name}[/b]  {cpr}  {f.age} år  ·  {c.current_phase.label}  ·  {c.readiness.label}{closed}"
        )
        self.render_overview(f)
        self.render_abc(f)
        self.render_cv(f)
        self.render_plan(f)
        self.render_placements(f)
        self.render_follow_ups(f)
        self.render_meetings(f)
        self.render_journal(f)
        self.render_history(f)

    def render_overview(self, f: CitizenFile) -> None:
        c = f.citizen
        hidden = self.privacy
        phase = (
            f"{c.current_phase.label} – [i]manuelt sat: {escape(c.phase_override_reason)}[/i] "
            f"(data siger {f.derived.phase.label.lower()}: {escape(f.derived.why)})"
            if c.phase_override
            else f"{c.phase.label} ({escape(f.derived.why)})"
        )
        lines = [
            "[b]Kontakt[/b]",
            f"Telefon: {'••••' if hidden else escape(c.phone) or '–'}    Mail: {'••••' if hidden else escape(c.email) or '–'}",
            f"Adresse: {'••••' if hidden else escape(f'{c.address}, {c.postal_code} {c.city}'.strip(', '))}",
            "",
            "[b]Sagen[/b]",
            f"Målgruppe: {c.target_group.label}",
            f"Sagsbehandler: {escape(f.caseworker) or '–'}    Virksomhedskonsulent: {escape(f.consultant) or '[yellow]ingen[/yellow]'}",
            f"Fase: {phase}",
            f"Parathed: {c.readiness.label}",
            f"Sag åbnet: {format_date(c.opened_on)}",
            "",
            "[b]Før et virksomhedsforløb[/b]",
        ]
        lines += [f"• {escape(item)}" for item in f.todo_before_placement] or ["[green]Intet mangler.[/green]"]
        lines += ["", "[dim]e ret stamdata · f sæt fase manuelt[/dim]"]
        self.query_one("#overblik-body", Static).update("\n".join(lines))

    def render_abc(self, f: CitizenFile) -> None:
        today = self.desk.clock.today()
        table = self._table(
            "abc",
            ["Mål", "Titel / handling", "Status", "Aftalt / frist"],
            "n nyt jobmål · a ny handling til valgt mål · d handling udført · e ret · u nyt udviklingsmål",
        )
        for item in f.goals:
            g = item.goal
            table.add_row(
                Text(f"{g.kind.value}-mål", style="bold"),
                Text(g.title, style="bold"),
                g.status.label,
                format_date(g.agreed_on),
                key=f"goal:{g.id}",
            )
            for action in item.actions:
                late = action.status is ActionStatus.OPEN and action.due_on and action.due_on < today
                table.add_row(
                    "",
                    f"  • {action.text}",
                    action.status.label,
                    Text(format_date(action.due_on), style="red" if late else ""),
                    key=f"action:{action.id}",
                )
        for d, actions in f.development_goals:
            table.add_row(
                Text("Udvikling", style="bold"),
                Text(f"{d.area}: {d.description}", style="bold"),
                d.status.label,
                format_date(d.agreed_on),
                key=f"dev:{d.id}",
            )
            for action in actions:
                table.add_row(
                    "", f"  • {action.text}", action.status.label, format_date(action.due_on), key=f"action:{action.id}"
                )
        if not f.goals and not f.development_goals:
            table.add_row(
                "",
                Text("Ingen mål endnu – n opretter et jobmål, u et udviklingsmål", style="yellow"),
                "",
                "",
                key="empty",
            )
        self._restore(table)

    def render_cv(self, f: CitizenFile) -> None:
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
            f"Næste skridt: {escape(cv.next_step) if cv and cv.next_step else '–'}",
            "",
            "[dim]e ret CV-status[/dim]",
        ]
        self.query_one("#cv-body", Static).update("\n".join(lines))

    def render_plan(self, f: CitizenFile) -> None:
        today = self.desk.clock.today()
        table = self._table("plan", ["Delmål", "Ansvarlig", "Frist", "Status"], "n nyt delmål · e ret · d delmål nået")
        for step in f.steps:
            late = step.done_on is None and step.deadline is not None and step.deadline < today
            status = (
                f"nået {format_date(step.done_on)}" if step.done_on else ("aftalt" if step.agreed_on else "foreslået")
            )
            style = "red" if late else ("dim" if step.done_on else "")
            table.add_row(
                Text(step.text, style=style),
                step.owner.label,
                Text(format_date(step.deadline), style=style),
                Text(status, style=style),
                key=f"step:{step.id}",
            )
        if not f.steps:
            table.add_row(Text("Ingen delmål – n opretter et", style="yellow"), "", "", "", key="empty")
        self._restore(table)

    def render_placements(self, f: CitizenFile) -> None:
        table = self._table(
            "forloeb",
            ["Virksomhed", "Art", "Start", "Planlagt slut", "Timer (ord.)", "Status"],
            "n nyt forløb · e ret · t ændr timer · x afslut · g progression · j match virksomheder",
        )
        warnings = []
        for view in f.placements:
            p = view.placement
            history = (
                " → ".join(
                    f"{format_hours(h.hours_per_week)} ({format_hours(h.ordinary_hours_per_week)})" for h in view.hours
                )
                or f"{format_hours(p.hours_per_week)} ({format_hours(p.ordinary_hours_per_week)})"
            )
            status = p.status.label + (f": {p.end_reason.label}" if p.end_reason else "")
            table.add_row(
                view.company,
                p.kind.label,
                format_date(p.start_on),
                format_date(p.planned_end_on),
                history,
                Text(status, style="dim" if p.status is PlacementStatus.ENDED else ""),
                key=f"placement:{p.id}",
            )
            warnings += [f"⚠ {view.company}: {w}" for w in view.warnings]
            if p.status is not PlacementStatus.ENDED:
                warnings.append(f"  Formål: {p.purpose or '–'}  ·  Opgaver: {p.tasks or '–'}")
                months = f.progress.get(p.id, [])
                means = [m.mean for m in months]
                if months and means[-1] is not None:
                    warnings.append(
                        f"  Progression {view.company}: {sparkline(means)} {trend_word(means)} "
                        f"(seneste {months[-1].month:%m-%Y}: {format_mean(means[-1])} af 5, "
                        f"{format_hours(months[-1].ordinary_hours)} ordinære timer i måneden)"
                    )
                else:
                    warnings.append(f"  Progression {view.company}: ingen endnu – g skriver månedens")
        if not f.placements:
            table.add_row(Text("Intet forløb – n opretter et", style="yellow"), "", "", "", "", "", key="empty")
        self.query_one("#forloeb-warnings", Static).update(escape("\n".join(warnings)))
        self._restore(table)

    def render_follow_ups(self, f: CitizenFile) -> None:
        today = self.desk.clock.today()
        table = self._table(
            "opfoelgning", ["Dato", "Art", "Hvem", "Status", "Notat"], "h markér valgt planlagt opfølgning afholdt"
        )
        for follow_up, initials in f.follow_ups:
            late = follow_up.status is FollowUpStatus.PLANNED and follow_up.due_on < today
            day = follow_up.held_on or follow_up.due_on
            table.add_row(
                Text(format_date(day), style="red" if late else ""),
                follow_up.kind.label,
                initials,
                Text(follow_up.status.label, style="red" if late else ""),
                follow_up.note or follow_up.reason,
                key=f"follow_up:{follow_up.id}",
            )
        if not f.follow_ups:
            table.add_row(Text("Ingen opfølgninger", style="yellow"), "", "", "", "", key="empty")
        self._restore(table)

    def render_meetings(self, f: CitizenFile) -> None:
        today = self.desk.clock.today()
        table = self._table(
            "moeder",
            ["Dato", "Møde", "Status", "Resumé"],
            "m nyt møde · Enter åbner eller genoptager det valgte møde · k markerer valgt aftale holdt",
        )
        for meeting in f.meetings:
            style = "yellow" if meeting.status is MeetingStatus.IN_PROGRESS else ""
            table.add_row(
                format_date(meeting.held_on or meeting.planned_on),
                meeting.title or meeting.guide_id,
                Text(meeting.status.label, style=style),
                meeting.summary,
                key=f"meeting:{meeting.id}",
            )
        if not f.meetings:
            table.add_row("", Text("Ingen møder endnu – m starter et", style="dim"), "", "", key="empty")
        self._restore(table)

        agreements = self.query_one("#aftaler-table", DataTable)
        cursor = agreements.cursor_row
        agreements.clear(columns=True)
        agreements.add_columns("Aftale", "Ansvarlig", "Frist", "Status", "Fra mødet")
        open_count = 0
        for line in f.agreements:
            a = line.agreement
            late = a.done_on is None and a.deadline is not None and a.deadline < today
            open_count += a.done_on is None
            style = "red" if late else ("dim" if a.done_on else "")
            status = f"holdt {format_date(a.done_on)}" if a.done_on else ("over fristen" if late else "åben")
            agreements.add_row(
                Text(a.text, style=style),
                a.owner.label,
                Text(format_date(a.deadline), style=style),
                Text(status, style=style),
                f"{line.meeting_title} {format_date(line.meeting_on)}".strip(),
                key=f"agreement:{a.id}",
            )
        if not f.agreements:
            agreements.add_row(Text("Ingen aftaler endnu", style="dim"), "", "", "", "", key="empty")
        if agreements.row_count:
            agreements.move_cursor(row=min(cursor, agreements.row_count - 1))
        self.query_one("#moeder-agreements-title", Static).update(
            f"[b]Aftaler[/b] ({open_count} åbne af {len(f.agreements)})"
        )

    def render_journal(self, f: CitizenFile) -> None:
        table = self._table("journal", ["Skrevet", "Af", "Notat"], "n nyt notat · r ret valgt notat (som et nyt notat)")
        by_id = {view.note.id: view for view in f.notes}
        for view in f.notes:
            note = view.note
            text = note.text
            if note.corrects_id and note.corrects_id in by_id:
                text = f"[Rettelse til notat {format_date(by_id[note.corrects_id].note.written_at.date())}] {text}"
            style = "dim strike" if view.corrected_by_later else ""
            table.add_row(
                format_date(note.written_at.date()), view.author, Text(text, style=style), key=f"note:{note.id}"
            )
        if not f.notes:
            table.add_row("", "", Text("Ingen notater – n skriver et", style="yellow"), key="empty")
        self._restore(table)

    def render_history(self, f: CitizenFile) -> None:
        table = self._table("historik", ["Tidspunkt", "Hvem", "Ændring"], "Hvem ændrede hvad og hvornår")
        for line in f.history:
            table.add_row(line.at.strftime("%d-%m-%Y %H:%M"), line.worker, line.text)
        if not f.history:
            table.add_row("", "", Text("Ingen ændringer registreret i stvdesk endnu", style="dim"))
        self._restore(table)

    # --- selection and editing helpers ----------------------------------------------------

    def selected(self, tab: str) -> tuple[str, uuid.UUID] | None:
        table = self.query_one(f"#{tab}-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        if ":" not in key:
            return None
        kind, raw = key.split(":", 1)
        return kind, uuid.UUID(raw)

    def editor(self) -> Editor:
        return Editor(worker_id=self.desk.worker.id, today=self.desk.clock.today())

    def run_edit(self, change: Callable[..., Any]) -> str | None:
        """Run one edit function; a Danish message if it was refused, None when stored."""
        try:
            self.desk.query(lambda session: change(session, self.editor()))
        except (EditError, CprError, ParseError, FollowUpError) as exc:
            return str(exc)
        return None

    def open_form(
        self, title: str, fields: list[FieldSpec], submit: Callable[[dict], str | None], check=None, intro: str = ""
    ) -> None:
        def closed(values: dict | None) -> None:
            if values is not None:
                self.notify("Gemt.", title=title)
                self.load()

        self.app.push_screen(FormModal(title, fields, submit, check, intro), closed)

    # --- actions per tab -----------------------------------------------------------------

    def action_new(self) -> None:
        {
            "moeder": self.action_new_meeting,
            "abc": self.form_job_goal,
            "plan": self.form_plan_step,
            "forloeb": self.form_placement,
            "journal": self.form_note,
            "overblik": self.form_citizen,
            "cv": self.form_cv,
        }.get(self.active_tab(), lambda: self.notify("Intet at oprette her.", severity="warning"))()

    def action_edit(self) -> None:
        tab = self.active_tab()
        chosen = self.selected(tab) if tab in ("abc", "plan", "forloeb") else None
        if tab == "overblik":
            self.form_citizen()
        elif tab == "cv":
            self.form_cv()
        elif chosen and chosen[0] == "goal":
            self.form_goal_status(chosen[1])
        elif chosen and chosen[0] == "action":
            self.form_edit_action(chosen[1])
        elif chosen and chosen[0] == "step":
            self.form_edit_step(chosen[1])
        elif chosen and chosen[0] == "placement":
            self.form_edit_placement(chosen[1])
        else:
            self.notify("Vælg det, der skal rettes (pil op/ned), og tryk e.", severity="warning")

    def form_edit_action(self, action_id: uuid.UUID) -> None:
        actions = [a for g in self.file.goals for a in g.actions] + [
            a for _, acts in self.file.development_goals for a in acts
        ]
        action = next(a for a in actions if a.id == action_id)
        today = self.desk.clock.today()

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: update_goal_action(
                    s, ed, action_id, text=v["text"].strip(), due_on=v["due_on"], status=v["status"]
                )
            )

        self.open_form(
            "Ret handling",
            [
                FieldSpec("text", "Handling", value=action.text, required=True),
                FieldSpec(
                    "due_on",
                    "Frist",
                    value=format_date(action.due_on),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
                FieldSpec("status", "Status", kind="choice", value=action.status, choices=_choices(ActionStatus)),
            ],
            submit,
        )

    def form_edit_step(self, step_id: uuid.UUID) -> None:
        step = next(st for st in self.file.steps if st.id == step_id)
        today = self.desk.clock.today()

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: update_plan_step(
                    s, ed, step_id, text=v["text"].strip(), owner=v["owner"], deadline=v["deadline"]
                )
            )

        self.open_form(
            "Ret delmål",
            [
                FieldSpec("text", "Delmål", value=step.text, required=True),
                FieldSpec("owner", "Ansvarlig", kind="choice", value=step.owner, choices=_choices(StepOwner)),
                FieldSpec(
                    "deadline",
                    "Frist",
                    value=format_date(step.deadline),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
            ],
            submit,
        )

    def form_edit_placement(self, placement_id: uuid.UUID) -> None:
        placement = next(v.placement for v in self.file.placements if v.placement.id == placement_id)
        today = self.desk.clock.today()

        def check(v: dict) -> dict[str, str]:
            return placement_form_errors(
                placement.kind,
                v["purpose"],
                v["tasks"],
                placement.hours_per_week,
                placement.ordinary_hours_per_week,
                placement.start_on,
                v["planned_end_on"],
            )

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: update_placement(
                    s, ed, placement_id, purpose=v["purpose"], tasks=v["tasks"], planned_end_on=v["planned_end_on"]
                )
            )

        self.open_form(
            "Ret forløb",
            [
                FieldSpec("purpose", "Formål", value=placement.purpose),
                FieldSpec("tasks", "Opgaver", value=placement.tasks),
                FieldSpec(
                    "planned_end_on",
                    "Planlagt slut",
                    value=format_date(placement.planned_end_on),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
            ],
            submit,
            check,
            intro="Timer ændres med t, så timerne over tid bevares.",
        )

    def action_done(self) -> None:
        tab = self.active_tab()
        if tab == "moeder":
            self.action_agreement_kept()
            return
        chosen = self.selected(tab) if tab in ("abc", "plan") else None
        if chosen is None:
            self.notify("Vælg en handling eller et delmål.", severity="warning")
            return
        kind, item_id = chosen
        if kind == "step":
            problem = self.run_edit(lambda s, ed: complete_plan_step(s, ed, item_id))
        elif kind == "action":
            problem = self.run_edit(lambda s, ed: complete_goal_action(s, ed, item_id))
        else:
            self.notify("Vælg en handling eller et delmål.", severity="warning")
            return
        if problem:
            self.notify(problem, severity="error")
        self.load()

    def form_citizen(self) -> None:
        c = self.file.citizen

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: update_citizen(
                    s,
                    ed,
                    c.id,
                    cpr=v["cpr"].digits,
                    first_name=v["first_name"].strip(),
                    last_name=v["last_name"].strip(),
                    phone=v["phone"].strip(),
                    email=v["email"].strip(),
                    address=v["address"].strip(),
                    postal_code=v["postal_code"].strip(),
                    city=v["city"].strip(),
                    target_group=v["target_group"],
                    readiness=v["readiness"],
                )
            )

        self.open_form(
            "Ret stamdata",
            [
                FieldSpec("cpr", "CPR-nummer", value=f"{c.cpr[:6]}-{c.cpr[6:]}", required=True, parse=parse_cpr),
                FieldSpec("first_name", "Fornavn", value=c.first_name, required=True),
                FieldSpec("last_name", "Efternavn", value=c.last_name, required=True),
                FieldSpec("phone", "Telefon", value=c.phone),
                FieldSpec("email", "Mail", value=c.email),
                FieldSpec("address", "Adresse", value=c.address),
                FieldSpec("postal_code", "Postnr.", value=c.postal_code),
                FieldSpec("city", "By", value=c.city),
                FieldSpec(
                    "target_group", "Målgruppe", kind="choice", value=c.target_group, choices=_choices(TargetGroup)
                ),
                FieldSpec("readiness", "Parathed", kind="choice", value=c.readiness, choices=_choices(Readiness)),
            ],
            submit,
        )

    def action_override_phase(self) -> None:
        c = self.file.citizen
        choices = [("Ingen – brug fasen fra data", None), *_choices(Phase)]

        def submit(v: dict) -> str | None:
            return self.run_edit(lambda s, ed: set_phase_override(s, ed, c.id, v["phase"], v["reason"]))

        self.open_form(
            "Sæt fase manuelt",
            [
                FieldSpec("phase", "Fase", kind="choice", value=c.phase_override, choices=choices),
                FieldSpec("reason", "Hvorfor", value=c.phase_override_reason),
            ],
            submit,
            intro=f"Data siger: {self.file.derived.phase.label} ({self.file.derived.why}).",
        )

    def form_job_goal(self) -> None:
        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: add_job_goal(
                    s,
                    ed,
                    self.citizen_id,
                    kind=v["kind"],
                    title=v["title"],
                    description=v["description"],
                    status=v["status"],
                    agreed_on=v["agreed_on"],
                )
            )

        self.open_form(
            "Nyt jobmål (ABC-plan)",
            [
                FieldSpec("kind", "Mål", kind="choice", value=JobGoalKind.A, choices=_choices(JobGoalKind)),
                FieldSpec("title", "Job", required=True, placeholder="fx Lagermedarbejder"),
                FieldSpec("description", "Beskrivelse"),
                FieldSpec("status", "Status", kind="choice", value=GoalStatus.AGREED, choices=_choices(GoalStatus)),
                FieldSpec(
                    "agreed_on",
                    "Aftalt dato",
                    value=format_date(self.desk.clock.today()),
                    parse=lambda t: parse_optional_date(t, today=self.desk.clock.today()),
                ),
            ],
            submit,
        )

    def form_goal_status(self, goal_id: uuid.UUID) -> None:
        goal = next(g.goal for g in self.file.goals if g.goal.id == goal_id)

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: update_job_goal(s, ed, goal_id, title=v["title"].strip(), status=v["status"])
            )

        self.open_form(
            f"Ret {goal.kind.value}-mål",
            [
                FieldSpec("title", "Job", value=goal.title, required=True),
                FieldSpec("status", "Status", kind="choice", value=goal.status, choices=_choices(GoalStatus)),
            ],
            submit,
        )

    def action_new_action(self) -> None:
        if self.active_tab() != "abc":
            return
        chosen = self.selected("abc")
        if chosen is None or chosen[0] not in ("goal", "dev"):
            self.notify("Vælg et mål først (pil op/ned), så tilføjer a en handling.", severity="warning")
            return
        kind, goal_id = chosen

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: add_goal_action(
                    s,
                    ed,
                    job_goal_id=goal_id if kind == "goal" else None,
                    development_goal_id=goal_id if kind == "dev" else None,
                    text=v["text"],
                    due_on=v["due_on"],
                )
            )

        self.open_form(
            "Ny handling",
            [
                FieldSpec("text", "Handling", required=True, placeholder="fx Besøge to lagre med VK"),
                FieldSpec("due_on", "Frist", parse=lambda t: parse_optional_date(t, today=self.desk.clock.today())),
            ],
            submit,
        )

    def action_new_development_goal(self) -> None:
        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: add_development_goal(
                    s, ed, self.citizen_id, area=v["area"], description=v["description"], status=v["status"]
                )
            )

        self.open_form(
            "Nyt udviklingsmål",
            [
                FieldSpec("area", "Område", required=True, placeholder="fx Fremmøde"),
                FieldSpec("description", "Mål", placeholder="fx Møde stabilt op tre dage om ugen"),
                FieldSpec("status", "Status", kind="choice", value=GoalStatus.AGREED, choices=_choices(GoalStatus)),
            ],
            submit,
        )

    def form_cv(self) -> None:
        cv = self.file.cv

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: update_cv(
                    s,
                    ed,
                    self.citizen_id,
                    jobnet_state=v["jobnet_state"],
                    application_cv=v["application_cv"],
                    next_step=v["next_step"],
                )
            )

        self.open_form(
            "CV-status",
            [
                FieldSpec(
                    "jobnet_state",
                    "Jobnet-CV",
                    kind="choice",
                    value=cv.jobnet_state if cv else CvState.MISSING,
                    choices=_choices(CvState),
                ),
                FieldSpec("application_cv", "Ansøgnings-CV findes", kind="bool", value=bool(cv and cv.application_cv)),
                FieldSpec("next_step", "Næste skridt", value=cv.next_step if cv else ""),
            ],
            submit,
        )

    def form_plan_step(self) -> None:
        today = self.desk.clock.today()

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: add_plan_step(
                    s, ed, self.citizen_id, text=v["text"], owner=v["owner"], deadline=v["deadline"]
                )
            )

        def check(v: dict) -> dict[str, str]:
            if v["deadline"] is not None and v["deadline"] < today:
                return {"deadline": "Fristen ligger før i dag."}
            return {}

        self.open_form(
            "Nyt delmål (Min Plan)",
            [
                FieldSpec("text", "Delmål", required=True),
                FieldSpec("owner", "Ansvarlig", kind="choice", value=StepOwner.CITIZEN, choices=_choices(StepOwner)),
                FieldSpec(
                    "deadline",
                    "Frist",
                    value=format_date(today + timedelta(weeks=4)),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
            ],
            submit,
            check,
        )

    def form_placement(self) -> None:
        today = self.desk.clock.today()
        companies = self.desk.query(companies_by_name)

        def company(text: str) -> uuid.UUID:
            match = companies.get(text.strip()) or next(
                (cid for name, cid in companies.items() if name.lower() == text.strip().lower()), None
            )
            if match is None:
                raise ParseError("Ukendt virksomhed – skriv de første bogstaver og tag forslaget med →.")
            return match

        def check(v: dict) -> dict[str, str]:
            return placement_form_errors(
                v["kind"],
                v["purpose"],
                v["tasks"],
                v["hours_per_week"],
                v["ordinary_hours_per_week"],
                v["start_on"],
                v["planned_end_on"],
            )

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: add_placement(
                    s,
                    ed,
                    self.citizen_id,
                    company_id=v["company"],
                    kind=v["kind"],
                    purpose=v["purpose"],
                    tasks=v["tasks"],
                    hours_per_week=v["hours_per_week"],
                    ordinary_hours_per_week=v["ordinary_hours_per_week"],
                    start_on=v["start_on"],
                    planned_end_on=v["planned_end_on"],
                )
            )

        self.open_form(
            "Nyt virksomhedsforløb",
            [
                FieldSpec(
                    "company",
                    "Virksomhed",
                    required=True,
                    parse=company,
                    suggestions=list(companies),
                    placeholder="Skriv navnet; → tager forslaget",
                ),
                FieldSpec(
                    "kind", "Art", kind="choice", value=PlacementKind.INTERNSHIP, choices=_choices(PlacementKind)
                ),
                FieldSpec("purpose", "Formål"),
                FieldSpec("tasks", "Opgaver"),
                FieldSpec("hours_per_week", "Timer pr. uge", value="", parse=parse_hours),
                FieldSpec("ordinary_hours_per_week", "Heraf ordinære (lønnede) timer", value="0", parse=parse_hours),
                FieldSpec(
                    "start_on",
                    "Start",
                    value=format_date(today),
                    required=True,
                    parse=lambda t: parse_date(t, today=today),
                ),
                FieldSpec(
                    "planned_end_on",
                    "Planlagt slut",
                    value=format_date(today + timedelta(weeks=13)),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
            ],
            submit,
            check,
        )

    def _selected_placement(self):
        chosen = self.selected("forloeb") if self.active_tab() == "forloeb" else None
        if chosen is None or chosen[0] != "placement":
            self.notify("Vælg et forløb på fanen Forløb.", severity="warning")
            return None
        return next(v.placement for v in self.file.placements if v.placement.id == chosen[1])

    def action_change_hours(self) -> None:
        placement = self._selected_placement()
        if placement is None:
            return
        today = self.desk.clock.today()

        def check(v: dict) -> dict[str, str]:
            if v["ordinary"] > v["hours"]:
                return {"ordinary": "Ordinære timer kan ikke være flere end timerne i alt."}
            return {}

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: change_placement_hours(
                    s,
                    ed,
                    placement.id,
                    hours_per_week=v["hours"],
                    ordinary_hours_per_week=v["ordinary"],
                    effective_on=v["effective_on"],
                )
            )

        self.open_form(
            "Ændr timer",
            [
                FieldSpec("hours", "Timer pr. uge", value=format_hours(placement.hours_per_week), parse=parse_hours),
                FieldSpec(
                    "ordinary",
                    "Heraf ordinære",
                    value=format_hours(placement.ordinary_hours_per_week),
                    parse=parse_hours,
                ),
                FieldSpec(
                    "effective_on", "Fra dato", value=format_date(today), parse=lambda t: parse_date(t, today=today)
                ),
            ],
            submit,
            check,
        )

    def action_end_placement(self) -> None:
        placement = self._selected_placement()
        if placement is None:
            return
        today = self.desk.clock.today()

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: end_placement(s, ed, placement.id, ended_on=v["ended_on"], reason=v["reason"])
            )

        self.open_form(
            "Afslut forløb",
            [
                FieldSpec("ended_on", "Slutdato", value=format_date(today), parse=lambda t: parse_date(t, today=today)),
                FieldSpec(
                    "reason",
                    "Årsag",
                    kind="choice",
                    value=PlacementEndReason.COMPLETED,
                    choices=_choices(PlacementEndReason),
                ),
            ],
            submit,
        )

    def form_note(self, corrects: uuid.UUID | None = None) -> None:
        def submit(v: dict) -> str | None:
            return self.run_edit(lambda s, ed: add_note(s, ed, self.citizen_id, v["text"], corrects))

        intro = (
            "Notater kan ikke ændres bagefter; en rettelse bliver et nyt notat."
            if corrects is None
            else "Rettelsen gemmes som et nyt notat, der peger på det gamle. Det gamle bevares."
        )
        self.open_form(
            "Rettelse til notat" if corrects else "Nyt journalnotat",
            [FieldSpec("text", "Notat", kind="multiline", required=True)],
            submit,
            intro=intro,
        )

    def action_correct_note(self) -> None:
        chosen = self.selected("journal") if self.active_tab() == "journal" else None
        if chosen is None or chosen[0] != "note":
            self.notify("Vælg det notat, der skal rettes, på fanen Journal.", severity="warning")
            return
        self.form_note(corrects=chosen[1])

    def action_hold(self) -> None:
        chosen = self.selected("opfoelgning") if self.active_tab() == "opfoelgning" else None
        follow_up = None
        if chosen and chosen[0] == "follow_up":
            follow_up = next((f for f, _ in self.file.follow_ups if f.id == chosen[1]), None)
        if follow_up is None or follow_up.status is not FollowUpStatus.PLANNED:
            self.notify("Vælg en planlagt opfølgning på fanen Opfølgninger.", severity="warning")
            return
        self.hold_follow_up(
            follow_up.id, f"{follow_up.kind.label} · planlagt {format_date(follow_up.due_on)}", follow_up.kind
        )

    def after_follow_up_held(self) -> None:
        self.load()

    # --- a good story ------------------------------------------------------------------------

    def action_story(self) -> None:
        """A good story for the team: ordinary hours gained, a job, a step nobody expected (000, 4.2)."""
        if self.file is None:
            return
        from stvdesk.db.queries.steering import add_story

        team_id = self.desk.worker.team_id

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: add_story(
                    s, ed, team_id=team_id, citizen_id=self.citizen_id, title=v["title"], text=v["text"]
                )
            )

        self.open_form(
            "God historie til teamet",
            [
                FieldSpec("title", "Overskrift", required=True, placeholder="fx Fra praktik til 15 ordinære timer"),
                FieldSpec("text", "Historien", kind="multiline"),
            ],
            submit,
            intro="Vises på teamets styring. Skriv uden CPR-nummer; fornavn er nok.",
        )

    # --- progression and matching --------------------------------------------------------

    def action_progress(self) -> None:
        placement = self._selected_placement()
        if placement is None:
            return
        from stvdesk.screens.company_forms import progress_form

        company = next(v.company for v in self.file.placements if v.placement.id == placement.id)
        progress_form(self, placement.id, f"{placement.kind.label} hos {company}", self.load)

    def action_match_companies(self) -> None:
        if self.file is None:
            return
        from stvdesk.db.queries.matching import companies_for_citizen
        from stvdesk.widgets.modals import ChoiceModal

        worker_id = self.desk.worker.id
        matches = self.desk.query(lambda s: companies_for_citizen(s, self.citizen_id, worker_id))
        choices = [
            (
                f"{m.match.score:>2}  [b]{escape(m.name)}[/b] – {escape(m.industry)}, {escape(m.city)}\n"
                f"    [dim]{escape('; '.join(m.match.reasons))}[/dim]",
                m.company_id,
            )
            for m in matches
        ]

        def chosen(company_id) -> None:
            if company_id is not None:
                self.stv_app.open_company(company_id)

        self.app.push_screen(
            ChoiceModal(
                "Virksomheder der passer til målene (matchet forklarer – du beslutter)",
                choices,
                empty_text="Ingen af teamets virksomheder passer til borgerens jobmål. Har borgeren et A-, B- eller C-mål?",
            ),
            chosen,
        )

    # --- meetings and agreements -----------------------------------------------------------

    def action_new_meeting(self) -> None:
        if self.file is None:
            return
        from stvdesk.screens.meeting_start import open_start_form

        open_start_form(self, self.citizen_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "moeder-table":
            return
        key = event.row_key.value or ""
        if key.startswith("meeting:"):
            self.stv_app.open_meeting(uuid.UUID(key.split(":", 1)[1]))

    def action_agreement_kept(self) -> None:
        if self.file is None or self.active_tab() != "moeder":
            self.notify("Aftaler står på fanen Møder (7).", severity="warning")
            return
        table = self.query_one("#aftaler-table", DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else ""
        if not key or not key.startswith("agreement:"):
            self.notify("Vælg en aftale i listen over aftaler (Tab skifter liste).", severity="warning")
            return
        agreement_id = uuid.UUID(key.split(":", 1)[1])
        problem = self.run_edit(lambda s, ed: mark_agreement_kept(s, ed, agreement_id))
        if problem:
            self.notify(problem, severity="warning")
            return
        self.notify("Aftalen er markeret holdt.", title="Gemt")
        self.load()

    # --- handing over and closing ----------------------------------------------------------

    def action_reassign(self) -> None:
        if self.file is None:
            return
        worker = self.desk.worker
        workers = self.desk.query(lambda s: team_workers(s, worker.team_id))
        today = self.desk.clock.today()
        summary = self.desk.query(lambda s: handover_summary(s, self.citizen_id, today))
        people = [(f"{w.name} ({w.initials}) – {w.role.label}", w.id) for w in workers if w.role in (Role.S, Role.VK)]

        def submit(v: dict) -> str | None:
            return self.run_edit(
                lambda s, ed: reassign_case(
                    s,
                    ed,
                    self.citizen_id,
                    role=v["role"],
                    new_worker_id=v["new_worker"],
                    open_items_to=v["open_items_to"],
                )
            )

        def closed(values: dict | None) -> None:
            if values is None:
                return
            path = self.export_handover(summary, today)
            self.app.push_screen(
                InfoModal(
                    "Sagen er omfordelt – overdragelse",
                    escape(summary) + f"\n\n[dim]Gemt som tekst: {escape(str(path))}[/dim]",
                )
            )
            self.load()

        self.app.push_screen(
            FormModal(
                "Omfordel sag",
                [
                    FieldSpec(
                        "role",
                        "Hvilken rolle",
                        kind="choice",
                        value="S",
                        choices=[("Sagsbehandler (S)", "S"), ("Virksomhedskonsulent (VK)", "VK")],
                    ),
                    FieldSpec(
                        "new_worker",
                        "Ny medarbejder",
                        kind="choice",
                        value=people[0][1] if people else None,
                        choices=people,
                    ),
                    FieldSpec(
                        "open_items_to",
                        "Åbne opfølgninger og aftaler går til",
                        kind="choice",
                        value=None,
                        choices=[("Den nye medarbejder", None), *people],
                    ),
                ],
                submit,
                intro=escape(summary),
            ),
            closed,
        )

    def export_handover(self, summary: str, today) -> str:
        path = export_dir() / f"overdragelse-{self.citizen_id.hex[:8]}-{today:%Y%m%d}.txt"
        path.write_text(summary + "\n", encoding="utf-8")
        self.stv_app.log_citizens_out(AuditAction.EXPORT, [self.citizen_id], "Overdragelsesnotat")
        return str(path)

    def action_close_case(self) -> None:
        if self.file is None:
            return
        if self.file.citizen.closed_on is not None:
            self.notify("Sagen er allerede lukket.", severity="warning")
            return
        today = self.desk.clock.today()
        proposed = aftercare_dates(today)

        def check(v: dict) -> dict[str, str]:
            if v["closed_on"] > today:
                return {"closed_on": "En sag kan ikke lukkes frem i tiden."}
            return {}

        def submit(v: dict) -> str | None:
            calls = (
                aftercare_dates(v["closed_on"])
                if v["reason"] is CaseCloseReason.ORDINARY_JOB and v["aftercare"]
                else []
            )
            return self.run_edit(
                lambda s, ed: close_case(
                    s, ed, self.citizen_id, reason=v["reason"], closed_on=v["closed_on"], aftercare=calls
                )
            )

        self.open_form(
            "Luk sag",
            [
                FieldSpec(
                    "reason",
                    "Årsag",
                    kind="choice",
                    value=CaseCloseReason.ORDINARY_JOB,
                    choices=_choices(CaseCloseReason),
                ),
                FieldSpec(
                    "closed_on", "Lukket dato", value=format_date(today), parse=lambda t: parse_date(t, today=today)
                ),
                FieldSpec("aftercare", "Planlæg efterværnsopkald (ved ordinært job)", kind="bool", value=True),
            ],
            submit,
            check,
            intro="Ved ordinært job foreslås efterværnsopkald hver 2. uge i 3 måneder: "
            + ", ".join(format_date(d) for d in proposed)
            + ".\n"
            "Planlagte opfølgninger springes over med årsagen. Sagen kan stadig findes ved søgning.",
        )
