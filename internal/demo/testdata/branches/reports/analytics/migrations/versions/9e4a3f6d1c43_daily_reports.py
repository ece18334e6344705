"""daily reports

Revision ID: 9e4a3f6d1c43
Revises: 5c2e1d4b7a21
Create Date: 2024-06-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "9e4a3f6d1c43"
down_revision = "5c2e1d4b7a21"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "daily_reports",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("events", sa.BigInteger(), nullable=False, server_default="0"),
    )


def downgrade():
    op.drop_table("daily_reports")
