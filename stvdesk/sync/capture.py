"""The outbox: every change a desk makes to a synced table is written to `sync_outbox` in
the same transaction as the change, so none is missed and none is sent twice.

Changes made through the session are read from it after each flush; rows written in bulk
through Core by `db/rows.insert_rows` (an import's thousands) and columns changed by
`db/rows.update_rows` (the phases an import refreshes) are handed here by those functions.
Only on a laptop's SQLite file, and only once the file has a sync server (`stvdesk sync
--server`): a desk that never syncs would grow the outbox forever. Rows a sync pulls in are
written through Core and never pass here, so they do not echo back.
"""

from __future__ import annotations

import uuid
import weakref
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import SQLModel, col

import stvdesk.db.models as m
from stvdesk.clock import utcnow
from stvdesk.db.engine import SYNC_SERVER_KEY, SYNC_WORKER_KEY, on_new_engine
from stvdesk.db.rows import on_rows_inserted, on_rows_updated
from stvdesk.sync.codec import dumps, encode
from stvdesk.sync.tables import BY_PARENT, DERIVED_COLUMNS, META_COLUMNS, PULLED, PUSHED, citizen_of_row

SERVER_KEY = SYNC_SERVER_KEY  # db_meta: the team server's address, on a laptop that syncs
WORKER_KEY = SYNC_WORKER_KEY  # db_meta: the worker the laptop belongs to

# (table, the row's values, insert/update/delete, the fields sent, the values they replace)
_Op = tuple[str, dict[str, Any], str, dict[str, Any], dict[str, Any]]
_ORDER = {name: index for index, name in enumerate(PULLED)}
_MODELS = {model.__tablename__: model for model in m.USER_TABLES}
# engine -> does this file sync; read once per engine, set again when a server is chosen
_capturing: weakref.WeakKeyDictionary[sa.Engine, bool] = weakref.WeakKeyDictionary()


def set_capturing(engine: sa.Engine, on: bool) -> None:
    _capturing[engine] = on
    if on:
        _keep_old_values()


def syncs(engine: sa.Engine) -> bool:
    """Does this file sync (learnt at its first connection, see watch)?"""
    if engine.dialect.name != "sqlite":
        return False
    if engine not in _capturing:
        with engine.connect():  # the first connection reads it
            pass
    return _capturing.get(engine, False)


def watch(engine: sa.Engine) -> None:
    """Learn at a file's first connection whether it syncs, before any row is changed."""

    @event.listens_for(engine, "first_connect")
    def _first(dbapi_connection: Any, _record: object) -> None:  # sqlite3's or sqlcipher3's connection
        try:
            found = dbapi_connection.execute(f"SELECT 1 FROM db_meta WHERE key = '{SERVER_KEY}'").fetchone()
        except Exception:  # a file before its first migration has no db_meta yet
            return
        set_capturing(engine, found is not None)


def _is_capturing(session: OrmSession) -> bool:
    engine = session.get_bind().engine  # an Engine's .engine is itself, a Connection's its Engine
    if engine.dialect.name != "sqlite":
        return False
    known = _capturing.get(engine)
    if known is None:
        with session.no_autoflush:
            known = (
                session.connection()
                .execute(sa.select(col(m.DbMeta.value)).where(col(m.DbMeta.key) == SERVER_KEY))
                .first()
                is not None
            )
        set_capturing(engine, known)
    return known


def _noop(target: object, value: object, oldvalue: object, initiator: object) -> object:
    return value


_history_kept = False


def _keep_old_values() -> None:
    """A change needs the value it was made against, even when the attribute had not been
    loaded (else a column set on an expired row has no base, and the server would see a
    conflict). Done on the first syncing file only: it costs about 45 ms, which a desk that
    never syncs should not pay at every start."""
    global _history_kept
    if _history_kept:
        return
    for model in _MODELS.values():
        if model.__tablename__ in PUSHED:
            for column in m.table_of(model).columns:
                event.listen(getattr(model, column.name), "set", _noop, active_history=True, retval=True)
    _history_kept = True


def _values(obj: SQLModel) -> dict[str, Any]:
    return {c.name: getattr(obj, c.name) for c in m.table_of(type(obj)).columns}


def _parent_citizen(conn: sa.Connection, name: str, values: dict[str, Any]) -> uuid.UUID | None:
    if name in BY_PARENT:
        column, parent = BY_PARENT[name]
        if values.get(column) is None:
            return None
        t = SQLModel.metadata.tables[parent]
        return conn.execute(sa.select(t.c.citizen_id).where(t.c.id == values[column])).scalar()
    if name == "goal_action":
        for column, parent in (("job_goal_id", "job_goal"), ("development_goal_id", "development_goal")):
            if values.get(column) is not None:
                t = SQLModel.metadata.tables[parent]
                return conn.execute(sa.select(t.c.citizen_id).where(t.c.id == values[column])).scalar()
    return None


def _changes(obj: SQLModel) -> dict[str, tuple[Any, Any]]:
    """The columns a desk changed, less those derived from other data (a citizen's phase): the
    server works those out again from the merged rows, so they are no edit to send."""
    state = inspect(obj)
    found = {}
    derived = DERIVED_COLUMNS.get(m.table_of(type(obj)).name, frozenset())
    for column in m.table_of(type(obj)).columns:
        if column.name in derived:
            continue
        history = state.attrs[column.name].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                found[column.name] = (old, new)
    return found


@event.listens_for(OrmSession, "after_flush")
def _capture(session: OrmSession, _flush_context: object) -> None:
    if not (session.new or session.dirty) or not _is_capturing(session):
        return
    conn = session.connection()
    now = utcnow()
    ops: list[_Op] = []
    new = sorted(
        (o for o in session.new if getattr(o, "__tablename__", None) in PUSHED), key=lambda o: _ORDER[o.__tablename__]
    )
    for obj in new:
        values = _values(obj)
        ops.append((obj.__tablename__, values, "insert", values, {}))
    for obj in session.dirty:
        name = getattr(obj, "__tablename__", None)
        if name not in PUSHED or obj in session.new:
            continue
        changes = _changes(obj)
        if not set(changes) - META_COLUMNS:
            continue
        values = _values(obj)
        fields = {c: new for c, (_old, new) in changes.items()}
        old_deleted = changes.get("deleted_at", (None, None))
        if "deleted_at" in changes and old_deleted[0] is None and old_deleted[1] is not None:
            # A delete is judged against the whole row as this desk last had it.
            base = {**values, **{c: old for c, (old, _new) in changes.items()}}
            ops.append((name, values, "delete", fields, base))
        else:
            ops.append((name, values, "update", fields, {c: old for c, (old, _new) in changes.items()}))
    _write_outbox(conn, ops, now)


def _capture_inserted(session: OrmSession, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Rows a writer inserted in bulk through Core (db/rows.insert_rows), which no flush sees:
    the outbox gets them as the flush would have had them, whole, as inserts."""
    if table.name not in PUSHED or not _is_capturing(session):
        return
    _write_outbox(session.connection(), [(table.name, row, "insert", row, {}) for row in rows], utcnow())


def _capture_updated(
    session: OrmSession, table: sa.Table, changes: list[dict[str, Any]], old: list[dict[str, Any]]
) -> None:
    """Columns a writer changed in bulk through Core (db/rows.update_rows, the phases an import
    refreshes): the outbox gets what the flush would have made of the same objects' history."""
    if table.name not in PUSHED or not _is_capturing(session):
        return
    derived = DERIVED_COLUMNS.get(table.name, frozenset())
    ops: list[_Op] = []
    for change, before in zip(changes, old, strict=True):
        fields = {c: v for c, v in change.items() if c != "id" and c not in derived and before.get(c) != v}
        if not set(fields) - META_COLUMNS:
            continue
        ops.append((table.name, change, "update", fields, {c: before.get(c) for c in fields}))
    _write_outbox(session.connection(), ops, utcnow())


def _write_outbox(conn: sa.Connection, ops: list[_Op], now: datetime) -> None:
    if not ops:
        return
    rows = []
    for name, values, op, fields, base in ops:
        citizen = citizen_of_row(name, values) or _parent_citizen(conn, name, values)
        rows.append(
            {
                "op_id": uuid.uuid4(),
                "at": now,
                "table_name": name,
                "row_id": values["id"],
                "op": op,
                "fields": dumps({c: encode(v) for c, v in fields.items()}),
                "base": dumps({c: encode(v) for c, v in base.items()}),
                "citizen_id": citizen,
            }
        )
    conn.execute(m.table_of(m.SyncOutbox).insert(), rows)


on_new_engine(watch)
on_rows_inserted(_capture_inserted)
on_rows_updated(_capture_updated)
