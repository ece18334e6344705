"""Relax retries check

Revision ID: 58c3d4e5f607
Revises: 47b2c3d4e5f6
Create Date: 2024-04-04 09:30:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "58c3d4e5f607"
down_revision = "47b2c3d4e5f6"
branch_labels = None
depends_on = None



def upgrade():
    op.drop_constraint("positive_retries", "flow_run", type_="check")
    op.create_check_constraint("retries_in_range", "flow_run", "retries >= 0 AND retries <= 100", postgresql_not_valid=True)
    op.execute("ALTER TABLE flow_run VALIDATE CONSTRAINT ck_flow_run__retries_in_range")


def downgrade():
    pass
