"""Age and radius checks

Revision ID: ab6b8d9f5799
Revises: 9b5a7c8e4688
Create Date: 2023-01-01 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "ab6b8d9f5799"
down_revision = "9b5a7c8e4688"
branch_labels = None
depends_on = None



def upgrade():
    op.add_column("users", sa.Column("birthdate", sa.Date(), nullable=True))
    op.create_check_constraint("ck_users_radius_positive", "users", sa.column("geom_radius") > 0)
    op.create_check_constraint(
        "ck_users_geom_and_radius",
        "users",
        "(geom IS NULL) = (geom_radius IS NULL)",
    )
    op.execute(sa.text("UPDATE users SET geom_radius = :r WHERE geom IS NOT NULL AND geom_radius IS NULL").bindparams(r=0.5))


def downgrade():
    op.drop_constraint("ck_users_geom_and_radius", "users", type_="check")
    op.drop_constraint("ck_users_radius_positive", "users", type_="check")
    op.drop_column("users", "birthdate")
