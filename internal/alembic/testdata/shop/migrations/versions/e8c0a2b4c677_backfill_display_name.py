"""backfill display names

Revision ID: e8c0a2b4c677
Revises: d7b9f1a3b566
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "e8c0a2b4c677"
down_revision: Union[str, Sequence[str], None] = "d7b9f1a3b566"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute(
        "UPDATE customers "
        "SET display_name = name "
        "WHERE display_name IS NULL"
    )


def downgrade() -> None:
    pass
