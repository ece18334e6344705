# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
"""
Canonical versions, indexed without blocking

Revision ID: 6a6eb0a95603
Revises: 5dda74213989
Create Date: 2022-03-23 18:00:00.000000
"""

import sqlalchemy as sa

from alembic import op
from sqlalchemy.dialects import postgresql

revision = "6a6eb0a95603"
down_revision = "5dda74213989"


def upgrade():
    op.execute("SET statement_timeout = 60000")
    op.execute("SET lock_timeout = 4000")
    op.add_column("releases", sa.Column("canonical_version", sa.Text(), nullable=True))
    op.execute(
        """ UPDATE releases
            SET canonical_version = lower(version)
            WHERE canonical_version IS NULL
        """
    )
    with op.get_context().autocommit_block():
        op.create_index(
            "release_canonical_version_idx",
            "releases",
            ["canonical_version"],
            unique=False,
            postgresql_concurrently=True,
        )


def downgrade():
    op.drop_index("release_canonical_version_idx", table_name="releases")
    op.drop_column("releases", "canonical_version")
