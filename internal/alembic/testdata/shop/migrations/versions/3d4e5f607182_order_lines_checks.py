"""quantity check and unit price

Revision ID: 3d4e5f607182
Revises: 2c3d4e5f6071
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "3d4e5f607182"
down_revision: Union[str, Sequence[str], None] = "2c3d4e5f6071"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("order_lines", sa.Column("unit_price_cents", sa.BigInteger(), nullable=True))
    op.create_check_constraint(
        "ck_order_lines_quantity_positive",
        "order_lines",
        "quantity > 0",
    )
    op.create_foreign_key(
        "fk_order_lines_product_id",
        "order_lines",
        "products",
        ["product_id"],
        ["id"],
        ondelete="RESTRICT",
    )


def downgrade() -> None:
    op.drop_constraint("fk_order_lines_product_id", "order_lines", type_="foreignkey")
    op.drop_constraint("ck_order_lines_quantity_positive", "order_lines", type_="check")
    op.drop_column("order_lines", "unit_price_cents")
