"""Column types shared by the models."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel.sql.sqltypes import AutoString

from stvdesk.domain.text import clean_text


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored as naive UTC and always read back timezone-aware (ARCHITECTURE.md, "Time").

    SQLite keeps no offset, so an aware value is normalised to UTC on the way in and
    tagged UTC on the way out; a naive value is refused rather than guessed at.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: instants must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def enum_type(enum_cls: type[Enum], name: str | None = None) -> sa.Enum:
    """A VARCHAR with a CHECK constraint listing the enum's stored values.

    `name` names the constraint; give one when a table has two columns of one enum,
    since PostgreSQL wants constraint names unique per table.
    """
    return sa.Enum(
        enum_cls,
        name=name or _snake(enum_cls.__name__),
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )


class CleanText(AutoString):
    """Text cleaned of escape sequences, control and format characters (stvdesk.domain.text)
    on its way in and on its way out.

    In: whatever binds a value to the column (an ORM flush, a Core insert or update as sync
    writes them, a bulk update) stores only clean text. Out: text stored before cleaning
    existed, or put there past the application, still never reaches a screen, a file or a
    terminal. A multi-line column keeps line feeds and tabs; a single-line one makes them spaces.
    The database column is the plain VARCHAR it was: no migration, nothing for Alembic to compare.
    """

    cache_ok = True

    def __init__(self, length: int | None = None, *, multiline: bool = False) -> None:
        super().__init__(length)
        self.multiline = multiline

    def __repr__(self) -> str:
        return f"CleanText({self.length!r}, multiline={self.multiline!r})"

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return clean_text(value, self.multiline) if isinstance(value, str) else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return clean_text(value, self.multiline) if isinstance(value, str) else value


def clean_text_columns(table: sa.Table, multiline: frozenset[str]) -> None:
    """Make every plain text column of `table` a CleanText, multi-line where its name is in
    `multiline`. Enum columns (stored as VARCHAR, read back as members) are left alone.

    Done to the finished table rather than field by field, so a text column added to a model
    later is cleaned without anyone remembering to."""
    for column in table.columns:
        if type(column.type) is AutoString:
            column.type = CleanText(column.type.length, multiline=column.name in multiline)
            # An operator set up before the swap would keep the old type for its bind values.
            column.__dict__.pop("comparator", None)
