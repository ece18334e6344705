"""Backfill incident costs

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2021-07-17 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "4d5e6f708192"
down_revision = "3c4d5e6f7081"
branch_labels = None
depends_on = None



def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, reported_at FROM incident WHERE stable_at IS NULL")).fetchall()
    for incident_id, reported_at in rows:
        conn.execute(
            sa.text("UPDATE incident SET stable_at = :at WHERE id = :id"),
            {"at": reported_at, "id": incident_id},
        )
    op.alter_column("incident", "visibility", existing_type=sa.String(), server_default=None, existing_nullable=False)


def downgrade():
    pass
