"""Ressourceforløb on the demo data: the dates in Overblik's edit form, the VK's rehab meeting, the wait."""

from __future__ import annotations

from sqlmodel import Session, col, select
from textual.widgets import Input, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import Citizen, FollowUp
from stvdesk.domain.enums import TargetGroup
from stvdesk.domain.resource import REHAB_NOTE
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.widgets.form import FormModal
from tests.ui.helpers import SIZE, settle


async def test_the_rehab_date_in_overblik_plans_the_vk_and_shows_the_wait(desk) -> None:
    me = desk.me.id
    with Session(desk.engine) as session:
        citizen = session.exec(
            select(Citizen).where(
                Citizen.target_group == TargetGroup.RESOURCE_COURSE,
                col(Citizen.consultant_id).is_not(None),
                col(Citizen.closed_on).is_(None),
                (col(Citizen.caseworker_id) == me) | (col(Citizen.consultant_id) == me),
            )
        ).first()
        assert citizen is not None
        citizen.first_vk_meeting_on = citizen.vk_requested_on = None
        session.add(citizen)
        session.commit()
        citizen_id, consultant = citizen.id, citizen.consultant_id
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_citizen(citizen_id, tab="overblik")
        await app.settled()
        file = app.screen
        assert isinstance(file, CitizenFileScreen)
        await file.settled()
        body = file.query_one("#overblik-body", Static)
        assert "Ressourceforløb bevilget: –" in str(body.render())
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#f-resource_awarded_on", Input).value = "01-10-2026"
        form.query_one("#f-rehab_plan_on", Input).value = "08-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        await file.settled()
        shown = str(body.render())
        assert "Ressourceforløb bevilget: 01-10-2026" in shown and "Rehabiliteringsmøde: 08-12-2026" in shown
        assert "Venter på VK: 54 dage" in shown
        assert any("Rehabiliteringsmøde 08-12-2026" in str(n.message) for n in app._notifications)
    with Session(desk.engine) as session:
        planned = session.exec(select(FollowUp).where(FollowUp.citizen_id == citizen_id, FollowUp.note == REHAB_NOTE))
        assert [f.worker_id for f in planned] == [consultant]
