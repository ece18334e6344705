"""rename customers.full_name

Revision ID: c6a8e0f2a455
Revises: b5f7d9e1f344
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "c6a8e0f2a455"
down_revision: Union[str, Sequence[str], None] = "b5f7d9e1f344"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.alter_column("customers", "full_name", new_column_name="name")


def downgrade() -> None:
    op.alter_column("customers", "name", new_column_name="full_name")
