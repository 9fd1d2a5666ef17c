"""A citizen's phase after a sync: worked out again from the merged rows, never merged itself.

The phase is derived from the case (stvdesk.domain.phase), so two laptops that each derived
it from their own half of an edit (one closed the case, the other gave the placement ordinary
hours) would otherwise overwrite each other's, the last to sync winning. The server therefore
takes no phase from a laptop (`sync/server.py` drops it from every change) and derives it
again for every citizen a batch touched, once the batch is merged; a laptop does the same for
every citizen a pull (or a conflict's answer) touched. Neither stamps the row for it: both
sides derive the same phase from the same rows, and the rows stay equal.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from stvdesk.clock import current_clock
from stvdesk.db.queries.phase import refresh_phases
from stvdesk.sync.tables import BY_PARENT, citizen_of_row, table

_CHUNK = 900  # ids per IN list; below SQLite's and psycopg's limits
_GOALS = (("job_goal_id", "job_goal"), ("development_goal_id", "development_goal"))


def citizens_touched(conn: sa.Connection, rows: Iterable[tuple[str, dict[str, Any]]]) -> set[uuid.UUID]:
    """The citizens that rows (table name, the row's values) belong to: by the row itself, or
    through the parent it hangs on (a placement's hours, a meeting's answer, a goal's action),
    read on `conn`."""
    found: set[uuid.UUID] = set()
    parents: dict[str, set[uuid.UUID]] = defaultdict(set)
    for name, values in rows:
        citizen = citizen_of_row(name, values)
        if citizen is not None:
            found.add(citizen)
        elif name in BY_PARENT:
            column, parent = BY_PARENT[name]
            if values.get(column) is not None:
                parents[parent].add(values[column])
        elif name == "goal_action":
            for column, parent in _GOALS:
                if values.get(column) is not None:
                    parents[parent].add(values[column])
    for parent, ids in parents.items():
        t = table(parent)
        ordered = sorted(ids)
        for start in range(0, len(ordered), _CHUNK):
            query = sa.select(t.c.citizen_id).where(t.c.id.in_(ordered[start : start + _CHUNK]))
            found.update(r[0] for r in conn.execute(query) if r[0] is not None)
    return found


def derive_again(session: Session, citizen_ids: Iterable[uuid.UUID]) -> int:
    """Store each citizen's phase as the merged rows give it, by the desk's day and rules in
    force, without a stamp; returns how many changed. The caller commits."""
    return refresh_phases(session, sorted(set(citizen_ids)), current_clock().today(), stamp=False)


def derive_again_on(conn: sa.Connection, citizen_ids: Iterable[uuid.UUID]) -> int:
    """derive_again within a transaction the caller holds on `conn` (a savepoint of it)."""
    ids = set(citizen_ids)
    if not ids:
        return 0
    with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
        changed = derive_again(session, ids)
        session.commit()
    return changed
