"""Widen run counts

Revision ID: 7ae5f6071829
Revises: 69d4e5f60718
Create Date: 2024-06-06 09:30:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "7ae5f6071829"
down_revision = "69d4e5f60718"
branch_labels = None
depends_on = None



def upgrade():
    op.alter_column("flow_run", "run_count", existing_type=sa.Integer(), type_=sa.BigInteger(), autoincrement=False, existing_nullable=False)
    op.alter_column("work_queue", "name", existing_type=sa.String(), type_=sa.Text(), existing_nullable=False)
    op.alter_column("task_run", "task_key", existing_type=sa.String(), type_=sa.String(length=200), postgresql_using="left(task_key, 200)")


def downgrade():
    pass
