"""Aftercare ("Efterværn", 002, table 5-1): the open offer to the citizen and to the company,
recorded on the case with when and by whom it was given.

It is recorded from the file (Overblik, `b`) or by finishing an aftercare call whose guide ticks
the offer (`citizen.open_offer` and `company.open_offer`, db/queries/meetings.py)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session

from stvdesk.db.models import Citizen
from stvdesk.db.queries.edits import EditError, Editor, _commit, _get, _history, _stamp
from stvdesk.domain.calendar import format_date
from stvdesk.domain.closing import open_offer_after

CITIZEN, COMPANY = "borgeren", "virksomheden"


def _set(citizen: Citizen, party: str, given_on: date | None, editor: Editor) -> str | None:
    """Set one side's offer; the words for the history when it changed, else None."""
    prefix = "open_offer_citizen" if party == CITIZEN else "open_offer_company"
    stored = getattr(citizen, f"{prefix}_on"), getattr(citizen, f"{prefix}_by")
    after = open_offer_after(*stored, given_on, editor.worker_id)
    if after == stored:
        return None
    setattr(citizen, f"{prefix}_on", after[0])
    setattr(citizen, f"{prefix}_by", after[1])
    if after[0] is None:
        return f"Åbent tilbud til {party} fjernet"
    return f"Åbent tilbud til {party} givet {format_date(after[0])}"


def record_open_offer(
    session: Session,
    editor: Editor,
    citizen_id: uuid.UUID,
    *,
    citizen_on: date | None,
    company_on: date | None,
) -> list[str]:
    """Store when the open offer was given to the citizen and to the company (None: not given);
    a new date is given by the editor. One history line names what changed."""
    citizen = _get(session, Citizen, citizen_id, "Borgeren findes ikke længere.")
    for given in (citizen_on, company_on):
        if given is not None and given > editor.today:
            raise EditError("Et åbent tilbud kan ikke være givet frem i tiden.")
    words = [
        w for party, on in ((CITIZEN, citizen_on), (COMPANY, company_on)) if (w := _set(citizen, party, on, editor))
    ]
    if words:
        _stamp(citizen, editor)
        _commit(session, editor, citizen_id, "; ".join(words))
    return words


def note_open_offer(
    session: Session, editor: Editor, citizen: Citizen, *, to_citizen: bool, to_company: bool, given_on: date
) -> list[str]:
    """The open offer a finished aftercare call ticked, given on the call's day by the editor,
    in the meeting's transaction (no commit here). An offer already recorded keeps its date."""
    words = []
    for party, given, stored in (
        (CITIZEN, to_citizen, citizen.open_offer_citizen_on),
        (COMPANY, to_company, citizen.open_offer_company_on),
    ):
        if given and stored is None and (said := _set(citizen, party, given_on, editor)):
            words.append(said)
    if words:
        _stamp(citizen, editor)
        _history(session, editor, citizen.id, "; ".join(words) + " (efterværnsopkald)")
    return words
