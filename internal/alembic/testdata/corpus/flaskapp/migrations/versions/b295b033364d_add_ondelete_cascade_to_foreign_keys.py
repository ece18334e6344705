"""Add ondelete cascade to foreign keys

Revision ID: b295b033364d
Revises: 07dfbe5e1edc
Create Date: 2024-04-14 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b295b033364d"
down_revision = "07dfbe5e1edc"
branch_labels = None
depends_on = None



def upgrade():
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "mysql":
        op.drop_constraint("awards_ibfk_1", "awards", type_="foreignkey")
        op.create_foreign_key("awards_ibfk_1", "awards", "teams", ["team_id"], ["id"], ondelete="CASCADE")
    elif dialect in ("postgresql", "cockroachdb"):
        op.drop_constraint("tracking_user_id_fkey", "tracking", type_="foreignkey")
        op.create_foreign_key("tracking_user_id_fkey", "tracking", "users", ["user_id"], ["id"], ondelete="CASCADE")
        op.drop_constraint("users_team_id_fkey", "users", type_="foreignkey")
        op.create_foreign_key("users_team_id_fkey", "users", "teams", ["team_id"], ["id"], ondelete="SET NULL")


def downgrade():
    pass
