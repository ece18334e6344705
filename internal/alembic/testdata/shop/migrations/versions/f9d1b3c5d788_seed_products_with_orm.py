"""seed products through the ORM

Revision ID: f9d1b3c5d788
Revises: e8c0a2b4c677
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "f9d1b3c5d788"
down_revision: Union[str, Sequence[str], None] = "e8c0a2b4c677"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


from sqlalchemy.orm import Session

from app.models import Product

DEFAULT_PRODUCTS = [("GIFT-10", "Gift card 10"), ("GIFT-25", "Gift card 25")]


def upgrade() -> None:
    session = Session(bind=op.get_bind())
    for sku, title in DEFAULT_PRODUCTS:
        session.add(Product(sku=sku, title=title, price_cents=0))
    session.commit()


def downgrade() -> None:
    op.execute("DELETE FROM products WHERE sku LIKE 'GIFT-%'")
