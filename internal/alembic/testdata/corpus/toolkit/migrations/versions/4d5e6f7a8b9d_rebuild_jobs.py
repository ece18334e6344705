"""Rebuild jobs without the schedule column

Revision ID: 4d5e6f7a8b9d
Revises: 3c4d5e6f7a8c
Create Date: 2025-05-05 08:15:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "4d5e6f7a8b9d"
down_revision: Union[str, Sequence[str], None] = "3c4d5e6f7a8c"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", recreate="always") as batch_op:
        batch_op.drop_column("schedule")
        batch_op.add_column(sa.Column("cron", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs", recreate="always") as batch_op:
        batch_op.drop_column("cron")
        batch_op.add_column(sa.Column("schedule", sa.String(length=100), nullable=True))
