# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
"""
Rename the hosting mode and drop bugtrack urls

Revision ID: a073e7979805
Revises: 9a1f36b2e7c1
Create Date: 2022-07-27 18:00:00.000000
"""

import sqlalchemy as sa

from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a073e7979805"
down_revision = "9a1f36b2e7c1"


def upgrade():
    op.alter_column("packages", "hosting_mode", new_column_name="hosting", server_default=sa.text("'pypi-only'"),
                    existing_type=sa.Text(), existing_nullable=False)
    op.drop_column("packages", "bugtrack_url")
    op.execute("DROP TABLE IF EXISTS legacy_mirrors CASCADE")
    op.rename_table("release_files", "release_artifacts")


def downgrade():
    op.rename_table("release_artifacts", "release_files")
