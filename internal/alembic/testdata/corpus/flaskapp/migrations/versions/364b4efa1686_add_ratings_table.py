"""Add ratings table

Revision ID: 364b4efa1686
Revises: a02c5bf43407
Create Date: 2024-03-13 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "364b4efa1686"
down_revision = "a02c5bf43407"
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("review", sa.String(length=2000), nullable=True),
        sa.Column("date", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["challenge_id"], ["challenges.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "challenge_id"),
    )
    with op.get_context().autocommit_block():
        op.create_index("ix_ratings_challenge_id", "ratings", ["challenge_id"], postgresql_concurrently=True)


def downgrade():
    op.drop_table("ratings")
