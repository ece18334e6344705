"""Add logic column to challenges

Revision ID: f73a96c97449
Revises: 9e6f6578ca84
Create Date: 2024-09-19 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f73a96c97449"
down_revision = "9e6f6578ca84"
branch_labels = None
depends_on = None



def upgrade():
    op.add_column(
        "challenges",
        sa.Column("logic", sa.String(length=80), nullable=False, server_default="any"),
    )
    op.alter_column("challenges", "logic", server_default=None, existing_type=sa.String(length=80))
    op.add_column("challenges", sa.Column("position", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    op.drop_column("challenges", "position")
    op.drop_column("challenges", "logic")
