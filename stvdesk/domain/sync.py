"""How the team server takes a laptop's change to a row that may have changed meanwhile
(README, "A field laptop that syncs"). Pure functions over plain dicts of column values.

The rule other case-management tools lack: a change made offline never
silently overwrites a colleague's. A field goes in when the server still holds the value the
laptop changed it from; when both sides changed the same field to different values, the
server keeps its value and the laptop's goes to the worker's conflict inbox. Different fields
of one row merge. A delete made against a row that has since been edited, and an edit made to
a row since deleted, are conflicts too. Stamp columns (who saved last, when) never conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Merge:
    apply: dict[str, Any] = field(default_factory=dict)  # columns to write on the server
    conflicts: list[str] = field(default_factory=list)  # columns both sides changed differently


def merge_update(
    base: dict[str, Any],
    mine: dict[str, Any],
    theirs: dict[str, Any],
    stamps: frozenset[str] = frozenset(),
) -> Merge:
    """The laptop changed `mine` (column -> new value) from `base` (column -> old value); the
    server holds `theirs` (the whole row). Stamp columns go along only with a real change.
    Derived columns (a citizen's phase) are never in `mine`: each side works them out again."""
    result = Merge()
    for column, new in mine.items():
        if column in stamps:
            continue
        current = theirs.get(column)
        if current == new:
            continue  # both sides agree already (or a retried change)
        if current == base.get(column):
            result.apply[column] = new
        else:
            result.conflicts.append(column)
    if result.apply:
        result.apply.update({c: v for c, v in mine.items() if c in stamps})
    return result


def edited_since(base: dict[str, Any], theirs: dict[str, Any], ignore: frozenset[str] = frozenset()) -> list[str]:
    """The columns the server changed since the laptop's copy `base` (for a delete made
    against that copy): any such column makes the delete a conflict."""
    return sorted(c for c, old in base.items() if c not in ignore and c in theirs and theirs[c] != old)


def edits_deleted_row(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """An edit to a row the server has since deleted (and the edit does not itself undelete it)."""
    return theirs.get("deleted_at") is not None and base.get("deleted_at") is None and "deleted_at" not in mine
