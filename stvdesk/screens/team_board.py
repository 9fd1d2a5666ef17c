""" "Teamtavle": the board for the fortnightly cross-team meeting of caseworkers and company
consultants (000, 4.1 and 4.4).

Above, the team's citizens who are klar or tæt på and have no match (no placement planned or
running), grouped by industry; below them the matching's proposals for the highlighted citizen
with their reasons, and the team's open job openings (the companies asking for people), by
industry, the highlighted citizen's industry first in sight. `a` records a decision of the
meeting as an agreement on the citizen with an owner and a deadline (the next meeting by
default); Enter opens the citizen's file (or, on the openings, the company); `x` writes the
board as Markdown to the export folder. Who is on the board, and why an agreement from it
belongs to no meeting: db/queries/team_board.py.
"""

from __future__ import annotations

import uuid
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from stvdesk.db.queries.caseload_list import Viewer
from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.team_board import BoardCitizen, TeamBoard, board_viewed, record_decision, team_board
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import Role
from stvdesk.domain.numbers import format_hours
from stvdesk.domain.parse import parse_date
from stvdesk.domain.privacy import shown_in_prose, shown_name
from stvdesk.domain.team_board import contact_before_opening, next_meeting
from stvdesk.export.lists import Written
from stvdesk.export.team_board import industry_label, write_team_board
from stvdesk.screens.base import DeskScreen
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import FieldSpec, FormModal

NO_COMPANY = ""  # the decision's company field: no company in particular


class TeamBoardScreen(DataPath, DeskScreen):
    TITLE_DA = "Teamtavle"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="board.back"),
        Binding("enter", "open", "Åbn", id="board.open", priority=True),
        Binding("a", "decision", "Aftale", id="board.decision"),
        Binding("x", "export", "Eksportér", id="board.export"),
        Binding("r", "reload", "Opdatér", id="board.reload"),
    ]
    KEY_HELP = {
        "board.open": "Borgerens sag – eller, i listen over jobåbninger, virksomheden",
        "board.decision": "Mødets beslutning om den valgte borger: en aftale med ansvarlig og frist",
        "board.export": "Tavlen som Markdown i eksportmappen (til udskrift eller en skærm); hver borger logges",
    }

    def __init__(self) -> None:
        super().__init__()
        self.board: TeamBoard | None = None
        self.logged: set[uuid.UUID] = set()  # citizens whose viewing on this board is logged

    def compose_body(self) -> ComposeResult:
        yield Static("Henter teamtavlen …", id="board-title")
        citizens = FastTable(id="board-citizens", cursor_type="row", zebra_stripes=True)
        # The name stays readable at 80 columns; the best proposal gives way first.
        citizens.add_fitted(
            Col("Branche", key="industry", min=10, max=24, priority=7),
            Col("Borger", key="name", min=16, priority=9),
            Col("Parathed", key="readiness", min=7, priority=8),
            Col("S", key="s", min=2, priority=6),
            Col("VK", key="vk", min=2, priority=5),
            Col("Bedste forslag", key="proposal", min=12, priority=3),
        )
        yield citizens
        yield Static("", id="board-proposals")
        yield Static("", id="board-openings-title")
        openings = FastTable(id="board-openings", cursor_type="row", zebra_stripes=True)
        openings.add_fitted(
            Col("Branche", key="industry", min=10, max=24, priority=6),
            Col("Virksomhed", key="company", min=14, priority=9),
            Col("Jobåbning", key="title", min=12, priority=8),
            Col("t/uge", key="hours", min=5, priority=7),
            Col("VK", key="vk", min=2, priority=5),
            Col("Seneste kontakt", key="contact", min=12, priority=3),
        )
        yield openings

    def on_mount(self) -> None:
        self.query_one("#board-citizens", FastTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.board is not None:  # back from a file or a company: what changed there shows
            self.reload()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the team's board in a worker, and log the citizens not yet logged as seen on it in
        the same read: a board whose viewing the log refuses is not shown."""
        me = self.desk.me
        viewer, today, logged = Viewer(me.id, me.role, me.team_id), self.desk.clock.today(), set(self.logged)

        def read(session: Any) -> TeamBoard:  # Any: screens name no SQL types (the layer rule)
            board = team_board(session, viewer, today)
            board_viewed(
                session, viewer.worker_id, [c.citizen_id for c in board.citizens if c.citizen_id not in logged]
            )
            return board

        self.load(read, self.show_board, group="board", failed=self.load_failed)

    def load_failed(self, message: str) -> None:
        self.query_one("#board-title", Static).update(f"[b red]Teamtavlen kunne ikke læses: {escape(message)}[/]")

    def show_board(self, board: TeamBoard) -> None:
        self.board = board
        self.logged.update(c.citizen_id for c in board.citizens)
        self.draw()

    def action_reload(self) -> None:
        self.reload()

    # --- drawing ---------------------------------------------------------------------------

    def refresh_privacy(self) -> None:
        self.draw()

    def private_names(self) -> list[str]:
        return [c.name for c in self.board.citizens] if self.board else []

    def draw(self) -> None:
        board = self.board
        if board is None:
            return
        self.query_one("#board-title", Static).update(
            f"[b]Teamtavle – {escape(board.team_name or 'uden team')}[/b]  ·  "
            f"{len(board.citizens)} klar/tæt på uden match  ·  {len(board.openings)} åbne jobåbninger hos "
            f"{board.companies} virksomheder  ·  næste møde {format_date(next_meeting(board.today))}"
        )
        privacy = self.stv_app.privacy
        table = self.query_one("#board-citizens", FastTable)
        cursor = table.cursor_row
        table.clear()
        for group in board.groups:
            for index, citizen in enumerate(group.citizens):
                best = citizen.proposals[0] if citizen.proposals else None
                table.add_row(
                    Text(industry_label(group.industry), style="bold") if index == 0 else "",
                    shown_name(citizen.name, privacy),
                    citizen.readiness.label,
                    citizen.caseworker or "–",
                    citizen.consultant or "–",
                    f"{best.company} ({best.score})" if best else Text("intet forslag", style="dim"),
                    key=str(citizen.citizen_id),
                )
        if not board.citizens:
            table.add_row("", Text("Ingen borgere er klar eller tæt på uden match", style="dim"), "", "", "", "")
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

        openings = self.query_one("#board-openings", FastTable)
        kept = openings.cursor_row
        openings.clear()
        for opening in board.openings:
            contact = (
                f"{format_date(opening.last_contact_on)} {opening.last_outcome}".strip()
                if opening.last_contact_on
                else "ingen logget"
            )
            if contact_before_opening(opening.last_contact_on, opening.spotted_on):
                # Said before the opening was seen: not the company's answer to it.
                contact = f"{format_date(opening.last_contact_on)} (før jobåbningen) {opening.last_outcome}".strip()
            openings.add_row(
                industry_label(opening.industry),
                opening.company,
                opening.title,
                format_hours(opening.hours_per_week),
                opening.owner or "–",
                contact,
                key=str(opening.opening_id),
            )
        if not board.openings:
            openings.add_row("", Text("Ingen åbne jobåbninger i teamets virksomheder", style="dim"), "", "", "", "")
        if openings.row_count:
            openings.move_cursor(row=min(kept, openings.row_count - 1))
        self.show_selected()

    def selected_citizen(self) -> BoardCitizen | None:
        if self.board is None:
            return None
        table = self.query_one("#board-citizens", FastTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((c for c in self.board.citizens if str(c.citizen_id) == key), None)

    def show_selected(self) -> None:
        """The highlighted citizen's proposals with their reasons, and the openings of the
        citizen's industry brought into sight."""
        citizen = self.selected_citizen()
        proposals = self.query_one("#board-proposals", Static)
        openings_title = self.query_one("#board-openings-title", Static)
        if citizen is None or self.board is None:
            proposals.update("")
            openings_title.update("[b]Jobåbninger[/b] – virksomheder, der efterspørger folk")
            return
        name = escape(shown_in_prose(citizen.name, self.stv_app.privacy))
        goals = ", ".join(f"{g.kind}: {g.title}" for g in citizen.goals) or "ingen jobmål"
        lines = [f"[b]Forslag til {name}[/b] [dim](mål: {escape(goals)})[/dim]"]
        for number, proposal in enumerate(citizen.proposals, start=1):
            lines.append(
                f"{number}. [b]{escape(proposal.company)}[/b] ({escape(proposal.industry)}, VK "
                f"{escape(proposal.owner or '–')}, {proposal.score} point): {escape('; '.join(proposal.reasons))}"
            )
        if not citizen.proposals:
            lines.append("[dim]Ingen af teamets virksomheder passer til borgerens mål.[/dim]")
        proposals.update("\n".join(lines))
        same = [o for o in self.board.openings if o.industry.casefold() == citizen.industry.casefold()]
        where = industry_label(citizen.industry)
        openings_title.update(
            f"[b]Jobåbninger[/b] – {len(same)} i {escape(where.lower())}, {len(self.board.openings)} i alt"
        )
        if same:
            openings = self.query_one("#board-openings", FastTable)
            index = self.board.openings.index(same[0])
            openings.move_cursor(row=index, scroll=True)

    @on(DataTable.RowHighlighted, "#board-citizens")
    def _citizen_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_selected()

    # --- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        """The citizen's file; on the openings, the company."""
        if self.board is None:
            return
        openings = self.query_one("#board-openings", FastTable)
        if self.focused is openings and openings.row_count:
            key = openings.coordinate_to_cell_key(openings.cursor_coordinate).row_key.value
            opening = next((o for o in self.board.openings if str(o.opening_id) == key), None)
            if opening is not None:
                self.stv_app.open_company(opening.company_id)
            return
        citizen = self.selected_citizen()
        if citizen is not None:
            self.stv_app.open_citizen(citizen.citizen_id, "moeder")

    def action_decision(self) -> None:
        """The meeting's decision on the highlighted citizen, stored as an agreement."""
        citizen, board = self.selected_citizen(), self.board
        if citizen is None or board is None:
            self.notify("Vælg en borger på tavlen.", severity="warning")
            return
        if not board.workers:
            self.notify("Teamet har ingen sagsbehandlere eller virksomhedskonsulenter.", severity="warning")
            return
        desk, me = self.desk, self.desk.me
        today = desk.clock.today()
        editor, viewer = Editor(worker_id=me.id, today=today), Viewer(me.id, me.role, me.team_id)
        citizen_id = citizen.citizen_id
        owners = [(f"{w.initials} – {w.name} ({'S' if w.role is Role.S else 'VK'})", w.id) for w in board.workers]
        owner_ids = [w.id for w in board.workers]
        suggested = next(
            (
                worker_id
                for worker_id in (
                    citizen.consultant_id,
                    *(self._owner_id(board, p.owner) for p in citizen.proposals[:1]),
                    citizen.caseworker_id,
                )
                if worker_id in owner_ids
            ),
            owner_ids[0],
        )
        companies: list[tuple[str, Any]] = [("Ingen bestemt virksomhed", NO_COMPANY)]
        seen: set[uuid.UUID] = set()
        for company_id, label in [
            *((p.company_id, f"{p.company} (forslag, {p.score} point)") for p in citizen.proposals),
            *(
                (o.company_id, f"{o.company} (jobåbning: {o.title})")
                for o in board.openings
                if o.industry.casefold() == citizen.industry.casefold()
            ),
        ]:
            if company_id not in seen:
                seen.add(company_id)
                companies.append((label, company_id))

        def submit(v: dict[str, Any]) -> str | None:
            """In the form's worker: only the desk and the values taken above, never a widget."""
            company = v["company"] if isinstance(v["company"], uuid.UUID) else None
            desk.run(
                lambda s: record_decision(
                    s,
                    editor,
                    viewer,
                    citizen_id,
                    text=v["text"],
                    owner_id=v["owner"],
                    deadline=v["deadline"],
                    company_id=company,
                )
            )
            return None

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.notify(
                    f"Aftalen står nu i borgerens sag (Møder) med frist {format_date(values['deadline'])}.",
                    title="Gemt",
                )

        name = shown_in_prose(citizen.name, self.stv_app.privacy)
        self.app.push_screen(
            FormModal(
                "Beslutning på teamtavlen",
                [
                    FieldSpec(
                        "text",
                        "Hvad er besluttet",
                        required=True,
                        placeholder="fx VK ringer til virksomheden om et forløb med ordinære timer",
                    ),
                    FieldSpec("owner", "Ansvarlig", kind="choice", value=suggested, choices=owners),
                    FieldSpec(
                        "deadline",
                        "Frist",
                        value=format_date(next_meeting(today)),
                        required=True,
                        placeholder="dd-mm-åååå",
                        parse=lambda t: parse_date(t, today=today),
                    ),
                    FieldSpec("company", "Virksomhed", kind="choice", value=NO_COMPANY, choices=companies),
                ],
                submit,
                intro=f"{name} · {citizen.readiness.label} · {industry_label(citizen.industry)}. "
                "Aftalen gemmes i borgerens sag med ansvarlig og frist (standard: næste møde om 14 dage).",
            ),
            closed,
        )

    @staticmethod
    def _owner_id(board: TeamBoard, initials: str) -> uuid.UUID | None:
        return next((w.id for w in board.workers if w.initials == initials), None)

    def action_export(self) -> None:
        """The board as Markdown in the export folder, asked first (it leaves the desk)."""
        me = self.desk.me
        viewer, today = Viewer(me.id, me.role, me.team_id), self.desk.clock.today()

        def written(result: Written) -> None:
            self.notify(f"Teamtavlen med {result.rows} borgere er skrevet til {result.path}.", title="Eksporteret")

        def export() -> None:
            self.save(
                lambda s: write_team_board(s, worker_id=me.id, viewer=viewer, today=today, fmt="md"),
                written,
                group="board-export",
            )

        self.ask_first("Skriv teamtavlen som Markdown i eksportmappen? Hver borger på den logges.", export)
