# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
"""
One canonical release per project

Revision ID: 8e6d9a6c4c43
Revises: 7f0d1b5af8fe
Create Date: 2022-05-25 18:00:00.000000
"""

import sqlalchemy as sa

from alembic import op
from sqlalchemy.dialects import postgresql

revision = "8e6d9a6c4c43"
down_revision = "7f0d1b5af8fe"


def upgrade():
    op.create_index(
        "releases_one_canonical_per_project",
        "releases",
        ["name", "canonical_version"],
        unique=True,
        postgresql_where=sa.text("_pypi_hidden IS NOT TRUE"),
    )
    op.create_exclude_constraint(
        "release_no_overlapping_yanks",
        "releases",
        ("name", "="),
        ("canonical_version", "="),
        using="gist",
        where=sa.text("_pypi_hidden"),
    )
    op.create_check_constraint(
        "releases_valid_version",
        "releases",
        sa.text("version ~* '^([A-Z0-9][A-Z0-9._+-]*)$'"),
    )


def downgrade():
    op.drop_constraint("releases_valid_version", "releases", type_="check")
    op.drop_constraint("release_no_overlapping_yanks", "releases")
    op.drop_index("releases_one_canonical_per_project", table_name="releases")
