"""Cancelled friend requests

Revision ID: 4f02b8d9a133
Revises: 3a7d41c0e822
Create Date: 2023-04-04 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "4f02b8d9a133"
down_revision = "3a7d41c0e822"
branch_labels = None
depends_on = None



def upgrade():
    op.execute("ALTER TYPE friendstatus ADD VALUE 'cancelled'")
    # The new value must be committed before it is used.
    op.execute("COMMIT")
    op.execute("UPDATE friend_relationships SET status = 'cancelled' WHERE status = 'pending' AND time_sent < now() - interval '1 year'")


def downgrade():
    pass
