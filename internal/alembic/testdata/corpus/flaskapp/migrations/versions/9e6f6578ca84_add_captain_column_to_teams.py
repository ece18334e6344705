"""Add captain column to teams

Revision ID: 9e6f6578ca84
Revises: 5c98d9253f56
Create Date: 2024-08-18 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9e6f6578ca84"
down_revision = "5c98d9253f56"
branch_labels = None
depends_on = None



def upgrade():
    op.add_column("teams", sa.Column("captain_id", sa.Integer(), nullable=True))
    op.create_foreign_key("team_captain_id", "teams", "users", ["captain_id"], ["id"], ondelete="SET NULL")
    op.create_index(op.f("ix_teams_captain_id"), "teams", ["captain_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_teams_captain_id"), table_name="teams")
    op.drop_constraint("team_captain_id", "teams", type_="foreignkey")
    op.drop_column("teams", "captain_id")
