"""Erasing closed cases when their retention period has run (README, "Keeping the data safe").

Erasure is a hard delete of the citizen and of every row that hangs off them, found by
walking the schema's foreign keys (so a table added later is covered without a change here).
The connections run with secure_delete on (engine.SQLITE_PRAGMAS), so freed pages are
zeroed; the name index (FTS5) is then optimised, which rewrites its segments without the
erased names, and VACUUM rebuilds the file and empties the WAL. The access log keeps its
events (they name the citizen by id only) and gains one event per erased citizen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col

from stvdesk.db.audit import log_access
from stvdesk.db.models import Citizen, Worker, table_of
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.retention import case_erasure_cutoff


@dataclass(frozen=True)
class DueCase:
    citizen_id: uuid.UUID
    name: str
    cpr: str
    closed_on: date
    caseworker: str  # initials, or ""


def due_for_erasure(session: Session, today: date, years: int) -> list[DueCase]:
    """Closed cases whose period has run, oldest closing first (the dry run's list)."""
    cutoff = case_erasure_cutoff(today, years)
    rows = session.execute(
        # sa.select: SQLModel's select() is typed for at most four columns
        sa.select(
            col(Citizen.id),
            col(Citizen.first_name),
            col(Citizen.last_name),
            col(Citizen.cpr),
            col(Citizen.closed_on),
            col(Worker.initials),
        )
        .join(Worker, col(Worker.id) == col(Citizen.caseworker_id), isouter=True)
        .where(col(Citizen.closed_on).is_not(None), col(Citizen.closed_on) <= cutoff)
        .order_by(col(Citizen.closed_on), col(Citizen.last_name), col(Citizen.first_name))
    ).all()
    return [
        DueCase(cid, f"{first} {last}", cpr, closed, initials or "") for cid, first, last, cpr, closed, initials in rows
    ]


def _children(table: sa.Table) -> list[tuple[sa.Table, sa.Column[Any], sa.Column[Any]]]:
    """(child table, its foreign-key column, the referenced column) for every table pointing at `table`."""
    found = []
    for child in SQLModel.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table and child is not table:
                found.append((child, fk.parent, fk.column))
    return found


def _delete_tree(conn: sa.Connection, table: sa.Table, where: sa.ColumnElement[bool], depth: int = 0) -> int:
    """Delete the rows of `table` matching `where`, after everything that points at them."""
    if depth > 10:  # pragma: no cover - the schema is a tree a few levels deep
        raise RuntimeError("foreign-key chain too deep")
    removed = 0
    for child, column, referenced in _children(table):
        parent_ids = sa.select(referenced).where(where)
        removed += _delete_tree(conn, child, column.in_(parent_ids), depth + 1)
    removed += conn.execute(sa.delete(table).where(where)).rowcount or 0
    return removed


def erase_citizens(
    session: Session, citizen_ids: list[uuid.UUID], *, worker_id: uuid.UUID | None, note: str, commit: bool = True
) -> int:
    """Erase the citizens and all their rows in one transaction; one log event each. Returns rows removed."""
    if not citizen_ids:
        return 0
    conn = session.connection()
    citizen = table_of(Citizen)
    removed = 0
    for start in range(0, len(citizen_ids), 500):
        batch = citizen_ids[start : start + 500]
        removed += _delete_tree(conn, citizen, citizen.c.id.in_(batch))
    for citizen_id in citizen_ids:
        log_access(
            session, worker_id=worker_id, action=AuditAction.CHANGE, citizen_id=citizen_id, criterion=note, commit=False
        )
    if commit:
        session.commit()
    return removed


def scrub_file(engine: sa.Engine) -> None:
    """After an erasure: rewrite the name index without the erased names, rebuild the file
    (VACUUM) and empty the WAL, so no page of the file holds the erased data."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            conn.exec_driver_sql("VACUUM")  # pragma: no cover - PostgreSQL
            return
        # the driver's own connection (sqlite3's or sqlcipher3's), outside SQLAlchemy's transaction
        raw: Any = conn.connection.dbapi_connection
        raw.execute("INSERT INTO citizen_fts(citizen_fts) VALUES('optimize')")
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
