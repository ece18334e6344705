"""Add format to pages

Revision ID: 07dfbe5e1edc
Revises: 1093835a1051
Create Date: 2024-03-13 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "07dfbe5e1edc"
down_revision = "1093835a1051"
branch_labels = None
depends_on = None



def upgrade():
    op.add_column("pages", sa.Column("format", sa.String(length=80), nullable=True))
    pages = sa.table("pages", sa.column("id", sa.Integer), sa.column("format", sa.String))
    op.execute(pages.update().where(pages.c.format == None).values(format="markdown"))  # noqa: E711


def downgrade():
    op.drop_column("pages", "format")
