"""Add language column to users table

Revision ID: 0def790057c1
Revises: 4e4d5a9ea000
Create Date: 2024-06-16 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0def790057c1"
down_revision = "4e4d5a9ea000"
branch_labels = None
depends_on = None



def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_language"), ["language"], unique=False)
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("affiliation", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("country", sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("country")
        batch_op.drop_column("affiliation")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_language"))
        batch_op.drop_column("language")
