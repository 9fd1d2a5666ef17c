"""Notes from the monthly dialogue between a leader and a worker (000, 4.3).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dialogue_note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("written_by", sa.Uuid(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_dialogue_note_worker_id_worker")),
        sa.ForeignKeyConstraint(["written_by"], ["worker.id"], name=op.f("fk_dialogue_note_written_by_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogue_note")),
    )
    with op.batch_alter_table("dialogue_note", schema=None) as batch_op:
        batch_op.create_index("ix_dialogue_note_worker_month", ["worker_id", "month"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dialogue_note", schema=None) as batch_op:
        batch_op.drop_index("ix_dialogue_note_worker_month")

    op.drop_table("dialogue_note")
