"""One company: details and contacts, current and past placements with hours, ordinary hours,
goals and progression, open follow-ups and agreements, the contact log, job openings, and the
team's citizens whose goals fit (issue 6, items 3, 6 and 7). Keys 1–6 switch tab."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from stvdesk.db.queries.companies import CompanyView, company_view, set_opening_status
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.db.queries.matching import CitizenMatch, citizens_for_company
from stvdesk.db.queries.progress import placement_progress
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import OpeningStatus
from stvdesk.domain.parse import format_hours
from stvdesk.domain.progression import sparkline, trend_word
from stvdesk.screens.base import DeskScreen, TabTables
from stvdesk.screens.company_forms import company_form, contact_form, log_form, opening_form, progress_form
from stvdesk.widgets.modals import ChoiceModal

TABS = [
    ("c-overblik", "Overblik"),
    ("c-forloeb", "Forløb"),
    ("c-opfoelgning", "Opfølgninger og aftaler"),
    ("c-log", "Kontaktlog"),
    ("c-job", "Jobåbninger"),
    ("c-match", "Match"),
]


class CompanyScreen(TabTables, DeskScreen):
    TITLE_DA = "Virksomhed"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="company.back"),
        *[
            Binding(str(n), f"show_tab('{tab}')", label, show=False, id=f"company.tab.{tab}")
            for n, (tab, label) in enumerate(TABS, start=1)
        ],
        Binding("l", "log_contact", "Log kontakt", id="company.log"),
        Binding("e", "edit", "Ret", id="company.edit"),
        Binding("k", "new_contact", "Ny kontaktperson", id="company.contact"),
        Binding("j", "new_opening", "Ny jobåbning", id="company.opening"),
        Binding("p", "progress", "Progression", id="company.progress"),
        Binding("o", "opening_status", "Jobåbning besat/lukket", show=False, id="company.opening_status"),
    ]

    @dataclass
    class Loaded(Message):
        view: CompanyView | None
        progress: dict

    @dataclass
    class Matched(Message):
        matches: list[CitizenMatch]

    def __init__(self, company_id: uuid.UUID, tab: str = "c-overblik") -> None:
        super().__init__()
        self.company_id = company_id
        self.first_tab = tab
        self.view: CompanyView | None = None
        self.progress: dict = {}
        self.matches: list[CitizenMatch] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Indlæser …", id="company-title")
        with TabbedContent(initial=self.first_tab, id="company-tabs"):
            for n, (tab, label) in enumerate(TABS, start=1):
                with TabPane(f"{n} {label}", id=tab):
                    if tab == "c-overblik":
                        with VerticalScroll():
                            yield Static("", id="c-overblik-body")
                    else:
                        yield Static("", id=f"{tab}-hint", classes="tab-hint")
                        yield DataTable(id=f"{tab}-table", cursor_type="row", zebra_stripes=True)
                        if tab == "c-match":
                            yield Static("", id="c-match-why")
                        if tab == "c-opfoelgning":
                            yield Static("[b]Åbne aftaler[/b]", id="c-aftaler-title")
                            yield DataTable(id="c-aftaler-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="company")
    def load(self) -> None:
        today = self.desk.clock.today()
        flags = self.desk.settings.flags

        def read(session):
            view = company_view(session, self.company_id, today, flags)
            progress = placement_progress(session, [p.placement.id for p in view.current]) if view else {}
            return view, progress

        self.post_message(self.Loaded(*self.desk.query(read)))

    def on_company_screen_loaded(self, message: Loaded) -> None:
        self.view, self.progress = message.view, message.progress
        self.render_view()
        if self.first_tab == "c-match" and self.matches is None:
            self.find_matches()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#company-tabs", TabbedContent).active = tab
        tables = self.query(f"#{tab}-table")
        if tables:
            tables.first().focus()
        if tab == "c-match" and self.matches is None:
            self.find_matches()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "c-match" and self.matches is None and self.view is not None:
            self.find_matches()

    def refresh_privacy(self) -> None:
        if self.view is not None:
            self.render_view()

    def _shown(self, name: str) -> str:
        return "••••••" if self.stv_app.privacy else name

    # --- rendering ----------------------------------------------------------------------

    def render_view(self) -> None:
        v = self.view
        if v is None:
            self.query_one("#company-title", Static).update("[red]Virksomheden findes ikke (længere).[/red]")
            return
        c = v.company
        self.query_one("#company-title", Static).update(
            f"[b]{escape(c.name)}[/b]  CVR {c.cvr or '–'}  ·  {escape(c.industry or 'ingen branche')}  ·  "
            f"VK {escape(v.owner or '–')}  ·  sidste kontakt {format_date(v.last_contact) if v.last_contact else 'aldrig'}"
        )
        self.render_overview(v)
        self.render_placements(v)
        self.render_follow_ups(v)
        self.render_log(v)
        self.render_openings(v)
        self.render_matches()

    def render_overview(self, v: CompanyView) -> None:
        c = v.company
        lines = [f"[yellow]⚠ {escape(flag)}[/yellow]" for flag in v.flags]
        if lines:
            lines.append("")
        lines += [
            "[b]Virksomheden[/b]",
            f"Adresse: {escape(', '.join(p for p in (c.address, f'{c.postal_code} {c.city}'.strip()) if p) or '–')}",
            f"Telefon: {escape(c.phone or '–')}",
            f"Noter: {escape(c.notes or '–')}",
            f"Ældre aftale: {escape(c.standing_agreement or '–')}"
            + ("  [yellow](skal genforhandles)[/yellow]" if c.renegotiate else ""),
            "",
            "[b]Kontaktpersoner[/b]",
        ]
        lines += [
            f"• {escape(p.name)}"
            + (f", {escape(p.role)}" if p.role else "")
            + (f" · {escape(p.phone)}" if p.phone else "")
            + (f" · {escape(p.email)}" if p.email else "")
            for p in v.contacts
        ] or ["[yellow]Ingen – k tilføjer en[/yellow]"]
        lines += [
            "",
            f"I forløb nu: {len(v.current)} · tidligere: {len(v.past)} · "
            f"åbne jobåbninger: {sum(1 for o in v.openings if o.status is OpeningStatus.OPEN)}",
            "",
            "[dim]e ret · k ny kontaktperson · l log kontakt · j ny jobåbning[/dim]",
        ]
        self.query_one("#c-overblik-body", Static).update("\n".join(lines))

    def render_placements(self, v: CompanyView) -> None:
        table = self._table(
            "c-forloeb",
            ["Borger", "Art", "Start", "Timer (ord.)", "Progression", "Flag", "Jobmål"],
            "Enter åbner borgeren · p skriver månedens progression for det valgte forløb",
        )
        for item in v.current + v.past:
            p = item.placement
            ended = p.ended_on is not None
            means = [m.mean for m in self.progress.get(p.id, [])]
            trend = f"{sparkline(means)} {trend_word(means)}" if means else "–"
            style = "dim" if ended else ""
            table.add_row(
                Text(self._shown(item.citizen_name), style=style),
                Text(p.kind.label + (f" (slut {format_date(p.ended_on)})" if ended else ""), style=style),
                format_date(p.start_on),
                f"{format_hours(p.hours_per_week)} ({format_hours(p.ordinary_hours_per_week)})",
                trend,
                Text("; ".join(item.flags), style="yellow"),
                "; ".join(item.goals[:2]) or "–",
                key=f"placement:{p.id}:{item.citizen_id}",
            )
        if not v.current and not v.past:
            table.add_row(
                Text("Ingen borgere har været i forløb her", style="dim"), "", "", "", "", "", "", key="empty"
            )
        self._restore(table)

    def render_follow_ups(self, v: CompanyView) -> None:
        today = self.desk.clock.today()
        table = self._table(
            "c-opfoelgning",
            ["Dato", "Art", "Borger", "Hvem", "Note"],
            "Planlagte opfølgninger med virksomheden og borgerne i forløb her",
        )
        for follow_up, citizen, initials in v.follow_ups:
            late = follow_up.due_on < today
            table.add_row(
                Text(format_date(follow_up.due_on), style="red" if late else ""),
                follow_up.kind.label,
                self._shown(citizen) if citizen else "(virksomheden)",
                initials,
                follow_up.note,
                key=f"follow_up:{follow_up.id}",
            )
        if not v.follow_ups:
            table.add_row(
                Text("Ingen planlagte – l logger en kontakt med næste skridt", style="yellow"),
                "",
                "",
                "",
                "",
                key="empty",
            )
        self._restore(table)
        agreements = self.query_one("#c-aftaler-table", DataTable)
        agreements.clear(columns=True)
        agreements.add_columns("Aftale", "Ansvarlig", "Frist", "Borger")
        for line in v.agreements:
            a = line.agreement
            late = a.deadline is not None and a.deadline < today
            agreements.add_row(
                Text(a.text, style="red" if late else ""),
                a.owner.label,
                Text(format_date(a.deadline), style="red" if late else ""),
                self._shown(line.citizen_name) if line.citizen_name else "(virksomheden)",
            )
        if not v.agreements:
            agreements.add_row(Text("Ingen åbne aftaler", style="dim"), "", "", "")

    def render_log(self, v: CompanyView) -> None:
        table = self._table(
            "c-log",
            ["Dato", "Hvordan", "Hvem", "Med", "Resultat", "Næste skridt"],
            "l logger en ny kontakt (et næste skridt med dato bliver en opfølgning)",
        )
        for entry, initials, contact in v.log:
            step = entry.next_step + (f" ({format_date(entry.next_step_on)})" if entry.next_step_on else "")
            table.add_row(format_date(entry.contacted_on), entry.channel.label, initials, contact, entry.outcome, step)
        if not v.log:
            table.add_row("", "", "", "", Text("Ingen kontakter logget", style="yellow"), "")
        self._restore(table)

    def render_openings(self, v: CompanyView) -> None:
        table = self._table(
            "c-job",
            ["Job", "Timer", "Set", "Status", "Beskrivelse"],
            "j ny jobåbning · o markér valgt besat eller lukket · 6 viser borgere, der passer",
        )
        for opening in v.openings:
            style = "" if opening.status is OpeningStatus.OPEN else "dim"
            table.add_row(
                Text(opening.title, style=style),
                format_hours(opening.hours_per_week),
                format_date(opening.spotted_on),
                Text(opening.status.label, style=style),
                opening.description,
                key=f"opening:{opening.id}",
            )
        if not v.openings:
            table.add_row(Text("Ingen jobåbninger – j tilføjer en", style="dim"), "", "", "", "", key="empty")
        self._restore(table)

    # --- matching -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="company-match")
    def find_matches(self) -> None:
        worker_id = self.desk.worker.id
        self.post_message(self.Matched(self.desk.query(lambda s: citizens_for_company(s, self.company_id, worker_id))))

    def on_company_screen_matched(self, message: Matched) -> None:
        self.matches = message.matches
        self.render_matches()

    def render_matches(self) -> None:
        table = self._table(
            "c-match",
            ["Borger", "Parathed", "Point", "Hvorfor"],
            "Teamets borgere (klar eller tæt på), hvis mål passer – matchet forklarer, du beslutter · "
            "Enter åbner borgeren",
        )
        if self.matches is None:
            table.add_row("", "", "", Text("Finder borgere …", style="dim"), key="empty")
            return
        for m in self.matches:
            table.add_row(
                self._shown(m.name),
                m.readiness.label,
                str(m.match.score),
                "; ".join(m.match.reasons),
                key=f"citizen:{m.citizen_id}",
            )
        if not self.matches:
            table.add_row(
                "",
                "",
                "",
                Text("Ingen af teamets borgere har mål, der passer til branchen", style="yellow"),
                key="empty",
            )
        self._restore(table)

    @on(DataTable.RowHighlighted, "#c-match-table")
    def _why(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value or ""
        match = next((m for m in self.matches or [] if f"citizen:{m.citizen_id}" == key), None)
        self.query_one("#c-match-why", Static).update(
            ""
            if match is None
            else f"[b]{escape(self._shown(match.name))}[/b] ({match.match.score} point)\n"
            + "\n".join(f"• {escape(reason)}" for reason in match.match.reasons)
        )

    # --- actions --------------------------------------------------------------------------------

    def _selected(self, tab: str) -> list[str] | None:
        table = self.query_one(f"#{tab}-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return key.split(":") if ":" in key else None

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        key = (event.row_key.value or "").split(":")
        if key[0] == "placement":
            self.stv_app.open_citizen(uuid.UUID(key[2]), tab="forloeb")
        elif key[0] == "citizen":
            self.stv_app.open_citizen(uuid.UUID(key[1]))

    def action_edit(self) -> None:
        if self.view is not None:
            company_form(self, self.load, self.view.company)

    def action_new_contact(self) -> None:
        contact_form(self, self.company_id, self.load)

    def action_log_contact(self) -> None:
        if self.view is not None:
            log_form(self, self.company_id, self.view.contacts, self.load)

    def action_new_opening(self) -> None:
        opening_form(self, self.company_id, self.load)

    def action_progress(self) -> None:
        chosen = (
            self._selected("c-forloeb")
            if self.query_one("#company-tabs", TabbedContent).active == "c-forloeb"
            else None
        )
        if chosen is None or chosen[0] != "placement" or self.view is None:
            self.notify("Vælg et forløb på fanen Forløb (2).", severity="warning")
            return
        item = next(p for p in self.view.current + self.view.past if str(p.placement.id) == chosen[1])
        progress_form(
            self, item.placement.id, f"{self._shown(item.citizen_name)} hos {self.view.company.name}", self.load
        )

    def action_opening_status(self) -> None:
        chosen = self._selected("c-job") if self.query_one("#company-tabs", TabbedContent).active == "c-job" else None
        if chosen is None or chosen[0] != "opening":
            self.notify("Vælg en jobåbning på fanen Jobåbninger (5).", severity="warning")
            return

        def picked(status: OpeningStatus | None) -> None:
            if status is None:
                return
            editor = Editor(self.desk.worker.id, self.desk.clock.today())
            try:
                self.desk.query(lambda s: set_opening_status(s, editor, uuid.UUID(chosen[1]), status))
            except EditError as exc:
                self.notify(str(exc), severity="error")
            self.load()

        self.app.push_screen(ChoiceModal("Jobåbningens status", [(s.label, s) for s in OpeningStatus]), picked)
