"""Index run lookups

Revision ID: 8bf60718293a
Revises: 7ae5f6071829
Create Date: 2024-07-07 09:30:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "8bf60718293a"
down_revision = "7ae5f6071829"
branch_labels = None
depends_on = None


INDEXES = [
    ("flow_run", ["state_type", "expected_start_time"]),
    ("task_run", ["flow_run_id", "task_key", "dynamic_key"]),
    ("deployment", ["work_queue_name"]),
]


def _create_index(table, columns, unique=False):
    op.create_index(op.f("ix_" + table + "__" + "_".join(columns)), table, columns, unique=unique)


def upgrade():
    for table, columns in INDEXES:
        _create_index(table, columns)
    _create_index("task_run", ["cache_key"], unique=True)


def downgrade():
    pass
