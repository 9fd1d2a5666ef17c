"""Rows written in bulk through Core, for a writer of thousands (the import), with what a flush
of model objects would have given them: every column's value as the model makes it (its
defaults, text cleaned as its column cleans it), and the sync outbox told of each.

An ORM flush builds and tracks an object per row, which costs most of an import's time;
`session.connection().execute(insert, rows)` costs a fraction, but passes by the session's
flush hooks. So the hooks' work is done here instead: `row_values` fills and cleans a row the
way the model and `db/cleaning.py` would, and `insert_rows` hands the stored rows to the
listeners the layers above register (`on_rows_inserted`: the sync outbox, which the database
layer never imports), in the session's own transaction. `update_rows` does the same for columns
changed by id (`on_rows_updated`), with the values they had, as an object's history holds them. The access log's events have their
own bulk writer, `db/audit.append_events`, which chains them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import SQLModel

from stvdesk.db.models import table_of
from stvdesk.db.types import CleanText, UTCDateTime
from stvdesk.domain.text import clean_text

RowsListener = Callable[[OrmSession, sa.Table, list[dict[str, Any]]], None]
_listeners: list[RowsListener] = []
#: (session, table, the changes: each row's id and new values, the old values of the same columns)
UpdatesListener = Callable[[OrmSession, sa.Table, list[dict[str, Any]], list[dict[str, Any]]], None]
_update_listeners: list[UpdatesListener] = []

# model -> per column: (name, default, its kind, text cleaning: None, or multi-line or not)
_NO_DEFAULT, _SCALAR, _CALLABLE, _NOW = 0, 1, 2, 3
_Spec = list[tuple[str, Any, int, bool | None]]
_specs: dict[type[SQLModel], _Spec] = {}


def on_rows_inserted(listener: RowsListener) -> None:
    """Have `listener(session, table, rows)` see every row `insert_rows` writes, after the
    insert and in the same transaction (stvdesk.sync.capture registers the outbox this way)."""
    if listener not in _listeners:
        _listeners.append(listener)


def on_rows_updated(listener: UpdatesListener) -> None:
    """Have `listener(session, table, changes, old)` see every change `update_rows` writes,
    after the update and in the same transaction (the sync outbox, as for inserts)."""
    if listener not in _update_listeners:
        _update_listeners.append(listener)


def _spec(model: type[SQLModel]) -> _Spec:
    found = _specs.get(model)
    if found is None:
        found = []
        table = table_of(model)
        for column in table.columns:
            default = column.default
            if default is None:
                kind, arg = _NO_DEFAULT, None
            elif isinstance(default, sa.ColumnDefault) and default.is_callable:
                # On an instant (created_at, updated_at, a note's written_at) it is now; else a new id.
                kind = _NOW if isinstance(column.type, UTCDateTime) else _CALLABLE
                arg = default.arg  # wrapped by SQLAlchemy to take a context
            elif isinstance(default, sa.ColumnDefault) and default.is_scalar:
                kind, arg = _SCALAR, default.arg
            else:  # a server-side sequence or SQL expression: nothing a user table has
                raise TypeError(f"{table.name}.{column.name}: a default rows.py cannot compute")
            multiline = column.type.multiline if isinstance(column.type, CleanText) else None
            found.append((column.name, arg, kind, multiline))
        _specs[model] = found
    return found


def row_values(model: type[SQLModel], values: dict[str, Any], *, now: datetime | None = None) -> dict[str, Any]:
    """A whole row of `model`'s table: `values`, and each column not given as the model's
    default makes it (a new id, "", the clock's now), with text cleaned as the column cleans
    it: what `Model(**values)` would hold once flushed, without building the object. `now`, if
    given, is the instant the row's time stamps default to (a writer's rows share one)."""
    row: dict[str, Any] = {}
    for name, arg, kind, multiline in _spec(model):
        if name in values:
            value = values[name]
            if multiline is not None and isinstance(value, str):
                value = clean_text(value, multiline)
        elif kind == _NOW:
            value = arg(None) if now is None else now
        elif kind == _CALLABLE:
            value = arg(None)
        else:
            value = arg  # a scalar default ("" is clean), or None
        row[name] = value
    unknown = values.keys() - row.keys()
    if unknown:
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    return row


def insert_rows(session: OrmSession, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert whole rows (`row_values`) of `model` in one executemany on the session's
    connection, in its transaction; then the listeners see them."""
    if not rows:
        return
    table = table_of(model)
    session.connection().execute(table.insert(), rows)
    for listener in _listeners:
        listener(session, table, rows)


def update_rows(
    session: OrmSession, model: type[SQLModel], changes: list[dict[str, Any]], old: list[dict[str, Any]]
) -> None:
    """Change columns of existing rows of `model` by id in one executemany on the session's
    connection: `changes[i]` holds a row's "id" and the new values of the columns it changes
    (every change the same columns), `old[i]` those columns' values before. Objects of those rows
    the session holds are expired in those columns, so they read what is stored; then the
    listeners see the changes, as a flush's hooks would have seen the objects' history."""
    if not changes:
        return
    table = table_of(model)
    columns = [name for name in changes[0] if name != "id"]
    statement = (
        table.update()
        .where(table.c.id == sa.bindparam("_id", type_=table.c.id.type))
        .values({name: sa.bindparam(f"_{name}", type_=table.c[name].type) for name in columns})
    )
    session.connection().execute(
        statement, [{f"_{name}": change[name] for name in ("id", *columns)} for change in changes]
    )
    for change in changes:
        held = session.identity_map.get(session.identity_key(model, change["id"]))
        if held is not None:
            session.expire(held, columns)
    for listener in _update_listeners:
        listener(session, table, changes, old)
