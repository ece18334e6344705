"""Region names per language

Revision ID: cd8daf0b7911
Revises: bc7c9eaf6800
Create Date: 2023-03-03 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "cd8daf0b7911"
down_revision = "bc7c9eaf6800"
branch_labels = None
depends_on = None

import json

REGIONS = [("ATA", "Antarctica"), ("AUS", "Australia"), ("NZL", "New Zealand")]


def upgrade():
    regions = sa.table("regions", sa.column("code", sa.String), sa.column("name", sa.String))
    op.bulk_insert(regions, [{"code": code, "name": name} for code, name in REGIONS])
    op.add_column("regions", sa.Column("names", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False))
    op.execute(regions.update().where(regions.c.code == "NZL").values(name="Aotearoa New Zealand"))
    op.execute(regions.delete().where(regions.c.code.in_(["XXX", "ZZZ"])))


def downgrade():
    op.drop_column("regions", "names")
