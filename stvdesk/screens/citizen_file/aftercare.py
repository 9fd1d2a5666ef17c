"""Efterværn on Overblik (002, table 5-1): the open offer to the citizen and to the company, when
and by whom it was given, and the form (`b`) that records it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from stvdesk.db.queries.aftercare import record_open_offer
from stvdesk.domain.calendar import format_date
from stvdesk.domain.enums import CaseCloseReason, Phase
from stvdesk.domain.parse import parse_optional_date
from stvdesk.widgets.form import FieldSpec

if TYPE_CHECKING:
    from stvdesk.context import Session
    from stvdesk.db.models import Citizen
    from stvdesk.db.queries.citizen_file import CitizenFile
    from stvdesk.db.queries.edits import Editor

OFFER_INTRO = (
    "Åbent tilbud efter job (002, tabel 5-1, Efterværn): borgeren og virksomheden ved, at de altid kan "
    "ringe. Skriv datoen, tilbuddet blev givet; en ny dato gemmes med dig som den, der gav det. "
    "Tom dato: ikke givet."
)


def in_aftercare(c: Citizen) -> bool:
    """A case the open offer belongs to: closed for an ordinary job, in Efterværn, or with an
    offer already recorded."""
    return (
        c.close_reason is CaseCloseReason.ORDINARY_JOB
        or c.current_phase is Phase.AFTERCARE
        or c.open_offer_citizen_on is not None
        or c.open_offer_company_on is not None
    )


def _given(on: date | None, by: str) -> str:
    if on is None:
        return "[yellow]ikke givet[/yellow]"
    return f"givet {format_date(on)}" + (f" af {by}" if by else "")


def aftercare_lines(f: CitizenFile) -> list[str]:
    """Overblik's lines for the open offer (none before aftercare)."""
    c = f.citizen
    if not in_aftercare(c):
        return []
    to_citizen, to_company = f.open_offer_givers
    return [
        f"Åbent tilbud til borgeren: {_given(c.open_offer_citizen_on, to_citizen)}"
        f"    til virksomheden: {_given(c.open_offer_company_on, to_company)}",
    ]


def open_offer_fields(c: Citizen, today: date) -> list[FieldSpec]:
    def field(name: str, label: str, on: date | None) -> FieldSpec:
        return FieldSpec(
            name,
            label,
            value=format_date(on) if on else "",
            parse=lambda t: parse_optional_date(t, today=today),
            placeholder="dd-mm-åååå (tom: ikke givet)",
        )

    return [
        field("citizen_on", "Åbent tilbud givet til borgeren", c.open_offer_citizen_on),
        field("company_on", "Åbent tilbud givet til virksomheden", c.open_offer_company_on),
    ]


def check_open_offer(today: date) -> Any:
    def check(v: dict[str, Any]) -> dict[str, str]:
        return {
            name: "Et åbent tilbud kan ikke være givet frem i tiden."
            for name in ("citizen_on", "company_on")
            if v[name] is not None and v[name] > today
        }

    return check


def store_open_offer(c: Citizen) -> Any:
    def change(session: Session, editor: Editor, values: dict[str, Any]) -> None:
        record_open_offer(session, editor, c.id, citizen_on=values["citizen_on"], company_on=values["company_on"])

    return change
