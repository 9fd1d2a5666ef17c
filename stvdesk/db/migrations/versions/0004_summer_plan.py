"""Summer plans for placements that run through weeks 27–32 (000, 4.1; the weeks are a local setting).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "summer_plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("placement_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("covered_by", sa.String(), nullable=False),
        sa.Column("holiday_contact", sa.String(), nullable=False),
        sa.Column("company_closes", sa.Boolean(), nullable=False),
        sa.Column("agreed_hours", sa.Float(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.CheckConstraint(
            "agreed_hours IS NULL OR agreed_hours >= 0", name=op.f("ck_summer_plan_agreed_hours_nonnegative")
        ),
        sa.ForeignKeyConstraint(["placement_id"], ["placement.id"], name=op.f("fk_summer_plan_placement_id_placement")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summer_plan")),
        sa.UniqueConstraint("placement_id", "year", name=op.f("uq_summer_plan_placement_id_year")),
    )


def downgrade() -> None:
    op.drop_table("summer_plan")
