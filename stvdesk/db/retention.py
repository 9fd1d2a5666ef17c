"""Erasing closed cases when their retention period has run (README, "Keeping the data safe").

Erasure is a hard delete of the citizen and of every row that hangs off them, found by
walking the schema's foreign keys (so a table added later is covered without a change here).
The access log keeps its events but nothing of the citizen's in their text (scrub_log): the
text of the events about them goes, their surname and CPR number are blanked out of every other
event (an export's file name, a purpose), and a search that could have been for them goes (a
name or the start of one; a CPR search by its keyed hash). The chain is then chained again
from the first changed event (audit.rewrite_texts), and the rewrite and each erasure are logged.
All of that is one transaction.

The file is scrubbed after (scrub_file): the connections run with secure_delete on
(engine.SQLITE_PRAGMAS), so freed pages are zeroed; the name index (FTS5) is optimised, which
rewrites its segments without the erased names, and VACUUM rebuilds the file and the WAL is
emptied. A marker row, written with the erasure and removed only once the file is scrubbed,
makes the next `stvdesk db retention` finish a scrub that was cut short.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col

from stvdesk.db.audit import log_access, rewrite_texts, search_entries
from stvdesk.db.models import AuditEvent, Citizen, DbMeta, Worker, table_of
from stvdesk.domain.enums import AuditAction
from stvdesk.domain.numbers import format_number
from stvdesk.domain.redact import blanker, search_could_name
from stvdesk.domain.retention import case_erasure_cutoff

# What stands in the access log where an erased citizen's text was.
ERASED_TEXT = "(fjernet ved sletning)"
# db_meta: an erasure is committed, its file not yet scrubbed (scrub_file removes it).
SCRUB_PENDING_KEY = "retention_scrub_pending"


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


@dataclass(frozen=True)
class ErasedPerson:
    citizen_id: uuid.UUID
    first_name: str
    last_name: str
    cpr: str


def _people(session: Session, citizen_ids: list[uuid.UUID]) -> dict[uuid.UUID, ErasedPerson]:
    found: dict[uuid.UUID, ErasedPerson] = {}
    for start in range(0, len(citizen_ids), 500):
        rows = session.execute(
            sa.select(col(Citizen.id), col(Citizen.first_name), col(Citizen.last_name), col(Citizen.cpr)).where(
                col(Citizen.id).in_(citizen_ids[start : start + 500])
            )
        ).all()
        found.update({cid: ErasedPerson(cid, first, last, cpr) for cid, first, last, cpr in rows})
    return found


def scrubbed_log_texts(session: Session, people: dict[uuid.UUID, ErasedPerson]) -> dict[int, tuple[str, str]]:
    """The access log's events whose text names these citizens, and the text each gets instead:
    {seq: (criterion, purpose)} (see the module's top)."""
    if not people:
        return {}
    surnames = [p.last_name for p in people.values()]
    first_names = [p.first_name for p in people.values()]
    blank = blanker(surnames, cprs=[p.cpr for p in people.values()])
    # A CPR search is stored by its keyed hash of the digits typed: six of them or more, the
    # start of a number (the Sagsstamme searches by the start).
    cpr_searches = search_entries(session, {p.cpr[:n] for p in people.values() for n in range(6, len(p.cpr) + 1)})
    texts: dict[int, tuple[str, str]] = {}
    after = 0
    while True:
        rows = session.execute(
            sa.select(
                col(AuditEvent.seq),
                col(AuditEvent.action),
                col(AuditEvent.citizen_id),
                col(AuditEvent.criterion),
                col(AuditEvent.purpose),
            )
            .where(col(AuditEvent.seq) > after)
            .order_by(col(AuditEvent.seq))
            .limit(2000)
        ).all()
        if not rows:
            return texts
        for seq, action, citizen_id, criterion, purpose in rows:
            after = seq
            if citizen_id in people:
                new = (ERASED_TEXT if criterion else "", ERASED_TEXT if purpose else "")
            elif action is AuditAction.SEARCH and (
                criterion in cpr_searches or search_could_name(criterion, surnames, first_names)
            ):
                new = (ERASED_TEXT, blank(purpose))
            else:
                new = (blank(criterion), blank(purpose))
            if new != (criterion, purpose):
                texts[seq] = new


def erase_citizens(
    session: Session, citizen_ids: list[uuid.UUID], *, worker_id: uuid.UUID | None, note: str, commit: bool = True
) -> int:
    """Erase the citizens and all their rows, and scrub them from the access log, in one
    transaction; one log event each. Returns rows removed."""
    if not citizen_ids:
        return 0
    people = _people(session, citizen_ids)
    conn = session.connection()
    citizen = table_of(Citizen)
    removed = 0
    for start in range(0, len(citizen_ids), 500):
        batch = citizen_ids[start : start + 500]
        removed += _delete_tree(conn, citizen, citizen.c.id.in_(batch))
    rewritten = rewrite_texts(session, scrubbed_log_texts(session, people))
    for citizen_id in citizen_ids:
        log_access(
            session, worker_id=worker_id, action=AuditAction.CHANGE, citizen_id=citizen_id, criterion=note, commit=False
        )
    if rewritten.changed:
        log_access(
            session,
            worker_id=worker_id,
            action=AuditAction.CHANGE,
            criterion=f"Logning renset ved sletning: {format_number(rewritten.changed)} hændelsers tekst fjernet, "
            f"kæden skrevet om fra hændelse {rewritten.from_seq}",
            commit=False,
        )
    if conn.dialect.name == "sqlite":
        session.merge(DbMeta(key=SCRUB_PENDING_KEY, value="1"))
    if commit:
        session.commit()
    return removed


def scrub_pending(engine: sa.Engine) -> bool:
    """Was an erasure committed whose file was not scrubbed after (scrub_file cut short)?"""
    with Session(engine) as session:
        return session.get(DbMeta, SCRUB_PENDING_KEY) is not None


def scrub_file(engine: sa.Engine) -> bool:
    """After an erasure: rewrite the name index without the erased names, rebuild the file
    (VACUUM) and empty the WAL, so no page of the file holds the erased data. Safe to run
    again; the erasure's marker goes only once the WAL is emptied (False: it could not be, as
    another connection reads the file; the next run finishes it)."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            conn.exec_driver_sql("VACUUM")  # pragma: no cover - PostgreSQL
            return True
        # the driver's own connection (sqlite3's or sqlcipher3's), outside SQLAlchemy's transaction
        raw: Any = conn.connection.dbapi_connection
        raw.execute("INSERT INTO citizen_fts(citizen_fts) VALUES('optimize')")
        raw.execute("VACUUM")
        if raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
            return False
        # Only now: every page the erasure freed is overwritten in the file itself.
        raw.execute("DELETE FROM db_meta WHERE key = ?", (SCRUB_PENDING_KEY,))
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return True
