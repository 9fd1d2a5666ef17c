"""Caseload search and saved filters.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

- saved_filter: a worker's named caseload filters.
- citizen_fts (SQLite): an FTS5 index over first and last names, kept by triggers, so
  typing a few letters finds a citizen among 100 000 without scanning the table.
  It points at citizen.rowid: a later revision that rebuilds the citizen table (batch mode)
  must end with `INSERT INTO citizen_fts(citizen_fts) VALUES('rebuild')`.
  PostgreSQL gets a prefix index on the lower-cased names instead.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS_TRIGGERS = {
    "citizen_fts_insert": "AFTER INSERT ON citizen BEGIN "
    "INSERT INTO citizen_fts(rowid, first_name, last_name) VALUES (new.rowid, new.first_name, new.last_name); END",
    "citizen_fts_delete": "AFTER DELETE ON citizen BEGIN "
    "INSERT INTO citizen_fts(citizen_fts, rowid, first_name, last_name) "
    "VALUES ('delete', old.rowid, old.first_name, old.last_name); END",
    "citizen_fts_update": "AFTER UPDATE OF first_name, last_name ON citizen BEGIN "
    "INSERT INTO citizen_fts(citizen_fts, rowid, first_name, last_name) "
    "VALUES ('delete', old.rowid, old.first_name, old.last_name); "
    "INSERT INTO citizen_fts(rowid, first_name, last_name) VALUES (new.rowid, new.first_name, new.last_name); END",
}


def upgrade() -> None:
    op.create_table(
        "saved_filter",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("spec", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_saved_filter_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filter")),
        sa.UniqueConstraint("worker_id", "name", name=op.f("uq_saved_filter_worker_id_name")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE citizen_fts USING fts5(first_name, last_name, content='citizen', "
            "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
        for name, body in FTS_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute("INSERT INTO citizen_fts(citizen_fts) VALUES ('rebuild')")
    else:
        op.execute("CREATE INDEX ix_citizen_last_name_lower ON citizen (lower(last_name) text_pattern_ops)")
        op.execute("CREATE INDEX ix_citizen_first_name_lower ON citizen (lower(first_name) text_pattern_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE citizen_fts")
    else:
        op.execute("DROP INDEX ix_citizen_last_name_lower")
        op.execute("DROP INDEX ix_citizen_first_name_lower")
    op.drop_table("saved_filter")
