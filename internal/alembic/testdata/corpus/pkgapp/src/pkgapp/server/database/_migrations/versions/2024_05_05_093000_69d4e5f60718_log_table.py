"""Log table with identity keys

Revision ID: 69d4e5f60718
Revises: 58c3d4e5f607
Create Date: 2024-05-05 09:30:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "69d4e5f60718"
down_revision = "58c3d4e5f607"
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        "log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("flow_run_id", postgresql.UUID(), nullable=True),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("timestamp", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        comment="one row per log line a run sends",
    )
    op.create_index(op.f("ix_log__flow_run_id_timestamp"), "log", ["flow_run_id", "timestamp"])
    op.alter_column("log", "level", comment="the logging module's level number", existing_type=sa.SmallInteger(), existing_nullable=False)


def downgrade():
    op.drop_table("log")
