""" "Min dag": the landing screen for caseworkers and consultants.

Overdue follow-ups (red), today's, the rest of this week's and next week's; the caseload
against the role's band; and counts of citizens that lack what the method asks for.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from stvdesk.domain.agenda import Bucket, days_overdue
from stvdesk.domain.calendar import format_date, format_day, format_long, week_label
from stvdesk.domain.caseload import LoadLevel, band_for, describe_load, load_level
from stvdesk.domain.enums import Role
from stvdesk.domain.parse import parse_due_date
from stvdesk.domain.privacy import shown_name
from stvdesk.domain.rules import (
    NO_CONTACT,
    PAST_PLANNED_END,
    PLACEMENT_FOLLOW_UP_MISSING,
    VK_WAIT,
    context_lines,
    short_name,
)
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.privacy import private_text

if TYPE_CHECKING:
    # The queries are imported where they run (in the data path's worker): Min dag is the first
    # screen, painted before the data layer is imported (tests/test_startup_imports.py).
    from stvdesk.db.queries.meetings import AgreementLine, UnfinishedMeeting
    from stvdesk.db.queries.support import OpenSupport
    from stvdesk.db.queries.today import DayOverview
    from stvdesk.domain.agenda import AgendaLine
    from stvdesk.widgets.form import FieldSpec

# A change to a follow-up: (session, follow-up id, the form's values, who). Any: screens name no
# SQL types (the layer rule).
Change = Callable[[Any, uuid.UUID, dict[str, Any], uuid.UUID], object]

#: The agenda's subject is whole up to this width (a citizen's name, most companies' names) before a
#: column of less use takes room; a longer one is cut only when the table has no room left.
SUBJECT_WIDTH = 26
WHEN_LABEL = {Bucket.TODAY: "I dag", Bucket.THIS_WEEK: "Denne uge", Bucket.NEXT_WEEK: "Næste uge"}
BUCKET_STYLE = {
    Bucket.OVERDUE: "bold red",
    Bucket.TODAY: "bold",
    Bucket.THIS_WEEK: "",
    Bucket.NEXT_WEEK: "dim",
}


def when_text(line: AgendaLine, today: date) -> Text:
    if line.bucket is Bucket.OVERDUE:
        days = days_overdue(line.due_on, today)
        return Text(f"{days} d over", style="bold red")
    return Text(WHEN_LABEL.get(line.bucket, line.bucket.label), style=BUCKET_STYLE.get(line.bucket, ""))


def kind_text(line: AgendaLine) -> str:
    """The kind in words; the consultant's aftercare call to the employer says so."""
    return "Efterværn, arbejdsgiver" if line.employer_call else line.kind.label


def _employer(line: AgendaLine, privacy: bool) -> str:
    """An employer call names the company, its contact and the citizen it is about."""
    contact = f" ({line.contact_name})" if line.contact_name else ""
    return f"{line.company_name}{contact} om {shown_name(line.citizen_name, privacy)}"


def subject_text(line: AgendaLine, privacy: bool = False) -> str:
    if line.citizen_id is None:
        return f"Virksomhed: {line.company_name}"
    return _employer(line, privacy) if line.employer_call else shown_name(line.citizen_name, privacy)


def subject_cell(line: AgendaLine, privacy: bool = False) -> str:
    """The subject in a table column: the company's name first, so a narrow column cuts the word
    "virksomhed" and not the name."""
    if line.citizen_id is None:
        return f"{line.company_name} (virksomhed)"
    return _employer(line, privacy) if line.employer_call else shown_name(line.citizen_name, privacy)


class MinDagScreen(DataPath, DeskScreen):
    TITLE_DA = "Min dag"

    BINDINGS = [
        Binding("enter", "open_citizen", "Åbn borger", id="min_dag.open", priority=True),
        Binding("h", "hold", "Afholdt", id="min_dag.hold"),
        Binding("m", "move", "Flyt", id="min_dag.move"),
        Binding("x", "skip", "Spring over", id="min_dag.skip"),
        Binding("s", "start_meeting", "Start møde", id="min_dag.meeting"),
        Binding("k", "agreement_kept", "Aftale holdt", id="min_dag.agreement_kept"),
        Binding("g", "resume_meeting", "Genoptag møde", show=False, id="min_dag.resume"),
        Binding("r", "reload", "Opdatér", id="min_dag.reload"),
    ]
    #: its own commands, which act on its answers (check_action)
    OWN_ACTIONS = frozenset(binding.action for binding in BINDINGS if isinstance(binding, Binding))
    KEY_HELP = {
        "min_dag.open": "Åbn borgeren på den valgte linje",
        "min_dag.hold": "Markér den valgte opfølgning som afholdt i dag; næste opfølgning foreslås",
        "min_dag.move": "Flyt opfølgningen til en anden arbejdsdag, med en begrundelse",
        "min_dag.skip": "Spring opfølgningen over, med en begrundelse",
        "min_dag.meeting": "Møde fra en dialogguide for den valgte opfølgning",
        "min_dag.resume": "Et møde, der ikke er afsluttet",
        "min_dag.reload": "Hent opfølgningerne igen",
    }

    def __init__(self) -> None:
        super().__init__()
        self.overview: DayOverview | None = None
        #: the agenda read before the database was open (show_preview), until the overview comes
        self.preview: list[AgendaLine] | None = None
        self.support: list[OpenSupport] = []  # practical support due (002, table 5-1)
        self.agreements: list[AgreementLine] = []
        self.meetings: list[UnfinishedMeeting] = []

    def compose_body(self) -> ComposeResult:
        today = self.desk.clock.today()
        with Horizontal(id="min-dag"):
            with Vertical(id="agenda-pane"):
                yield Static(f"[b]Min dag[/b] – {format_long(today)}, {week_label(today)}", id="min-dag-title")
                # Names keep their width longest: a name (up to a long company's) is whole before
                # the phase, then the date, take room; the kind is cut before a name is.
                table = FastTable(id="agenda", cursor_type="row", zebra_stripes=True)
                table.add_fitted(
                    Col("Hvornår", key="when", min=9, priority=4),
                    Col("Dato", key="date", min=9, priority=2),
                    Col("Art", key="kind", min=9, priority=3),
                    Col("Borger / virksomhed", key="subject", min=SUBJECT_WIDTH, priority=5),
                    Col("Fase", key="phase", min=12, priority=1),
                )
                yield table
                # Said until the first answer: on a cold start the skeleton is painted before the
                # database is open (StvdeskApp's `opening`).
                yield Static("Henter …", id="agenda-empty")
                yield Static("[b]Mine aftaler[/b] denne uge", id="agreements-title")
                agreements = FastTable(id="agreements-table", cursor_type="row", zebra_stripes=True)
                agreements.add_fitted(
                    Col("Aftale", key="text", min=16, priority=3),
                    Col("Borger", key="citizen", min=14, priority=4),
                    Col("Frist", key="deadline", min=9, priority=2),
                )
                yield agreements
            with Vertical(id="side-pane"):
                yield Static("[b]Min sagsstamme[/b]", classes="pane-title")
                yield Static("Indlæser …", id="caseload-band")
                yield Static("", id="caseload-gaps")
                yield Static("", id="bucket-counts")
                yield Static("", id="meetings-pane")
                yield Static("", id="support-pane")

    def on_mount(self) -> None:
        self.query_one("#agenda", DataTable).focus()
        self.reload()

    # --- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        worker = self.desk.worker
        if worker is None:
            return
        today = self.desk.clock.today()

        # Any: screens name no SQL types (the layer rule)
        def read(session: Any) -> tuple[DayOverview, list[AgreementLine], list[UnfinishedMeeting]]:
            from stvdesk.db.queries.meetings import my_agreements, unfinished_meetings
            from stvdesk.db.queries.today import day_overview

            return (
                day_overview(session, worker, today),
                my_agreements(session, worker.id, today),
                unfinished_meetings(session, worker.id),
            )

        def failed(message: str) -> None:
            if self.overview is None:
                self.query_one("#agenda-empty", Static).update("Min dag kunne ikke indlæses.")
            self.notify(f"Min dag kunne ikke indlæses: {message}", severity="error", timeout=10)

        self.load(read, self.show, group="min-dag", failed=failed)

        def read_support(session: Any) -> list[OpenSupport]:
            from stvdesk.db.queries.support import due_support

            return due_support(session, worker.id, worker.role, worker.team_id, today)

        self.load(read_support, self.show_support, group="min-dag-support", failed=failed)

    def show_support(self, support: list[OpenSupport]) -> None:
        self.support = support
        self.render_support()

    def render_support(self) -> None:
        """Open practical support whose date has come, oldest first (002, table 5-1)."""
        hidden = self.stv_app.privacy
        lines = ["", "[b]Praktisk støtte[/b]", f"Forfaldne: {len(self.support)}"]
        for s in self.support[:3]:  # the side pane is narrow: the oldest three, name over item
            day = format_date(s.due_on)[:5] if s.due_on else ""
            lines += [f"{day} {escape(shown_name(s.citizen_name, hidden))}", f" [dim]{escape(s.item.label)}[/dim]"]
        if len(self.support) > 3:
            lines.append(f"[dim]+ {len(self.support) - 3} flere (Forløb, s)[/dim]")
        self.query_one("#support-pane", Static).update("\n".join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Min dag's own commands act on its answers: none before they come (the skeleton, the
        # preview's rows while the database opens), and the key bar offers none meanwhile.
        if self.overview is None and action in self.OWN_ACTIONS:
            return False
        return super().check_action(action, parameters)

    def show(self, loaded: tuple[DayOverview, list[AgreementLine], list[UnfinishedMeeting]]) -> None:
        first = self.overview is None
        self.overview, self.agreements, self.meetings = loaded
        if first:
            self.refresh_bindings()
        self.render_overview(self.overview)
        self.render_agreements()

    def on_screen_resume(self) -> None:
        if self.overview is not None:
            self.reload()

    def refresh_privacy(self) -> None:
        if self.preview is not None:
            self.render_agenda(self.preview, self.desk.clock.today())
        if self.overview is not None:
            self.render_overview(self.overview)
            self.render_agreements()
            self.render_support()

    def private_names(self) -> list[str]:
        lines = self.overview.lines if self.overview is not None else self.preview or []
        return [
            *(line.citizen_name for line in lines if line.citizen_id is not None),
            *(line.citizen_name for line in self.agreements),
            *(meeting.citizen_name for meeting in self.meetings),
            *(s.citizen_name for s in self.support),
        ]

    def render_agreements(self) -> None:
        today = self.desk.clock.today()
        table = self.query_one("#agreements-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        hidden = self.stv_app.privacy
        for line in self.agreements:
            a = line.agreement
            late = a.deadline is not None and a.deadline < today
            style = "red" if late else ""
            table.add_row(
                # the agreement as a worker wrote it: it may name the citizen
                Text(private_text(self, a.text, [line.citizen_name]), style=style),
                shown_name(line.citizen_name, hidden),
                Text(format_day(a.deadline) if a.deadline else "ingen frist", style=style),
                key=str(a.id),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        overdue = sum(1 for line in self.agreements if line.agreement.deadline and line.agreement.deadline < today)
        self.query_one("#agreements-title", Static).update(
            f"[b]Mine aftaler[/b] til og med søndag: {len(self.agreements)}"
            + (f", [red]{overdue} over fristen[/red]" if overdue else "")
            + ("" if self.agreements else " – ingen")
            + "   [dim]k aftale holdt · Tab skifter liste[/dim]"
        )
        lines = ["", "[b]Møder i gang[/b]"]
        lines += [
            f"{format_date(m.planned_on)} {shown_name(m.citizen_name, hidden)}: {m.title}" for m in self.meetings
        ] or ["ingen"]
        if self.meetings:
            lines.append("[dim]g genoptager[/dim]")
        self.query_one("#meetings-pane", Static).update("\n".join(lines))

    def show_preview(self, lines: list[AgendaLine], painted: Callable[[], object]) -> None:
        """The agenda read before the database is open (a cold start, db/preview.py): its rows,
        the rest of Min dag still "Henter …" until `show`. `painted` once they are on screen."""
        if self.overview is not None:
            painted()
            return
        self.preview = lines
        self.render_agenda(lines, self.desk.clock.today())
        self.query_one("#agenda", FastTable).call_after_paint(painted)

    def render_overview(self, overview: DayOverview) -> None:
        self.preview = None
        self.render_agenda(overview.lines, overview.today)

        worker = self.desk.worker
        gaps = overview.gaps
        band_widget = self.query_one("#caseload-band", Static)
        if worker and worker.role in (Role.S, Role.VK):
            # Only a load over the band is a warning; the reports' other figures are context.
            band = band_for(worker.role, self.desk.settings.bands)
            colour = "red" if load_level(gaps.caseload, band) is LoadLevel.OVER else "green"
            band_widget.update(
                f"[{colour}]{escape(describe_load(gaps.caseload, band))}[/{colour}]\n"
                + "\n".join(f"[dim]{line}[/dim]" for line in context_lines(worker.role))
            )
        else:
            band_widget.update(f"{gaps.caseload} borgere i teamet")
        limits = gaps.limits
        self.query_one("#caseload-gaps", Static).update(
            "\n".join(
                [
                    "",
                    "[b]Borgere der mangler[/b]",
                    f"Færdigt Jobnet-CV: {gaps.without_cv}",
                    f"Aftalt ABC-plan: {gaps.without_abc}",
                    f"Aftalte delmål: {gaps.without_sub_goals}",
                    "",
                    "[b]Advarsler[/b] [dim](regel)[/dim]",
                    f"Uden praktikopf. {limits.placement_follow_up_days} d: {_warn(gaps.placement_without_follow_up)}",
                    f" [dim]{short_name(PLACEMENT_FOLLOW_UP_MISSING)}[/dim]",
                    f"Ingen kontakt {limits.no_contact_days} d: {_warn(gaps.without_contact_6_weeks)}",
                    f" [dim]{short_name(NO_CONTACT)}[/dim]",
                    f"Venter på VK over {limits.vk_wait_days} d: {_warn(gaps.waiting_for_vk)}",
                    f" [dim]{short_name(VK_WAIT)}[/dim]",
                    f"Over planlagt slut: {_warn(gaps.past_planned_end)}",
                    f" [dim]{short_name(PAST_PLANNED_END)}[/dim]",
                ]
            )
        )
        counts = [
            f"{bucket.label}: {len(overview.in_bucket(bucket))}"
            for bucket in (Bucket.OVERDUE, Bucket.TODAY, Bucket.THIS_WEEK, Bucket.NEXT_WEEK)
        ]
        self.query_one("#bucket-counts", Static).update("\n[b]Opfølgninger[/b]\n" + "\n".join(counts))

    # --- actions ----------------------------------------------------------------------

    def render_agenda(self, lines: list[AgendaLine], today: date) -> None:
        table = self.query_one("#agenda", DataTable)
        # The line under the cursor stays under it (the preview's too, once the full Min dag comes).
        selected = table.coordinate_to_cell_key(table.cursor_coordinate)[0].value if table.row_count else None
        table.clear()
        for line in lines:
            style = "red" if line.bucket is Bucket.OVERDUE else ""
            table.add_row(
                when_text(line, today),
                Text(format_day(line.due_on), style=style),
                Text(kind_text(line), style=style),
                Text(subject_cell(line, self.stv_app.privacy), style=style),
                line.phase.label if line.phase else "",
                key=str(line.follow_up_id),
            )
        if selected is not None:
            keys = [str(line.follow_up_id) for line in lines]
            if selected in keys:
                table.move_cursor(row=keys.index(selected))
        empty = self.query_one("#agenda-empty", Static)
        empty.update("" if lines else "Ingen opfølgninger forfalder før udgangen af næste uge.")
        empty.display = not lines  # no empty line above the agreements on a short terminal

    def selected_line(self) -> AgendaLine | None:
        if self.overview is None or not self.overview.lines:
            return None
        table = self.query_one("#agenda", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        for line in self.overview.lines:
            if str(line.follow_up_id) == row_key.value:
                return line
        return None

    def action_reload(self) -> None:
        self.reload()

    def selected_agreement(self) -> AgreementLine | None:
        table = self.query_one("#agreements-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((line for line in self.agreements if str(line.agreement.id) == key), None)

    def action_agreement_kept(self) -> None:
        line = self.selected_agreement() if self.focused is self.query_one("#agreements-table") else None
        if line is None:
            self.notify("Vælg en aftale under Mine aftaler (Tab flytter dertil).", severity="warning")
            return
        from stvdesk.db.queries.edits import Editor
        from stvdesk.db.queries.meetings import mark_agreement_kept

        editor = Editor(self.desk.me.id, self.desk.clock.today())

        def kept(_result: object) -> None:
            self.notify(f"Aftalen »{line.agreement.text}« er holdt.", title="Gemt")
            self.reload()

        self.save(lambda s: mark_agreement_kept(s, editor, line.agreement.id), kept)

    def action_start_meeting(self) -> None:
        self.start_meeting_for(self.selected_line())

    def action_resume_meeting(self) -> None:
        if not self.meetings:
            self.notify("Der er ingen møder i gang.", severity="warning")
            return
        if len(self.meetings) == 1:
            self.stv_app.open_meeting(self.meetings[0].meeting_id)
            return
        from stvdesk.widgets.modals import ChoiceModal

        hidden = self.stv_app.privacy
        choices = [
            (f"{format_date(m.planned_on)} {shown_name(m.citizen_name, hidden)}: {m.title}", m.meeting_id)
            for m in self.meetings
        ]

        def chosen(meeting_id: uuid.UUID | None) -> None:
            if meeting_id:
                self.stv_app.open_meeting(meeting_id)

        self.app.push_screen(ChoiceModal("Genoptag møde", choices), chosen)

    def action_open_citizen(self) -> None:
        if self.focused is self.query_one("#agreements-table"):
            agreement = self.selected_agreement()
            if agreement is not None and agreement.citizen_id is not None:
                self.stv_app.open_citizen(agreement.citizen_id, tab="moeder")
            return
        line = self.selected_line()
        if line is None:
            return
        if line.citizen_id is None:
            if line.company_id is not None:
                self.stv_app.open_company(line.company_id)
            return
        self.stv_app.open_citizen(line.citizen_id)

    def action_hold(self) -> None:
        line = self.selected_line()
        if line is None:
            self.notify("Vælg en opfølgning først.", severity="warning")
            return
        privacy = self.stv_app.privacy
        self.hold_follow_up(
            line.follow_up_id,
            f"{kind_text(line)} · {subject_text(line, privacy)} · planlagt {format_date(line.due_on)}",
            line.kind,
        )

    def after_follow_up_held(self) -> None:
        self.reload()

    def _change(self, title: str, fields: list[FieldSpec], change: Change) -> None:
        line = self.selected_line()
        if line is None:
            self.notify("Vælg en opfølgning først.", severity="warning")
            return
        desk, worker = self.desk, self.desk.me

        def submit(values: dict[str, Any]) -> str | None:
            """In the form's worker: only the desk and the values taken above, never a widget."""
            desk.run(lambda session: change(session, line.follow_up_id, values, worker.id))
            return None

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.reload()

        from stvdesk.widgets.form import FormModal

        intro = f"{kind_text(line)} · {subject_text(line, self.stv_app.privacy)} · planlagt {format_date(line.due_on)}"
        self.app.push_screen(FormModal(title, fields, submit, intro=intro), closed)

    def action_skip(self) -> None:
        from stvdesk.db.queries.followups import skip_follow_up
        from stvdesk.widgets.form import FieldSpec

        self._change(
            "Spring opfølgning over",
            [FieldSpec("reason", "Hvorfor", required=True)],
            lambda s, fid, v, wid: skip_follow_up(s, fid, reason=v["reason"], by_worker=wid),
        )

    def action_move(self) -> None:
        from stvdesk.db.queries.followups import move_follow_up
        from stvdesk.widgets.form import FieldSpec

        today = self.desk.clock.today()
        self._change(
            "Flyt opfølgning",
            [
                FieldSpec("to", "Ny dato", required=True, parse=lambda t: parse_due_date(t, today)),
                FieldSpec("reason", "Hvorfor", required=True),
            ],
            lambda s, fid, v, wid: move_follow_up(s, fid, to=v["to"], reason=v["reason"], by_worker=wid),
        )

    @on(DataTable.RowSelected, "#agenda")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter is the screen's own binding; this is the mouse: a click on the selected row.
        event.stop()
        self.action_open_citizen()


def _warn(count: int) -> str:
    return f"[b red]{count}[/b red]" if count else "0"
