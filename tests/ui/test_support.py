"""Praktisk støtte on the demo data: due items in Min dag, the checklist from Forløb, stored and logged."""

from __future__ import annotations

from sqlmodel import Session, col, select
from textual.widgets import DataTable, Input, Select, Static

from stvdesk.app import StvdeskApp
from stvdesk.db.models import AuditEvent, PlacementSupport
from stvdesk.db.queries.support import due_support
from stvdesk.domain.enums import AuditAction, SupportState
from stvdesk.screens.citizen_file import CitizenFileScreen
from stvdesk.screens.citizen_file.support_form import SupportForm
from stvdesk.widgets.form import ConfirmModal
from tests.conftest import TODAY
from tests.ui.helpers import SIZE, settle


async def test_due_support_shows_in_min_dag_and_the_checklist_stores_from_forloeb(desk) -> None:
    me = desk.me
    due = desk.run(lambda s: due_support(s, me.id, me.role, me.team_id, TODAY))
    assert due
    first = due[0]
    code = first.item.value
    app = StvdeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#support-pane", Static)
        shown = str(pane.render())
        assert f"Praktisk støtte\nForfaldne: {len(due)}" in shown
        assert first.item.label in shown and first.citizen_name in shown
        await pilot.press("f4")
        await pilot.pause()
        assert first.citizen_name not in str(pane.render())
        await pilot.press("f4")
        await pilot.pause()

        app.open_citizen(first.citizen_id, tab="forloeb")
        await app.settled()
        file = app.screen
        assert isinstance(file, CitizenFileScreen)
        await file.settled()
        table = file.query_one("#forloeb-table", DataTable)
        table.move_cursor(row=table.get_row_index(f"placement:{first.placement_id}"))
        # Privacy mode on before the form opens: its title masks the name, not the company.
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SupportForm)
        title = form.query_one(".dialog-title", Static)
        assert first.citizen_name not in str(title.render()) and first.company in str(title.render())
        app.action_toggle_privacy()  # F4 is the app's key; a form over the file follows it too
        await pilot.pause()
        assert first.citizen_name in str(title.render()) and first.company in str(title.render())
        assert form.query_one(f"#f-{form.fields[0].name}").has_focus
        assert form.query_one(f"#f-{code}_state", Select).value is SupportState.OPEN

        # Typed into the item's note, then Escape: asked first, and "n" keeps the form.
        note = form.query_one(f"#f-{code}_note", Input)
        note.focus()
        note.value = ""
        await pilot.press(*"Ordnet med mor")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        form.query_one(f"#f-{code}_state", Select).value = SupportState.DONE
        # A date that is no date is refused at its field; the form stays open.
        due_field = form.query_one(f"#f-{code}_due", Input)
        due_field.value = "i morgen tidlig"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        due_field.value = "01-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CitizenFileScreen)
        await app.screen.settled()

    with Session(desk.engine) as session:
        row = session.exec(
            select(PlacementSupport).where(
                PlacementSupport.placement_id == first.placement_id, PlacementSupport.item == first.item
            )
        ).one()
        assert (row.state, row.note, row.due_on.isoformat()) == (SupportState.DONE, "Ordnet med mor", "2026-12-01")
        event = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
        assert event is not None and event.action is AuditAction.CHANGE and event.citizen_id == first.citizen_id
        assert "Praktisk støtte" in event.criterion
    after = desk.run(lambda s: due_support(s, me.id, me.role, me.team_id, TODAY))
    assert first.placement_id not in {s.placement_id for s in after if s.item is first.item}
