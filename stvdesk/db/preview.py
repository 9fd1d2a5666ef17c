"""Min dag's agenda read before the data layer is imported: the first rows a cold start shows.

Importing SQLAlchemy, SQLModel, pydantic and the models takes longer than Textual's whole start
(`bench startup`), so a desk that waited for them painted its agenda at about four times a bare
Textual app's start. This reads the same rows as `db/queries/today.agenda_lines` with the
standard library's sqlite3, read-only, while the data layer is still being imported beside it;
the full Min dag (the caseload's gaps, agreements, meetings) replaces it once the database is
open. `tests/db/test_preview.py` holds the two readings to the same rows.

Only where that is certain to be the same worker's agenda, and else nothing (the start then
shows the rows when the database is open, as before):
- a plain (unencrypted) SQLite file of stvdesk's (its application id) at the current revision;
- the worker the desk will open as, by the same order `cli/options.desk_worker` looks them up,
  short of its last resort (the first caseworker, when nobody is named): a syncing laptop's own
  worker, else the initials named, else the demo's worker on a demo file;
- not a team's leader (role LEDER or PL), whose desk opens on Styring;
- for `stvdesk demo`, a demo file of this day and seed (else the start builds a new one).

Nothing is written and nothing is logged: the agenda names no more than Min dag does, and the
database's own opening (lock, checks, upgrade) follows as before; a refusal there ends the desk.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from stvdesk.db.demo_file import DEMO_WORKER
from stvdesk.db.engine import APPLICATION_ID, SYNC_SERVER_KEY, SYNC_WORKER_KEY
from stvdesk.db.revision import HEAD
from stvdesk.domain.agenda import AgendaLine, bucket_for, horizon
from stvdesk.domain.enums import FollowUpKind, Phase, Role

# The statement of today.planned_follow_ups for one worker up to the horizon, as SQLAlchemy
# writes it for SQLite (the same joins, conditions and order).
AGENDA_SQL = """
SELECT f.id, f.due_on, f.kind, f.company_id,
       c.id, c.first_name, c.last_name, c.cpr, c.phase, c.phase_override,
       co.name, w.initials, cc.name
FROM follow_up AS f
LEFT OUTER JOIN citizen AS c ON f.citizen_id = c.id
LEFT OUTER JOIN company AS co ON f.company_id = co.id
JOIN worker AS w ON f.worker_id = w.id
LEFT OUTER JOIN placement AS p ON f.placement_id = p.id
LEFT OUTER JOIN company_contact AS cc ON p.contact_id = cc.id
WHERE f.worker_id = :worker AND f.status = 'planned' AND f.deleted_at IS NULL AND f.due_on <= :until
ORDER BY f.due_on, c.last_name, c.first_name, co.name
"""


@dataclass(frozen=True)
class AgendaPreview:
    """Whose agenda, and its lines."""

    worker_id: uuid.UUID
    initials: str
    lines: list[AgendaLine]


@dataclass(frozen=True)
class DemoDay:
    """What a demo file must say of itself to be the one `stvdesk demo` opens today."""

    today: date
    seed: int


def read_preview(
    path: Path | None, *, initials: str | None, today: date, demo: DemoDay | None = None
) -> AgendaPreview | None:
    """The agenda of the worker the desk will open as, or None where that is not certain."""
    if path is None or not path.is_file() or not _is_ours(path):
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return _read(connection, initials=initials, today=today, demo=demo)
    except (sqlite3.Error, ValueError, KeyError):
        return None  # an encrypted, damaged or unexpected file: the opening says what it is
    finally:
        connection.close()


def _is_ours(path: Path) -> bool:
    """A plain SQLite file with stvdesk's application id, by its header alone: sqlite3 is not let
    near anything else (it would leave its -wal and -shm beside another program's database,
    which the opening's check refuses to touch)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return (
        len(header) == 100
        and header.startswith(b"SQLite format 3\x00")
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def _read(
    connection: sqlite3.Connection, *, initials: str | None, today: date, demo: DemoDay | None
) -> AgendaPreview | None:
    if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return None
    if connection.execute("SELECT version_num FROM alembic_version").fetchall() != [(HEAD,)]:
        return None  # an upgrade comes first
    meta = dict(connection.execute("SELECT key, value FROM db_meta").fetchall())
    if demo is not None and (
        meta.get("demo") != "1"
        or meta.get("demo_today") != demo.today.isoformat()
        or meta.get("demo_seed") != str(demo.seed)
    ):
        return None  # the start builds the demo anew
    worker = _worker(connection, meta, initials)
    if worker is None:
        return None
    worker_id, found_initials, role = worker
    if role in (Role.LEADER, Role.PL):
        return None
    rows = connection.execute(AGENDA_SQL, {"worker": worker_id.hex, "until": horizon(today).isoformat()}).fetchall()
    return AgendaPreview(worker_id, found_initials, [_line(row, today) for row in rows])


def _worker(
    connection: sqlite3.Connection, meta: dict[str, str], initials: str | None
) -> tuple[uuid.UUID, str, Role] | None:
    """Who the desk opens as (cli/options.desk_worker's order), or None if that is not certain."""
    named = initials or (DEMO_WORKER if meta.get("demo") == "1" else None)
    if SYNC_SERVER_KEY in meta:  # a syncing laptop opens as the worker it belongs to, deleted or not
        owner = meta.get(SYNC_WORKER_KEY)
        found = (
            connection.execute("SELECT initials FROM worker WHERE id = ?", (uuid.UUID(owner).hex,)) if owner else None
        )
        row = found.fetchone() if found is not None else None
        if row is not None:
            if initials and initials.strip().upper() != row[0].upper():
                return None  # --as another worker is refused by the opening
            named = row[0]  # then looked up as the opening does: by initials, among the active
    if not named:
        return None  # the first caseworker: left to the opening
    return _worker_row(connection, "initials = ?", named.strip().upper())


def _worker_row(connection: sqlite3.Connection, where: str, value: str) -> tuple[uuid.UUID, str, Role] | None:
    row = connection.execute(
        f"SELECT id, initials, role FROM worker WHERE {where} AND deleted_at IS NULL LIMIT 1", (value,)
    ).fetchone()
    return (uuid.UUID(row[0]), row[1], Role(row[2])) if row else None


def _line(row: tuple[Any, ...], today: date) -> AgendaLine:
    (follow_up, due, kind, company_id, citizen, first, last, cpr, phase, override, company, initials, contact) = row
    due_on = date.fromisoformat(due)
    return AgendaLine(
        follow_up_id=uuid.UUID(follow_up),
        due_on=due_on,
        bucket=bucket_for(due_on, today),
        kind=FollowUpKind(kind),
        citizen_id=uuid.UUID(citizen) if citizen else None,
        citizen_name=f"{first} {last}" if citizen else "",
        cpr=cpr if citizen else "",
        phase=Phase(override or phase) if citizen else None,
        company_name=company or "",
        worker=initials,
        company_id=uuid.UUID(company_id) if company_id else None,
        contact_name=contact or "",
    )
