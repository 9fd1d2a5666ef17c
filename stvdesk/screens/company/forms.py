"""The consultant's forms: a company, a contact person, a logged contact, a job opening and a
month's progression. Each is opened from more than one screen (`owner`: the screen or tab that
opens it); `done` runs after a save.

What a form proposes (industries, consultants, last month's ratings) is read in a worker of the
owner before the form opens; the save is the form's own worker (FormModal), so the closures
below only use the desk's context and values captured here, never a widget."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from stvdesk.db.queries.companies import (
    add_contact,
    add_job_opening,
    create_company,
    industries,
    log_contact,
    update_company,
)
from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.outreach import ContactCitizen, contact_citizens
from stvdesk.db.queries.progress import latest_entry, save_progress
from stvdesk.db.queries.workers import WorkerInfo, team_workers
from stvdesk.domain.calendar import format_date, month_start
from stvdesk.domain.cvr import CvrError, parse_optional_cvr
from stvdesk.domain.enums import ContactChannel, FollowUpKind, Role
from stvdesk.domain.meetings import ItemKind, parse_answer
from stvdesk.domain.numbers import format_plain
from stvdesk.domain.parse import ParseError, parse_date, parse_due_date, parse_hours, parse_month
from stvdesk.domain.privacy import shown_name
from stvdesk.domain.progression import RATED, RATED_LABELS
from stvdesk.screens.base import desk_app
from stvdesk.widgets.data_path import load_on
from stvdesk.widgets.form import CrossCheck, FieldSpec, FormModal, Submit

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from stvdesk.context import DeskContext
    from stvdesk.db.models import Company, CompanyContact, ProgressEntry

Done = Callable[[], object]  # called once saved: a screen's reload (a worker, its result unused)


# A change in a session: (session, editor). Any: screens name no SQL types (the layer rule).
Change = Callable[[Any, Editor], object]


def _run(desk: DeskContext, change: Change) -> None:
    """Store one change (in the form's worker). A refusal raises with a Danish message, which
    the form shows while it keeps what was typed."""
    editor = Editor(worker_id=desk.me.id, today=desk.clock.today())
    desk.run(lambda session: change(session, editor))


def _open(
    owner: DOMNode,
    title: str,
    fields: list[FieldSpec],
    submit: Submit,
    done: Done,
    check: CrossCheck | None = None,
    intro: str = "",
) -> None:
    def closed(values: dict[str, Any] | None) -> None:
        if values is not None:
            owner.app.notify("Gemt.", title=title)
            done()

    owner.app.push_screen(FormModal(title, fields, submit, check, intro), closed)


#: Told of a new company once it is stored: its id and name (the placement form chooses it).
Created = Callable[[uuid.UUID, str], object]


def company_form(
    owner: DOMNode, done: Done, company: Company | None = None, *, name: str = "", created: Created | None = None
) -> None:
    """A new company, or `company` to edit; the known industries and the team's consultants are
    read first. A new one starts with `name` typed, and `created` is told of it once stored."""
    desk = desk_app(owner).desk
    team_id = desk.me.team_id
    load_on(
        owner,
        lambda s: (industries(s), [w for w in team_workers(s, team_id) if w.role is Role.VK]),
        lambda found: _company_form(owner, desk, done, company, *found, name=name, created=created),
        group="company-form",
        opens_dialog=True,
    )


def _company_form(
    node: DOMNode,
    desk: DeskContext,
    done: Done,
    company: Company | None,
    known: list[str],
    vks: list[WorkerInfo],
    *,
    name: str = "",
    created: Created | None = None,
) -> None:
    consultants = [(f"{w.name} ({w.initials})", w.id) for w in vks]
    owner = (
        company.owner_id
        if company
        else (desk.me.id if desk.me.role is Role.VK else (consultants[0][1] if consultants else None))
    )

    def cvr(text: str) -> str:
        try:
            return parse_optional_cvr(text) or ""
        except CvrError as exc:
            raise ParseError(str(exc)) from exc

    made: list[Company] = []  # the new company, stored in the form's worker

    def submit(v: dict[str, Any]) -> str | None:
        values = {
            k: v[k]
            for k in (
                "industry",
                "address",
                "postal_code",
                "city",
                "phone",
                "owner_id",
                "notes",
                "standing_agreement",
                "renegotiate",
            )
        }
        if company is None:
            _run(desk, lambda s, ed: made.append(create_company(s, ed, name=v["name"], cvr=v["cvr"], **values)))
        else:
            _run(desk, lambda s, ed: update_company(s, ed, company.id, name=v["name"], cvr=v["cvr"], **values))
        return None

    def saved() -> None:
        done()
        if created is not None and made:
            created(made[-1].id, made[-1].name)

    def get(key: str, default: str = "") -> Any:
        """The company's value of a field (any type), or `default` for a new company or an empty field."""
        return (getattr(company, key) if company else None) or default

    _open(
        node,
        "Ret virksomhed" if company else "Ny virksomhed",
        [
            FieldSpec("name", "Navn", value=get("name", name), required=True),
            FieldSpec("cvr", "CVR-nummer", value=get("cvr"), parse=cvr, placeholder="8 cifre, fx 12345674"),
            FieldSpec(
                "industry",
                "Branche",
                value=get("industry"),
                suggestions=known,
                placeholder="fx Lager; → tager forslaget",
            ),
            FieldSpec("address", "Adresse", value=get("address")),
            FieldSpec("postal_code", "Postnummer", value=get("postal_code")),
            FieldSpec("city", "By", value=get("city")),
            FieldSpec("phone", "Telefon", value=get("phone")),
            FieldSpec(
                "owner_id", "Virksomhedskonsulent", kind="choice", value=owner, choices=[("Ingen", None), *consultants]
            ),
            FieldSpec("notes", "Noter", value=get("notes")),
            FieldSpec(
                "standing_agreement",
                "Ældre aftale",
                value=get("standing_agreement"),
                placeholder="fx Rammeaftale om praktikpladser fra 2019",
            ),
            FieldSpec(
                "renegotiate", "Aftalen skal genforhandles", kind="bool", value=bool(company and company.renegotiate)
            ),
        ],
        submit,
        saved,
    )


def contact_form(owner: DOMNode, company_id: uuid.UUID, done: Done) -> None:
    desk = desk_app(owner).desk

    def submit(v: dict[str, Any]) -> str | None:
        _run(
            desk,
            lambda s, ed: add_contact(
                s, ed, company_id, name=v["name"], role=v["role"], phone=v["phone"], email=v["email"]
            ),
        )
        return None

    _open(
        owner,
        "Ny kontaktperson",
        [
            FieldSpec("name", "Navn", required=True),
            FieldSpec("role", "Rolle", placeholder="fx Driftsleder"),
            FieldSpec("phone", "Telefon"),
            FieldSpec("email", "Mail"),
        ],
        submit,
        done,
    )


def log_form(owner: DOMNode, company_id: uuid.UUID, contacts: list[CompanyContact], done: Done) -> None:
    """A logged contact; the citizens it may be for are read first (the consultant's own and
    those placed at the company)."""
    worker_id = desk_app(owner).desk.me.id
    load_on(
        owner,
        lambda s: contact_citizens(s, worker_id, company_id),
        lambda citizens: _log_form(owner, company_id, contacts, citizens, done),
        group="log-form",
        opens_dialog=True,
    )


def _log_form(
    owner: DOMNode, company_id: uuid.UUID, contacts: list[CompanyContact], citizens: list[ContactCitizen], done: Done
) -> None:
    app = desk_app(owner)
    desk = app.desk
    today = desk.clock.today()

    def check(v: dict[str, Any]) -> dict[str, str]:
        errors = {}
        if v["contacted_on"] > today:
            errors["contacted_on"] = "En kontakt kan ikke logges frem i tiden."
        if v["next_step_on"] is not None and not v["next_step"].strip():
            errors["next_step"] = "Skriv hvad næste skridt er."
        return errors

    def submit(v: dict[str, Any]) -> str | None:
        _run(
            desk,
            lambda s, ed: log_contact(
                s,
                ed,
                company_id,
                contacted_on=v["contacted_on"],
                channel=v["channel"],
                contact_id=v["contact"],
                outcome=v["outcome"],
                next_step=v["next_step"],
                next_step_on=v["next_step_on"],
                next_kind=v["next_kind"],
                citizen_id=v["citizen"],
                ordinary_hours_asked=v["hours_asked"],
            ),
        )
        return None

    _open(
        owner,
        "Log kontakt med virksomheden",
        [
            FieldSpec(
                "contacted_on",
                "Dato",
                value=format_date(today),
                required=True,
                parse=lambda t: parse_date(t, today=today),
            ),
            FieldSpec(
                "channel",
                "Hvordan",
                kind="choice",
                value=ContactChannel.PHONE,
                choices=[(c.label, c) for c in ContactChannel],
            ),
            FieldSpec(
                "contact",
                "Med",
                kind="choice",
                value=contacts[0].id if contacts else None,
                choices=[
                    ("Ingen bestemt", None),
                    *[(c.name + (f" ({c.role})" if c.role else ""), c.id) for c in contacts],
                ],
            ),
            FieldSpec(
                "citizen",
                "For borger",
                kind="choice",
                value=None,
                choices=[("Ingen bestemt borger", None), *((shown_name(c.name, app.privacy), c.id) for c in citizens)],
            ),
            FieldSpec("hours_asked", "Spurgt til ordinære timer", kind="bool", value=False),
            FieldSpec("outcome", "Resultat", kind="multiline"),
            FieldSpec("next_step", "Næste skridt", placeholder="fx Besøg med borger"),
            FieldSpec(
                "next_step_on",
                "Næste skridt dato",
                placeholder="dd-mm-åååå – bliver en opfølgning for dig",
                parse=lambda t: parse_due_date(t, today) if t.strip() else None,
            ),
            FieldSpec(
                "next_kind",
                "Opfølgningens art",
                kind="choice",
                value=FollowUpKind.COMPANY_VISIT,
                choices=[(k.label, k) for k in (FollowUpKind.COMPANY_VISIT, FollowUpKind.PHONE)],
            ),
        ],
        submit,
        done,
        check,
        intro="Et næste skridt med dato lægges som opfølgning på din Min dag.",
    )


def opening_form(owner: DOMNode, company_id: uuid.UUID, done: Done) -> None:
    desk = desk_app(owner).desk

    def submit(v: dict[str, Any]) -> str | None:
        _run(
            desk,
            lambda s, ed: add_job_opening(
                s, ed, company_id, title=v["title"], hours_per_week=v["hours"], description=v["description"]
            ),
        )
        return None

    _open(
        owner,
        "Ny jobåbning",
        [
            FieldSpec("title", "Job", required=True, placeholder="fx Lagermedarbejder"),
            FieldSpec("hours", "Timer pr. uge", value="", parse=parse_hours, placeholder="også få timer, fx 4"),
            FieldSpec("description", "Beskrivelse", placeholder="fx Tidlig morgen, tre dage om ugen"),
        ],
        submit,
        done,
        intro="Også jobåbninger med få timer – de kan blive ordinære timer for en borger.",
    )


def _rating(text: str) -> int | None:
    return parse_answer(ItemKind.RATING, text)


def _month(text: str, today: date) -> object:
    month = parse_month(text)
    if month > month_start(today):
        raise ParseError("Måneden er ikke begyndt endnu.")
    return month


def progress_form(owner: DOMNode, placement_id: uuid.UUID, who: str, done: Done) -> None:
    """A month's ratings for a placement; the latest entry is read first (this month's is
    edited, an earlier one is shown for comparison)."""
    load_on(
        owner,
        lambda s: latest_entry(s, placement_id),
        lambda last: _progress_form(owner, placement_id, who, done, last),
        group="progress-form",
        opens_dialog=True,
    )


def _progress_form(owner: DOMNode, placement_id: uuid.UUID, who: str, done: Done, last: ProgressEntry | None) -> None:
    desk = desk_app(owner).desk
    today = desk.clock.today()
    same = last if last is not None and last.month == month_start(today) else None

    def submit(v: dict[str, Any]) -> str | None:
        _run(
            desk,
            lambda s, ed: save_progress(
                s,
                ed,
                placement_id,
                month=v["month"],
                ratings={key: v[key] for key in RATED},
                ordinary_hours=v["ordinary_hours"],
                description=v["description"],
            ),
        )
        return None

    def hours(text: str) -> float:
        value = parse_answer(ItemKind.NUMBER, text)
        if value is not None and value < 0:
            raise ParseError("Timer kan ikke være negative.")
        return value or 0.0

    intro = f"{who}. Vurder sammen med borger og kontaktperson: 1 = meget svært, 5 = som en kollega."
    if last is not None and same is None:
        intro += f"\nSidst ({last.month:%m-%Y}): " + ", ".join(
            f"{RATED_LABELS[key].lower()} {getattr(last, key)}" for key in RATED if getattr(last, key) is not None
        )
    _open(
        owner,
        "Progression for måneden",
        [
            FieldSpec("month", "Måned", value=f"{today:%m-%Y}", parse=lambda t: _month(t, today), required=True),
            *[
                FieldSpec(
                    key,
                    f"{RATED_LABELS[key]} (1–5)",
                    value=str(getattr(same, key) or "") if same else "",
                    parse=_rating,
                )
                for key in RATED
            ],
            FieldSpec(
                "ordinary_hours",
                "Ordinære (lønnede) timer i måneden",
                value=format_plain(same.ordinary_hours) if same else "0",
                parse=hours,
            ),
            FieldSpec("description", "Udviklingsbeskrivelse", kind="multiline", value=same.description if same else ""),
        ],
        submit,
        done,
        intro=intro,
    )
