"""What the income calculator (screens/income.py) starts from: the citizen, their target group and
the ordinary hours of their running placements; and the estimate written as a journal note.

The calculation itself is the pure rule of `stvdesk.domain.income` (002, tabel 5-1: hjælp til at
beregne indkomst; satser <år>, lokal indstilling)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from stvdesk.db.models import Citizen, Company, Note, Placement
from stvdesk.db.queries.edits import Editor, add_note
from stvdesk.domain.cpr import age_on
from stvdesk.domain.enums import PlacementStatus, TargetGroup
from stvdesk.domain.income import ESTIMATE


@dataclass(frozen=True)
class RunningHours:
    company: str
    ordinary_hours_per_week: float


@dataclass(frozen=True)
class IncomeStart:
    citizen_id: uuid.UUID
    full_name: str
    first_name: str
    last_name: str
    cpr: str
    age: int
    target_group: TargetGroup
    running: tuple[RunningHours, ...]  # the placements running now, oldest first

    @property
    def ordinary_hours_per_week(self) -> float:
        """The ordinary hours of every running placement together: what the citizen earns now."""
        return sum(r.ordinary_hours_per_week for r in self.running)


def income_start(session: Session, citizen_id: uuid.UUID, today: date) -> IncomeStart | None:
    """The citizen and their running placements' ordinary hours; None if the citizen is gone."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or citizen.deleted_at is not None:
        return None
    rows = session.exec(
        select(Company.name, Placement.ordinary_hours_per_week)
        .join(Company, col(Company.id) == Placement.company_id)
        .where(
            Placement.citizen_id == citizen_id,
            Placement.status == PlacementStatus.ACTIVE,
            col(Placement.deleted_at).is_(None),
        )
        .order_by(col(Placement.start_on))
    ).all()
    return IncomeStart(
        citizen_id=citizen.id,
        full_name=citizen.full_name,
        first_name=citizen.first_name,
        last_name=citizen.last_name,
        cpr=citizen.cpr,
        age=age_on(citizen.birth_date, today),
        target_group=citizen.target_group,
        running=tuple(RunningHours(name, hours) for name, hours in rows),
    )


def write_estimate_note(session: Session, editor: Editor, citizen_id: uuid.UUID, text: str) -> Note:
    """The estimate as a new journal note (the journal's own `add_note`: stamped, logged in the
    history as every note is). A text that does not say it is an estimate is made to."""
    said = text.strip()
    if not said.startswith(ESTIMATE):
        said = f"{ESTIMATE}: {said}"
    return add_note(session, editor, citizen_id, said)
