"""Tenant tables

Revision ID: 1a2b3c4d5e6f
Revises: 
Create Date: 2021-04-14 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "1a2b3c4d5e6f"
down_revision = None
branch_labels = None
depends_on = None

import sqlalchemy_utils


def upgrade():
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("default", sa.Boolean(), nullable=True),
        sa.Column("search_vector", sqlalchemy_utils.types.ts_vector.TSVectorType("name", "description"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("project_search_vector_idx", "project", ["search_vector"], unique=False, postgresql_using="gin")
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=True),
        sa.Column("visibility", sa.String(), nullable=False, server_default="Open"),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("stable_at", sa.DateTime(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("search_vector", sqlalchemy_utils.types.ts_vector.TSVectorType("title", "description", "name"), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("incident_search_vector_idx", "incident", ["search_vector"], unique=False, postgresql_using="gin")


def downgrade():
    op.drop_table("incident")
    op.drop_table("project")
