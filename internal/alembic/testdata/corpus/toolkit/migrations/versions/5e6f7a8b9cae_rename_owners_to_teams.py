"""Rename owners to teams

Revision ID: 5e6f7a8b9cae
Revises: 4d5e6f7a8b9d
Create Date: 2025-06-06 08:15:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "5e6f7a8b9cae"
down_revision: Union[str, Sequence[str], None] = "4d5e6f7a8b9d"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.rename_table("owners", "teams")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.alter_column("owner_id", new_column_name="team_id", existing_type=sa.Integer(), existing_nullable=True)
        batch_op.drop_constraint("fk_jobs_owner_id_owners", type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_jobs_team_id_teams"), "teams", ["team_id"], ["id"], ondelete="SET NULL")
    op.create_table_comment("teams", "who gets paged when a job fails")


def downgrade() -> None:
    pass
