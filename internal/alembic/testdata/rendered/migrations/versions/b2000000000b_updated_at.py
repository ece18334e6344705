"""stamp loans with triggers

Revision ID: b2000000000b
Revises: a1000000000a
Create Date: 2025-04-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "b2000000000b"
down_revision = "a1000000000a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("books", "loans"):
        op.add_column(table, sa.Column("updated_at", sa.DateTime(), nullable=False))


def downgrade() -> None:
    for table in ("books", "loans"):
        op.drop_column(table, "updated_at")
