"""A citizen's phase is derived from the case, never merged as an edit: a case closed on one
laptop while the other edits it ends with the phase of the closed case on the server and, after
the next sync, on both laptops, whichever syncs first, and with no conflict over the phase."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from stvdesk.db.models import Citizen, Placement, SyncConflict, SyncOutbox
from stvdesk.db.queries.edits import Editor, change_placement_hours, close_case
from stvdesk.db.queries.phase import derived_phase
from stvdesk.domain.enums import CaseCloseReason, Phase, PlacementEndReason, PlacementKind, PlacementStatus
from tests.sync.test_sync import assert_converged

TODAY = date(2026, 11, 24)


def _placement_without_ordinary_hours(laptop, partner) -> Placement:
    """A running placement, not yet with ordinary hours, of a citizen both laptops carry."""
    with laptop.session() as session:
        placement = session.exec(
            select(Placement)
            .join(Citizen, Citizen.id == Placement.citizen_id)
            .where(
                Placement.status == PlacementStatus.ACTIVE,
                Placement.kind != PlacementKind.ORDINARY_JOB,
                Placement.ordinary_hours_per_week == 0,
                Placement.deleted_at.is_(None),
                Citizen.caseworker_id == laptop.worker_id,
                Citizen.consultant_id == partner.worker_id,
                Citizen.closed_on.is_(None),
                Citizen.phase_override.is_(None),
            )
            .order_by(Placement.id)
        ).first()
    assert placement is not None, "the demo has no such placement"
    return placement


@pytest.mark.parametrize("first", ["closer", "editor"])
def test_a_case_closed_on_one_laptop_while_the_other_edits_it_ends_in_the_closed_cases_phase(
    server, make_laptop, partner_initials, first
) -> None:
    kb, vk = make_laptop("KB"), make_laptop(partner_initials)
    placement = _placement_without_ordinary_hours(kb, vk)
    citizen_id = placement.citizen_id
    with vk.session() as session:
        # Ordinary hours on the partner's laptop: there the case is now in Progression.
        change_placement_hours(
            session,
            Editor(vk.worker_id, TODAY),
            placement.id,
            hours_per_week=max(placement.hours_per_week, 10.0),
            ordinary_hours_per_week=5.0,
            effective_on=TODAY,
        )
        assert session.get(Citizen, citizen_id).phase is Phase.PROGRESSION
    with kb.session() as session:
        close_case(
            session, Editor(kb.worker_id, TODAY), citizen_id, reason=CaseCloseReason.ORDINARY_JOB, closed_on=TODAY
        )
        assert session.get(Citizen, citizen_id).phase is Phase.AFTERCARE  # aftercare after a job
    one, other = (kb, vk) if first == "closer" else (vk, kb)
    one.sync()
    other.sync()
    with Session(server) as session:
        assert session.get(Citizen, citizen_id).phase is Phase.AFTERCARE  # before anyone syncs again
    one.sync()

    assert_converged(server, kb, vk)
    for side in (server, kb.engine, vk.engine):
        with Session(side) as session:
            citizen = session.get(Citizen, citizen_id)
            ended = session.get(Placement, placement.id)
            derived = derived_phase(session, citizen_id, TODAY)
        assert (citizen.closed_on, citizen.close_reason) == (TODAY, CaseCloseReason.ORDINARY_JOB)
        assert citizen.phase is Phase.AFTERCARE and derived is not None and derived.phase is Phase.AFTERCARE
        assert (ended.status, ended.ended_on, ended.end_reason) == (
            PlacementStatus.ENDED,
            TODAY,
            PlacementEndReason.ORDINARY_JOB,
        )
        assert ended.ordinary_hours_per_week == 5.0  # the partner's edit is kept in the ended placement
    for laptop in (kb, vk):
        with laptop.session() as session:
            conflicts = session.exec(select(SyncConflict)).all()
            waiting = session.exec(select(SyncOutbox)).all()
        assert [(c.table_name, c.field, c.kind) for c in conflicts] == []  # none on the phase, nor any other
        assert waiting == []


def test_a_pull_leaves_the_phase_of_a_change_still_waiting_on_the_laptop(server, make_laptop, partner_initials) -> None:
    """The citizen's row from the server carries the server's phase; a change made here while the
    sync ran (not sent yet) still counts: the laptop derives the phase again from both."""
    from stvdesk.db.queries.edits import update_citizen

    kb, vk = make_laptop("KB"), make_laptop(partner_initials)
    placement = _placement_without_ordinary_hours(kb, vk)
    citizen_id = placement.citizen_id
    with kb.session() as session:
        before = session.get(Citizen, citizen_id).phase
        update_citizen(session, Editor(kb.worker_id, TODAY), citizen_id, phone="11 11 11 11")
    kb.sync()
    assert before is not Phase.PROGRESSION

    def ordinary_hours_meanwhile(point: str) -> None:
        if point != "fetched":
            return
        with vk.session() as session:
            change_placement_hours(
                session,
                Editor(vk.worker_id, TODAY),
                placement.id,
                hours_per_week=max(placement.hours_per_week, 10.0),
                ordinary_hours_per_week=5.0,
                effective_on=TODAY,
            )

    vk.sync(hook=ordinary_hours_meanwhile)
    with vk.session() as session:
        citizen = session.get(Citizen, citizen_id)
        assert (citizen.phone, citizen.phase) == ("11 11 11 11", Phase.PROGRESSION)
        assert len(session.exec(select(SyncOutbox)).all()) > 0  # the hours are still to go
    vk.sync(), kb.sync()
    assert_converged(server, kb, vk)
    with Session(server) as session:
        assert session.get(Citizen, citizen_id).phase is Phase.PROGRESSION


def test_a_phase_that_moved_overnight_reaches_the_laptop_that_synced_too(server, make_laptop, partner_initials) -> None:
    """KB edits a case in the evening whose aftercare ends that day and syncs the next morning:
    the server derives the phase by the sync's day, and KB's own laptop gets it back, though
    the change was its own (the rows stay equal on every side)."""
    from datetime import timedelta

    from stvdesk.clock import Clock, use_clock
    from stvdesk.db.queries.edits import update_citizen
    from stvdesk.domain.calendar import add_months
    from stvdesk.settings import settings_in_force

    kb, vk = make_laptop("KB"), make_laptop(partner_initials)
    citizen_id = _placement_without_ordinary_hours(kb, vk).citizen_id
    closed_on = add_months(TODAY, -settings_in_force().cadence.aftercare_months)  # aftercare to TODAY
    with kb.session() as session:
        close_case(
            session, Editor(kb.worker_id, TODAY), citizen_id, reason=CaseCloseReason.ORDINARY_JOB, closed_on=closed_on
        )
    kb.sync(), vk.sync()
    with kb.session() as session:
        update_citizen(session, Editor(kb.worker_id, TODAY), citizen_id, phone="11 11 11 11")
        assert session.get(Citizen, citizen_id).phase is Phase.AFTERCARE
    use_clock(Clock(TODAY + timedelta(days=1)))
    kb.sync(), vk.sync()
    assert_converged(server, kb, vk)
    for side in (server, kb.engine, vk.engine):
        with Session(side) as session:
            citizen = session.get(Citizen, citizen_id)
            derived = derived_phase(session, citizen_id, TODAY + timedelta(days=1))
        assert derived is not None and citizen.phase is derived.phase is not Phase.AFTERCARE
        assert citizen.phone == "11 11 11 11"
