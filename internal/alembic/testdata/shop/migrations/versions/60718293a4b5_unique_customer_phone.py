"""unique customers.phone

Revision ID: 60718293a4b5
Revises: 5f60718293a4
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "60718293a4b5"
down_revision: Union[str, Sequence[str], None] = "5f60718293a4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_unique_constraint("uq_customers_phone", "customers", ["phone"])


def downgrade() -> None:
    op.drop_constraint("uq_customers_phone", "customers", type_="unique")
