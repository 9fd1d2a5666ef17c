"""Clean text on the objects a session saves, and on rows written through Core.

The column types already clean every value bound to a text column of a user table
(`CleanText`, db/types.py). This hook cleans the objects themselves before they are flushed,
so what a session holds after a save (sessions here keep their objects: expire_on_commit is
off), what sync's outbox records of a change (read from the objects after the flush) and the
stored text are one and the same.

The access log's texts are cleaned here too, before its own hook chains them (db/audit.py calls
`clean_event` as well, so the order the hooks run in does not matter): its stored text is what
the chain's hashes are computed over and can never be rewritten, so it must be clean when first
written. Its columns are plain VARCHAR, not CleanText, for the same reason: a value changed while
bound would no longer match the hash, and an older event must be read (and copied) as it was
hashed. Where the log is shown, db/audit.py cleans it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession

from stvdesk.db.models import AuditEvent, table_of
from stvdesk.db.types import CleanText
from stvdesk.domain.text import clean_text

AUDIT_TEXT = ("device", "criterion", "purpose")  # one line each, as the log shows them

_text_columns: dict[type, dict[str, bool]] = {}


def text_columns(model: type) -> dict[str, bool]:
    """A model's cleaned text columns (attribute name -> multi-line)."""
    found = _text_columns.get(model)
    if found is None:
        try:
            table = table_of(model)
        except (TypeError, sa.exc.NoInspectionAvailable):
            table = None
        found = {}
        if model is AuditEvent:
            found = dict.fromkeys(AUDIT_TEXT, False)
        elif table is not None:
            found = {c.key: c.type.multiline for c in table.columns if isinstance(c.type, CleanText)}
        _text_columns[model] = found
    return found


def clean_event(event_: AuditEvent) -> None:
    """An access-log event's texts cleaned in place; before it is chained."""
    _clean_object(event_, None)


def clean_event_values(values: dict[str, Any]) -> dict[str, Any]:
    """An event's column values with its texts cleaned as `clean_event` cleans an object's: for
    events written through Core (db/audit.append_events), before they are chained."""
    out = dict(values)
    for name in AUDIT_TEXT:
        value = out.get(name)
        if isinstance(value, str):
            out[name] = clean_text(value, False)
    return out


def _clean_object(obj: object, only: set[str] | None) -> None:
    columns = text_columns(type(obj))
    if not columns:
        return
    loaded = inspect(obj).dict  # never load an expired attribute just to clean it
    for name, multiline in columns.items():
        if only is not None and name not in only:
            continue
        value = loaded.get(name)
        if isinstance(value, str):
            cleaned = clean_text(value, multiline)
            if cleaned != value:
                setattr(obj, name, cleaned)


@event.listens_for(OrmSession, "before_flush")
def _clean_before_flush(session: OrmSession, _flush_context: object, _instances: object) -> None:
    for obj in session.new:
        _clean_object(obj, None)
    for obj in session.dirty:
        changed = set(inspect(obj).committed_state)  # the attributes set since the row was loaded
        if changed:
            _clean_object(obj, changed)


def clean_row(table: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
    """A row's values for `table` with its text cleaned as the column wants, for a writer that
    goes through Core (sync): cleaned before values are compared and merged, not only as they
    are bound, so a dirty value and its clean twin are the same change."""
    out = dict(values)
    for name, value in values.items():
        if isinstance(value, str) and name in table.c:
            kind = table.c[name].type
            if isinstance(kind, CleanText):
                out[name] = clean_text(value, kind.multiline)
    return out
