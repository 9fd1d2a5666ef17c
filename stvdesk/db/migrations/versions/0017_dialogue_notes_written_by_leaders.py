"""On the team server, only a leader writes in a worker's monthly dialogue.

0014 let any login of the team write a dialogue note about any colleague as long as it named
itself as the writer, so a caseworker's own login could mark a colleague's month as held. Reading
stays as it was (a worker her own dialogue, a leader the team's); inserting, changing and deleting
a note now need a leader of the worker's team, writing as herself. The desk refuses the same in
db/queries/dialogue.py; this is the server's side, for a login used outside the desk.

Nothing for SQLite: a local file has no logins.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM = "(SELECT stvdesk_team_workers())::uuid[]"
ME = "(SELECT stvdesk_me())"
LEADER = "(SELECT stvdesk_is_leader())"
READ = f"worker_id = ANY ({TEAM}) AND (worker_id = {ME} OR written_by = {ME} OR {LEADER})"
WRITE = f"worker_id = ANY ({TEAM}) AND {LEADER}"
WRITE_AS_ME = f"{WRITE} AND written_by = {ME}"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY reach ON dialogue_note")
    op.execute(f"CREATE POLICY dialogue_read ON dialogue_note FOR SELECT USING ({READ})")
    op.execute(f"CREATE POLICY dialogue_insert ON dialogue_note FOR INSERT WITH CHECK ({WRITE_AS_ME})")
    op.execute(f"CREATE POLICY dialogue_update ON dialogue_note FOR UPDATE USING ({WRITE}) WITH CHECK ({WRITE})")
    op.execute(f"CREATE POLICY dialogue_delete ON dialogue_note FOR DELETE USING ({WRITE})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in ("dialogue_read", "dialogue_insert", "dialogue_update", "dialogue_delete"):
        op.execute(f"DROP POLICY {name} ON dialogue_note")
    op.execute(f"CREATE POLICY reach ON dialogue_note USING ({READ}) WITH CHECK ({READ})")
