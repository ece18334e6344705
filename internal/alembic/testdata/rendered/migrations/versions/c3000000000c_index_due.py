"""index loans by due date

Revision ID: c3000000000c
Revises: b2000000000b
Create Date: 2025-04-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "c3000000000c"
down_revision = "b2000000000b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index("ix_loans_due", "loans", ["due"], postgresql_concurrently=True)
    # migguard:ignore require-statement-timeout books holds a few hundred rows
    op.create_index("ix_books_title", "books", ["title"])


def downgrade() -> None:
    op.drop_index("ix_books_title", table_name="books")
    op.drop_index("ix_loans_due", table_name="loans")
