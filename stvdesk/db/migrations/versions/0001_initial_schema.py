"""Initial schema: every entity of the data model (the glossary in ARCHITECTURE.md).

Revision ID: 0001
Revises:
Create Date: 2026-11-24 04:35:48.243768
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("device", sa.String(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "view",
                "search",
                "reveal_cpr",
                "change",
                "export",
                "print",
                "failed_unlock",
                name="audit_action",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("criterion", sa.String(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_event_seq")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index("ix_audit_event_citizen_at", ["citizen_id", "at"], unique=False)
        batch_op.create_index("ix_audit_event_worker_at", ["worker_id", "at"], unique=False)

    op.create_table(
        "db_meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_db_meta")),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("municipality", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
    )
    op.create_table(
        "worker",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("initials", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("S", "VK", "PL", "LEDER", name="role", native_enum=False, create_constraint=True, length=24),
            nullable=False,
        ),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["worker.id"], name=op.f("fk_worker_partner_id_worker")),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_worker_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker")),
        sa.UniqueConstraint("initials", name=op.f("uq_worker_initials")),
    )
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_team_id"), ["team_id"], unique=False)

    op.create_table(
        "citizen",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("first_name", sa.String(), nullable=False),
        sa.Column("last_name", sa.String(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("postal_code", sa.String(), nullable=False),
        sa.Column("city", sa.String(), nullable=False),
        sa.Column(
            "target_group",
            sa.Enum(
                "kontanthjaelp",
                "uddannelseshjaelp",
                "ressourceforloeb",
                "jobafklaring",
                "andet",
                name="target_group",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "readiness",
            sa.Enum(
                "klar",
                "taet_paa",
                "laengere_fra",
                name="readiness",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "phase",
            sa.Enum(
                "relation",
                "jobplan",
                "match",
                "fastholdelse",
                "progression",
                "aftercare",
                name="phase",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "phase_override",
            sa.Enum(
                "relation",
                "jobplan",
                "match",
                "fastholdelse",
                "progression",
                "aftercare",
                name="phase_override",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("phase_override_reason", sa.String(), nullable=False),
        sa.Column("caseworker_id", sa.Uuid(), nullable=True),
        sa.Column("consultant_id", sa.Uuid(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("vk_requested_on", sa.Date(), nullable=True),
        sa.Column("first_vk_meeting_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "close_reason",
            sa.Enum(
                "ordinary_job",
                "education",
                "moved",
                "other_benefit",
                "other",
                name="case_close_reason",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(["caseworker_id"], ["worker.id"], name=op.f("fk_citizen_caseworker_id_worker")),
        sa.ForeignKeyConstraint(["consultant_id"], ["worker.id"], name=op.f("fk_citizen_consultant_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen")),
    )
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.create_index("ix_citizen_caseworker_open", ["caseworker_id", "closed_on"], unique=False)
        batch_op.create_index("ix_citizen_consultant_open", ["consultant_id", "closed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_cpr"), ["cpr"], unique=True)
        batch_op.create_index("ix_citizen_name", ["last_name", "first_name"], unique=False)

    op.create_table(
        "company",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("cvr", sa.String(length=8), nullable=True),
        sa.Column("industry", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("postal_code", sa.String(), nullable=False),
        sa.Column("city", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("standing_agreement", sa.String(), nullable=False),
        sa.Column("renegotiate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["worker.id"], name=op.f("fk_company_owner_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company")),
        sa.UniqueConstraint("cvr", name=op.f("uq_company_cvr")),
    )
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.create_index("ix_company_name", ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "target",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "metric",
            sa.Enum(
                "started",
                "in_placement",
                "retained",
                "with_cv",
                "with_ordinary_hours",
                "ordinary_hours_total",
                "conversations",
                "with_abc_plan",
                name="target_metric",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Float(), nullable=False),
        sa.CheckConstraint("(team_id IS NULL) <> (worker_id IS NULL)", name=op.f("ck_target_one_owner")),
        sa.CheckConstraint("value >= 0", name=op.f("ck_target_value_nonnegative")),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_target_team_id_team")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_target_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target")),
        sa.UniqueConstraint(
            "team_id", "worker_id", "month", "metric", name=op.f("uq_target_team_id_worker_id_month_metric")
        ),
    )
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_target_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "company_contact",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_company_contact_company_id_company")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_contact")),
    )
    with op.batch_alter_table("company_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_contact_company_id"), ["company_id"], unique=False)

    op.create_table(
        "cv_status",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column(
            "jobnet_state",
            sa.Enum(
                "missing",
                "started",
                "done",
                "visible",
                name="cv_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("application_cv", sa.Boolean(), nullable=False),
        sa.Column("application_cv_updated_on", sa.Date(), nullable=True),
        sa.Column("last_updated_on", sa.Date(), nullable=True),
        sa.Column("next_step", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_cv_status_citizen_id_citizen")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cv_status")),
        sa.UniqueConstraint("citizen_id", name=op.f("uq_cv_status_citizen_id")),
    )
    op.create_table(
        "development_goal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "agreed",
                "achieved",
                "dropped",
                name="goal_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_development_goal_citizen_id_citizen")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_goal")),
    )
    with op.batch_alter_table("development_goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_development_goal_citizen_id"), ["citizen_id"], unique=False)

    op.create_table(
        "job_goal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("A", "B", "C", name="job_goal_kind", native_enum=False, create_constraint=True, length=24),
            nullable=False,
        ),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "agreed",
                "achieved",
                "dropped",
                name="goal_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_job_goal_citizen_id_citizen")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_goal")),
    )
    with op.batch_alter_table("job_goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_goal_citizen_id"), ["citizen_id"], unique=False)

    op.create_table(
        "job_opening",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("spotted_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "filled", "closed", name="opening_status", native_enum=False, create_constraint=True, length=24
            ),
            nullable=False,
        ),
        sa.CheckConstraint("hours_per_week >= 0", name=op.f("ck_job_opening_hours_nonnegative")),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_job_opening_company_id_company")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_opening")),
    )
    with op.batch_alter_table("job_opening", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_opening_company_id"), ["company_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("corrects_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_note_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["corrects_id"], ["note.id"], name=op.f("fk_note_corrects_id_note")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_note_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index("ix_note_citizen_written", ["citizen_id", "written_at"], unique=False)

    op.create_table(
        "plan_step",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column(
            "owner",
            sa.Enum(
                "borger",
                "S",
                "VK",
                "virksomhed",
                name="step_owner",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_plan_step_citizen_id_citizen")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_step")),
    )
    with op.batch_alter_table("plan_step", schema=None) as batch_op:
        batch_op.create_index("ix_plan_step_citizen_open", ["citizen_id", "done_on", "deadline"], unique=False)

    op.create_table(
        "success_story",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("told_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_success_story_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_success_story_team_id_team")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_success_story_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_success_story")),
    )
    with op.batch_alter_table("success_story", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_success_story_team_id"), ["team_id"], unique=False)

    op.create_table(
        "company_contact_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "telefon",
                "besoeg",
                "mail",
                "moede",
                name="contact_channel",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("next_step", sa.String(), nullable=False),
        sa.Column("next_step_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_company_contact_log_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_company_contact_log_company_id_company")),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["company_contact.id"], name=op.f("fk_company_contact_log_contact_id_company_contact")
        ),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_company_contact_log_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_contact_log")),
    )
    with op.batch_alter_table("company_contact_log", schema=None) as batch_op:
        batch_op.create_index("ix_company_contact_log_company_on", ["company_id", "contacted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_contact_log_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "goal_action",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("job_goal_id", sa.Uuid(), nullable=True),
        sa.Column("development_goal_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "done", "dropped", name="action_status", native_enum=False, create_constraint=True, length=24
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "(job_goal_id IS NULL) <> (development_goal_id IS NULL)", name=op.f("ck_goal_action_one_goal")
        ),
        sa.ForeignKeyConstraint(
            ["development_goal_id"],
            ["development_goal.id"],
            name=op.f("fk_goal_action_development_goal_id_development_goal"),
        ),
        sa.ForeignKeyConstraint(["job_goal_id"], ["job_goal.id"], name=op.f("fk_goal_action_job_goal_id_job_goal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_action")),
    )
    with op.batch_alter_table("goal_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_action_development_goal_id"), ["development_goal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goal_action_job_goal_id"), ["job_goal_id"], unique=False)

    op.create_table(
        "placement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "praktik",
                "loentilskud",
                "ordinaere_timer",
                "smaajob",
                "ordinaert_job",
                name="placement_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("tasks", sa.String(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("ordinary_hours_per_week", sa.Float(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("planned_end_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "active",
                "ended",
                name="placement_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "end_reason",
            sa.Enum(
                "ordinary_job",
                "education",
                "completed",
                "citizen_stopped",
                "company_stopped",
                "no_ordinary_hours",
                "illness",
                "other",
                name="placement_end_reason",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.CheckConstraint("hours_per_week >= 0", name=op.f("ck_placement_hours_nonnegative")),
        sa.CheckConstraint(
            "ordinary_hours_per_week <= hours_per_week", name=op.f("ck_placement_ordinary_within_hours")
        ),
        sa.CheckConstraint("ordinary_hours_per_week >= 0", name=op.f("ck_placement_ordinary_nonnegative")),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_placement_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_placement_company_id_company")),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["company_contact.id"], name=op.f("fk_placement_contact_id_company_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement")),
    )
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.create_index("ix_placement_citizen_status", ["citizen_id", "status"], unique=False)
        batch_op.create_index("ix_placement_company_status", ["company_id", "status"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("company_contact_id", sa.Uuid(), nullable=True),
        sa.Column("placement_id", sa.Uuid(), nullable=True),
        sa.Column("caseworker_id", sa.Uuid(), nullable=True),
        sa.Column("consultant_id", sa.Uuid(), nullable=True),
        sa.Column("guide_id", sa.String(), nullable=False),
        sa.Column("guide_version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "held",
                "cancelled",
                name="meeting_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("summary", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["caseworker_id"], ["worker.id"], name=op.f("fk_meeting_caseworker_id_worker")),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_meeting_citizen_id_citizen")),
        sa.ForeignKeyConstraint(
            ["company_contact_id"], ["company_contact.id"], name=op.f("fk_meeting_company_contact_id_company_contact")
        ),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_meeting_company_id_company")),
        sa.ForeignKeyConstraint(["consultant_id"], ["worker.id"], name=op.f("fk_meeting_consultant_id_worker")),
        sa.ForeignKeyConstraint(["placement_id"], ["placement.id"], name=op.f("fk_meeting_placement_id_placement")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_citizen_on", ["citizen_id", "held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_company_id"), ["company_id"], unique=False)

    op.create_table(
        "placement_hours",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("placement_id", sa.Uuid(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("ordinary_hours_per_week", sa.Float(), nullable=False),
        sa.CheckConstraint("hours_per_week >= 0", name=op.f("ck_placement_hours_nonnegative")),
        sa.CheckConstraint(
            "ordinary_hours_per_week <= hours_per_week", name=op.f("ck_placement_ordinary_within_hours")
        ),
        sa.CheckConstraint("ordinary_hours_per_week >= 0", name=op.f("ck_placement_ordinary_nonnegative")),
        sa.ForeignKeyConstraint(
            ["placement_id"], ["placement.id"], name=op.f("fk_placement_hours_placement_id_placement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_hours")),
    )
    with op.batch_alter_table("placement_hours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placement_hours_placement_id"), ["placement_id"], unique=False)

    op.create_table(
        "progress_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("placement_id", sa.Uuid(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=True),
        sa.Column("tasks", sa.Integer(), nullable=True),
        sa.Column("cooperation", sa.Integer(), nullable=True),
        sa.Column("independence", sa.Integer(), nullable=True),
        sa.Column("pace", sa.Integer(), nullable=True),
        sa.Column("wellbeing", sa.Integer(), nullable=True),
        sa.Column("ordinary_hours", sa.Float(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.CheckConstraint(
            "attendance IS NULL OR attendance BETWEEN 1 AND 5", name=op.f("ck_progress_entry_attendance_rating")
        ),
        sa.CheckConstraint(
            "cooperation IS NULL OR cooperation BETWEEN 1 AND 5", name=op.f("ck_progress_entry_cooperation_rating")
        ),
        sa.CheckConstraint(
            "independence IS NULL OR independence BETWEEN 1 AND 5", name=op.f("ck_progress_entry_independence_rating")
        ),
        sa.CheckConstraint("ordinary_hours >= 0", name=op.f("ck_progress_entry_ordinary_hours_nonnegative")),
        sa.CheckConstraint("pace IS NULL OR pace BETWEEN 1 AND 5", name=op.f("ck_progress_entry_pace_rating")),
        sa.CheckConstraint("tasks IS NULL OR tasks BETWEEN 1 AND 5", name=op.f("ck_progress_entry_tasks_rating")),
        sa.CheckConstraint(
            "wellbeing IS NULL OR wellbeing BETWEEN 1 AND 5", name=op.f("ck_progress_entry_wellbeing_rating")
        ),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_progress_entry_citizen_id_citizen")),
        sa.ForeignKeyConstraint(
            ["placement_id"], ["placement.id"], name=op.f("fk_progress_entry_placement_id_placement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_entry")),
    )
    with op.batch_alter_table("progress_entry", schema=None) as batch_op:
        batch_op.create_index("ix_progress_entry_citizen_month", ["citizen_id", "month"], unique=False)

    op.create_table(
        "agreement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column(
            "owner",
            sa.Enum(
                "borger",
                "S",
                "VK",
                "virksomhed",
                name="step_owner",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("owner_worker_id", sa.Uuid(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_agreement_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_agreement_company_id_company")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_agreement_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["owner_worker_id"], ["worker.id"], name=op.f("fk_agreement_owner_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
    )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.create_index("ix_agreement_citizen_open", ["citizen_id", "done_on", "deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreement_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreement_owner_worker_id"), ["owner_worker_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("placement_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "samtale",
                "praktikopfoelgning",
                "trepart",
                "virksomhedsbesoeg",
                "telefon",
                "aftercare",
                name="follow_up_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "held",
                "skipped",
                "moved",
                name="follow_up_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column(
            "form",
            sa.Enum(
                "fremmoede",
                "telefon",
                "video",
                "virksomhedsbesoeg",
                name="contact_form",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("moved_from", sa.Date(), nullable=True),
        sa.CheckConstraint("status <> 'held' OR held_on IS NOT NULL", name=op.f("ck_follow_up_held_has_date")),
        sa.CheckConstraint("citizen_id IS NOT NULL OR company_id IS NOT NULL", name=op.f("ck_follow_up_has_subject")),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_follow_up_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_follow_up_company_id_company")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_follow_up_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["placement_id"], ["placement.id"], name=op.f("fk_follow_up_placement_id_placement")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_follow_up_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_citizen_status_due", ["citizen_id", "status", "due_on"], unique=False)
        batch_op.create_index("ix_follow_up_company_status_due", ["company_id", "status", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_placement_id"), ["placement_id"], unique=False)
        batch_op.create_index("ix_follow_up_worker_status_due", ["worker_id", "status", "due_on"], unique=False)

    op.create_table(
        "meeting_answer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_answer_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_answer")),
        sa.UniqueConstraint("meeting_id", "item_id", name=op.f("uq_meeting_answer_meeting_id_item_id")),
    )


def downgrade() -> None:

    op.drop_table("meeting_answer")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_worker_status_due")
        batch_op.drop_index(batch_op.f("ix_follow_up_placement_id"))
        batch_op.drop_index("ix_follow_up_company_status_due")
        batch_op.drop_index("ix_follow_up_citizen_status_due")

    op.drop_table("follow_up")
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_owner_worker_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_meeting_id"))
        batch_op.drop_index("ix_agreement_citizen_open")

    op.drop_table("agreement")
    with op.batch_alter_table("progress_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_entry_citizen_month")

    op.drop_table("progress_entry")
    with op.batch_alter_table("placement_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placement_hours_placement_id"))

    op.drop_table("placement_hours")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_company_id"))
        batch_op.drop_index("ix_meeting_citizen_on")

    op.drop_table("meeting")
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.drop_index("ix_placement_company_status")
        batch_op.drop_index("ix_placement_citizen_status")

    op.drop_table("placement")
    with op.batch_alter_table("goal_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_action_job_goal_id"))
        batch_op.drop_index(batch_op.f("ix_goal_action_development_goal_id"))

    op.drop_table("goal_action")
    with op.batch_alter_table("company_contact_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_contact_log_worker_id"))
        batch_op.drop_index("ix_company_contact_log_company_on")

    op.drop_table("company_contact_log")
    with op.batch_alter_table("success_story", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_success_story_team_id"))

    op.drop_table("success_story")
    with op.batch_alter_table("plan_step", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_step_citizen_open")

    op.drop_table("plan_step")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index("ix_note_citizen_written")

    op.drop_table("note")
    with op.batch_alter_table("job_opening", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_opening_company_id"))

    op.drop_table("job_opening")
    with op.batch_alter_table("job_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_goal_citizen_id"))

    op.drop_table("job_goal")
    with op.batch_alter_table("development_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_development_goal_citizen_id"))

    op.drop_table("development_goal")
    op.drop_table("cv_status")
    with op.batch_alter_table("company_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_contact_company_id"))

    op.drop_table("company_contact")
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_worker_id"))

    op.drop_table("target")
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_owner_id"))
        batch_op.drop_index("ix_company_name")

    op.drop_table("company")
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.drop_index("ix_citizen_name")
        batch_op.drop_index(batch_op.f("ix_citizen_cpr"))
        batch_op.drop_index("ix_citizen_consultant_open")
        batch_op.drop_index("ix_citizen_caseworker_open")

    op.drop_table("citizen")
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worker_team_id"))

    op.drop_table("worker")
    op.drop_table("team")
    op.drop_table("db_meta")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_worker_at")
        batch_op.drop_index("ix_audit_event_citizen_at")

    op.drop_table("audit_event")
