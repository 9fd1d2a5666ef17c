"""Opfølgninger: the citizen's follow-ups, planned and held; n plans one, h marks the chosen one
held."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from stvdesk.db.queries.edits import Editor, add_follow_up
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.calendar import format_date, next_working_day
from stvdesk.domain.enums import FollowUpKind, FollowUpStatus
from stvdesk.domain.parse import parse_due_date, parse_time
from stvdesk.screens.citizen_file.common import FileTab, choices
from stvdesk.widgets.fast_table import FastTable
from stvdesk.widgets.form import FieldSpec
from stvdesk.widgets.hint import FittedLine

if TYPE_CHECKING:
    from stvdesk.context import Session
    from stvdesk.db.queries.citizen_file import CitizenFile

#: The tab's keys, fullest first: the line shows the fullest that fits.
HINT = (
    "n planlæg en opfølgning · h markér valgt planlagt opfølgning afholdt",
    "n planlæg · h markér afholdt",
)


class FollowUpsTab(FileTab):
    TAB = "opfoelgning"
    KEYS = (Binding("h", "hold", "Afholdt", show=False, id="file.hold"),)
    TAB_ONLY = frozenset({"hold"})

    def compose(self) -> ComposeResult:
        yield FittedLine(id="opfoelgning-hint", classes="tab-hint")
        yield FastTable(id="opfoelgning-table", cursor_type="row", zebra_stripes=True)

    def render_tab(self, f: CitizenFile) -> None:
        today = self.today()
        table = self._table("opfoelgning", ["Dato", "Art", "Hvem", "Status", "Notat"], HINT)
        for follow_up, initials in f.follow_ups:
            late = follow_up.status is FollowUpStatus.PLANNED and follow_up.due_on < today
            day = follow_up.held_on or follow_up.due_on
            table.add_row(
                Text(format_date(day), style="red" if late else ""),
                follow_up.kind.label,
                initials,
                Text(follow_up.status.label, style="red" if late else ""),
                self.free(follow_up.note or follow_up.reason),
                key=f"follow_up:{follow_up.id}",
            )
        if not f.follow_ups:
            table.add_row(Text("Ingen opfølgninger", style="yellow"), "", "", "", "", key="empty")
        self._restore(table)

    def action_hold(self) -> None:
        """The desk's one dialog for a held follow-up (DeskScreen.hold_follow_up); the screen reads
        the file again once it is stored."""
        chosen = self.selected() if self.is_shown else None
        follow_up = None
        if chosen and chosen[0] == "follow_up":
            follow_up = next((f for f, _ in self.loaded.follow_ups if f.id == chosen[1]), None)
        if follow_up is None or follow_up.status is not FollowUpStatus.PLANNED:
            self.notify("Vælg en planlagt opfølgning på fanen Opfølgninger.", severity="warning")
            return
        self.file_screen.hold_follow_up(
            follow_up.id, f"{follow_up.kind.label} · planlagt {format_date(follow_up.due_on)}", follow_up.kind
        )

    def new(self) -> None:
        """Plan a follow-up by hand: the team's workers are read first (in a worker), then the form."""
        team_id = self.desk.me.team_id

        def read(session: Session) -> list[WorkerInfo]:
            return team_workers(session, team_id)

        self.file_screen.load(read, self.form_follow_up, group="citizen-file-form", opens_dialog=True)

    def form_follow_up(self, workers: list[WorkerInfo]) -> None:
        me, today, citizen_id = self.desk.me, self.today(), self.loaded.citizen.id
        if all(worker.id != me.id for worker in workers):
            workers = [me, *workers]  # the one at the desk is always there to choose
        people = [(f"{w.name} ({w.initials})", w.id) for w in workers]
        initials = {w.id: w.initials for w in workers}

        def change(session: Session, editor: Editor, v: dict[str, Any]) -> object:
            return add_follow_up(
                session,
                editor,
                citizen_id,
                kind=v["kind"],
                due_on=v["due_on"],
                worker_id=v["worker"],
                at=v["at"],
                note=v["note"],
            )

        def notice(v: dict[str, Any]) -> str:
            when = format_date(v["due_on"]) + (f" kl. {v['at']:%H:%M}" if v["at"] else "")
            return f"{v['kind'].label} planlagt {when} for {initials.get(v['worker'], '')}."

        self.open_form(
            "Planlæg opfølgning",
            [
                FieldSpec("kind", "Art", kind="choice", value=FollowUpKind.CONVERSATION, choices=choices(FollowUpKind)),
                FieldSpec(
                    "due_on",
                    "Dato",
                    # A week on, on a working day, as the cadence proposes a first conversation.
                    value=format_date(next_working_day(today + timedelta(weeks=1))),
                    required=True,
                    parse=lambda t: parse_due_date(t, today),
                    placeholder="dd-mm-åååå",
                ),
                FieldSpec("at", "Tidspunkt", parse=parse_time, placeholder="fx 10:30 (kan udelades)"),
                FieldSpec("worker", "Hvem", kind="choice", value=me.id, choices=people),
                FieldSpec("note", "Notat", placeholder="fx hvad der skal tales om"),
            ],
            self.stores(change),
            intro="Opfølgningen står i Min dag og kalenderen hos den, der skal holde den.",
            notice=notice,
        )
