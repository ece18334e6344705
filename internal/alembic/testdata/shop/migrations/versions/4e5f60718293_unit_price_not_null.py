"""order_lines.unit_price_cents NOT NULL

Revision ID: 4e5f60718293
Revises: 3d4e5f607182
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "4e5f60718293"
down_revision: Union[str, Sequence[str], None] = "3d4e5f607182"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("UPDATE order_lines SET unit_price_cents = 0 WHERE unit_price_cents IS NULL")
    op.alter_column("order_lines", "unit_price_cents", existing_type=sa.BigInteger(), nullable=False)


def downgrade() -> None:
    op.alter_column("order_lines", "unit_price_cents", existing_type=sa.BigInteger(), nullable=True)
