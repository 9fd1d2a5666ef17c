"""The conflict inbox: both values shown, keep mine / keep theirs / write a merge,
each choice reaching the server at the next sync; the header tells what waits."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import Session, select

from stvdesk.clock import Clock
from stvdesk.context import DeskContext
from stvdesk.db.models import AuditEvent, Citizen, SyncConflict
from stvdesk.db.queries.edits import Editor, update_citizen
from stvdesk.db.queries.workers import find_worker
from stvdesk.sync.inbox import ConflictError, keep_mine, keep_theirs, open_conflicts, write_merge
from tests.sync.test_sync import open_conflicts as unresolved
from tests.sync.test_sync import shared_citizen
from tests.ui.helpers import settle

TODAY = date(2026, 11, 24)


def conflicted(make_laptop, partner_initials, field: str, mine, theirs):
    """KB's laptop loses a race for `field` of a shared citizen: one open conflict on KB."""
    kb, vk = make_laptop("KB"), make_laptop(partner_initials)
    citizen = shared_citizen(kb, vk)
    with vk.session() as session:
        update_citizen(session, Editor(vk.worker_id, TODAY), citizen.id, **{field: theirs})
    with kb.session() as session:
        update_citizen(session, Editor(kb.worker_id, TODAY), citizen.id, **{field: mine})
    vk.sync(), kb.sync()
    [conflict] = unresolved(kb)
    return kb, vk, citizen, conflict


def value_on(engine, citizen_id, field):
    with Session(engine) as session:
        return getattr(session.get(Citizen, citizen_id), field)


def test_the_inbox_shows_the_citizen_what_and_both_values(server, make_laptop, partner_initials) -> None:
    kb, _vk, citizen, _conflict = conflicted(make_laptop, partner_initials, "phone", "11 11 11 11", "22 22 22 22")
    with kb.session() as session:
        [row] = open_conflicts(session)
    assert (row.citizen, row.what, row.mine, row.theirs, row.base) == (
        citizen.full_name,
        "Stamdata · Telefon",
        "11 11 11 11",
        "22 22 22 22",
        citizen.phone,
    )
    assert row.mergeable and row.keeps_mine


def test_keep_mine_wins_at_the_next_sync_and_is_logged(server, make_laptop, partner_initials) -> None:
    kb, vk, citizen, conflict = conflicted(make_laptop, partner_initials, "phone", "11 11 11 11", "22 22 22 22")
    assert value_on(kb.engine, citizen.id, "phone") == "22 22 22 22"  # the server's, until one chooses
    with kb.session() as session:
        keep_mine(session, conflict.id, kb.worker_id)
    assert value_on(kb.engine, citizen.id, "phone") == "11 11 11 11"
    kb.sync(), vk.sync()
    for engine in (kb.engine, vk.engine, server):
        assert value_on(engine, citizen.id, "phone") == "11 11 11 11"
    assert unresolved(kb) == [] and unresolved(vk) == []
    with kb.session() as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.criterion.like("Synkroniseringskonflikt løst%"))).all()
        with pytest.raises(ConflictError):
            keep_theirs(session, conflict.id, kb.worker_id)


def test_keep_theirs_changes_nothing_anywhere(server, make_laptop, partner_initials) -> None:
    kb, _vk, citizen, conflict = conflicted(make_laptop, partner_initials, "phone", "11 11 11 11", "22 22 22 22")
    with kb.session() as session:
        keep_theirs(session, conflict.id, kb.worker_id)
    report = kb.sync()
    assert report.pushed == 0 and unresolved(kb) == []
    assert value_on(server, citizen.id, "phone") == "22 22 22 22"


def test_a_merge_of_two_texts_goes_to_everyone(server, make_laptop, partner_initials) -> None:
    kb, vk, citizen, conflict = conflicted(make_laptop, partner_initials, "address", "Vestergade 1", "Østergade 2")
    with kb.session() as session:
        write_merge(session, conflict.id, "Vestergade 1 (post: Østergade 2)", kb.worker_id)
    kb.sync(), vk.sync()
    for engine in (kb.engine, vk.engine, server):
        assert value_on(engine, citizen.id, "address") == "Vestergade 1 (post: Østergade 2)"
    with kb.session() as session:
        assert session.get(SyncConflict, conflict.id).resolution == "merged"


def test_a_choice_is_not_merged_into_a_date_or_a_choice_list(server, make_laptop, partner_initials) -> None:
    from stvdesk.domain.enums import Readiness

    kb, _vk, _citizen, conflict = conflicted(make_laptop, partner_initials, "readiness", Readiness.FAR, Readiness.CLOSE)
    with kb.session() as session:
        [row] = open_conflicts(session)
        assert (row.mine, row.theirs, row.mergeable) == ("Længere fra", "Tæt på", False)
        with pytest.raises(ConflictError, match="Kun et tekstfelt"):
            write_merge(session, conflict.id, "noget", kb.worker_id)


async def test_the_desk_shows_the_sync_state_and_the_inbox_chooses(server, make_laptop, partner_initials) -> None:
    from stvdesk.app import StvdeskApp
    from stvdesk.screens.conflicts import ConflictsScreen

    kb, _vk, citizen, _conflict = conflicted(make_laptop, partner_initials, "phone", "11 11 11 11", "22 22 22 22")
    desk = DeskContext(engine=kb.engine, clock=Clock(TODAY), syncs=True)
    with Session(kb.engine) as session:
        desk.worker = find_worker(session, "KB")
    app = StvdeskApp(desk)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await app.screen.settled()  # the header's sync state is read in a worker
        header = str(app.screen.query_one("#desk-header").render())
        assert "Synk." in header and "1 konflikt (F12)" in header
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        await app.screen.settled()
        detail = str(app.screen.query_one("#conflicts-detail").render())
        assert "11 11 11 11" in detail and "22 22 22 22" in detail
        await pilot.press("m")
        await app.screen.settled()  # the choice stored, the inbox and the sync state read again
        header = str(app.screen.query_one("#desk-header").render())
        assert "konflikt" not in header and "1 venter" in header
    assert value_on(kb.engine, citizen.id, "phone") == "11 11 11 11"
    with kb.session() as session:
        assert json.loads(session.exec(select(SyncConflict)).one().mine) == "11 11 11 11"
