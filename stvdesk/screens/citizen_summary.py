"""A read-only summary of one citizen, opened from "Min dag"."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from stvdesk.db.queries.citizens import CitizenSummary, citizen_summary
from stvdesk.domain.calendar import format_date
from stvdesk.domain.cpr import mask
from stvdesk.domain.enums import FollowUpStatus, PlacementStatus
from stvdesk.screens.base import DeskScreen


def summary_markup(summary: CitizenSummary, today, privacy: bool = False) -> str:
    e = escape
    name, cpr = ("••••••", "xxxxxx-xxxx") if privacy else (e(summary.name), mask(summary.cpr))
    lines = [
        f"[b]{name}[/b]   {cpr}   {summary.age} år",
        f"Målgruppe: {summary.target_group.label}",
        f"Parathed: {summary.readiness.label}    Fase: {summary.phase.label}"
        + (" [i](sat manuelt)[/i]" if summary.phase_overridden else ""),
        f"Sagsbehandler: {e(summary.caseworker) or '–'}    Virksomhedskonsulent: {e(summary.consultant) or '[yellow]ingen endnu[/yellow]'}",
        f"Telefon: {e(summary.phone) or '–'}",
        "",
        "[b]Jobnet-CV[/b]",
        f"{summary.cv_state.label}; ansøgnings-CV: {'ja' if summary.application_cv else 'nej'}",
        "",
        "[b]ABC-plan[/b]",
    ]
    if summary.goals:
        lines += [f"{g.kind.value}: {e(g.title)} ({g.status.label.lower()})" for g in summary.goals]
    else:
        lines.append("[yellow]Ingen jobmål endnu[/yellow]")
    lines += ["", "[b]Forløb[/b]"]
    if summary.placements:
        for p in summary.placements:
            end = f" – {format_date(p.planned_end_on)}" if p.planned_end_on else ""
            status = p.status.label.lower()
            style = "" if p.status is PlacementStatus.ACTIVE else "dim"
            text = (f"{p.kind.label} hos {e(p.company)}: {format_date(p.start_on)}{end} ({status}), "
                    f"{p.hours_per_week:g} t/uge, heraf ordinære {p.ordinary_hours_per_week:g}")
            lines.append(f"[{style}]{text}[/{style}]" if style else text)
    else:
        lines.append("Intet forløb")
    lines += ["", "[b]Min Plan – åbne delmål[/b]"]
    if summary.open_steps:
        for step in summary.open_steps:
            late = step.deadline is not None and step.deadline < today
            deadline = format_date(step.deadline) if step.deadline else "ingen frist"
            text = f"{e(step.text)} ({step.owner.label.lower()}, frist {deadline})"
            lines.append(f"[red]{text}[/red]" if late else text)
    else:
        lines.append("[yellow]Ingen åbne delmål[/yellow]")
    lines += ["", "[b]Opfølgninger[/b]"]
    for f in summary.follow_ups:
        if f.status is FollowUpStatus.PLANNED:
            late = f.due_on < today
            text = f"{format_date(f.due_on)} {f.kind.label} – planlagt"
            lines.append(f"[red]{text}[/red]" if late else text)
        else:
            day = format_date(f.held_on or f.due_on)
            note = f": {e(f.note)}" if f.note else ""
            lines.append(f"{day} {f.kind.label} – {f.status.label.lower()}{note}")
    if not summary.follow_ups:
        lines.append("[yellow]Ingen opfølgninger[/yellow]")
    lines += ["", "[b]Seneste journalnotater[/b]"]
    for n in summary.notes:
        lines.append(f"{format_date(n.written_at.date())}: {e(n.text)}")
    if not summary.notes:
        lines.append("Ingen notater")
    return "\n".join(lines)


class CitizenSummaryScreen(DeskScreen):
    TITLE_DA = "Borger (overblik)"

    BINDINGS = [
        Binding("escape,backspace", "back", "Tilbage", id="citizen.back"),
    ]

    @dataclass
    class Loaded(Message):
        summary: CitizenSummary | None

    def __init__(self, citizen_id: uuid.UUID) -> None:
        super().__init__()
        self.citizen_id = citizen_id
        self.summary: CitizenSummary | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="citizen-summary"):
            yield Static("Indlæser …", id="citizen-summary-body")

    def on_mount(self) -> None:
        self.query_one("#citizen-summary").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        today = self.desk.clock.today()
        summary = self.desk.query(lambda session: citizen_summary(session, self.citizen_id, today))
        self.post_message(self.Loaded(summary))

    def on_citizen_summary_screen_loaded(self, message: Loaded) -> None:
        self.summary = message.summary
        self.render_summary()

    def render_summary(self) -> None:
        body = self.query_one("#citizen-summary-body", Static)
        if self.summary is None:
            body.update("[red]Borgeren findes ikke (længere).[/red]")
            return
        body.update(summary_markup(self.summary, self.desk.clock.today(), self.stv_app.privacy))

    def refresh_privacy(self) -> None:
        if self.summary is not None:
            self.render_summary()

    def action_back(self) -> None:
        self.app.pop_screen()
