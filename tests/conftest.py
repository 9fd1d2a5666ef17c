"""Shared fixtures: isolated dirs, a fixed today, a demo database built once per run."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from stvdesk.clock import Clock
from stvdesk.context import DeskContext
from stvdesk.db.demo import DEMO_WORKER, DemoSpec, build_demo_file
from stvdesk.db.engine import make_engine, sqlite_url
from stvdesk.db.queries.workers import find_worker

TODAY = date(2026, 11, 24)  # a Tuesday in ISO week 48


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the developer's own config or data."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in ("STVDESK_DB", "STVDESK_WORKER"):
        monkeypatch.delenv(name, raising=False)


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
        desk.worker = desk.query(lambda s: find_worker(s, initials))
    return desk


@pytest.fixture
def desk(demo_db: Path):
    desk = make_desk(demo_db)
    yield desk
    desk.engine.dispose()
