"""Which tables sync, in which direction, and which part of each a laptop receives.

A laptop receives its worker's reach (own and partner's citizens for S and VK, the team's for a
leader, as the server's row-level security, revision 0011) and what every desk needs besides:
teams, workers, companies. Grants of access for a day stay where they were made.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

import stvdesk.db.models as m

# Foreign-key order: a parent before the rows that point at it.
PULLED: tuple[str, ...] = tuple(
    t.name for t in SQLModel.metadata.sorted_tables if t.name in {model.__tablename__ for model in m.USER_TABLES}
)
# Workers and teams are kept on the server (a login may not change them, revision 0011).
PUSHED: frozenset[str] = frozenset(PULLED) - {"team", "worker"}
# Stamped by whoever saved last; never a conflict of their own.
META_COLUMNS = frozenset({"created_at", "updated_at", "updated_by"})
# Worked out from a citizen's other data (stvdesk.domain.phase): never sent as an edit, nor taken
# from one; each side derives them again after merging (sync/phases.py).
DERIVED_COLUMNS = {"citizen": frozenset({"phase"})}

# A citizen's own tables, and whether the citizen may be empty (a company's follow-up).
BY_CITIZEN = {
    "cv_status": False,
    "development_goal": False,
    "job_goal": False,
    "note": False,
    "plan_step": False,
    "placement": False,
    "progress_entry": False,
    "success_story": True,
    "company_contact_log": True,
    "meeting": True,
    "agreement": True,
    "follow_up": True,
}
# Rows reached through a parent that belongs to a citizen: (column, parent table).
BY_PARENT = {
    "placement_hours": ("placement_id", "placement"),
    "summer_plan": ("placement_id", "placement"),
    "placement_support": ("placement_id", "placement"),
    "meeting_answer": ("meeting_id", "meeting"),
}
CITIZEN_TABLES = frozenset({"citizen", "goal_action", *BY_CITIZEN, *BY_PARENT})


def table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def columns(name: str) -> list[str]:
    return [c.name for c in table(name).columns]


def reach_of(
    worker_id: uuid.UUID, role: str, partner_id: uuid.UUID | None, team_members: Iterable[uuid.UUID]
) -> list[uuid.UUID]:
    """The workers whose citizens a worker's laptop carries (revision 0011's stvdesk_reach_workers)."""
    if role in ("S", "VK"):
        return [w for w in (worker_id, partner_id) if w is not None]
    return list(team_members) or [worker_id]


def citizens_of(reach: list[uuid.UUID]) -> sa.Select[Any]:
    c = table("citizen").c
    return sa.select(c.id).where(sa.or_(c.caseworker_id.in_(reach), c.consultant_id.in_(reach)))


def scope(name: str, citizens: sa.Select[Any], me: uuid.UUID) -> sa.ColumnElement[bool] | None:
    """The rows of table `name` a laptop receives, given a select of its citizens' ids; None
    means every row. `me` is the laptop's worker."""
    t = table(name)
    if name == "citizen":
        return t.c.id.in_(citizens)
    if name in BY_CITIZEN:
        inside = t.c.citizen_id.in_(citizens)
        return sa.or_(t.c.citizen_id.is_(None), inside) if BY_CITIZEN[name] else inside
    if name in BY_PARENT:
        column, parent_name = BY_PARENT[name]
        parent = table(parent_name)
        parents = sa.select(parent.c.id)
        parent_scope = scope(parent_name, citizens, me)
        if parent_scope is not None:  # None: the parent table goes whole
            parents = parents.where(parent_scope)
        return t.c[column].in_(parents)
    if name == "goal_action":
        job, development = table("job_goal"), table("development_goal")
        return sa.or_(
            t.c.job_goal_id.in_(sa.select(job.c.id).where(job.c.citizen_id.in_(citizens))),
            t.c.development_goal_id.in_(sa.select(development.c.id).where(development.c.citizen_id.in_(citizens))),
        )
    if name in ("saved_filter", "visit_order"):
        return t.c.worker_id == me
    if name == "dialogue_note":  # the monthly dialogue is between one worker and the leader
        return sa.or_(t.c.worker_id == me, t.c.written_by == me)
    return None


def citizen_of_row(name: str, values: dict[str, Any]) -> uuid.UUID | None:
    """The citizen a row belongs to, where the row says so itself."""
    if name == "citizen":
        return values.get("id")
    return values.get("citizen_id") if name in BY_CITIZEN else None
