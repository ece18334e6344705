# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
"""
Initial Migration

Revision ID: 283c68f2ab2a
Revises: 
Create Date: 2022-01-21 18:00:00.000000
"""

import sqlalchemy as sa

from alembic import op
from sqlalchemy.dialects import postgresql

revision = "283c68f2ab2a"
down_revision = None


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS citext")
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "accounts_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("password", sa.String(length=128), nullable=False),
        sa.Column("last_login", sa.DateTime(), nullable=False),
        sa.Column("is_superuser", sa.Boolean(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("date_joined", sa.DateTime(), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("length(username) <= 50", name="accounts_user_username_length"),
        sa.CheckConstraint("username ~* '^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$'", name="accounts_user_valid_username"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "packages",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("stable_version", sa.Text(), nullable=True),
        sa.Column("normalized_name", sa.Text(), nullable=True),
        sa.Column("autohide", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("comments", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("bugtrack_url", sa.Text(), nullable=True),
        sa.Column("hosting_mode", sa.Text(), server_default="pypi-explicit", nullable=False),
        sa.Column("created", sa.DateTime(), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("name::text ~* '^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$'::text", name="packages_valid_name"),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "releases",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("_pypi_ordering", sa.Integer(), nullable=True),
        sa.Column("_pypi_hidden", sa.Boolean(), nullable=True),
        sa.Column("created", sa.DateTime(), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["name"], ["packages.name"], onupdate="CASCADE"),
        sa.PrimaryKeyConstraint("name", "version"),
    )
    op.create_index("release_created_idx", "releases", [sa.text("created DESC")], unique=False)
    op.create_index("release_name_created_idx", "releases", ["name", sa.text("created DESC")], unique=False)
    op.create_table(
        "release_files",
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("version", sa.Text(), nullable=True),
        sa.Column("python_version", sa.Text(), nullable=True),
        sa.Column("packagetype", sa.Enum("bdist_dmg", "bdist_egg", "bdist_wheel", "sdist", name="package_type"), nullable=True),
        sa.Column("filename", sa.Text(), nullable=True),
        sa.Column("md5_digest", sa.Text(), nullable=True),
        sa.Column("downloads", sa.Integer(), server_default=sa.text("0"), nullable=True),
        sa.Column("upload_time", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["name", "version"], ["releases.name", "releases.version"], onupdate="CASCADE"),
        sa.UniqueConstraint("filename"),
        sa.UniqueConstraint("md5_digest"),
    )
    op.create_index("release_files_name_idx", "release_files", ["name"], unique=False)
    op.create_index("release_files_version_idx", "release_files", ["version"], unique=False)


def downgrade():
    raise RuntimeError("Cannot downgrade past the initial migration")
