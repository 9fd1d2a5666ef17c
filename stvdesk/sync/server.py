"""The server's side of a push: take a batch of one laptop's changes in one transaction,
field by field against what the server holds now, and remember each change's outcome so a
retried push (after a broken line or a killed process) gets the same answer and changes
nothing twice. Runs on the laptop, over the worker's own login: the server's row-level
security still decides what may be written.

A citizen's phase is derived, not edited: a change's phase is dropped, and once the batch is
merged the phase of every citizen it touched is worked out again (`sync/phases.py`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

import stvdesk.db.models as m
from stvdesk.clock import utcnow
from stvdesk.db.cleaning import clean_row
from stvdesk.domain.sync import edited_since, edits_deleted_row, merge_update
from stvdesk.domain.text import clean_line
from stvdesk.sync.codec import decode_row, encode_row
from stvdesk.sync.phases import citizens_touched, derive_again_on
from stvdesk.sync.tables import DERIVED_COLUMNS, META_COLUMNS, PUSHED, table


@dataclass(frozen=True)
class Op:
    """One change from a laptop's outbox, its values already Python."""

    op_id: uuid.UUID
    table_name: str
    row_id: uuid.UUID
    op: str
    fields: dict[str, Any]
    base: dict[str, Any]

    @classmethod
    def from_outbox(cls, row: sa.Row[Any]) -> Op:
        return cls(
            row.op_id,
            row.table_name,
            row.row_id,
            row.op,
            decode_row(row.table_name, json.loads(row.fields)),
            decode_row(row.table_name, json.loads(row.base)),
        )

    def cleaned(self) -> Op:
        """The change with its text cleaned as the server's columns want it, before it is compared
        with what the server holds: a laptop of an older version (or one whose outbox was written
        before cleaning) may send escape sequences, and a dirty value and its clean twin are the
        same change, not a conflict."""
        if self.table_name not in PUSHED:
            return self
        t = table(self.table_name)
        return replace(self, fields=clean_row(t, self.fields), base=clean_row(t, self.base))

    def underived(self) -> Op:
        """The change without the columns the server works out itself (a citizen's phase): they
        are never a laptop's edit, so they neither go in nor conflict, and a delete is not judged
        against them."""
        derived = DERIVED_COLUMNS.get(self.table_name)
        if not derived:
            return self
        return replace(
            self,
            fields={c: v for c, v in self.fields.items() if c not in derived},
            base={c: v for c, v in self.base.items() if c not in derived},
        )


def _conflict(
    kind: str, *, field: str = "", base: Any = None, mine: Any = None, theirs: Any = None, message: str = ""
) -> dict[str, Any]:
    return {"kind": kind, "field": field, "base": base, "mine": mine, "theirs": theirs, "message": message}


# Writes that go to the server in one statement: (insert/update, table, the columns written).
BatchKey = tuple[str, str, tuple[str, ...]]

UPDATE_ROWS = 500  # rows per statement (PostgreSQL takes at most 65 535 parameters)


class _Batch:
    def __init__(self, conn: sa.Connection, ops: list[Op]):
        self.conn = conn
        self.rows: dict[tuple[str, uuid.UUID], dict[str, Any] | None] = {}
        wanted: dict[str, set[uuid.UUID]] = {}
        for op in ops:
            wanted.setdefault(op.table_name, set()).add(op.row_id)
        for name, ids in wanted.items():
            t = table(name)
            found = {r.id: dict(r) for r in conn.execute(sa.select(t).where(t.c.id.in_(ids))).mappings()}
            for row_id in ids:
                self.rows[(name, row_id)] = found.get(row_id)
        # Writes of one kind to one table with the same columns go to the server together (one
        # statement for many rows): row-level security is worked out once per statement, and
        # 10 000 single-row statements took 35 s (bench.sync).
        self._key: BatchKey | None = None
        self._ops: list[Op] = []
        self._values: list[dict[str, Any]] = []
        self._queued_rows: set[uuid.UUID] = set()  # ids are unique across tables (UUIDs)
        self.refused: dict[uuid.UUID, str] = {}

    def current(self, op: Op) -> dict[str, Any] | None:
        return self.rows.get((op.table_name, op.row_id))

    def fresh_insert(self, op: Op) -> bool:
        return op.op == "insert" and op.table_name in PUSHED and self.current(op) is None

    def _queue(self, key: BatchKey, op: Op, values: dict[str, Any]) -> None:
        if key != self._key:
            self.flush()
            self._key = key
        self._ops.append(op)
        self._values.append(values)
        self._queued_rows.add(op.row_id)

    def write(self, op: Op, values: dict[str, Any]) -> None:
        if op.row_id in self._queued_rows:
            self.flush()  # one UPDATE … FROM VALUES gives a row only one of its new values
        self._queue(("update", op.table_name, tuple(sorted(values))), op, {"row_id_": op.row_id, **values})
        self.rows[(op.table_name, op.row_id)] = {**(self.current(op) or {}), **values}

    def insert(self, op: Op) -> None:
        self._queue(("insert", op.table_name, tuple(sorted(op.fields))), op, dict(op.fields))
        self.rows[(op.table_name, op.row_id)] = dict(op.fields)

    def flush_inserts(self) -> None:
        if self._key is not None and self._key[0] == "insert":
            self.flush()

    def flush(self) -> None:
        if self._key is None:
            return
        kind, name, columns = self._key
        ops, values = self._ops, self._values
        self._key, self._ops, self._values, self._queued_rows = None, [], [], set()
        t = table(name)
        if kind == "update":
            # UPDATE … FROM (VALUES …): many rows per statement, as for inserts.
            for start in range(0, len(values), UPDATE_ROWS):
                chunk = values[start : start + UPDATE_ROWS]
                given = sa.values(
                    sa.column("row_id_", t.c.id.type), *(sa.column(c, t.c[c].type) for c in columns), name="given"
                ).data([(row["row_id_"], *(row[c] for c in columns)) for row in chunk])
                self.conn.execute(
                    sa.update(t).where(t.c.id == given.c.row_id_).values({c: given.c[c] for c in columns})
                )
            return
        try:
            with self.conn.begin_nested():
                for start in range(0, len(values), UPDATE_ROWS):  # one multi-row INSERT per chunk
                    self.conn.execute(t.insert().values(values[start : start + UPDATE_ROWS]))
            return
        except DBAPIError:
            pass
        for op, row in zip(ops, values, strict=True):  # one of them was refused: find which, keep the rest
            try:
                with self.conn.begin_nested():
                    self.conn.execute(t.insert().values(row))
            except DBAPIError as exc:
                # The database's own words may quote the refused values: one clean line of them.
                self.refused[op.op_id] = clean_line(str(getattr(exc, "orig", exc)).strip().splitlines()[0])
                self.rows[(name, op.row_id)] = None


def _apply(batch: _Batch, op: Op) -> list[dict[str, Any]]:
    if op.table_name not in PUSHED:
        return []
    current = batch.current(op)
    if op.op == "insert":
        if current is None:
            batch.insert(op)  # whole, its phase too; a refusal is known when the batch's inserts are written
            return []
        op = op.underived()
        merge = merge_update({c: current.get(c) for c in op.fields}, op.fields, current, META_COLUMNS)
        if merge.apply:
            batch.write(op, merge.apply)
        return []
    op = op.underived()
    if op.op == "update" and not set(op.fields) - META_COLUMNS:
        return []  # only the phase changed (a laptop of an older version sends it)
    if current is None:  # erased on the server, or no longer this worker's to write
        return [_conflict("gone", mine=encode_row(op.fields))]
    if op.op == "delete":
        if current.get("deleted_at") is not None:
            return []
        changed = edited_since(op.base, current, META_COLUMNS | {"deleted_at"})
        if changed:
            return [_conflict("deleted_edited", theirs=encode_row({c: current[c] for c in changed}))]
        batch.write(op, op.fields)
        return []
    if edits_deleted_row(op.base, op.fields, current):
        return [
            _conflict("edited_deleted", mine=encode_row({c: v for c, v in op.fields.items() if c not in META_COLUMNS}))
        ]
    merge = merge_update(op.base, op.fields, current, META_COLUMNS)
    if merge.apply:
        batch.write(op, merge.apply)
    return [
        _conflict(
            "field",
            field=c,
            base=encode_row({c: op.base.get(c)})[c],
            mine=encode_row({c: op.fields[c]})[c],
            theirs=encode_row({c: current.get(c)})[c],
        )
        for c in merge.conflicts
    ]


@dataclass
class Outcome:
    conflicts: list[dict[str, Any]]
    now: dict[str, Any] | None  # the server's row after the change, when there were conflicts


def take_batch(
    conn: sa.Connection,
    device_id: uuid.UUID,
    worker_id: uuid.UUID | None,
    ops: list[Op],
    events: list[dict[str, Any]],
    device_name: str = "",
) -> dict[uuid.UUID, Outcome]:
    """Apply a batch of one laptop's changes, and its access-log events after the last one the
    server has, within the caller's transaction. Changes taken before are not applied again:
    their stored outcome is returned."""
    conn.execute(sa.text("SELECT set_config('stvdesk.device', :d, true)"), {"d": str(device_id)})
    ops = [op.cleaned() for op in ops]
    outcomes: dict[uuid.UUID, Outcome] = {}
    ids = [op.op_id for op in ops]
    so = m.table_of(m.SyncOp)
    stored: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for op_id, result in conn.execute(sa.select(so.c.op_id, so.c.result).where(so.c.op_id.in_(ids))):
        stored[op_id] = json.loads(result).get("conflicts", []) if result else []
    todo = [op for op in ops if op.op_id not in stored]
    batch = _Batch(conn, ops)
    now = utcnow()
    found: dict[uuid.UUID, list[dict[str, Any]]] = dict(stored)
    for op in todo:
        if not batch.fresh_insert(op):
            batch.flush_inserts()  # what is decided next must know whether the inserts before it went in
        found[op.op_id] = _apply(batch, op)
    batch.flush()
    _derive_phases(conn, device_id, batch, ops)
    records = []
    for op in ops:
        conflicts = found[op.op_id]
        if op.op_id in batch.refused:
            conflicts = [_conflict("rejected", mine=encode_row(op.fields), message=batch.refused[op.op_id])]
        # The row as the server has it at the end of this batch, not as it was when the change was
        # first taken: a retried answer must not put back what the laptop changed since.
        row = batch.current(op)
        outcomes[op.op_id] = Outcome(conflicts, encode_row(row) if conflicts and row is not None else None)
        if op.op_id not in stored:
            result = json.dumps({"conflicts": conflicts}, ensure_ascii=False) if conflicts else ""
            records.append(
                {"op_id": op.op_id, "device_id": device_id, "worker_id": worker_id, "applied_at": now, "result": result}
            )
    if records:
        conn.execute(so.insert(), records)
    _take_events(conn, device_id, worker_id, events, device_name, now)
    return outcomes


def _derive_phases(conn: sa.Connection, device_id: uuid.UUID, batch: _Batch, ops: list[Op]) -> None:
    """The phase of every citizen the batch touched, worked out from the merged rows. Written
    without the pushing laptop's mark in the change feed, so that laptop too gets any phase
    that differs from its own (its phase was derived from a state the server no longer has)."""
    rows = [(op.table_name, batch.current(op) or op.fields) for op in ops if op.table_name in PUSHED]
    touched = citizens_touched(conn, rows)
    if not touched:
        return
    conn.execute(sa.text("SELECT set_config('stvdesk.device', '', true)"))
    derive_again_on(conn, touched)
    conn.execute(sa.text("SELECT set_config('stvdesk.device', :d, true)"), {"d": str(device_id)})


def server_audit_seq(conn: sa.Connection, device_id: uuid.UUID) -> int:
    d = m.table_of(m.SyncDevice)
    return conn.execute(sa.select(d.c.audit_seq).where(d.c.id == device_id)).scalar() or 0


def _take_events(
    conn: sa.Connection,
    device_id: uuid.UUID,
    worker_id: uuid.UUID | None,
    events: list[dict[str, Any]],
    device_name: str,
    now: datetime,
) -> None:
    """Append the laptop's access-log events to the server's chain (the chain hook gives each
    a place in the server's own chain); the device row remembers how far they came."""
    d = m.table_of(m.SyncDevice)
    known = server_audit_seq(conn, device_id)
    fresh = [e for e in events if e["seq"] > known]
    if fresh:
        # A savepoint of the caller's transaction: the session's commit releases it, and the
        # caller's commit makes the events permanent together with the changes.
        with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
            for e in fresh:
                session.add(
                    m.AuditEvent(
                        id=e["id"],
                        at=e["at"],
                        worker_id=e["worker_id"],
                        device=e["device"],
                        action=e["action"],
                        citizen_id=e["citizen_id"],
                        criterion=e["criterion"],
                        purpose=e["purpose"],
                    )
                )
            session.commit()
        known = max(e["seq"] for e in fresh)
    exists = conn.execute(sa.select(d.c.id).where(d.c.id == device_id)).first() is not None
    values = {"worker_id": worker_id, "last_push_at": now, "audit_seq": known, "name": device_name}
    if exists:
        conn.execute(sa.update(d).where(d.c.id == device_id).values(values))
    else:
        conn.execute(d.insert().values(id=device_id, **values))
