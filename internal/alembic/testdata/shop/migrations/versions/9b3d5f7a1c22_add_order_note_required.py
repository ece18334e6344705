"""add orders.note as a required column

Revision ID: 9b3d5f7a1c22
Revises: 7a1c9e2b4d10
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "9b3d5f7a1c22"
down_revision: Union[str, Sequence[str], None] = "7a1c9e2b4d10"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("note", sa.Text(), nullable=False))


def downgrade() -> None:
    op.drop_column("orders", "note")
