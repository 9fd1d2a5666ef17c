"""The caseload query: scope, search through the index, every filter, every sort."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from stvdesk.db.models import Citizen
from stvdesk.db.queries.caseload_list import (
    CaseloadFilter,
    Scope,
    SortKey,
    Viewer,
    caseload_page,
    save_filter,
    saved_filters,
    urgency_sql,
)
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.enums import CvState, Phase, Readiness, TargetGroup
from stvdesk.domain.urgency import UrgencyWeights
from tests.conftest import TODAY


@pytest.fixture
def session(demo_engine):
    with Session(demo_engine) as session:
        yield session


@pytest.fixture
def viewer(session) -> Viewer:
    kb = find_worker(session, "KB")
    return Viewer(kb.id, kb.role, kb.team_id)


def page(session, viewer, **kw):
    return caseload_page(session, CaseloadFilter(**kw), viewer, TODAY, limit=1000)


def test_mine_team_and_all(session, viewer) -> None:
    mine, team, everyone = (
        page(session, viewer),
        page(session, viewer, scope=Scope.TEAM),
        page(session, viewer, scope=Scope.ALL),
    )
    # Open cases only: the demo's 240 citizens less its 20 closed cases (4 of them KB's).
    assert mine.total == 41 and {r.caseworker for r in mine.rows} == {"KB"}
    assert team.total == everyone.total == 220
    rk = find_worker(session, "RK")
    theirs = page(session, viewer, scope=Scope.WORKER, worker_id=rk.id)
    assert theirs.total > 0 and {r.consultant for r in theirs.rows} == {"RK"}


def test_search_by_name_prefix_and_cpr_prefix(session, viewer) -> None:
    some = session.exec(select(Citizen).order_by(Citizen.cpr)).first()
    by_name = page(session, viewer, scope=Scope.ALL, search=some.first_name[:3].lower() + " " + some.last_name[:2])
    assert some.id in {r.id for r in by_name.rows}
    assert all(
        r.name.lower().split()[0].startswith(some.first_name[:3].lower())
        or any(w.lower().startswith(some.first_name[:3].lower()) for w in r.name.split())
        for r in by_name.rows
    )
    by_cpr = page(session, viewer, scope=Scope.ALL, search=some.cpr[:6] + "-" + some.cpr[6:8])
    assert [r.id for r in by_cpr.rows] == [some.id] or some.id in {r.id for r in by_cpr.rows}
    assert all(r.cpr.startswith(some.cpr[:8]) for r in by_cpr.rows)
    assert page(session, viewer, scope=Scope.ALL, search="zzzqq").total == 0


def test_search_uses_the_index_not_a_scan(session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.exec(sa.text("SET enable_seqscan = off"))  # 240 rows: the planner would rather read them all
        plan = " ".join(
            str(r)
            for r in session.exec(sa.text("EXPLAIN SELECT id FROM citizen WHERE lower(last_name) LIKE 'kar%'")).all()
        )
        assert "ix_citizen_last_name_lower" in plan
        plan = " ".join(
            str(r)
            for r in session.exec(sa.text("EXPLAIN SELECT id FROM citizen WHERE cpr >= '0101' AND cpr < '0102'")).all()
        )
        assert "ix_citizen_cpr" in plan
        return
    plan = session.exec(
        sa.text("EXPLAIN QUERY PLAN SELECT rowid FROM citizen_fts WHERE citizen_fts MATCH '\"kar\"*'")
    ).all()
    assert any("VIRTUAL TABLE INDEX" in str(row) for row in plan)
    plan = session.exec(sa.text("EXPLAIN QUERY PLAN SELECT id FROM citizen WHERE cpr >= '0101' AND cpr < '0102'")).all()
    assert any("USING INDEX" in str(row) or "USING COVERING INDEX" in str(row) for row in plan)


def test_new_citizens_are_searchable_at_once(session, viewer) -> None:
    citizen = session.exec(select(Citizen)).first()
    citizen.first_name = "Xenofon"
    session.add(citizen)
    session.commit()
    assert [r.id for r in page(session, viewer, scope=Scope.ALL, search="xeno").rows] == [citizen.id]


@pytest.mark.parametrize(
    "field,value,check",
    [
        ("readiness", Readiness.READY, lambda r: r.readiness is Readiness.READY),
        ("phase", Phase.MATCH, lambda r: r.phase is Phase.MATCH),
        ("target_group", TargetGroup.CASH_BENEFIT, lambda r: r.target_group is TargetGroup.CASH_BENEFIT),
        # "CV mangler": no finished Jobnet CV, the one definition (stvdesk.domain.cv)
        ("cv_missing", True, lambda r: r.cv_state in (CvState.MISSING, CvState.STARTED)),
        ("no_abc", True, lambda r: not r.has_abc),
        ("overdue", True, lambda r: r.next_due is not None and r.next_due < TODAY),
        ("in_placement", True, lambda r: r.placement_kind is not None),
        ("no_ordinary_hours", True, lambda r: r.ordinary_hours == 0),
    ],
)
def test_each_filter(session, viewer, field, value, check) -> None:
    everything = page(session, viewer, scope=Scope.ALL)
    filtered = page(session, viewer, scope=Scope.ALL, **{field: value})
    assert 0 < filtered.total < everything.total
    assert all(check(r) for r in filtered.rows)
    assert filtered.total == sum(1 for r in everything.rows if check(r))


@pytest.mark.parametrize("key", list(SortKey))
def test_every_sort_key_orders(session, viewer, key) -> None:
    rows = page(session, viewer, sort=key, descending=False).rows
    values = {
        SortKey.NAME: lambda r: r.name.split()[-1].lower(),
        SortKey.CPR: lambda r: r.cpr,
        SortKey.AGE: lambda r: r.age,
        SortKey.NEXT_DUE: lambda r: r.next_due or date.max,
        SortKey.LAST_CONTACT: lambda r: r.last_contact or date.min,
        SortKey.URGENCY: lambda r: r.urgency.total,
        SortKey.PHASE: lambda r: list(Phase).index(r.phase),
        SortKey.READINESS: lambda r: list(Readiness).index(r.readiness),
        SortKey.ABC: lambda r: r.has_abc,
    }.get(key)
    if values is None:
        return
    keys = [values(r) for r in rows]
    assert keys == sorted(keys)
    reverse = [values(r) for r in page(session, viewer, sort=key, descending=True).rows]
    assert reverse == sorted(reverse, reverse=True)


def test_sql_urgency_agrees_with_the_domain_rule(session, viewer) -> None:
    rows = page(session, viewer, scope=Scope.ALL).rows
    ids = [r.id for r in rows]
    sql_scores = dict(
        session.exec(select(Citizen.id, urgency_sql(TODAY, UrgencyWeights())).where(Citizen.id.in_(ids))).all()
    )
    for row in rows:
        assert sql_scores[row.id] == pytest.approx(row.urgency.total), row.urgency.parts
    assert any(row.urgency.total > 0 for row in rows)


def test_paging(session, viewer) -> None:
    first = caseload_page(session, CaseloadFilter(scope=Scope.ALL), viewer, TODAY, limit=50)
    second = caseload_page(session, CaseloadFilter(scope=Scope.ALL), viewer, TODAY, offset=50, limit=50)
    assert first.total == 220 and len(first.rows) == len(second.rows) == 50  # the open cases
    assert not {r.id for r in first.rows} & {r.id for r in second.rows}


def test_saved_filters_round_trip(session, viewer) -> None:
    f = CaseloadFilter(readiness=Readiness.READY, cv_missing=True, sort=SortKey.NEXT_DUE, descending=False, search="x")
    save_filter(session, viewer.worker_id, "Klar uden CV", f)
    save_filter(session, viewer.worker_id, "Klar uden CV", f)  # overwrite, not a duplicate
    [(name, loaded)] = saved_filters(session, viewer.worker_id)
    assert name == "Klar uden CV" and loaded.readiness is Readiness.READY and loaded.cv_missing
    assert loaded.sort is SortKey.NEXT_DUE and loaded.search == ""
    with pytest.raises(ValueError):
        save_filter(session, viewer.worker_id, "  ", f)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=12))
def test_search_never_fails_on_any_text(demo_master, text) -> None:
    from stvdesk.db.engine import make_engine, sqlite_url

    engine = make_engine(sqlite_url(demo_master))
    try:
        with Session(engine) as session:
            kb = find_worker(session, "KB")
            caseload_page(
                session,
                CaseloadFilter(scope=Scope.ALL, search=text),
                Viewer(kb.id, kb.role, kb.team_id),
                TODAY,
                limit=5,
            )
    finally:
        engine.dispose()
