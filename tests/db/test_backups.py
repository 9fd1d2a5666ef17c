"""Backups, restore, the single-instance lock and refused locations (README, "Keeping the data safe")."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from stvdesk.cli import cli
from stvdesk.db.backups import daily_backups, folder_for, restore, take_daily
from stvdesk.db.errors import NewerDatabaseError
from stvdesk.db.instance_lock import AlreadyOpenError, InstanceLock
from stvdesk.db.location import cloud_folder, location_problem, mount_type

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/home /home/kb nfs4 rw 0 0
//fil01/jobcenter /mnt/share cifs rw 0 0
/dev/sdb1 /mnt/share/local ext4 rw 0 0
"""


def count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM citizen").fetchone()[0]


def test_one_daily_backup_a_day_and_only_the_newest_kept(demo_db: Path, tmp_path: Path) -> None:
    root = tmp_path / "kopier"
    day = date(2026, 11, 1)
    for offset in range(5):
        assert take_daily(demo_db, None, root, day + timedelta(days=offset), keep=3) is not None
    assert take_daily(demo_db, None, root, day + timedelta(days=4), keep=3) is None  # today's exists
    kept = daily_backups(folder_for(demo_db, root))
    assert [p.stem for p in kept] == ["2026-11-03", "2026-11-04", "2026-11-05"]
    assert count(kept[-1]) == count(demo_db)
    assert take_daily(demo_db, None, root, day + timedelta(days=9), keep=0) is None  # switched off


def test_restore_puts_a_checked_copy_in_place_and_keeps_what_was_there(demo_db: Path, tmp_path: Path) -> None:
    copy = take_daily(demo_db, None, tmp_path / "kopier", date(2026, 11, 24), keep=7)
    before = count(demo_db)
    with sqlite3.connect(demo_db) as conn:
        conn.execute("DELETE FROM note")
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DELETE FROM citizen WHERE id IN (SELECT id FROM citizen LIMIT 5)")
    safety = restore(demo_db, copy, None, None)
    assert count(demo_db) == before
    assert safety is not None and count(safety) == before - 5


def test_restore_refuses_a_file_from_a_newer_version_untouched(demo_db: Path, tmp_path: Path) -> None:
    newer = tmp_path / "ny.sqlite"
    take = take_daily(demo_db, None, tmp_path / "k", date(2026, 11, 24), keep=1)
    take.rename(newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = demo_db.read_bytes()
    with pytest.raises(NewerDatabaseError):
        restore(demo_db, newer, None, None)
    assert demo_db.read_bytes() == before


def test_db_restore_command(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "kopi.sqlite"
    assert CliRunner().invoke(cli, ["--db", str(demo_db), "db", "backup", str(copy)]).exit_code == 0
    with sqlite3.connect(demo_db) as conn:
        conn.execute("DELETE FROM note")
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "restore", str(copy)], input="n\n")
    assert result.exit_code == 1 and "Intet er ændret" in result.output
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "restore", str(copy), "--ja"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT count(*) FROM note").fetchone()[0] > 0


def test_a_second_desk_on_the_same_file_is_refused(demo_db: Path) -> None:
    with InstanceLock(demo_db):
        with pytest.raises(AlreadyOpenError):
            InstanceLock(demo_db).acquire()
        result = CliRunner().invoke(cli, ["--db", str(demo_db)])
        assert result.exit_code == 2 and "allerede åben" in result.output
    InstanceLock(demo_db).acquire().release()  # free again once the first has closed


def test_the_lock_is_released_when_its_process_is_killed(demo_db: Path) -> None:
    import subprocess
    import sys

    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from stvdesk.db.instance_lock import "
            f"InstanceLock; held = InstanceLock(Path({str(demo_db)!r})).acquire(); print('ok', flush=True); "
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "ok"
    with pytest.raises(AlreadyOpenError):
        InstanceLock(demo_db).acquire()
    child.kill()
    child.wait()
    InstanceLock(demo_db).acquire().release()


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/home/kb/stvdesk.sqlite", "nfs4"),
        ("/mnt/share/jobcenter.sqlite", "cifs"),
        ("/mnt/share/local/x.sqlite", "ext4"),
        ("/var/lib/stvdesk.sqlite", "ext4"),
    ],
)
def test_the_mount_a_path_lies_on(path: str, expected: str) -> None:
    assert mount_type(Path(path), MOUNTS) == expected


def test_network_and_cloud_paths_are_refused_with_the_reason() -> None:
    assert "netværksfilsystem (nfs4)" in location_problem(Path("/home/kb/db.sqlite"), mounts_text=MOUNTS)
    assert location_problem(Path("/var/lib/db.sqlite"), mounts_text=MOUNTS) is None
    assert cloud_folder(PurePosixPath("/home/kb/OneDrive - Aarhus Kommune/db.sqlite")) == "OneDrive - Aarhus Kommune"
    assert cloud_folder(PurePosixPath("/home/kb/Dropbox/db.sqlite")) == "Dropbox"
    assert cloud_folder(PurePosixPath("/home/kb/dropboxes/db.sqlite")) is None
    problem = location_problem(Path("/tmp/Dropbox/db.sqlite"), mounts_text=MOUNTS)
    assert "synkroniseret mappe (Dropbox)" in problem


def test_the_cli_refuses_a_database_in_a_synced_folder(tmp_path: Path) -> None:
    folder = tmp_path / "OneDrive"
    folder.mkdir()
    result = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(folder / "db.sqlite"), "db", "upgrade"])
    assert result.exit_code == 2 and "synkroniseret mappe" in result.output
    assert not (folder / "db.sqlite").exists()


def test_the_desks_daily_backup_runs_beside_it_and_is_encrypted_with_the_database(tmp_path: Path) -> None:
    from stvdesk.cli.desk import _finish_daily_backup, _start_daily_backup
    from stvdesk.db import cipher
    from stvdesk.settings import Safeguards, Settings
    from tests.db.test_cipher import PASS, SECRET_NAME, encrypted_db

    path, key = encrypted_db(tmp_path)
    settings = Settings(safeguards=Safeguards(backup_keep=2, backup_folder=str(tmp_path / "kopier")))
    started = _start_daily_backup(path, key, settings, date(2026, 11, 24))
    _finish_daily_backup(started)
    (copy,) = daily_backups(folder_for(path, tmp_path / "kopier"))
    assert SECRET_NAME.encode() not in copy.read_bytes()
    assert cipher.key_for_file(copy, PASS) == key
    off = Settings(safeguards=Safeguards(backup_keep=0, backup_folder=str(tmp_path / "ingen")))
    assert _start_daily_backup(path, key, off, date(2026, 11, 25)) is None


def test_restoring_a_copy_under_another_passphrase_keeps_the_databases_own(tmp_path: Path) -> None:
    """A copy encrypted with another passphrase is asked for it, then re-encrypted to the
    database's key, so the passphrase the user knows keeps working."""
    from stvdesk.db import cipher
    from tests.db.test_cipher import PASS, SECRET_NAME, encrypted_db

    other_folder = tmp_path / "andet"
    other_folder.mkdir()
    other, _ = encrypted_db(other_folder, passphrase="en anden frase")
    path, key = encrypted_db(tmp_path)
    conn = cipher.connect(path, key)
    conn.execute("DELETE FROM citizen")
    conn.commit()
    conn.close()
    result = CliRunner().invoke(
        cli, ["--db", str(path), "db", "restore", str(other), "--ja"], input=f"{PASS}\nforkert\nen anden frase\n"
    )
    assert result.exit_code == 0, result.output
    assert "anden adgangsfrase" in result.output
    restored = cipher.key_for_file(path, PASS)  # still the database's own passphrase
    conn = cipher.connect(path, restored)
    assert conn.execute("SELECT last_name FROM citizen").fetchall() == [(SECRET_NAME,)]
    conn.close()
    assert SECRET_NAME.encode() not in path.read_bytes()
    (safety,) = tmp_path.glob("desk.foer-gendannelse-*")  # what was there, kept, encrypted as it was
    assert cipher.key_for_file(safety, PASS) == key


def test_db_encrypt_encrypts_the_plain_copies_beside_the_database_too(demo_db: Path, tmp_path: Path) -> None:
    """`db backup` without a target, the copy before an upgrade and the one before a restore lie
    beside the database: left plain, they would hold in clear what the encryption hides. A file
    there that only looks like one of them, and is not stvdesk's, is left alone and named."""
    from stvdesk.db import cipher
    from stvdesk.db.backups import copies_beside
    from tests.db.test_cipher import PASS

    with sqlite3.connect(demo_db) as conn:
        (cpr,) = conn.execute("SELECT cpr FROM citizen LIMIT 1").fetchone()
    made = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "backup"])
    assert made.exit_code == 0, made.output
    foreign = demo_db.with_name(f"{demo_db.stem}.backup-20200101-000000{demo_db.suffix}")
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE opskrifter (navn TEXT)")
    before_foreign = foreign.read_bytes()
    (copy,) = [c for c in copies_beside(demo_db) if c != foreign]
    assert cpr.encode() in copy.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "encrypt"], input=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 0, result.output
    assert "(og 1 sikkerhedskopier)" in result.output
    assert f"{foreign.name}" in result.output and "tilhører et andet program" in result.output
    assert "stadig ukrypterede" in result.output  # the copies stvdesk cannot know of
    assert cipher.is_encrypted_file(copy) and cpr.encode() not in copy.read_bytes()
    assert cipher.key_for_file(copy, PASS) == cipher.key_for_file(demo_db, PASS)  # one passphrase opens both
    assert foreign.read_bytes() == before_foreign
    restored = CliRunner().invoke(
        cli, ["--db", str(demo_db), "db", "restore", str(copy), "--ja"], env={"STVDESK_PASSPHRASE": PASS}
    )
    assert restored.exit_code == 0, restored.output
