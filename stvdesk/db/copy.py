"""Copying every row of one stvdesk database into another, empty one at the same revision:
a laptop's file onto the team's new PostgreSQL server, or the demo into a test database.

Rows are read and written through SQLAlchemy Core with the models' tables, so each backend
gets its own types (UUIDs, instants); tables go in foreign-key order, in one transaction on the
target. SQLite's FTS index is not a model table: the target keeps its own search index.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import SQLModel

BATCH = 2_000


class CopyError(Exception):
    """The target cannot take the copy; the message is Danish and nothing was written."""


def copy_rows(source: Engine, target: Engine, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy all rows; returns rows per table. The target must be migrated and empty."""
    import stvdesk.db.models  # noqa: F401 - registers the tables

    tables = list(SQLModel.metadata.sorted_tables)
    counts: dict[str, int] = {}
    with source.connect() as read, target.begin() as write:
        for table in tables:
            if write.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
                raise CopyError(f"Måldatabasen er ikke tom (tabellen {table.name} har rækker); intet er kopieret.")
        for table in tables:
            copied = 0
            result = read.execution_options(yield_per=BATCH).execute(sa.select(table))
            for batch in result.mappings().partitions(BATCH):
                write.execute(table.insert(), [dict(row) for row in batch])
                copied += len(batch)
            counts[table.name] = copied
            if progress:
                progress(table.name, copied)
        if write.dialect.name == "sqlite":
            write.exec_driver_sql("INSERT INTO citizen_fts(citizen_fts) VALUES('rebuild')")
    return counts
