"""Keep search vectors in step

Revision ID: 2b3c4d5e6f70
Revises: 1a2b3c4d5e6f
Create Date: 2021-05-15 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "2b3c4d5e6f70"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None

from svc.search.triggers import sync_trigger


def upgrade():
    conn = op.get_bind()
    sync_trigger(conn, "incident", "search_vector", ["name", "title", "description"])
    sync_trigger(conn, "project", "search_vector", ["name", "description"])


def downgrade():
    pass
