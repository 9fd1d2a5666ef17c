"""Hostile input: config files, the failed-unlock notes, search criteria and
database files of every broken kind. Each gives a Danish message (SettingsError,
DatabaseFileError) or is handled; nothing raises anything else, and a refused file is not
touched."""

from __future__ import annotations

import hashlib
import sqlite3
import string
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stvdesk.cli import cli
from stvdesk.clock import parse_iso_date
from stvdesk.db.errors import DatabaseFileError, LockedDatabaseError, NewerDatabaseError, NotADatabaseError
from stvdesk.db.migrate import inspect_sqlite_file
from stvdesk.domain.audit import search_criterion
from stvdesk.settings import Settings, SettingsError, load_settings
from stvdesk.unlock import failures_file, pending_failures

FIXTURE = [HealthCheck.function_scoped_fixture]
KEYS = [
    "db",
    "worker",
    "caseload",
    "urgency",
    "cadence",
    "flags",
    "backup",
    "retention",
    "keep",
    "folder",
    "log_months",
    "closed_case_years",
    "S",
    "VK",
    "team",
    "per_day_overdue",
    "conversation_days",
    "x",
]
toml_values = st.recursive(
    st.one_of(
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False),
        st.booleans(),
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
        st.dates(),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12,
)


def _toml(value) -> str:
    """A tiny TOML writer for the generated tables (keys are bare words)."""
    import json

    def render(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if hasattr(v, "isoformat"):
            return v.isoformat()
        if isinstance(v, list):
            return "[" + ", ".join(render(x) for x in v) + "]"
        return "{" + ", ".join(f"{k} = {render(x)}" for k, x in v.items()) + "}"

    return "\n".join(f"{k} = {render(v)}" for k, v in value.items()) + "\n"


@settings(max_examples=300, suppress_health_check=FIXTURE)
@given(st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=6))
def test_any_config_table_gives_settings_or_a_danish_error(tmp_path: Path, table: dict) -> None:
    path = tmp_path / "config.toml"
    text = _toml(table)
    tomllib.loads(text)  # the writer above makes valid TOML
    path.write_text(text, encoding="utf-8")
    try:
        assert isinstance(load_settings(path, env={}), Settings)
    except SettingsError as exc:
        assert str(path) in str(exc)


@settings(max_examples=200, suppress_health_check=FIXTURE)
@given(st.binary(max_size=300))
def test_any_bytes_as_config_give_settings_or_a_danish_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    try:
        load_settings(path, env={})
    except SettingsError as exc:
        assert "config.toml" in str(exc)


def test_a_broken_config_stops_the_cli_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "xdg_config_home" / "stvdesk"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_bytes(b"[backup]\nkeep = -1\n")
    result = CliRunner().invoke(cli, ["db", "check"])
    assert result.exit_code == 2 and "backup.keep skal være et helt tal" in result.output
    (folder / "config.toml").write_bytes(b"\xff\xfe db = 1")
    result = CliRunner().invoke(cli, ["db", "check"])
    assert result.exit_code == 2 and "kan ikke læses" in result.output and "Traceback" not in result.output


@settings(max_examples=200, suppress_health_check=FIXTURE)
@given(st.binary(max_size=400))
def test_a_damaged_failed_unlock_note_is_read_without_failing(tmp_path: Path, data: bytes) -> None:
    db = tmp_path / "x.sqlite"
    failures_file(db).write_bytes(data)
    assert isinstance(pending_failures(db), list)


@given(st.text(max_size=40))
def test_a_search_criterion_never_holds_six_or_more_digits(text: str) -> None:
    stored = search_criterion(text, b"k" * 32)
    digits = "".join(ch for ch in text if ch.isdecimal() and ch in string.digits)
    if len(digits) >= 6:
        assert digits not in stored and stored.startswith("CPR-søgning #")


@given(st.text(max_size=20))
def test_iso_dates_parse_or_give_a_value_error(text: str) -> None:
    try:
        parse_iso_date(text)
    except ValueError:
        pass


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(st.binary(min_size=1, max_size=5000))
def test_any_bytes_as_a_database_are_refused_untouched(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.sqlite"
    path.write_bytes(data)
    before = _digest(path)
    try:
        inspect_sqlite_file(path)
    except DatabaseFileError as exc:
        assert exc.message
    assert _digest(path) == before


@pytest.mark.parametrize("fraction", [0.01, 0.3, 0.7, 0.99])
def test_a_truncated_database_is_refused_with_its_own_message(
    demo_master: Path, tmp_path: Path, fraction: float
) -> None:
    path = tmp_path / "afkortet.sqlite"
    data = demo_master.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    before = _digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "check"])
    assert result.exit_code in (1, 2), result.output
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(result.exception, SystemExit)
    assert "beskadiget" in result.output or "kan ikke læses" in result.output or "ikke en" in result.output
    assert _digest(path) == before


def test_a_newer_database_is_refused_with_its_own_message(demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    with pytest.raises(NewerDatabaseError):
        inspect_sqlite_file(demo_db)
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "upgrade"])
    assert result.exit_code == 2 and "nyere version af stvdesk" in result.output


def test_a_locked_database_is_refused_with_its_own_message(demo_db: Path) -> None:
    holder = sqlite3.connect(demo_db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(LockedDatabaseError) as caught:
            inspect_sqlite_file(demo_db)
        assert "låst af et andet program" in caught.value.message
        result = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "upgrade"])
        assert result.exit_code == 2 and "låst af et andet program" in result.output
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_text_file_is_not_taken_for_a_database(tmp_path: Path) -> None:
    path = tmp_path / "noter.sqlite"
    path.write_text("Mødenoter\n" * 10)
    with pytest.raises(NotADatabaseError):
        inspect_sqlite_file(path)
