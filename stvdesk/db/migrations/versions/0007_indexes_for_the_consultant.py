"""Indexes for the consultant's queries at scale: agreements by company, progression
by placement, and meetings still going on. Measured with `uv run python -m bench companies`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.create_index("ix_agreement_company_open", ["company_id", "done_on"], unique=False)

    with op.batch_alter_table("progress_entry", schema=None) as batch_op:
        batch_op.create_index("ix_progress_entry_placement_month", ["placement_id", "month"], unique=False)

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_in_progress",
            ["planned_on"],
            unique=False,
            sqlite_where=sa.text("status = 'in_progress'"),
            postgresql_where=sa.text("status = 'in_progress'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_in_progress")

    with op.batch_alter_table("progress_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_entry_placement_month")

    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_index("ix_agreement_company_open")
