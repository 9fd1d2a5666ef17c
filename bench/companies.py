"""The consultant's queries at jobcentre scale (100 000 citizens, 417 teams, 50 000 companies).

Times each query function as a screen calls it, median of 7 runs, against a reference
measured in the same run: the caseload page for the same consultant (the Sagsstamme query, which
the caseload benchmark shows staying interactive). Ratios, not seconds, are what to compare
between runs (these machines are noisy).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from sqlmodel import Session, select

from bench.caseload import TODAY, demo_database
from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import open_database
from stvdesk.db.models import Citizen, Company, Placement
from stvdesk.db.queries.caseload_list import CaseloadFilter, Scope, SortKey, Viewer, caseload_page
from stvdesk.db.queries.companies import CompanyFilter, company_rows, company_view
from stvdesk.db.queries.matching import citizens_for_company, companies_for_citizen
from stvdesk.db.queries.visit_day import visit_day
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.enums import PlacementStatus

RUNS = 7


def _median_ms(engine, call: Callable[[Session], object]) -> float:
    times = []
    for _ in range(RUNS):
        with Session(engine) as session:
            start = time.perf_counter()
            call(session)
            times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def run(citizens: int = 100_000) -> dict[str, float]:
    engine = open_database(sqlite_url(demo_database(citizens))).engine
    with Session(engine) as session:
        rk = find_worker(session, "RK")
        company_id = session.exec(
            select(Company.id)
            .join(Placement, Placement.company_id == Company.id)
            .where(Company.owner_id == rk.id, Placement.status == PlacementStatus.ACTIVE)
        ).first()
        citizen_id = session.exec(select(Citizen.id).where(Citizen.consultant_id == rk.id)).first()
    viewer = Viewer(worker_id=rk.id, role=rk.role, team_id=rk.team_id)
    figures = {
        "reference_caseload_page_ms": _median_ms(
            engine,
            lambda s: caseload_page(
                s, CaseloadFilter(scope=Scope.MINE, sort=SortKey.URGENCY, descending=True), viewer, TODAY
            ),
        ),
        "register_mine_ms": _median_ms(engine, lambda s: company_rows(s, CompanyFilter(owner_id=rk.id), TODAY)),
        "register_team_ms": _median_ms(engine, lambda s: company_rows(s, CompanyFilter(team_id=rk.team_id), TODAY)),
        "register_all_ms": _median_ms(engine, lambda s: company_rows(s, CompanyFilter(), TODAY)),
        "register_search_all_ms": _median_ms(engine, lambda s: company_rows(s, CompanyFilter(search="hansen"), TODAY)),
        "company_view_ms": _median_ms(engine, lambda s: company_view(s, company_id, TODAY)),
        "visit_day_ms": _median_ms(engine, lambda s: visit_day(s, rk.id, TODAY, TODAY)),
        "match_citizens_for_company_ms": _median_ms(engine, lambda s: citizens_for_company(s, company_id, rk.id)),
        "match_companies_for_citizen_ms": _median_ms(engine, lambda s: companies_for_citizen(s, citizen_id, rk.id)),
    }
    reference = figures["reference_caseload_page_ms"]
    figures.update(
        {
            key.replace("_ms", "_ratio"): round(value / reference, 2)
            for key, value in list(figures.items())
            if key != "reference_caseload_page_ms"
        }
    )
    engine.dispose()
    return figures
