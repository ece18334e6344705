"""Add tokens and comments; retire tracking targets

Revision ID: 080d29b15cd3
Revises: 75e8ab9a0014
Create Date: 2024-06-16 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "080d29b15cd3"
down_revision = "75e8ab9a0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=True),
        sa.Column("expiration", sa.DateTime(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("value", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("value"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=80), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("date", sa.DateTime(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("page_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["challenge_id"], ["challenges.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.drop_column("tracking", "target")
    op.add_column("users", sa.Column("bracket_id", sa.Integer(), nullable=True))
    op.add_column("teams", sa.Column("bracket_id", sa.Integer(), nullable=True))
    op.create_table(
        "brackets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_foreign_key(None, "users", "brackets", ["bracket_id"], ["id"], ondelete="SET NULL")
    op.create_foreign_key(None, "teams", "brackets", ["bracket_id"], ["id"], ondelete="SET NULL")
    op.drop_constraint("pages_route_key", "pages", type_="unique")
    op.create_unique_constraint("uq_pages_route_format", "pages", ["route", "format"])
    op.drop_index(op.f("ix_teams_captain_id"), table_name="teams")
    op.rename_table("solutions", "challenge_solutions")


def downgrade():
    op.rename_table("challenge_solutions", "solutions")
    op.drop_table("brackets")
    op.drop_table("comments")
    op.drop_table("tokens")
