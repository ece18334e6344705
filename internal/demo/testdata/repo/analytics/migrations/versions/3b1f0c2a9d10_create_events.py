"""create events

Revision ID: 3b1f0c2a9d10
Revises:
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "3b1f0c2a9d10"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Enum("view", "click", name="event_kind"), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade():
    op.drop_table("events")
    op.execute("DROP TYPE event_kind")
