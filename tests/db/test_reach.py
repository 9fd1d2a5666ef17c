"""Who may open whom without a purpose (README, "The access log")."""

from __future__ import annotations

from sqlmodel import Session, select

from stvdesk.db.models import Citizen, Worker
from stvdesk.db.queries.caseload import within_reach
from stvdesk.db.queries.workers import find_worker


def test_own_and_partners_caseload_are_within_reach_and_others_not(demo_engine) -> None:
    with Session(demo_engine) as session:
        kb = find_worker(session, "KB")
        lv = find_worker(session, "LV")
        me = session.get(Worker, kb.id)
        citizens = session.exec(select(Citizen)).all()
        mine = next(c for c in citizens if c.caseworker_id == kb.id)
        partners = next(c for c in citizens if c.consultant_id == me.partner_id and c.caseworker_id != kb.id)
        others = next(
            c
            for c in citizens
            if c.caseworker_id not in (kb.id, me.partner_id) and c.consultant_id not in (kb.id, me.partner_id)
        )
        reach = lambda w, c: within_reach(session, w.id, w.role, w.team_id, c.id)  # noqa: E731
        assert reach(kb, mine) and reach(kb, partners) and not reach(kb, others)
        assert all(reach(lv, c) for c in (mine, partners, others))  # the leader: the whole team
