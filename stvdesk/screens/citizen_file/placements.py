"""Forløb: the citizen's placements with their hours over time, warnings and monthly progression,
and the companies that match the citizen's goals."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from stvdesk.db.queries.citizen_file import companies_by_name
from stvdesk.db.queries.edits import Editor, change_placement_hours, end_placement, update_placement
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import PlacementEndReason, PlacementKind, PlacementStatus
from stvdesk.domain.numbers import format_hours, format_mean, format_plain
from stvdesk.domain.parse import parse_date, parse_hours, parse_optional_date
from stvdesk.domain.placements import placement_form_errors, planned_end_after_move
from stvdesk.domain.progression import sparkline, trend_word
from stvdesk.screens.citizen_file.common import FileTab, choices
from stvdesk.screens.citizen_file.placement_form import open_new_placement
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import FieldSpec
from stvdesk.widgets.hint import FittedLine

if TYPE_CHECKING:
    from stvdesk.context import Session
    from stvdesk.db.models import Placement
    from stvdesk.db.queries.citizen_file import CitizenFile
    from stvdesk.db.queries.matching import CompanyMatch
    from stvdesk.db.queries.support import SupportSheet


#: Dates whole, the company before the kind; the hours' history gives way first. A header too
#: long for its column is abbreviated ("Pl. slut", "Timer"), never cut.
COLUMNS = [
    Col("Virksomhed", min=12, priority=6),
    Col("Art", min=10, priority=2),
    Col("Start", min=10, priority=5),
    Col("Planlagt slut", min=10, priority=4, short="Pl. slut"),
    Col("Timer (ord.)", min=11, priority=1, short="Timer"),
    Col("Status", min=6, priority=3),
]
#: The tab's keys, fullest first: the line shows the fullest that fits (80 columns: the last).
HINT = (
    "n nyt forløb · e ret · t ændr timer · x afslut · g progression · j match virksomheder"
    " · i indkomstberegner · s praktisk støtte",
    "n nyt forløb · e ret · t timer · x afslut · g progression · j match · i indkomst · s støtte",
    "n ny · e ret · t timer · x afslut · g progr. · j match · i indkomst · s støtte",
)


class PlacementsTab(FileTab):
    TAB = "forloeb"
    KEYS = (
        Binding("t", "change_hours", "Timer", show=False, id="file.hours"),
        Binding("x", "end_placement", "Afslut forløb", show=False, id="file.end"),
        Binding("g", "progress", "Progression", show=False, id="file.progress"),
        Binding("j", "match_companies", "Match virksomheder", show=False, id="file.match"),
        Binding("i", "income", "Hvad giver ordinære timer?", show=False, id="file.income"),
        Binding("s", "support", "Praktisk støtte", show=False, id="file.support"),
    )
    TAB_ONLY = frozenset({"change_hours", "end_placement", "progress", "support"})
    KEY_HELP = {
        "file.match": "Virksomheder, hvis branche passer til målene",
        "file.income": "Skøn over løn og ydelse måned for måned ved de timer, der tales om",
        "file.support": "Det valgte forløbs praktiske støtte: pasning, transport, sms, fravær, løn, indkomst",
    }

    def compose(self) -> ComposeResult:
        yield FittedLine(id="forloeb-hint", classes="tab-hint")
        yield FastTable(id="forloeb-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="forloeb-warnings")

    def clear(self) -> None:
        super().clear()
        self.query_one("#forloeb-warnings", Static).update("")

    def render_tab(self, f: CitizenFile) -> None:
        table = self._table("forloeb", COLUMNS, HINT)
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
        self.query_one("#forloeb-warnings", Static).update(escape(self.free("\n".join(warnings))))
        self._restore(table)

    def new(self) -> None:
        self.form_placement()

    def edit(self) -> None:
        chosen = self.selected()
        if chosen and chosen[0] == "placement":
            self.form_edit_placement(chosen[1])
        else:
            super().edit()

    def _selected_placement(self) -> Placement | None:
        chosen = self.selected() if self.is_shown else None
        if chosen is None or chosen[0] != "placement":
            self.notify("Vælg et forløb på fanen Forløb.", severity="warning")
            return None
        return next(v.placement for v in self.loaded.placements if v.placement.id == chosen[1])

    # --- forms ------------------------------------------------------------------------------

    def form_placement(self) -> None:
        """The companies' names (for the suggestions) are read first, then the form opens."""
        self.file_screen.load(
            companies_by_name,
            lambda companies: open_new_placement(self, companies),
            group="citizen-file-form",
            opens_dialog=True,
        )

    def form_edit_placement(self, placement_id: uuid.UUID) -> None:
        """Purpose, tasks, start and planned end. A moved start moves a planned end left as it
        was by as many days (placements.planned_end_after_move), and the worker is told."""
        placement = next(v.placement for v in self.loaded.placements if v.placement.id == placement_id)
        today = self.today()
        old_start, old_end = placement.start_on, placement.planned_end_on
        internship = placement.kind is PlacementKind.INTERNSHIP

        def check(v: dict[str, Any]) -> dict[str, str]:
            start = v.get("start_on")  # None: the start did not parse, its own error shows
            end = planned_end_after_move(old_start, old_end, start, v.get("planned_end_on")) if start else None
            return placement_form_errors(
                placement.kind,
                v.get("purpose", ""),
                v.get("tasks", ""),
                placement.hours_per_week,
                placement.ordinary_hours_per_week,
                start,
                end,
            )

        moved: list[date] = []  # the planned end the save moved, stored in the form's worker

        def change(session: Session, editor: Editor, v: dict[str, Any]) -> None:
            end = update_placement(
                session,
                editor,
                placement_id,
                purpose=v["purpose"],
                tasks=v["tasks"],
                start_on=v["start_on"],
                planned_end_on=v["planned_end_on"],
            )
            moved[:] = [end] if end is not None else []

        def notice(_values: dict[str, Any]) -> str | None:
            if not moved:
                return None
            return f"Planlagt slut flyttet til {format_date(moved[0])}, så længden er den samme."

        self.open_form(
            "Ret forløb",
            [
                # A praktik must have both (placements.placement_form_errors): marked so.
                FieldSpec("purpose", "Formål", value=placement.purpose, required=internship),
                FieldSpec("tasks", "Opgaver", value=placement.tasks, required=internship),
                FieldSpec(
                    "start_on",
                    "Start",
                    value=format_date(old_start),
                    required=True,
                    parse=lambda t: parse_date(t, today=today),
                ),
                FieldSpec(
                    "planned_end_on",
                    "Planlagt slut",
                    value=format_date(old_end),
                    parse=lambda t: parse_optional_date(t, today=today),
                ),
            ],
            self.stores(change),
            check,
            intro="Timer ændres med t, så timerne over tid bevares. Flyttes start, flytter planlagt slut med.",
            notice=notice,
        )

    def action_change_hours(self) -> None:
        placement = self._selected_placement()
        if placement is None:
            return
        placement_id, today = placement.id, self.today()

        def check(v: dict[str, Any]) -> dict[str, str]:
            if v["ordinary"] > v["hours"]:
                return {"ordinary": "Ordinære timer kan ikke være flere end timerne i alt."}
            return {}

        self.open_form(
            "Ændr timer",
            [
                # The stored value with every decimal: saving the form unchanged must not round it.
                FieldSpec("hours", "Timer pr. uge", value=format_plain(placement.hours_per_week), parse=parse_hours),
                FieldSpec(
                    "ordinary",
                    "Heraf ordinære",
                    value=format_plain(placement.ordinary_hours_per_week),
                    parse=parse_hours,
                ),
                FieldSpec(
                    "effective_on", "Fra dato", value=format_date(today), parse=lambda t: parse_date(t, today=today)
                ),
            ],
            self.stores(
                lambda s, ed, v: change_placement_hours(
                    s,
                    ed,
                    placement_id,
                    hours_per_week=v["hours"],
                    ordinary_hours_per_week=v["ordinary"],
                    effective_on=v["effective_on"],
                )
            ),
            check,
        )

    def action_end_placement(self) -> None:
        placement = self._selected_placement()
        if placement is None:
            return
        placement_id, today = placement.id, self.today()
        self.open_form(
            "Afslut forløb",
            [
                FieldSpec("ended_on", "Slutdato", value=format_date(today), parse=lambda t: parse_date(t, today=today)),
                FieldSpec(
                    "reason",
                    "Årsag",
                    kind="choice",
                    value=PlacementEndReason.COMPLETED,
                    choices=choices(PlacementEndReason),
                ),
            ],
            self.stores(
                lambda s, ed, v: end_placement(s, ed, placement_id, ended_on=v["ended_on"], reason=v["reason"])
            ),
        )

    # --- practical support in the placement (002, table 5-1) ------------------------------

    def action_support(self) -> None:
        """The highlighted placement's checklist, read first, then its form."""
        from stvdesk.db.queries.support import support_sheet
        from stvdesk.screens.citizen_file.support_form import SupportForm, store_support

        placement = self._selected_placement()
        if placement is None:
            return
        placement_id, today = placement.id, self.today()

        def opened(sheet: SupportSheet) -> None:
            self.push_form(SupportForm(sheet, today, self.stores(store_support(sheet))))

        self.file_screen.load(
            lambda s: support_sheet(s, placement_id), opened, group="citizen-file-form", opens_dialog=True
        )

    # --- income at ordinary hours (002, tabel 5-1) ----------------------------------------

    def action_income(self) -> None:
        """The income calculator over the file; a note it writes shows when the file is read again
        (the file reads itself whenever it is shown again)."""
        from stvdesk.screens.income import open_income_calculator

        open_income_calculator(self.file_screen, self.loaded.citizen.id)

    # --- progression and matching --------------------------------------------------------

    def action_progress(self) -> None:
        placement = self._selected_placement()
        if placement is None:
            return
        from stvdesk.screens.company.forms import progress_form

        company = next(v.company for v in self.loaded.placements if v.placement.id == placement.id)
        screen = self.file_screen
        progress_form(screen, placement.id, f"{placement.kind.label} hos {company}", screen.reload)

    def action_match_companies(self) -> None:
        """The team's companies that match the citizen's goals are read first, then offered."""
        from stvdesk.db.queries.matching import companies_for_citizen

        citizen_id, worker_id = self.loaded.citizen.id, self.desk.me.id
        self.file_screen.load(
            lambda s: companies_for_citizen(s, citizen_id, worker_id),
            self._offer_matches,
            group="citizen-file-form",
            opens_dialog=True,
        )

    def _offer_matches(self, matches: list[CompanyMatch]) -> None:
        from stvdesk.widgets.modals import ChoiceModal

        offered = [
            (
                f"{m.match.score:>2}  [b]{escape(m.name)}[/b] – {escape(m.industry)}, {escape(m.city)}\n"
                f"    [dim]{escape('; '.join(m.match.reasons))}[/dim]",
                m.company_id,
            )
            for m in matches
        ]

        def chosen(company_id: uuid.UUID | None) -> None:
            if company_id is not None:
                self.file_screen.stv_app.open_company(company_id)

        self.app.push_screen(
            ChoiceModal(
                "Virksomheder der passer til målene (matchet forklarer – du beslutter)",
                offered,
                empty_text="Ingen af teamets virksomheder passer til borgerens jobmål. Har borgeren et A-, B- eller C-mål?",
            ),
            chosen,
        )
