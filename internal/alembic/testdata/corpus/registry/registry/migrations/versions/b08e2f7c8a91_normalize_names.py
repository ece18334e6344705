# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
"""
Normalize names in the database

Revision ID: b08e2f7c8a91
Revises: a073e7979805
Create Date: 2022-08-28 18:00:00.000000
"""

import sqlalchemy as sa

from alembic import op
from sqlalchemy.dialects import postgresql

revision = "b08e2f7c8a91"
down_revision = "a073e7979805"


def upgrade():
    op.execute(
        r"""
        CREATE FUNCTION normalize_pep426_name(text) RETURNS text AS $$
            SELECT lower(regexp_replace($1, '(\.|_|-)+', '-', 'ig'))
        $$ LANGUAGE SQL IMMUTABLE RETURNS NULL ON NULL INPUT
        """
    )
    op.create_index("packages_normalized_name_idx", "packages", [sa.text("normalize_pep426_name(name)")], unique=True)


def downgrade():
    op.drop_index("packages_normalized_name_idx", table_name="packages")
    op.execute("DROP FUNCTION normalize_pep426_name(text)")
