"""Files that are not ours: another program's SQLite file (with an Alembic version table of its
own, or its own mark), an empty SQLite file, a zero-byte file, an encrypted file that turns out
not to be ours; an earlier stvdesk's unmarked file; a database in a read-only folder. Each is
refused in Danish with nothing written into it or left beside it, or (an earlier stvdesk's)
backed up and marked."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stvdesk.cli import cli
from stvdesk.db import cipher
from stvdesk.db.engine import APPLICATION_ID, sqlite_url
from stvdesk.db.errors import EncryptedDatabaseError, ForeignDatabaseError, danish_database_error
from stvdesk.db.location import cloud_folder
from stvdesk.db.migrate import CORE_TABLES, head_revision, inspect_sqlite_file, open_database, upgrade

FIXTURE = [HealthCheck.function_scoped_fixture]
PASS = "en lang nok frase"
KNOWN = [f"{n:04d}" for n in range(1, int(head_revision()) + 1)]

# Table names another program might use: any text SQLite takes as a quoted name.
table_names = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=12)
revisions = st.one_of(st.sampled_from(KNOWN), st.text(max_size=24))
# File names as people and programs give them, with the characters a SQLite URI would take as
# its own ("?", "#", "%") among them.
file_names = st.text(
    st.characters(categories=["L", "Nd"]) | st.sampled_from(" ?#%&=;,'-_.æøåÆØÅ"), min_size=1, max_size=16
).filter(lambda name: name.strip(". ") and not cloud_folder(PurePath(name)))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def foreign_file(path: Path, tables: list[str], revision: str | None, *, wal: bool, mark: int = 0) -> None:
    """Another program's database: its tables, maybe an Alembic version table, maybe its mark."""
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    for name in tables:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {quoted(name)} (x)")
    if revision is not None:
        conn.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    if mark:
        conn.execute(f"PRAGMA application_id = {mark}")
    conn.commit()
    conn.close()


def usable(tables: list[str]) -> bool:
    """SQLite reserves names beginning "sqlite_"; and every one of our first revision's tables
    would be a file that looks like ours."""
    return not any(t.lower().startswith("sqlite_") for t in tables) and not CORE_TABLES <= set(tables)


@contextmanager
def folder_in(parent: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(dir=parent) as name:
        yield Path(name)


def mark_of(path: Path, key: cipher.CipherKey | None = None) -> int:
    conn = cipher.connect(path, key, read_only=True)
    try:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()


# --- another program's file -------------------------------------------------------------------


@settings(max_examples=40, suppress_health_check=FIXTURE)
@given(st.lists(table_names, min_size=1, max_size=6, unique_by=str.lower), revisions, st.booleans())
def test_another_programs_alembic_database_is_refused_untouched(
    tmp_path: Path, tables: list[str], revision: str, wal: bool
) -> None:
    if not usable(tables):
        return
    with folder_in(tmp_path) as folder:
        path = folder / "andet.db"
        foreign_file(path, tables, revision, wal=wal)
        before = digest(path)
        with pytest.raises(ForeignDatabaseError) as caught:
            open_database(sqlite_url(path))
        assert "tilhører et andet program" in caught.value.message and "nyere" not in caught.value.message
        assert "\x1b" not in caught.value.message  # the file's own text is shown clean
        assert digest(path) == before
        assert [p.name for p in folder.iterdir()] == ["andet.db"]  # no -wal, -shm, backup


@settings(max_examples=30, suppress_health_check=FIXTURE)
@given(
    st.integers(-(2**31), 2**31 - 1).filter(lambda v: v not in (0, APPLICATION_ID)),
    st.lists(st.sampled_from(sorted(CORE_TABLES)) | table_names, min_size=0, max_size=6, unique_by=str.lower),
)
def test_a_file_with_another_programs_mark_is_refused_whatever_its_tables(
    tmp_path: Path, mark: int, tables: list[str]
) -> None:
    if any(t.lower().startswith("sqlite_") for t in tables):
        return
    with folder_in(tmp_path) as folder:
        path = folder / "andet.db"
        foreign_file(path, tables, "0013", wal=False, mark=mark)
        before = digest(path)
        with pytest.raises(ForeignDatabaseError) as caught:
            inspect_sqlite_file(path)
        assert "tilhører et andet program" in caught.value.message
        assert digest(path) == before


@settings(max_examples=6, suppress_health_check=FIXTURE)
@given(st.lists(table_names, min_size=1, max_size=4, unique_by=str.lower), revisions, st.booleans(), file_names)
def test_the_commands_refuse_it_and_leave_nothing_beside_it(
    tmp_path: Path, tables: list[str], revision: str, wal: bool, name: str
) -> None:
    """`db upgrade`, plain `--db` (the desk) and the commands that take the instance lock first."""
    if not usable(tables):
        return
    with folder_in(tmp_path) as folder:
        path = folder / name
        foreign_file(path, tables, revision, wal=wal)
        before = digest(path)
        for command in (["db", "upgrade"], [], ["db", "retention", "--ja"], ["db", "prune-log"], ["db", "check"]):
            result = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), *command])
            assert result.exit_code in (1, 2), (command, result.output)
            assert isinstance(result.exception, SystemExit), result.exception  # said, not a traceback
            assert "tilhører et andet program" in result.output, (command, result.output)
            assert digest(path) == before
            assert [p.name for p in folder.iterdir()] == [name], command


def test_an_empty_sqlite_file_without_the_mark_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "tom.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 7")  # a header and no tables: another program's new file
    before = digest(path)
    result = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), "db", "upgrade"])
    assert result.exit_code == 2 and "tom SQLite-database" in result.output, result.output
    assert digest(path) == before and sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["tom.db"]


def test_a_file_that_is_no_database_leaves_no_lock_file_either(tmp_path: Path) -> None:
    """Refused once the lock is taken (by open_db, not the look before the lock): the lock file
    the command made goes again."""
    path = tmp_path / "noter.sqlite"
    path.write_text("Mødenoter\n" * 10)
    for command in ([], ["db", "retention", "--ja"]):
        result = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), *command])
        assert result.exit_code == 2 and "ikke en stvdesk-database" in result.output, result.output
        assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["noter.sqlite"], command


def test_a_marked_file_whose_creation_was_cut_short_is_finished(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # the first thing stvdesk writes
    result = open_database(sqlite_url(path))
    assert result.created
    result.engine.dispose()
    assert inspect_sqlite_file(path).revision == head_revision() and mark_of(path) == APPLICATION_ID


# --- an earlier stvdesk's file ----------------------------------------------------------------


@pytest.mark.parametrize("revision", ["0001", head_revision()])
def test_an_earlier_stvdesks_unmarked_file_is_backed_up_and_marked(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "gammel.sqlite"
    upgrade(sqlite_url(path), revision)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 0")  # as every file before the mark
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert inspect_sqlite_file(path).marked is False
    result = open_database(sqlite_url(path))
    assert result.backup is not None and mark_of(result.backup) == 0  # the copy is the file as it was
    result.engine.dispose()
    assert mark_of(path) == APPLICATION_ID
    state = inspect_sqlite_file(path)
    assert state.marked and state.revision == head_revision() and not state.needs_upgrade


def test_our_tables_with_another_programs_table_beside_them_are_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "blandet.sqlite"
    upgrade(sqlite_url(path))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("CREATE TABLE opskrifter (navn TEXT)")
    with pytest.raises(ForeignDatabaseError):
        inspect_sqlite_file(path)


# --- zero bytes -------------------------------------------------------------------------------


ZERO_BYTE_COMMANDS = [
    ["db", "upgrade"],
    ["db", "check"],
    ["db", "backup"],
    ["db", "retention", "--ja"],
    ["export", "ics"],
]


@settings(max_examples=12, suppress_health_check=FIXTURE)
@given(file_names, st.sampled_from(ZERO_BYTE_COMMANDS))
def test_a_zero_byte_file_is_made_a_database_only_by_a_command_that_makes_one(
    tmp_path: Path, name: str, command: list[str]
) -> None:
    with folder_in(tmp_path) as folder:
        path = folder / f"{name}.sqlite"
        path.touch()
        result = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), *command])
        assert result.exit_code != 0 and "ingen database" in result.output, result.output
        assert path.stat().st_size == 0 and [p.name for p in folder.iterdir()] == [path.name]


def test_db_new_makes_a_zero_byte_file_a_marked_database(tmp_path: Path) -> None:
    path = tmp_path / "tom.sqlite"
    path.touch()
    result = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), "db", "new"])
    assert result.exit_code == 0, result.output
    assert mark_of(path) == APPLICATION_ID and inspect_sqlite_file(path).revision == head_revision()


# --- encrypted files --------------------------------------------------------------------------


def test_an_encrypted_files_mark_is_read_once_it_is_unlocked(tmp_path: Path) -> None:
    ours = tmp_path / "vores.sqlite"
    key = cipher.new_key(PASS)
    open_database(sqlite_url(ours), key=key).engine.dispose()
    assert int.from_bytes(ours.read_bytes()[68:72], "big") != APPLICATION_ID  # the header is ciphertext
    assert mark_of(ours, key) == APPLICATION_ID
    assert inspect_sqlite_file(ours, key=key).marked

    theirs = tmp_path / "deres.sqlite"
    conn = cipher.connect(theirs, key)
    conn.execute("CREATE TABLE opskrifter (navn TEXT)")
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('0005')")
    conn.commit()
    conn.close()
    with pytest.raises(EncryptedDatabaseError):
        inspect_sqlite_file(theirs)  # without the key nothing can be told
    with pytest.raises(ForeignDatabaseError) as caught:
        inspect_sqlite_file(theirs, key=key)
    assert "tilhører et andet program" in caught.value.message


def test_an_encrypted_file_that_is_not_ours_leaves_no_lock_file(tmp_path: Path, monkeypatch) -> None:
    """The desk takes its instance lock before it can read an encrypted header; once unlocked and
    refused, the lock file it made goes again."""
    monkeypatch.setenv("STVDESK_PASSPHRASE", PASS)
    path = tmp_path / "deres.sqlite"
    conn = cipher.connect(path, cipher.new_key(PASS))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE opskrifter (navn TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    for command in ([], ["db", "retention", "--ja"], ["db", "upgrade"]):
        result = CliRunner().invoke(cli, ["--db", str(path), *command])
        assert result.exit_code == 2 and "tilhører et andet program" in result.output, result.output
        assert digest(path) == before
        assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["deres.sqlite"], command


# --- a read-only folder -----------------------------------------------------------------------


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` read-only (r-x) for this thread, even as root: root writes anywhere only through
    its CAP_DAC_OVERRIDE capability, which is set aside for the thread meanwhile (capset works
    per thread, and the commands under test run on this one)."""
    folder.chmod(0o555)
    header, data, saved = _Header(0x20080522, 0), (_Data * 2)(), None  # _LINUX_CAPABILITY_VERSION_3
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        if os.geteuid() == 0:
            if libc.capget(ctypes.byref(header), data) != 0:
                pytest.skip(f"capget: {os.strerror(ctypes.get_errno())}")
            saved = data[0].effective
            data[0].effective &= ~((1 << CAP_DAC_OVERRIDE) | (1 << CAP_DAC_READ_SEARCH))
            if libc.capset(ctypes.byref(header), data) != 0:
                pytest.skip(f"capset: {os.strerror(ctypes.get_errno())}")
        try:
            (folder / "probe").touch()
        except PermissionError:
            pass
        else:
            pytest.skip("this file system lets the folder be written whatever its mode")
        yield
    finally:
        if saved is not None:
            data[0].effective = saved
            assert libc.capset(ctypes.byref(header), data) == 0
        folder.chmod(0o755)


def _said_in_danish(result, *words: str) -> None:
    assert result.exit_code in (1, 2), result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Permission" not in result.output, result.output
    assert any(word in result.output for word in words), result.output


def test_a_database_in_a_read_only_folder_is_said_in_danish(tmp_path: Path) -> None:
    folder = tmp_path / "skrivebeskyttet"
    folder.mkdir()
    ours = folder / "desk.sqlite"
    open_database(sqlite_url(ours)).engine.dispose()
    older = folder / "gammel.sqlite"
    upgrade(sqlite_url(older), "0001")
    runner = CliRunner()
    with read_only(folder):
        new = runner.invoke(cli, ["--ukrypteret", "--db", str(folder / "ny.sqlite"), "db", "new"])
        locked = runner.invoke(cli, ["--db", str(ours), "db", "retention", "--ja"])
        desk = runner.invoke(cli, ["--db", str(ours)])
        backup = runner.invoke(cli, ["--db", str(older), "db", "upgrade"])
        export = runner.invoke(cli, ["--db", str(ours), "export", "ics"])
    _said_in_danish(new, "kan ikke åbnes", "skrivebeskyttet")
    _said_in_danish(locked, "skrivebeskyttet")
    _said_in_danish(desk, "skrivebeskyttet")
    _said_in_danish(backup, "kan ikke åbnes", "skrivebeskyttet")
    _said_in_danish(export, "kan ikke åbnes", "skrivebeskyttet", "ingen medarbejder", "ikke skrives")
    assert sorted(p.name for p in folder.iterdir()) == ["desk.sqlite", "gammel.sqlite"]


def test_a_database_path_through_a_file_is_said_in_danish(tmp_path: Path) -> None:
    """Works as root too: no permission can make a file a folder."""
    (tmp_path / "en-fil").write_text("ikke en mappe")
    result = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(tmp_path / "en-fil" / "db.sqlite"), "db", "new"])
    _said_in_danish(result, "går gennem en fil")


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("disk I/O error", "I/O-fejl"),
        ("database is locked", "optaget af et andet program"),
        ("file is not a database", "ikke en database"),
        ("file is encrypted or is not a database", "ikke en database"),
        ("attempt to write a readonly database", "skrivebeskyttet"),
        ("unable to open database file", "kan ikke åbnes"),
        ("database disk image is malformed", "beskadiget"),
    ],
)
def test_sqlites_english_is_said_in_danish(english: str, danish: str) -> None:
    from sqlalchemy.exc import OperationalError

    for exc in (sqlite3.OperationalError(english), OperationalError("SELECT 1", {}, sqlite3.OperationalError(english))):
        said = danish_database_error(exc)
        assert said is not None and danish in said and english not in said


@pytest.mark.parametrize(
    ("exc", "danish"),
    [
        (PermissionError(errno.EACCES, "Permission denied", "/x/y.lock"), "skrivebeskyttet"),
        (OSError(errno.EROFS, "Read-only file system", "/x"), "skrivebeskyttet"),
        (OSError(errno.ENOSPC, "No space left on device"), "Disken er fuld"),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory", "/x/fil/db"), "går gennem en fil"),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "/x"), "er en mappe"),
    ],
)
def test_the_file_systems_refusals_are_said_in_danish(exc: OSError, danish: str) -> None:
    said = danish_database_error(exc)
    assert said is not None and danish in said
    if exc.filename:
        assert exc.filename in said


@settings(max_examples=40)
@given(st.text(st.characters(categories=["L", "Nd"]) | st.sampled_from(" ?#%&=;,'-_.æøå/"), min_size=1, max_size=24))
def test_a_files_url_names_the_file_whatever_its_name_holds(name: str) -> None:
    """`?`, `#` and `%` in a path are the query, the fragment and an escape to SQLAlchemy: the
    URL the desk writes for a file is read back as that file, with or without SQLAlchemy."""
    from sqlalchemy.engine import make_url

    from stvdesk.db.engine import sqlite_path

    path = Path("/data") / f"{name}.sqlite"
    url = sqlite_url(path)
    assert sqlite_path(url) == path
    assert make_url(url).database == str(path)


@pytest.mark.parametrize("name", ["?", "a?b", "plan#2", "100%", "%3F"])
def test_a_database_whose_name_holds_a_question_mark_is_made_and_opened_as_named(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.sqlite"
    made = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), "db", "new"])
    assert made.exit_code == 0, made.output
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite"] == [path.name]
    checked = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(path), "db", "check"])
    assert checked.exit_code == 0, checked.output
    assert inspect_sqlite_file(path).marked
