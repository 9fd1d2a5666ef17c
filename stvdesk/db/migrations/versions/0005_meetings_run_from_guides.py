"""Meetings run from dialogue guides: kind, time, form, place, participants, how it
ended; a note per answered item.

Existing meetings (the demo's held three-party meetings) get kind 'trepart' and
citizen_present true through server defaults, so no row is lost or left invalid.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "samtale",
                    "praktikopfoelgning",
                    "trepart",
                    "virksomhedsbesoeg",
                    "telefon",
                    "aftercare",
                    name="meeting_kind",
                    native_enum=False,
                    create_constraint=True,
                    length=24,
                ),
                nullable=False,
                server_default="trepart",
            )
        )
        batch_op.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "form",
                sa.Enum(
                    "fremmoede",
                    "telefon",
                    "video",
                    "virksomhedsbesoeg",
                    name="meeting_form",
                    native_enum=False,
                    create_constraint=True,
                    length=24,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("place", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("citizen_present", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column("no_agreements", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("next_follow_up_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("meeting_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("meeting_answer", schema=None) as batch_op:
        batch_op.drop_column("note")

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        for column in (
            "finished_at",
            "next_follow_up_on",
            "no_agreements",
            "citizen_present",
            "place",
            "form",
            "start_time",
            "kind",
        ):
            batch_op.drop_column(column)
