"""The laptop's side of a pull: what others changed on the server since this laptop's cursor,
within its worker's reach, written into the laptop's file in one transaction with the new
cursor (a pull broken off leaves the file as it was, and the next one starts over).

The first pull (cursor 0) takes the whole reach. A citizen who comes into reach later (a case
moved to this worker) comes with all their rows, not only the ones changed since the cursor; a
citizen who leaves it (or was erased on the server) is erased from the laptop, unless the
laptop still has changes of theirs waiting.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

import stvdesk.db.models as m
from stvdesk.db.cleaning import clean_row
from stvdesk.sync.tables import CITIZEN_TABLES, PULLED, citizens_of, scope, table

CHUNK = 900  # ids per IN list; below SQLite's and psycopg's limits

_Item = TypeVar("_Item")


@dataclass
class Pulled:
    top: int  # the feed's last id this pull covers: the laptop's next cursor
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    gone_citizens: set[uuid.UUID] = field(default_factory=set)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _chunks(items: list[_Item], size: int = CHUNK) -> Iterator[list[_Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fetch(
    server: sa.Connection,
    *,
    cursor: int,
    device_id: uuid.UUID,
    me: uuid.UUID,
    reach: list[uuid.UUID],
    local_citizens: set[uuid.UUID],
) -> Pulled:
    """Read what this laptop should receive; `server` should be in a REPEATABLE READ transaction
    so the rows and the feed's end are one moment."""
    feed = m.table_of(m.ChangeFeed)
    top = server.execute(sa.select(sa.func.coalesce(sa.func.max(feed.c.id), 0))).scalar_one()
    pulled = Pulled(top=top)
    mine = citizens_of(reach)
    if cursor == 0:
        for name in PULLED:
            t = table(name)
            where = scope(name, mine, me)
            query = sa.select(t) if where is None else sa.select(t).where(where)
            pulled.rows[name] = [dict(r) for r in server.execute(query).mappings()]
        return pulled
    changed: dict[str, list[uuid.UUID]] = defaultdict(list)
    entries = server.execute(
        sa.select(feed.c.table_name, feed.c.row_id)
        .where(feed.c.id > cursor, feed.c.id <= top)
        .where(sa.or_(feed.c.device_id.is_(None), feed.c.device_id != device_id))
        .group_by(feed.c.table_name, feed.c.row_id)
    )
    for name, row_id in entries:
        if name in PULLED:
            changed[name].append(row_id)
    for name in PULLED:
        t = table(name)
        where = scope(name, mine, me)
        rows: list[dict[str, Any]] = []
        for ids in _chunks(changed.get(name, [])):
            query = sa.select(t).where(t.c.id.in_(ids))
            rows.extend(dict(r) for r in server.execute(query if where is None else query.where(where)).mappings())
        pulled.rows[name] = rows
    received = {r["id"] for r in pulled.rows["citizen"]}
    pulled.gone_citizens = set(changed.get("citizen", [])) - received
    arriving = sorted(received - local_citizens)
    if arriving:  # their whole file, not only what changed since the cursor
        for name in PULLED:
            if name == "citizen" or name not in CITIZEN_TABLES:
                continue
            t = table(name)
            have = {r["id"] for r in pulled.rows[name]}
            for ids in _chunks(arriving):
                citizens = sa.select(table("citizen").c.id).where(table("citizen").c.id.in_(ids))
                where = scope(name, citizens, me)
                query = sa.select(t) if where is None else sa.select(t).where(where)
                for r in server.execute(query).mappings():
                    if r["id"] not in have:
                        pulled.rows[name].append(dict(r))
                        have.add(r["id"])
    return pulled


def pending_fields(local: sa.Connection) -> dict[tuple[str, uuid.UUID], set[str]]:
    """Columns of rows this laptop has changed and not yet sent: a pull must not overwrite them."""
    import json

    out = m.table_of(m.SyncOutbox)
    pending: dict[tuple[str, uuid.UUID], set[str]] = defaultdict(set)
    for name, row_id, fields in local.execute(sa.select(out.c.table_name, out.c.row_id, out.c.fields)):
        pending[(name, row_id)].update(json.loads(fields))
    return pending


def write(local: sa.Connection, pulled: Pulled, pending: dict[tuple[str, uuid.UUID], set[str]]) -> int:
    """Write the pulled rows into the laptop's file (inside the caller's transaction); returns rows written.

    The rows' text is cleaned here, before anything is compared or written: a server of an
    older version, or one written to past the application, may hold escape sequences."""
    local.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    written = 0
    for name in PULLED:
        rows = pulled.rows.get(name) or []
        if not rows:
            continue
        t = table(name)
        rows = [clean_row(t, row) for row in rows]
        plain = [r for r in rows if (name, r["id"]) not in pending]
        if plain:
            statement = sqlite_insert(t)
            statement = statement.on_conflict_do_update(
                index_elements=[t.c.id], set_={c.name: statement.excluded[c.name] for c in t.columns if c.name != "id"}
            )
            for batch in _chunks(plain, 500):
                local.execute(statement, batch)
        for row in rows:
            keep = pending.get((name, row["id"]))
            if keep is None:
                continue
            exists = local.execute(sa.select(t.c.id).where(t.c.id == row["id"])).first()
            if exists is None:
                local.execute(t.insert().values(row))
            else:
                values = {c: v for c, v in row.items() if c not in keep and c != "id"}
                local.execute(sa.update(t).where(t.c.id == row["id"]).values(values))
        written += len(rows)
    return written


def erase_gone(local_session: Session, gone: set[uuid.UUID], worker_id: uuid.UUID | None) -> int:
    """Erase the citizens no longer in reach (or erased on the server) from the laptop, except
    those with changes still waiting here; returns how many were erased."""
    from stvdesk.db.retention import erase_citizens

    if not gone:
        return 0
    conn = local_session.connection()
    c, out = m.table_of(m.Citizen), m.table_of(m.SyncOutbox)
    present = {r[0] for ids in _chunks(sorted(gone)) for r in conn.execute(sa.select(c.c.id).where(c.c.id.in_(ids)))}
    waiting = {r[0] for r in conn.execute(sa.select(out.c.citizen_id).where(out.c.citizen_id.is_not(None)).distinct())}
    doomed = sorted(present - waiting)
    if doomed:
        erase_citizens(
            local_session,
            doomed,
            worker_id=worker_id,
            note="Fjernet fra den bærbare ved synkronisering: ikke længere i ens sager",
            commit=False,
        )
    return len(doomed)
