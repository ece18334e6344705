# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
"""
Use the application's TZDateTime for upload times

Revision ID: 5dda74213989
Revises: 283c68f2ab2a
Create Date: 2022-02-22 18:00:00.000000
"""

import sqlalchemy as sa

from alembic import op
from sqlalchemy.dialects import postgresql

revision = "5dda74213989"
down_revision = "283c68f2ab2a"

from registry.utils.db.types import TZDateTime


def upgrade():
    op.add_column("release_files", sa.Column("uploaded_via", sa.Text(), nullable=True))
    op.alter_column(
        "release_files",
        "upload_time",
        existing_type=postgresql.TIMESTAMP(),
        type_=TZDateTime(),
        existing_nullable=True,
    )


def downgrade():
    op.drop_column("release_files", "uploaded_via")
