"""drop customers.legacy_code

Revision ID: d7b9f1a3b566
Revises: c6a8e0f2a455
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "d7b9f1a3b566"
down_revision: Union[str, Sequence[str], None] = "c6a8e0f2a455"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.drop_column("customers", "legacy_code")


def downgrade() -> None:
    op.add_column("customers", sa.Column("legacy_code", sa.String(20), nullable=True))
