"""Månedsdialog (d on Styring): "Skal ske" per phase, on the demo data (000, 4.3; 002 table 5-1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select
from textual.widgets import DataTable

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, Company, FollowUp, Placement, Worker
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.enums import FollowUpStatus, Phase, PlacementKind, PlacementStatus, Readiness
from stvdesk.domain.rules import NO_CONTACT, ZERO_ORDINARY_HOURS, tag
from stvdesk.screens.dialogue import DialogueScreen
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle


@pytest.fixture
def leader_desk(demo_db):
    desk = make_desk(demo_db, "LV")
    yield desk
    desk.engine.dispose()


def _place(session: Session, citizen: Citizen, kind: PlacementKind, phase: Phase, days_in: int) -> None:
    """The citizen's only running placement: `kind`, started `days_in` days ago, no ordinary
    hours; the phase written as the derivation would."""
    for running in session.exec(
        select(Placement).where(Placement.citizen_id == citizen.id, Placement.status == PlacementStatus.ACTIVE)
    ):
        running.status, running.ended_on = PlacementStatus.ENDED, TODAY - timedelta(days=days_in + 1)
    company = session.exec(select(Company).where(col(Company.deleted_at).is_(None))).first()
    assert company is not None
    session.add(
        Placement(
            citizen_id=citizen.id,
            company_id=company.id,
            kind=kind,
            purpose="Lager",
            tasks="Plukke varer",
            hours_per_week=15,
            start_on=TODAY - timedelta(days=days_in),
            status=PlacementStatus.ACTIVE,
        )
    )
    citizen.phase, citizen.phase_override = phase, None


async def test_skal_ske_follows_the_phase(leader_desk) -> None:
    """A citizen in a praktik four months without ordinary hours and never contacted is told
    what that phase misses (contact, ordinary hours); a citizen in a job is not told to involve a
    consultant, though none is on the case – both were told before-placement things before."""
    with Session(leader_desk.engine) as session:
        kb = session.exec(select(Worker).where(Worker.initials == "KB")).one()
        mine = session.exec(
            select(Citizen)
            .where(
                Citizen.caseworker_id == kb.id,
                col(Citizen.closed_on).is_(None),
                Citizen.readiness != Readiness.FAR,
            )
            .order_by(Citizen.last_name, Citizen.first_name)
        ).all()
        in_praktik, in_job = mine[0], mine[1]
        for citizen in (in_praktik, in_job):  # no VK on the case, none asked for
            citizen.consultant_id, citizen.vk_requested_on, citizen.first_vk_meeting_on = None, None, None
        _place(session, in_praktik, PlacementKind.INTERNSHIP, Phase.RETENTION, 125)
        for held in session.exec(
            select(FollowUp).where(FollowUp.citizen_id == in_praktik.id, FollowUp.status == FollowUpStatus.HELD)
        ):
            held.deleted_at = held.updated_at
        _place(session, in_job, PlacementKind.ORDINARY_JOB, Phase.AFTERCARE, 60)
        session.commit()
        ids = {in_praktik.id: "praktik", in_job.id: "job"}

    app = StvdeskApp(leader_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The screen for KB's month, as Styring opens it (the way there is Styring's own test).
        app.push_screen(DialogueScreen(leader_desk.run(lambda s: find_worker(s, "KB")), TODAY))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DialogueScreen)
        await screen.settled()
        table = screen.query_one("#dialogue-table", DataTable)
        shown = {}
        for row in range(table.row_count):
            key = table.coordinate_to_cell_key((row, 0)).row_key.value or ""
            for citizen_id, which in ids.items():
                if key == f"citizen:{citizen_id}":
                    shown[which] = (str(table.get_row_at(row)[1]), str(table.get_row_at(row)[2]))
    phase, todo = shown["praktik"]
    assert phase == Phase.RETENTION.label
    assert f"ingen afholdt kontakt endnu {tag(NO_CONTACT)}" in todo
    assert "0 ordinære timer efter 3 måneder" in todo and tag(ZERO_ORDINARY_HOURS) in todo
    assert "ABC" not in todo and "virksomhedskonsulent" not in todo
    phase, todo = shown["job"]
    assert phase == Phase.AFTERCARE.label
    assert "virksomhedskonsulent" not in todo and "ABC" not in todo and "CV" not in todo
