"""The database tests run on SQLite and on PostgreSQL.

`demo_engine` is parametrized by backend. On PostgreSQL each test gets its own database,
made in a moment from a template that holds the migrated schema and the demo's rows (copied
from the same demo file the SQLite half uses), and dropped afterwards. A test that also opens
the SQLite file itself (it asks for `demo_db` by name) runs on SQLite only.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from stvdesk.db.engine import make_engine, sqlite_url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that reaches `demo_engine` or `fresh_engine` runs once per backend, except one
    that also opens the SQLite file itself (it names `demo_db`): that one stays on SQLite."""
    reaches = "demo_engine" in metafunc.fixturenames or "fresh_engine" in metafunc.fixturenames
    if reaches and "demo_db" not in inspect.signature(metafunc.function).parameters:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def demo_engine(request, backend: str, demo_db: Path):
    if backend == "sqlite":
        engine = make_engine(sqlite_url(demo_db))
    else:
        engine = make_engine(request.getfixturevalue("pg_database"))
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_engine(request, backend: str, tmp_path: Path):
    """An empty database at HEAD, on the test's backend."""
    from stvdesk.db.migrate import open_database

    if backend == "sqlite":
        engine = open_database(sqlite_url(tmp_path / "fresh.sqlite")).engine
    else:
        engine = make_engine(request.getfixturevalue("pg_empty_database"))
    yield engine
    engine.dispose()
