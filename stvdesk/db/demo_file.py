"""The demo database file as the start reads it before the data layer is imported: its name, its
size and seed by default, who opens it, and its marks in db_meta (written by `db/demo.py`)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SEED = 2026
CITIZENS_PER_TEAM = 240  # six S with about 40 each
DEMO_WORKER = "KB"


def demo_file_name(citizens: int) -> str:
    return "demo.sqlite" if citizens == CITIZENS_PER_TEAM else f"demo-{citizens}.sqlite"


def demo_meta(path: Path) -> dict[str, str]:
    """The db_meta of an existing demo file, or {} when it is missing or not a demo."""
    import sqlite3  # (only here: the rest is read before the first frame)

    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return dict(conn.execute("SELECT key, value FROM db_meta").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
