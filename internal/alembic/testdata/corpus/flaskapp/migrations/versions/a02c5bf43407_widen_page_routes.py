"""Widen page routes and describe columns

Revision ID: a02c5bf43407
Revises: 46a278193a94
Create Date: 2024-02-12 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a02c5bf43407"
down_revision = "46a278193a94"
branch_labels = None
depends_on = None



def upgrade():
    op.alter_column(
        "pages",
        "route",
        existing_type=sa.String(length=128),
        type_=sa.Text(),
        existing_nullable=True,
    )
    op.alter_column("pages", "content", existing_type=sa.Text(), comment="markdown or html, as format says")
    op.create_table_comment("pages", "static pages of the site")
    op.alter_column("users", "website", new_column_name="homepage", existing_type=sa.String(length=128))


def downgrade():
    op.alter_column("users", "homepage", new_column_name="website", existing_type=sa.String(length=128))
    op.drop_table_comment("pages")
