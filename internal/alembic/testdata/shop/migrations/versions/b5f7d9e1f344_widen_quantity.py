"""widen order_lines.quantity

Revision ID: b5f7d9e1f344
Revises: a4e6c8b0d233
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "b5f7d9e1f344"
down_revision: Union[str, Sequence[str], None] = "a4e6c8b0d233"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.alter_column(
        "order_lines",
        "quantity",
        existing_type=sa.Integer(),
        type_=sa.BigInteger(),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column("order_lines", "quantity", existing_type=sa.BigInteger(), type_=sa.Integer())
