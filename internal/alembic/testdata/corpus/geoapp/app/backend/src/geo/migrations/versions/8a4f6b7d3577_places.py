"""Places and their outlines

Revision ID: 8a4f6b7d3577
Revises: 7c3b5a6e2466
Create Date: 2023-08-08 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "8a4f6b7d3577"
down_revision = "7c3b5a6e2466"
branch_labels = None
depends_on = None



def upgrade():
    op.add_column("cities", sa.Column("outline", geoalchemy2.types.Geometry(geometry_type="MULTIPOLYGON", srid=4326), nullable=True))
    op.create_index("ix_cities_outline", "cities", ["outline"], postgresql_using="gist")
    op.create_table(
        "places",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("geom", geoalchemy2.types.Geometry(geometry_type="POINT", srid=4326, spatial_index=False), nullable=False),
        sa.Column("address", sa.String(), nullable=True),
        sa.Column("city_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_places_city_id_cities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        comment="points of interest shown on the map",
    )


def downgrade():
    op.drop_table("places")
    op.drop_index("ix_cities_outline", table_name="cities")
    op.drop_column("cities", "outline")
