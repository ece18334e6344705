"""Owners and timeouts

Revision ID: 1a2b3c4d5e6a
Revises: 0f1e2d3c4b5a
Create Date: 2025-02-02 08:15:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "1a2b3c4d5e6a"
down_revision: Union[str, Sequence[str], None] = "0f1e2d3c4b5a"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "owners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email", name="uq_owners_email"),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("timeout_seconds", sa.Integer(), server_default="3600", nullable=False))
        batch_op.create_foreign_key("fk_jobs_owner_id_owners", "owners", ["owner_id"], ["id"], ondelete="SET NULL")
        batch_op.create_check_constraint("ck_jobs_timeout_positive", "timeout_seconds > 0")


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint("ck_jobs_timeout_positive", type_="check")
        batch_op.drop_constraint("fk_jobs_owner_id_owners", type_="foreignkey")
        batch_op.drop_column("timeout_seconds")
        batch_op.drop_column("owner_id")
    op.drop_table("owners")
