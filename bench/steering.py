"""The team dashboard's compute time on a 100 000-citizen database (budget: under 150 ms, as in bench/sizes.py).

Times `dashboard()` for the first demo team (this month's eight metrics, their last twelve
months, the readiness funnel): the first call, which also builds the cached SQL, and the
median of the next seven. The reference in the same run is the caseload page (as in bench
companies), for a ratio that survives a noisy machine.
"""

from __future__ import annotations

import statistics
import time

from sqlmodel import Session

from bench.caseload import TODAY, demo_database
from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import open_database
from stvdesk.db.queries.caseload_list import CaseloadFilter, Scope, SortKey, Viewer, caseload_page
from stvdesk.db.queries.steering import SteeringScope, dashboard
from stvdesk.db.queries.workers import find_worker


def run(citizens: int = 100_000) -> dict[str, float]:
    engine = open_database(sqlite_url(demo_database(citizens))).engine
    with Session(engine) as session:
        kb = find_worker(session, "KB")
        team, worker = SteeringScope.for_team(kb.team_id), SteeringScope.for_worker(kb.id, kb.role)
        start = time.perf_counter()
        dashboard(session, team, TODAY, TODAY)
        first = (time.perf_counter() - start) * 1000

        def median(call) -> float:
            times = []
            for _ in range(7):
                start = time.perf_counter()
                call()
                times.append((time.perf_counter() - start) * 1000)
            return statistics.median(times)

        team_ms = median(lambda: dashboard(session, team, TODAY, TODAY))
        dashboard(session, worker, TODAY, TODAY)
        worker_ms = median(lambda: dashboard(session, worker, TODAY, TODAY))
        viewer = Viewer(worker_id=kb.id, role=kb.role, team_id=kb.team_id)
        reference = median(
            lambda: caseload_page(
                session, CaseloadFilter(scope=Scope.MINE, sort=SortKey.URGENCY, descending=True), viewer, TODAY
            )
        )
    engine.dispose()
    return {
        "team_dashboard_first_ms": round(first, 1),
        "team_dashboard_ms": round(team_ms, 1),
        "worker_dashboard_ms": round(worker_ms, 1),
        "reference_caseload_page_ms": round(reference, 1),
        "team_dashboard_ratio": round(team_ms / reference, 2),
    }
