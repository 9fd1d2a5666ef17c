"""Column values as JSON for the outbox and the conflict inbox, and back to Python by the
column's own type (a UUID, a date, an instant, an enum member)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time
from enum import Enum
from typing import Any

import sqlalchemy as sa

from stvdesk.sync.tables import table


def encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def encode_row(values: dict[str, Any]) -> dict[str, Any]:
    return {key: encode(value) for key, value in values.items()}


def dumps(values: Any) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=encode)


def python_type(column: sa.ColumnElement[Any]) -> type | None:
    kind = column.type
    kind = getattr(kind, "impl_instance", kind)  # a TypeDecorator (UTCDateTime): what it stores
    try:
        return kind.python_type
    except NotImplementedError:
        return None


def decode(table_name: str, column_name: str, value: Any) -> Any:
    if value is None:
        return None
    kind = python_type(table(table_name).c[column_name])
    if kind is None or isinstance(value, kind):
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is time:
        return time.fromisoformat(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if issubclass(kind, Enum):
        return kind(value)
    if kind is float:
        return float(value)
    return value


def decode_row(table_name: str, values: dict[str, Any]) -> dict[str, Any]:
    return {key: decode(table_name, key, value) for key, value in values.items()}
