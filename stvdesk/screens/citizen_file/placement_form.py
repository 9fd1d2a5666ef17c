"""The new-placement form of the Forløb tab: the company (a new one can be created from here),
the placement itself, and its first follow-up, proposed by the cadence rules as the start, the
kind and the planned end are typed, which the worker may change or decline."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.markup import escape
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from stvdesk.db.queries.edits import add_placement
from stvdesk.domain.cadence import CadenceSettings, Proposal, first_placement_follow_up
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import FollowUpStatus, PlacementKind
from stvdesk.domain.parse import ParseError, parse_date, parse_due_date, parse_hours, parse_optional_date
from stvdesk.domain.placements import placement_form_errors
from stvdesk.screens.citizen_file.common import choices
from stvdesk.widgets.form import CrossCheck, FieldSpec, FormModal, Submit
from stvdesk.widgets.keys import key_of

if TYPE_CHECKING:
    from stvdesk.screens.citizen_file.placements import PlacementsTab

TITLE = "Nyt virksomhedsforløb"


def _company_key(companies: dict[str, uuid.UUID], text: str) -> uuid.UUID | None:
    """The company a typed name means: the name as written, else the same name in other case."""
    typed = text.strip()
    return companies.get(typed) or next((cid for name, cid in companies.items() if name.lower() == typed.lower()), None)


class PlacementForm(FormModal):
    """A FormModal that can create the company typed (`ctrl+n`, the company form with the name
    taken along; once stored it is chosen here, with everything else still typed), and keeps the
    proposed first follow-up in step with the start, kind and planned end while the worker has
    not typed a date of their own."""

    BINDINGS = [
        Binding("ctrl+n", "new_company", "Opret virksomhed", key_display="^n", id="placement_form.new_company"),
    ]

    def __init__(
        self,
        fields: list[FieldSpec],
        submit: Submit,
        check: CrossCheck,
        *,
        companies: dict[str, uuid.UUID],
        today: date,
        cadence: CadenceSettings,
        proposal: Proposal,
        planned_already: str,
    ) -> None:
        super().__init__(TITLE, fields, submit, check)
        self.companies = companies  # shared with the company field's parser: a new one is known at once
        self.today = today
        self.cadence = cadence
        self.proposal = proposal
        self.planned_already = planned_already

    def on_mount(self) -> None:
        for after, hint in (("#f-company", "placement-company-hint"), ("#f-follow_up_on", "placement-follow-up-rule")):
            field = self.query_one(after)
            if isinstance(field.parent, Widget):
                field.parent.mount(Static("", id=hint), after=field)
        self._show_proposal()

    # --- the company -----------------------------------------------------------------------

    def _typed_company(self) -> str:
        return self.query_one("#f-company", Input).value.strip()

    def _company_hint(self) -> str:
        typed = self._typed_company()
        if not typed or _company_key(self.companies, typed) is not None:
            return ""
        if any(name.lower().startswith(typed.lower()) for name in self.companies):
            return ""  # the suggestion finishes it (→)
        key = key_of(self, "placement_form.new_company") or "ctrl+n"
        return f"[yellow]«{escape(typed)}» findes ikke i registret – [b]{key}[/b] opretter virksomheden.[/yellow]"

    def parsed_values(self) -> tuple[dict[str, Any], dict[str, str]]:
        values, errors = super().parsed_values()
        if (
            "company" in errors
            and self._typed_company()
            and _company_key(self.companies, self._typed_company()) is None
        ):
            key = key_of(self, "placement_form.new_company") or "ctrl+n"
            errors["company"] += f" Findes den ikke endnu, opretter {key} den."
        return values, errors

    def action_new_company(self) -> None:
        from stvdesk.screens.company.forms import company_form

        typed = self._typed_company()
        if typed and (known := _company_key(self.companies, typed)) is not None:
            name = next(n for n, cid in self.companies.items() if cid == known)
            self.notify(f"{name} findes allerede og er valgt.", title="Opret virksomhed")
            return
        company_form(self, lambda: None, name=typed, created=self._company_created)

    def _company_created(self, company_id: uuid.UUID, name: str) -> None:
        """Back from the company form: the new company is chosen; nothing else typed changes."""
        self.companies[name] = company_id
        field = self.query_one("#f-company", Input)
        field.suggester = SuggestFromList(list(self.companies), case_sensitive=False)
        field.value = name  # the same text as typed posts no change: the hint is cleared here
        self.query_one("#placement-company-hint", Static).update(self._company_hint())
        error = self.query_one("#f-company-error", Static)
        error.update("")
        error.remove_class("shown")
        self.query_one("#f-kind").focus()

    # --- the first follow-up ---------------------------------------------------------------

    def _current_proposal(self) -> Proposal | None:
        """The proposal for what is typed now; None while the start is not a date."""
        raw = self.raw_values()
        try:
            start = parse_date(raw["start_on"], today=self.today)
        except (ParseError, ValueError):
            return None
        try:
            end = parse_optional_date(raw["planned_end_on"], today=self.today)
        except (ParseError, ValueError):
            end = None
        kind = raw["kind"] if isinstance(raw["kind"], PlacementKind) else PlacementKind.INTERNSHIP
        return first_placement_follow_up(kind, start, end, self.today, self.cadence)

    def _show_proposal(self) -> None:
        line = f"Forslag: {self.proposal.kind.label.lower()} {format_date(self.proposal.due)} – {self.proposal.rule}."
        if self.planned_already:
            line += f"\n{self.planned_already}"
        self.query_one("#placement-follow-up-rule", Static).update(line)

    @on(Input.Changed)
    @on(Select.Changed)
    def _typed(self, event: Input.Changed | Select.Changed) -> None:
        changed = event.control.id
        if changed == "f-company":
            for hint in self.query("#placement-company-hint").results(Static):  # mounted after the fields
                hint.update(self._company_hint())
        if changed not in ("f-start_on", "f-planned_end_on", "f-kind"):
            return
        proposal = self._current_proposal()
        if proposal is None or proposal == self.proposal:
            return
        date_field = self.query_one("#f-follow_up_on", Input)
        if date_field.value.strip() == format_date(self.proposal.due):  # not a date of the worker's own
            date_field.value = format_date(proposal.due)
        self.proposal = proposal
        self._show_proposal()


def is_internship(raw: dict[str, Any]) -> bool:
    """A praktik must have a purpose and tasks (placements.placement_form_errors): the form marks
    them required while the kind chosen is praktik."""
    return raw.get("kind") is PlacementKind.INTERNSHIP


def open_new_placement(tab: PlacementsTab, companies: dict[str, uuid.UUID]) -> None:
    """The form for a new placement of the file's citizen, with the companies' names read."""
    desk, today = tab.desk, tab.today()
    citizen_id = tab.loaded.citizen.id
    cadence = desk.settings.cadence_for(desk.me.team_name)
    start, end = today, today + timedelta(weeks=13)
    proposal = first_placement_follow_up(PlacementKind.INTERNSHIP, start, end, today, cadence)
    planned = sorted(
        (f for f, _ in tab.loaded.follow_ups if f.status is FollowUpStatus.PLANNED), key=lambda f: f.due_on
    )
    planned_already = (
        f"Borgeren har allerede en planlagt {planned[0].kind.label.lower()} {format_date(planned[0].due_on)}."
        if planned
        else ""
    )

    def company(text: str) -> uuid.UUID:
        found = _company_key(companies, text)
        if found is None:
            raise ParseError("Ukendt virksomhed – skriv de første bogstaver og tag forslaget med →.")
        return found

    def check(v: dict[str, Any]) -> dict[str, str]:
        # Fields that did not parse are missing here (their own error shows): the rest is checked
        # all the same, so one save says everything that is wrong.
        hours, ordinary = v.get("hours_per_week"), v.get("ordinary_hours_per_week")
        if hours is None or ordinary is None:  # no comparison of the two until both read
            hours = ordinary = 0.0
        errors = placement_form_errors(
            v["kind"],
            v.get("purpose", ""),
            v.get("tasks", ""),
            hours,
            ordinary,
            v.get("start_on"),
            v.get("planned_end_on"),
        )
        if v["follow_up"]:
            try:
                parse_due_date(v["follow_up_on"], today)
            except ParseError as exc:
                errors["follow_up_on"] = f"{exc} Fjern fluebenet for ingen opfølgning."
        return errors

    def first_follow_up(v: dict[str, Any]) -> Proposal | None:
        """The proposal for the values saved, on the date the worker kept or typed; None: declined."""
        if not v["follow_up"]:
            return None
        proposal = first_placement_follow_up(v["kind"], v["start_on"], v["planned_end_on"], today, cadence)
        return dataclasses.replace(proposal, due=parse_due_date(v["follow_up_on"], today))

    def notice(v: dict[str, Any]) -> str | None:
        planned = first_follow_up(v)
        return f"{planned.kind.label} planlagt {format_date(planned.due)}." if planned else None

    submit = tab.stores(
        lambda s, ed, v: add_placement(
            s,
            ed,
            citizen_id,
            company_id=v["company"],
            kind=v["kind"],
            purpose=v["purpose"],
            tasks=v["tasks"],
            hours_per_week=v["hours_per_week"],
            ordinary_hours_per_week=v["ordinary_hours_per_week"],
            start_on=v["start_on"],
            planned_end_on=v["planned_end_on"],
            first_follow_up=first_follow_up(v),
        )
    )
    fields = [
        FieldSpec(
            "company",
            "Virksomhed",
            required=True,
            parse=company,
            suggestions=list(companies),
            placeholder="Skriv navnet; → tager forslaget",
        ),
        FieldSpec("kind", "Art", kind="choice", value=PlacementKind.INTERNSHIP, choices=choices(PlacementKind)),
        FieldSpec("purpose", "Formål", required_when=is_internship),
        FieldSpec("tasks", "Opgaver", required_when=is_internship),
        FieldSpec("hours_per_week", "Timer pr. uge", value="", parse=parse_hours),
        FieldSpec("ordinary_hours_per_week", "Heraf ordinære (lønnede) timer", value="0", parse=parse_hours),
        FieldSpec(
            "start_on", "Start", value=format_date(start), required=True, parse=lambda t: parse_date(t, today=today)
        ),
        FieldSpec(
            "planned_end_on",
            "Planlagt slut",
            value=format_date(end),
            parse=lambda t: parse_optional_date(t, today=today),
        ),
        FieldSpec("follow_up", "Planlæg første opfølgning", kind="bool", value=True),
        FieldSpec("follow_up_on", "Første opfølgning", value=format_date(proposal.due), placeholder="dd-mm-åååå"),
    ]
    form = PlacementForm(
        fields,
        submit,
        check,
        companies=companies,
        today=today,
        cadence=cadence,
        proposal=proposal,
        planned_already=planned_already,
    )
    tab.push_form(form, notice)
