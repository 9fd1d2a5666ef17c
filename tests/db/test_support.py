"""Practical support in a placement (002, table 5-1): the checklist, what is due, what is open."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from stvdesk.db.demo_file import DEMO_WORKER
from stvdesk.db.models import AuditEvent, Citizen, Placement, PlacementSupport
from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.support import SupportLine, due_support, open_support, save_support, support_sheet
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.enums import AuditAction, SupportItem, SupportState
from stvdesk.domain.support import ITEMS, is_due
from tests.conftest import TODAY


def test_an_item_is_due_only_when_open_and_its_date_has_come() -> None:
    assert is_due(SupportState.OPEN, TODAY, TODAY)
    assert is_due(SupportState.OPEN, TODAY - timedelta(days=3), TODAY)
    assert not is_due(SupportState.OPEN, TODAY + timedelta(days=1), TODAY)
    assert not is_due(SupportState.OPEN, None, TODAY)
    assert not is_due(SupportState.DONE, TODAY - timedelta(days=3), TODAY)
    assert not is_due(SupportState.NOT_NEEDED, TODAY, TODAY)
    assert len(ITEMS) == len(SupportItem) == 6


def test_the_checklist_is_read_stored_logged_and_due_in_min_dag(demo_engine) -> None:
    with Session(demo_engine) as session:
        worker = find_worker(session, DEMO_WORKER)
        assert worker is not None
        due = due_support(session, worker.id, worker.role, worker.team_id, TODAY)
        # The demo gives the worker's new placements items due by today, and only open ones with a date.
        assert due and all(s.due_on is not None and s.due_on <= TODAY for s in due)
        mine = set(session.exec(select(Citizen.id).where(Citizen.caseworker_id == worker.id)))
        assert {s.citizen_id for s in due} <= mine
        first = due[0]
        sheet = support_sheet(session, first.placement_id)
        assert [line.item for line in sheet.lines] == list(ITEMS)
        assert sheet.citizen_name == first.citizen_name and sheet.company == first.company
        line = next(line for line in sheet.lines if line.item is first.item)
        assert (line.state, line.due_on) == (SupportState.OPEN, first.due_on)
        # The visit sheet's open items of that citizen hold it too.
        assert first in open_support(session, [first.citizen_id])[first.citizen_id]

        events = len(session.exec(select(AuditEvent)).all())
        editor = Editor(worker.id, TODAY, "pc")
        done = [SupportLine(line.item, SupportState.DONE, line.due_on, "  Ordnet  ")]
        assert save_support(session, editor, first.placement_id, done) == 1
        assert save_support(session, editor, first.placement_id, done) == 0  # nothing changed, nothing logged
        logged = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
        assert logged is not None and len(session.exec(select(AuditEvent)).all()) == events + 1
        assert (logged.action, logged.citizen_id) == (AuditAction.CHANGE, first.citizen_id)
        assert first.item.label in logged.criterion
        stored = next(line for line in support_sheet(session, first.placement_id).lines if line.item is first.item)
        assert (stored.state, stored.note) == (SupportState.DONE, "Ordnet")
        after = due_support(session, worker.id, worker.role, worker.team_id, TODAY)
        assert first not in after and len(after) == len(due) - 1


def test_an_untouched_item_gets_no_row_and_a_dated_one_becomes_due(demo_engine) -> None:
    with Session(demo_engine) as session:
        worker = find_worker(session, DEMO_WORKER)
        assert worker is not None
        placement = session.exec(
            select(Placement)
            .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
            .where(Citizen.caseworker_id == worker.id, col(Citizen.closed_on).is_(None), Placement.status == "active")
            .where(~col(Placement.id).in_(select(PlacementSupport.placement_id)))
        ).first()
        assert placement is not None
        editor = Editor(worker.id, TODAY, "pc")
        later = date(2026, 12, 3)
        lines = [SupportLine(item) for item in ITEMS]
        lines[1] = SupportLine(SupportItem.TRANSPORT, due_on=later)
        assert save_support(session, editor, placement.id, lines) == 1
        rows = session.exec(select(PlacementSupport).where(PlacementSupport.placement_id == placement.id)).all()
        assert [(r.item, r.state, r.due_on) for r in rows] == [(SupportItem.TRANSPORT, SupportState.OPEN, later)]
        ids = {s.placement_id for s in due_support(session, worker.id, worker.role, worker.team_id, TODAY)}
        assert placement.id not in ids
        ids = {s.placement_id for s in due_support(session, worker.id, worker.role, worker.team_id, later)}
        assert placement.id in ids


def test_the_visit_sheet_lists_the_placements_open_support(demo_engine) -> None:
    from stvdesk.db.models import FollowUp
    from stvdesk.db.queries.visit_day import visit_day
    from stvdesk.domain.enums import FollowUpKind
    from stvdesk.export.visit_day import visit_sheet

    day = date(2026, 11, 26)
    with Session(demo_engine) as session:
        worker = find_worker(session, DEMO_WORKER)
        assert worker is not None
        open_row = session.exec(
            select(PlacementSupport, Placement)
            .join(Placement, col(Placement.id) == col(PlacementSupport.placement_id))
            .join(Citizen, col(Citizen.id) == col(Placement.citizen_id))
            .where(PlacementSupport.state == SupportState.OPEN, Placement.status == "active")
            .where(col(Citizen.closed_on).is_(None))
        ).first()
        assert open_row is not None
        item, placement = open_row
        session.add(
            FollowUp(
                citizen_id=placement.citizen_id,
                company_id=placement.company_id,
                placement_id=placement.id,
                worker_id=worker.id,
                kind=FollowUpKind.COMPANY_VISIT,
                due_on=day,
            )
        )
        session.commit()
        visits = visit_day(session, worker.id, day, TODAY)
        person = next(p for v in visits for p in v.people if p.placement.id == placement.id)
        assert any(line.startswith(item.item.label) for line in person.support)
        sheet = visit_sheet(visits, "Demo", day, [])
        assert f"Praktisk støtte, åben: {person.support[0]}" in sheet
        # Stored as done, it leaves the sheet.
        item.state = SupportState.DONE
        session.add(item)
        session.commit()
        person = next(
            p for v in visit_day(session, worker.id, day, TODAY) for p in v.people if p.placement.id == placement.id
        )
        assert item.item.label not in "; ".join(person.support)
