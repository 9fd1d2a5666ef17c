"""The access log becomes a hash chain: events already stored are chained in the
order they were written. The append-only triggers of revision 0002 are lifted for that one
pass, inside this migration's transaction, and put back with a Danish message.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from stvdesk.domain.audit import CHAIN_COLUMNS, GENESIS, ChainedEvent

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSE = "logningen kan kun udvides: hændelser kan ikke ændres eller slettes"


def _drop_guard(bind: sa.Connection) -> None:
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_event_no_update")
        op.execute("DROP TRIGGER audit_event_no_delete")
    else:
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION audit_event_refuse()")


def _guard(bind: sa.Connection, message: str) -> None:
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_event_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()"
        )


def upgrade() -> None:
    bind = op.get_bind()
    _drop_guard(bind)
    rows = bind.execute(sa.text(f"SELECT {CHAIN_COLUMNS}, id FROM audit_event ORDER BY at, id")).all()
    previous = GENESIS
    for seq, row in enumerate(rows, 1):
        at, worker_id, device, action, citizen_id, criterion, purpose = row[1:8]
        digest = ChainedEvent.from_row(
            seq, at, worker_id, device, action, citizen_id, criterion, purpose, previous, ""
        ).digest()
        bind.execute(
            sa.text("UPDATE audit_event SET seq = :seq, prev_hash = :prev, hash = :hash WHERE id = :id"),
            {"seq": seq, "prev": previous, "hash": digest, "id": row[-1]},
        )
        previous = digest
    _guard(bind, REFUSE)


def downgrade() -> None:
    bind = op.get_bind()
    _drop_guard(bind)
    _guard(bind, "audit_event is append-only")  # as revision 0002 left it
