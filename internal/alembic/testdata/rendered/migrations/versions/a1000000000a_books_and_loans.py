"""books and loans

Revision ID: a1000000000a
Revises: 
Create Date: 2025-04-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "a1000000000a"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "books",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "loans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("book_id", sa.Integer(), sa.ForeignKey("books.id"), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
    )
    op.create_index("ix_loans_book_id", "loans", ["book_id"])


def downgrade() -> None:
    op.drop_table("loans")
    op.drop_table("books")
