"""Work queues and retries

Revision ID: 47b2c3d4e5f6
Revises: 36a1b2c3d4e5
Create Date: 2024-03-03 09:30:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "47b2c3d4e5f6"
down_revision = "36a1b2c3d4e5"
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        "work_queue",
        sa.Column("id", postgresql.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("concurrency_limit", sa.Integer(), nullable=True),
        sa.Column("is_paused", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_unique_constraint(None, "work_queue", ["name"])
    op.add_column("flow_run", sa.Column("work_queue_id", postgresql.UUID(), nullable=True))
    op.create_foreign_key(None, "flow_run", "work_queue", ["work_queue_id"], ["id"], ondelete="SET NULL")
    op.create_index(None, "flow_run", ["work_queue_id"])
    op.add_column("flow_run", sa.Column("retries", sa.Integer(), server_default="0", nullable=False))
    op.create_check_constraint("positive_retries", "flow_run", "retries >= 0")
    op.create_check_constraint("limit_positive", "work_queue", sa.column("concurrency_limit") >= 0)


def downgrade():
    op.drop_constraint("limit_positive", "work_queue", type_="check")
    op.drop_constraint("positive_retries", "flow_run", type_="check")
    op.drop_column("flow_run", "retries")
    op.drop_index("ix_flow_run__work_queue_id", table_name="flow_run")
    op.drop_column("flow_run", "work_queue_id")
    op.drop_table("work_queue")
