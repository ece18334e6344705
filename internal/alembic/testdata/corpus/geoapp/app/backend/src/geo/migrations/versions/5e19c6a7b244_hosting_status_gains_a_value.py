"""Hosting status gains a value

Revision ID: 5e19c6a7b244
Revises: 4f02b8d9a133
Create Date: 2023-05-05 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "5e19c6a7b244"
down_revision = "4f02b8d9a133"
branch_labels = None
depends_on = None



def upgrade():
    ctx = op.get_context()
    with ctx.autocommit_block():
        op.execute("ALTER TYPE hostingstatus ADD VALUE IF NOT EXISTS 'not_accepting'")
    op.alter_column("users", "hosting_status", existing_type=postgresql.ENUM(name="hostingstatus"), nullable=False,
                    server_default="maybe")


def downgrade():
    pass
