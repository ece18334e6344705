"""customer changes in a batch

Revision ID: 5f60718293a4
Revises: 4e5f60718293
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "5f60718293a4"
down_revision: Union[str, Sequence[str], None] = "4e5f60718293"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
        batch_op.alter_column("display_name", existing_type=sa.String(length=100), server_default="")


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.alter_column("display_name", server_default=None)
        batch_op.drop_column("phone")
