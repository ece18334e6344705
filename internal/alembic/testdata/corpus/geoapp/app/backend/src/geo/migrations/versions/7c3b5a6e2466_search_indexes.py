"""Search indexes

Revision ID: 7c3b5a6e2466
Revises: 6d8c2e4f1355
Create Date: 2023-07-07 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "7c3b5a6e2466"
down_revision = "6d8c2e4f1355"
branch_labels = None
depends_on = None



def upgrade():
    op.create_index("ix_users_lower_username", "users", [sa.text("lower(username)")], unique=True)
    op.create_index("ix_users_lower_email", "users", [sa.func.lower(sa.column("email"))], unique=True)
    op.create_index(
        "ix_users_username_trgm",
        "users",
        ["username"],
        postgresql_using="gin",
        postgresql_ops={"username": "gin_trgm_ops"},
    )
    op.create_index("ix_cities_geom", "cities", ["geom"], postgresql_using="gist", postgresql_where=sa.text("geom IS NOT NULL"))
    op.create_index("ix_users_active", "users", ["last_active"], postgresql_where=sa.text("NOT is_banned"))


def downgrade():
    op.drop_index("ix_users_active", table_name="users")
    op.drop_index("ix_cities_geom", table_name="cities")
    op.drop_index("ix_users_username_trgm", table_name="users")
    op.drop_index("ix_users_lower_email", table_name="users")
    op.drop_index("ix_users_lower_username", table_name="users")
