"""What row-level security costs: caseload pages on a throw-away PostgreSQL cluster
holding the 10 000-citizen bench database, as the owner (no policies) and as KB's own login,
the same queries interleaved, medians of seven.

`uv run python -m bench.row_security` (needs Debian's postgresql package; see tests/pg_cluster.py).
"""

import statistics
import time
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from stvdesk.db.copy import copy_rows
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.logins import create_login
from stvdesk.db.migrate import open_database, upgrade
from stvdesk.db.queries.caseload_list import CaseloadFilter, Scope, SortKey, Viewer, caseload_page
from stvdesk.db.queries.workers import find_worker
from tests.pg_cluster import start_cluster

TODAY = date(2026, 11, 24)
c = start_cluster()
try:
    admin = sa.create_engine(c.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE b")
    url = c.url.rsplit("/", 1)[0] + "/b"
    upgrade(url)
    from bench.caseload import demo_database

    src = open_database(sqlite_url(demo_database(10_000))).engine
    t = time.perf_counter()
    n = copy_rows(src, make_engine(url))
    print(f"copy {sum(n.values())} rows: {time.perf_counter() - t:.1f} s")
    owner = make_engine(url)
    with owner.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    create_login(owner, "KB", "en lang adgangskode")
    kb = make_engine(
        sa.engine.make_url(url)
        .set(username="stvdesk_kb", password="en lang adgangskode")
        .render_as_string(hide_password=False)
    )
    with Session(owner) as s:
        w = find_worker(s, "KB")
    viewer = Viewer(w.id, w.role, w.team_id)
    cases = {
        "mine": CaseloadFilter(),
        "all, search 'jen'": CaseloadFilter(scope=Scope.ALL, search="jen"),
        "all, urgency sort": CaseloadFilter(scope=Scope.ALL, sort=SortKey.URGENCY),
    }
    for name, f in cases.items():
        times = {"owner": [], "KB login": []}
        for _ in range(7):
            for label, engine in (("owner", owner), ("KB login", kb)):
                with Session(engine) as s:
                    t = time.perf_counter()
                    page = caseload_page(s, f, viewer, TODAY, limit=50)
                    times[label].append(time.perf_counter() - t)
        o, k = statistics.median(times["owner"]), statistics.median(times["KB login"])
        print(f"{name:20s} owner {o * 1000:6.1f} ms  KB login {k * 1000:6.1f} ms  ratio {k / o:.2f}")
finally:
    c.stop()
