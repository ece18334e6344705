"""Run durations

Revision ID: 2b3c4d5e6f7b
Revises: 1a2b3c4d5e6a
Create Date: 2025-03-03 08:15:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "2b3c4d5e6f7b"
down_revision: Union[str, Sequence[str], None] = "1a2b3c4d5e6a"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("duration_ms", sa.BigInteger(), nullable=True))
        batch_op.alter_column("log", existing_type=sa.Text(), comment="the last 64 KiB of output", existing_nullable=True)
        batch_op.alter_column(
            "status",
            existing_type=sa.Enum("queued", "running", "done", "failed", name="run_status"),
            server_default="queued",
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
        batch_op.drop_column("duration_ms")
