"""Hvad giver ordinære timer? A calculator over the citizen's file or a meeting (002, tabel 5-1:
hjælp til at beregne indkomst ved ordinære timer).

It reads what it starts from in a worker (`db/queries/income.income_start`: the citizen, the target
group, the running placements' ordinary hours), proposes the benefit kind from the target group,
the hours from the placements and the hourly wage from the setting, and shows month by month what
the typed hours give (`domain/income.income_ladder`, the rates of `[indkomst]`: "satser <år>, lokal
indstilling"), always called an estimate, with a warning when the rates are of an earlier year
than the desk's clock. ctrl+s writes the estimate as a new journal note (or, from a meeting, hands
it to the meeting as the item's answer); Escape closes, and asks first when something was changed
and not written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.income import IncomeStart, income_start, write_estimate_note
from stvdesk.domain.income import (
    ESTIMATE,
    LEFT_OUT,
    BenefitKind,
    Household,
    IncomeMonth,
    IncomeRates,
    benefit_age_note,
    benefit_kind_for,
    estimate_note,
    income_at,
    income_ladder,
    kroner,
    month_label,
    parse_ladder,
    parse_wage,
    rates_warning,
    signed_kroner,
)
from stvdesk.domain.numbers import format_hours, format_plain
from stvdesk.domain.parse import ParseError, parse_hours
from stvdesk.domain.privacy import shown_cpr, shown_name
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.fast_table import Col, FastTable
from stvdesk.widgets.form import ConfirmModal
from stvdesk.widgets.keys import key_of
from stvdesk.widgets.privacy import privacy_on, private_text

TITLE = "Hvad giver ordinære timer?"

#: An estimate handed to the meeting instead of written in the journal: the note's text.
UseEstimate = Callable[[str], None]


def _choices(enum_cls: type[BenefitKind] | type[Household]) -> list[tuple[str, Any]]:
    return [(member.label, member) for member in enum_cls]


class IncomeCalculator(DataPath, ModalScreen[str | None]):
    """Dismissed with the estimate's text once written (or handed on), else None."""

    DEFAULT_CSS = """
    IncomeCalculator { align: center middle; }
    IncomeCalculator #income-dialog {
        width: 100; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    IncomeCalculator #income-fields { height: auto; }
    IncomeCalculator .income-row { height: 1; }
    IncomeCalculator .income-row Label { width: 30; color: $text-muted; }
    IncomeCalculator .income-row Input, IncomeCalculator .income-row Select { width: 1fr; background: $boost; }
    IncomeCalculator #income-table { height: auto; max-height: 14; }
    IncomeCalculator #income-error { color: $error; display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "store", "Gem skønnet", priority=True, id="income.store"),
        Binding("escape", "close", "Luk", id="income.close"),
    ]

    def __init__(self, citizen_id: uuid.UUID, use: UseEstimate | None = None) -> None:
        super().__init__()
        self.citizen_id = citizen_id
        self.use = use  # from a meeting: the estimate becomes the item's answer, not a note
        self.start: IncomeStart | None = None
        self.months: list[IncomeMonth] = []
        self.initial: dict[str, Any] | None = None  # the fields as proposed: Escape asks once they differ
        self._storing = False

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Not the app's `.dialog`: its padding and the title's margin would cost the table its rows
        # on an 80×24 terminal.
        with Vertical(id="income-dialog"):
            yield Static(f"[b]{TITLE}[/b]  Indlæser …", id="income-title")
            yield Static("", id="income-rates")
            with VerticalScroll(id="income-fields"):
                yield Static("", id="income-running")
                for name, label, widget in self._fields():
                    with Horizontal(classes="income-row"):
                        yield Label(label, id=f"{name}-label")
                        yield widget
            yield Static("", id="income-error")
            yield FastTable(id="income-table", cursor_type="row", zebra_stripes=True)
            yield Static(f"[dim]{LEFT_OUT}[/dim]", id="income-left-out")
            yield Static("", id="income-keys")

    def _fields(self) -> list[tuple[str, str, Input | Select[Any]]]:
        rates = self.rates
        return [
            ("income-hours", "Ordinære timer pr. uge nu", Input(compact=True, id="income-hours", disabled=True)),
            (
                "income-ladder",
                "Derefter, måned for måned",
                Input(placeholder="fx 15 20 25", compact=True, id="income-ladder", disabled=True),
            ),
            (
                "income-wage",
                "Timeløn (kr.)",
                Input(format_plain(rates.hourly_wage), compact=True, id="income-wage", disabled=True),
            ),
            (
                "income-kind",
                "Ydelse",
                Select(
                    _choices(BenefitKind),
                    value=BenefitKind.CASH,
                    allow_blank=False,
                    compact=True,
                    id="income-kind",
                    disabled=True,
                ),
            ),
            (
                "income-household",
                "Husstand",
                Select(
                    _choices(Household),
                    value=Household.AWAY,
                    allow_blank=False,
                    compact=True,
                    id="income-household",
                    disabled=True,
                ),
            ),
        ]

    @property
    def rates(self) -> IncomeRates:
        rates: IncomeRates = self.desk_context.settings.income
        return rates

    def today(self) -> date:
        return self.desk_context.clock.today()

    def on_mount(self) -> None:
        table = self.query_one("#income-table", FastTable)
        table.add_fitted(
            Col("Måned", min=8, max=16, priority=9),
            Col("Timer/uge", min=9, priority=8),
            Col("Løn", min=10, priority=7),
            Col("Ydelse", min=10, priority=7),
            Col("I alt", min=10, priority=9),
            Col("Forskel", min=10, priority=8),
        )
        self._draw_rates()
        self._draw_keys()
        citizen_id, today = self.citizen_id, self.today()
        self.load(lambda s: income_start(s, citizen_id, today), self._started, group="income", failed=self._unreadable)

    def _draw_rates(self, kind: BenefitKind | None = None) -> None:
        rates = self.rates
        line = f"[b reverse] {ESTIMATE} [/]  {escape(rates.label)}"
        warnings = [rates_warning(rates, self.today())]
        if kind is not None and self.start is not None:
            warnings.append(benefit_age_note(kind, self.start.age))
        for warning in filter(None, warnings):
            line += f"\n[yellow]⚠ {escape(warning)}[/yellow]"
        self.query_one("#income-rates", Static).update(line)

    def _draw_keys(self) -> None:
        store = key_of(self, "income.store") or "ctrl+s"
        does = "giver skønnet som svar" if self.use else "skriver skønnet i journalen"
        self.query_one("#income-keys", Static).update(f"[dim]{store} {does} · Escape lukker · Tab næste felt[/dim]")

    def _draw_title(self) -> None:
        start, private = self.start, privacy_on(self)
        who = ""
        if start is not None:
            who = f"  ·  {escape(shown_name(start.full_name, private))}  {shown_cpr(start.cpr, private)}"
        self.query_one("#income-title", Static).update(f"[b]{TITLE}[/b]{who}")

    # --- what it starts from ----------------------------------------------------------------

    def _unreadable(self, message: str) -> None:
        self.query_one("#income-title", Static).update(
            f"[b]{TITLE}[/b]  [red]Borgeren kunne ikke hentes: {escape(private_text(self, message))}[/red]"
        )

    def _started(self, start: IncomeStart | None) -> None:
        if start is None:
            self.query_one("#income-title", Static).update(
                f"[b]{TITLE}[/b]  [red]Borgeren findes ikke (længere).[/red]"
            )
            return
        self.start = start
        self._draw_title()
        running = (
            "Forløb i gang: "
            + ", ".join(
                f"{escape(r.company)} {format_hours(r.ordinary_hours_per_week)} ordinære timer/uge"
                for r in start.running
            )
            if start.running
            else "Intet forløb i gang: skriv de timer, der tales om."
        )
        self.query_one("#income-running", Static).update(f"[dim]{running}[/dim]")
        self.query_one("#income-hours", Input).value = format_plain(start.ordinary_hours_per_week)
        self.query_one("#income-kind", Select).value = benefit_kind_for(start.target_group, start.age)
        for widget in self.query("#income-fields Input, #income-fields Select"):
            widget.disabled = False
        self.query_one("#income-hours", Input).focus()
        self.initial = self._raw()
        self._recalculate()

    # --- the estimate ---------------------------------------------------------------------

    def _raw(self) -> dict[str, Any]:
        return {
            "hours": self.query_one("#income-hours", Input).value,
            "ladder": self.query_one("#income-ladder", Input).value,
            "wage": self.query_one("#income-wage", Input).value,
            "kind": self.query_one("#income-kind", Select).value,
            "household": self.query_one("#income-household", Select).value,
        }

    @property
    def dirty(self) -> bool:
        return self.initial is not None and self._raw() != self.initial

    def _parsed(self) -> tuple[tuple[float, ...], float, BenefitKind, Household]:
        raw = self._raw()
        hours = (parse_hours(raw["hours"]), *parse_ladder(raw["ladder"]))
        return hours, parse_wage(raw["wage"]), BenefitKind(raw["kind"]), Household(raw["household"])

    @on(Input.Changed)
    @on(Select.Changed)
    def _typed(self, event: Input.Changed | Select.Changed) -> None:
        event.stop()
        if self.start is not None:
            self._recalculate()

    def _recalculate(self) -> None:
        """The table for what is typed now (pure arithmetic, on the UI thread); a field that cannot
        be read says so and the table empties, so no figure shown is for other hours than typed."""
        table = self.query_one("#income-table", FastTable)
        error = self.query_one("#income-error", Static)
        table.clear()
        try:
            hours, wage, kind, household = self._parsed()
        except (ParseError, ValueError) as exc:
            self.months = []
            error.update(escape(str(exc)))
            error.display = True
            return
        error.display = False
        self._draw_rates(kind)
        rates = self.rates
        self.months = income_ladder(hours, wage, kind, household, rates, self.today())
        full = kroner(income_at(0, wage, kind, household, rates).total)
        table.add_row("I dag", "0", kroner(0), full, full, "–", key="today")
        for n, m in enumerate(self.months):
            table.add_row(
                month_label(m.month),
                format_hours(m.hours_per_week),
                Text(kroner(m.wage), justify="right"),
                Text(kroner(m.benefit), justify="right"),
                Text(kroner(m.total), style="bold", justify="right"),
                Text(signed_kroner(m.difference), style="green" if m.difference > 0 else "", justify="right"),
                key=f"month:{n}",
            )

    def estimate_text(self) -> str | None:
        """The estimate as the journal note's text, or None while a field cannot be read."""
        try:
            _hours, wage, kind, household = self._parsed()
        except (ParseError, ValueError):
            return None
        if not self.months:
            return None
        rates = self.rates
        age_note = benefit_age_note(kind, self.start.age) if self.start is not None else None
        warning = " ".join(filter(None, (rates_warning(rates, self.today()), age_note))) or None
        return estimate_note(self.months, wage, kind, household, rates, warning)

    # --- keys ---------------------------------------------------------------------------------

    def action_store(self) -> None:
        """Write the estimate as a new journal note (from a meeting: hand it to the meeting)."""
        text = self.estimate_text()
        if self.start is None or text is None:
            self.notify("Ret timerne eller timelønnen først – der er intet skøn at gemme.", severity="warning")
            return
        if self.use is not None:
            use = self.use
            self.dismiss(text)
            use(text)
            return
        if self._storing:
            return
        self._storing = True
        citizen_id = self.start.citizen_id
        editor = Editor(worker_id=self.desk_context.me.id, today=self.today())

        def written(_note: object) -> None:
            self._storing = False
            self.notify("Skønnet er skrevet som journalnotat.", title=ESTIMATE)
            self.dismiss(text)

        def refused(message: str) -> None:
            self._storing = False
            error = self.query_one("#income-error", Static)
            error.update(f"Notatet blev ikke skrevet: {escape(private_text(self, message))}")
            error.display = True

        self.save(
            lambda s: write_estimate_note(s, editor, citizen_id, text), written, failed=refused, group="income-note"
        )

    def action_close(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Skønnet er ikke gemt. Vil du lukke beregneren alligevel?"), answered)

    # --- privacy mode (F4) --------------------------------------------------------------------

    def privacy_changed(self) -> None:
        self._draw_title()

    def private_names(self) -> Iterable[str]:
        start = self.start
        return (start.full_name, start.first_name, start.last_name) if start else ()


def open_income_calculator(screen: Any, citizen_id: uuid.UUID, use: UseEstimate | None = None) -> None:
    """Open the calculator over `screen` (the citizen's file, a meeting). With `use`, ctrl+s hands
    the estimate's text to `use` (a meeting's answer) instead of writing a journal note; either way
    the calculator closes once it has."""
    screen.app.push_screen(IncomeCalculator(citizen_id, use))
