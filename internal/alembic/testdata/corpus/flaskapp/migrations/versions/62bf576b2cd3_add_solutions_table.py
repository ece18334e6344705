"""Add solutions table

Revision ID: 62bf576b2cd3
Revises: 364b4efa1686
Create Date: 2024-04-14 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "62bf576b2cd3"
down_revision = "364b4efa1686"
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        "solutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["challenge_id"], ["challenges.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("challenge_id"),
    )
    op.add_column("tracking", sa.Column("target", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("tracking", "target")
    op.drop_table("solutions")
