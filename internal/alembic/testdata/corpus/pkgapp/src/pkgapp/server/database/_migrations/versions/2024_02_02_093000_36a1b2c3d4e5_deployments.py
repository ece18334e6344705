"""Deployments with search

Revision ID: 36a1b2c3d4e5
Revises: 25f0a1b2c3d4
Create Date: 2024-02-02 09:30:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "36a1b2c3d4e5"
down_revision = "25f0a1b2c3d4"
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        "deployment",
        sa.Column("id", postgresql.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("flow_id", postgresql.UUID(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("search_vector", sqlalchemy_utils.types.ts_vector.TSVectorType("name", "description"), nullable=True),
        sa.Column("schedule", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("work_queue_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.ForeignKeyConstraint(["flow_id"], ["flow.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("flow_id", "name"),
    )
    op.create_index("ix_deployment_search_vector", "deployment", ["search_vector"], unique=False, postgresql_using="gin")
    op.create_index(
        op.f("ix_flow_run__flow_id_expected_start_time_state_type_idempotency_key_name"),
        "flow_run",
        ["flow_id", "expected_start_time", "state_type", "idempotency_key", "name"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_flow_run__flow_id_expected_start_time_state_type_idempotency_key_name"), table_name="flow_run")
    op.drop_table("deployment")
