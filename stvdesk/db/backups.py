"""Daily rolling backups and restore (README, "Keeping the data safe").

A backup is SQLite's online backup of the live file, checked with integrity_check before it
counts; an encrypted database's backups are encrypted with the same key (cipher.connect).
Each database has its own folder of daily copies, named by date, so the newest N are kept by
sorting names.
"""

from __future__ import annotations

import glob
import hashlib
from datetime import date
from pathlib import Path

from stvdesk.clock import file_stamp
from stvdesk.db.cipher import CipherKey, connect, export_checked, replace_file
from stvdesk.db.migrate import backup_sqlite, inspect_sqlite_file

DAILY_SUFFIX = ".sqlite"


def folder_for(db_path: Path, root: Path) -> Path:
    """One folder per database file: its name and a short digest of its full path."""
    digest = hashlib.sha256(str(db_path.resolve()).encode("utf-8")).hexdigest()[:8]
    return root / f"{db_path.stem}-{digest}"


def daily_backups(folder: Path) -> list[Path]:
    """The daily copies in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"????-??-??{DAILY_SUFFIX}") if p.is_file())


# The copies stvdesk writes beside a database: `stvdesk db backup` without a target and the copy
# before an upgrade (migrate.backup_sqlite), and the one before a restore (restore below).
BESIDE_KINDS = ("backup", "foer-gendannelse")


def copies_beside(db_path: Path) -> list[Path]:
    """The copies of `db_path` stvdesk wrote beside it (BESIDE_KINDS), oldest first."""
    suffix = db_path.suffix or ".sqlite"
    stem = glob.escape(db_path.stem)
    found = {p for kind in BESIDE_KINDS for p in db_path.parent.glob(f"{stem}.{kind}-*{suffix}") if p.is_file()}
    return sorted(found)


def known_copies(db_path: Path, root: Path) -> list[Path]:
    """Every copy of `db_path` stvdesk knows of: the daily ones and those beside it. (A copy
    written elsewhere with `stvdesk db backup MÅL` is the user's to keep track of.)"""
    return [*daily_backups(folder_for(db_path, root)), *copies_beside(db_path)]


def take_daily(db_path: Path, key: CipherKey | None, root: Path, today: date, keep: int) -> Path | None:
    """Today's copy if there is none yet, then drop all but the newest `keep`.

    Returns the new copy, or None when today's exists or keep is 0. The copy is written
    under a temporary name and only renamed once checked, so a crash leaves no half copy
    that looks like a backup.
    """
    if keep <= 0:
        return None
    folder = folder_for(db_path, root)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{today.isoformat()}{DAILY_SUFFIX}"
    if target.exists():
        return None
    partial = folder / f"{today.isoformat()}.partial"
    partial.unlink(missing_ok=True)
    backup_sqlite(db_path, partial, key=key)
    partial.replace(target)
    for old in daily_backups(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def checkpoint(db_path: Path, key: CipherKey | None) -> None:
    """Move everything in the WAL into the file and empty the WAL."""
    conn = connect(db_path, key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()


def restore(db_path: Path, source: Path, key: CipherKey | None, source_key: CipherKey | None) -> Path | None:
    """Put the database in `source` in place of `db_path`; returns the safety copy of what was there.

    `source` is checked first (ours, intact, not newer); the current file is copied aside
    before anything is replaced; the restored copy is written beside the database, checked,
    and moved over it in one rename. The caller holds the instance lock. A source under
    another key than the database's is re-encrypted to the database's key, so the passphrase
    the user knows keeps working.
    """
    inspect_sqlite_file(source, full_check=True, key=source_key)
    safety = None
    if db_path.exists() and db_path.stat().st_size > 0:
        stamp = file_stamp()
        safety = backup_sqlite(
            db_path, db_path.with_name(f"{db_path.stem}.foer-gendannelse-{stamp}{db_path.suffix or '.sqlite'}"), key=key
        )
        checkpoint(db_path, key)
    incoming = db_path.with_name(db_path.name + ".gendannes")
    incoming.unlink(missing_ok=True)
    if source_key == key:  # the same key (or both plain): a page-for-page online backup
        backup_sqlite(source, incoming, key=key)
    else:
        export_checked(source, source_key, incoming, key)
    replace_file(incoming, db_path)
    return safety
