"""Copy work queues with a priority

Revision ID: 9c071829304b
Revises: 8bf60718293a
Create Date: 2024-08-08 09:30:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "9c071829304b"
down_revision = "8bf60718293a"
branch_labels = None
depends_on = None



def upgrade():
    work_queue = sa.Table(
        "work_queue",
        sa.MetaData(),
        sa.Column("id", postgresql.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("concurrency_limit", sa.Integer(), nullable=True),
        sa.Column("is_paused", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_work_queue"),
        sa.UniqueConstraint("name", name="uq_work_queue__name"),
    )
    with op.batch_alter_table("work_queue", recreate="always", copy_from=work_queue) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), server_default="1", nullable=False))
        batch_op.alter_column("is_paused", new_column_name="paused")
        batch_op.create_index("ix_work_queue__priority", ["priority"])


def downgrade():
    pass
