"""index events by user

Revision ID: 7d3f2e5c8b32
Revises: 5c2e1d4b7a21
Create Date: 2024-06-10 10:00:00.000000

"""
from alembic import op

revision = "7d3f2e5c8b32"
down_revision = "5c2e1d4b7a21"
branch_labels = None
depends_on = None


def upgrade():
    # Built without blocking writes, outside Alembic's transaction.
    with op.get_context().autocommit_block():
        op.create_index("ix_events_user_id", "events", ["user_id"], postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_events_user_id", table_name="events", postgresql_concurrently=True)
