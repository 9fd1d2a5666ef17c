"""Shared fixtures: isolated dirs, a fixed today, a demo database built once per run."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine
from hypothesis import HealthCheck, settings

import stvdesk.sync.capture  # noqa: F401 - the outbox on every engine, as the command line registers it
from stvdesk.clock import Clock, current_clock, use_clock
from stvdesk.context import DeskContext
from stvdesk.db.demo import DemoSpec, build_demo_file
from stvdesk.db.demo_file import DEMO_WORKER
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.queries.workers import find_worker

# Hypothesis' per-example deadline and its "too slow" check measure the machine, not the code:
# on two loaded cores they failed tests whose code had not changed.
settings.register_profile("stvdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("stvdesk")

TODAY = date(2026, 11, 24)  # a Tuesday in ISO week 48


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the developer's own config or data."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in ("STVDESK_DB", "STVDESK_WORKER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    """Every test starts on the suite's fixed day: stamps written without a desk follow it too."""
    previous = current_clock()
    use_clock(Clock(TODAY))
    yield
    use_clock(previous)


@pytest.fixture(autouse=True)
def default_settings_in_force() -> Iterator[None]:
    """Every test starts with the default rules in force; a desk a test makes with its own
    settings (DeskContext makes them the process's) must not reach the next test."""
    from stvdesk.settings import Settings, use_settings

    use_settings(Settings())
    yield
    use_settings(Settings())


# Real-clock moments far from the suite's days where a UTC stamp and a Copenhagen day disagree.
REAL_CLOCK_ELSEWHERE = {
    "utc-evening-is-copenhagen-tomorrow": datetime(2026, 12, 1, 23, 44, tzinfo=UTC),
    "new-year": datetime(2026, 12, 31, 22, 59, 55, tzinfo=UTC),
}


@pytest.fixture(params=list(REAL_CLOCK_ELSEWHERE.values()), ids=list(REAL_CLOCK_ELSEWHERE))
def real_clock_elsewhere(request: pytest.FixtureRequest) -> Iterator[datetime]:
    """The machine's clock moved away from the suite's fixed day, for tests of dated writes."""
    with time_machine.travel(request.param, tick=True):
        yield request.param


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo_file(path, DemoSpec(today=TODAY))
    return path


@pytest.fixture
def demo_db(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database that a test may change."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_master, path)
    return path


@pytest.fixture
def demo_engine(demo_db: Path):
    engine = make_engine(sqlite_url(demo_db))
    yield engine
    engine.dispose()


def make_desk(db_path: Path, initials: str | None = DEMO_WORKER) -> DeskContext:
    desk = DeskContext(engine=make_engine(sqlite_url(db_path)), clock=Clock(TODAY), demo=True)
    if initials:
        desk.worker = desk.run(lambda s: find_worker(s, initials))
    return desk


@pytest.fixture
def desk(demo_db: Path):
    desk = make_desk(demo_db)
    yield desk
    desk.engine.dispose()


# --- PostgreSQL: a throw-away cluster and per-test databases ---------------------------------

TEMPLATE = "stvdesk_demo_template"


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL maintenance database, or a skip with the reason."""
    url = os.environ.get("STVDESK_TEST_PG")
    if url:
        yield url
        return
    from tests.pg_cluster import start_cluster

    cluster = start_cluster()
    if cluster is None:
        if os.environ.get("CI"):  # CI must test both backends; .ci/run installs the server
            pytest.fail("no PostgreSQL server binaries on the CI machine")
        pytest.skip("ingen PostgreSQL-server: installér Debian-pakken postgresql eller sæt STVDESK_TEST_PG")
    try:
        yield cluster.url
    finally:
        cluster.stop()


def _database_url(server: str, name: str) -> str:
    return str(sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False))


@pytest.fixture(scope="session")
def pg_template(pg_server: str, demo_master: Path) -> str:
    """A template database: the schema at HEAD and the demo's rows."""
    from stvdesk.db.copy import copy_rows
    from stvdesk.db.migrate import upgrade

    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        conn.exec_driver_sql(f"CREATE DATABASE {TEMPLATE}")
    admin.dispose()
    url = _database_url(pg_server, TEMPLATE)
    upgrade(url)
    source, target = make_engine(sqlite_url(demo_master)), make_engine(url)
    copy_rows(source, target)
    source.dispose()
    target.dispose()
    return TEMPLATE


@pytest.fixture(scope="session")
def pg_empty_template(pg_server: str) -> str:
    """A template database with the schema at HEAD and no rows."""
    from stvdesk.db.migrate import upgrade

    name = "stvdesk_empty_template"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    upgrade(_database_url(pg_server, name))
    return name


def _database_from(server: str, template: str):
    """A new database copied from `template`, dropped after the test; yields its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield _database_url(server, name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture
def pg_database(pg_server: str, pg_template: str):
    """A fresh copy of the demo template for one test; its URL."""
    yield from _database_from(pg_server, pg_template)


@pytest.fixture
def pg_empty_database(pg_server: str, pg_empty_template: str):
    """A fresh, empty database at HEAD for one test; its URL."""
    yield from _database_from(pg_server, pg_empty_template)
