"""An import's new rows and history lines, gathered as its records are written and stored in
bulk, in the import's one transaction.

Building and flushing a model object per row was most of an import's time (10 000 citizens:
a citizen, a CV row, a history line and perhaps a note each). New rows are whole rows instead
(`db/rows.row_values`: the model's defaults, clean text), inserted through Core a table at a
time, parents first; the sync outbox is told of each (`db/rows.insert_rows`). History lines go
to the access log's bulk writer, chained as its flush hook chains them, in the order they were
made (`db/audit.append_events`). Matched rows are still changed through their loaded objects,
so the flush's hooks record their updates for sync as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel

from stvdesk.db.audit import append_events
from stvdesk.db.models import table_of
from stvdesk.db.rows import insert_rows, row_values

# Parents before the rows that point at them (a new company before its placements).
_ORDER = {table: index for index, table in enumerate(SQLModel.metadata.sorted_tables)}


class Batch:
    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now  # `now`: the new rows' created_at and updated_at
        self.rows: dict[type[SQLModel], list[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []

    def add(self, model: type[SQLModel], **values: Any) -> dict[str, Any]:
        """A new row of `model`, whole (its id among its values), written with the batch."""
        row = row_values(model, values, now=self.now)
        self.rows.setdefault(model, []).append(row)
        return row

    def log(self, **values: Any) -> None:
        """An access-log event (AuditEvent's columns but the chain's), written with the batch."""
        self.events.append(values)

    def write(self) -> None:
        """Store what was gathered: new rows, then the changes to matched rows, then the events.
        A refusal is the database's (SQLAlchemyError); the caller rolls back."""
        for model in sorted(self.rows, key=lambda model: _ORDER[table_of(model)]):
            insert_rows(self.session, model, self.rows[model])
        self.rows.clear()
        self.session.flush()
        events, self.events = self.events, []
        append_events(self.session, events)
