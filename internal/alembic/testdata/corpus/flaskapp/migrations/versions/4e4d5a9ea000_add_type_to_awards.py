"""Add type to awards

Revision ID: 4e4d5a9ea000
Revises: b295b033364d
Create Date: 2024-05-15 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "4e4d5a9ea000"
down_revision = "b295b033364d"
branch_labels = None
depends_on = None



def upgrade():
    op.add_column("awards", sa.Column("type", sa.String(length=80), nullable=True))
    op.add_column("awards", sa.Column("category", sa.String(length=80), nullable=True))
    op.add_column("awards", sa.Column("icon", sa.Text(), nullable=True))
    op.add_column("awards", sa.Column("requirements", sa.JSON(), nullable=True))
    op.execute("UPDATE awards SET type='standard' WHERE type IS NULL")


def downgrade():
    op.drop_column("awards", "requirements")
    op.drop_column("awards", "icon")
    op.drop_column("awards", "category")
    op.drop_column("awards", "type")
