"""What closing a case does to the rest of it: every part of the case must say it is closed.

- Aftercare ("Efterværn", 002, table 5-1) is support after ordinary employment, so only a case
  closed for an ordinary job plans aftercare calls (`offers_aftercare`).
- A placement still open when the case closes ends with the closing, for the reason the case
  closed (`placement_end_reason`): the job, the education, or "Andet" for a move or another
  benefit (the placement's own vocabulary has no such reasons).
- A job at the company of a running placement: the placement becomes the job. The placement
  ends the day before the closing (the day the job starts), as the demo's closed cases have it,
  and the job is a placement of kind "Ordinært job" at the same company from the closing day
  (`placement_end_on`), with all its hours ordinary.
- The phase is derived again from what is left: a case closed for an ordinary job is in
  aftercare whether or not the job is recorded (stvdesk.domain.phase).
- The open offer to the citizen and to the company is recorded with when and by whom it was
  given (`open_offer_after`).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from stvdesk.domain.enums import CaseCloseReason, PlacementEndReason

_END_REASONS = {
    CaseCloseReason.ORDINARY_JOB: PlacementEndReason.ORDINARY_JOB,
    CaseCloseReason.EDUCATION: PlacementEndReason.EDUCATION,
}


def offers_aftercare(reason: CaseCloseReason) -> bool:
    """Aftercare calls follow ordinary employment only (002, table 5-1, Efterværn)."""
    return reason is CaseCloseReason.ORDINARY_JOB


def placement_end_reason(reason: CaseCloseReason) -> PlacementEndReason:
    """The end reason of a placement still open when the case closes for `reason` (a local
    choice of words: the case's reasons mapped onto the placement's)."""
    return _END_REASONS.get(reason, PlacementEndReason.OTHER)


def placement_end_on(start_on: date, closed_on: date, *, becomes_job: bool) -> date:
    """The end of a placement open at the closing: the closing day, or, when it becomes the job,
    the day before (the job's first day is the closing day); never before its own start."""
    end = closed_on - timedelta(days=1) if becomes_job else closed_on
    return max(end, start_on)


def open_offer_after(
    stored_on: date | None, stored_by: uuid.UUID | None, given_on: date | None, giver: uuid.UUID
) -> tuple[date | None, uuid.UUID | None]:
    """Aftercare's open offer (002, table 5-1, Efterværn: "Åbent tilbud: Stå til rådighed, hvis
    borger har behov") as stored after a worker records it: the same date keeps whoever gave it,
    another date is given by the worker recording it, no date clears it."""
    if given_on is None:
        return None, None
    if given_on == stored_on:
        return stored_on, stored_by
    return given_on, giver
