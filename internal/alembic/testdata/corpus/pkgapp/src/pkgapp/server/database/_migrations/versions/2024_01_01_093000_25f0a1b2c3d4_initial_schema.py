"""Initial schema

Revision ID: 25f0a1b2c3d4
Revises: 
Create Date: 2024-01-01 09:30:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "25f0a1b2c3d4"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "flow",
        sa.Column("id", postgresql.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created", sa.TIMESTAMP(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("updated", sa.TIMESTAMP(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("tags", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow")),
        sa.UniqueConstraint("name", name=op.f("uq_flow__name")),
    )
    op.create_index(op.f("ix_flow__updated"), "flow", ["updated"], unique=False)
    op.create_table(
        "flow_run",
        sa.Column("id", postgresql.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("flow_id", postgresql.UUID(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("state_type", sa.Enum("SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", name="state_type"), nullable=True),
        sa.Column("run_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("expected_start_time", sa.TIMESTAMP(timezone=True), nullable=True, index=True),
        sa.Column("idempotency_key", sa.String(), nullable=True),
        sa.Column("parameters", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(["flow_id"], ["flow.id"], ondelete="cascade"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("flow_id", "idempotency_key"),
    )
    op.create_table(
        "task_run",
        sa.Column("id", postgresql.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("flow_run_id", postgresql.UUID(), sa.ForeignKey("flow_run.id", ondelete="cascade"), nullable=False),
        sa.Column("task_key", sa.String(), nullable=False),
        sa.Column("dynamic_key", sa.String(), nullable=False),
        sa.Column("state_type", sa.Enum("SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", name="state_type"), nullable=True),
        sa.Column("cache_key", sa.String(), nullable=True, unique=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_run")),
    )


def downgrade():
    op.drop_table("task_run")
    op.drop_table("flow_run")
    op.drop_table("flow")
    op.execute("DROP TYPE state_type")
