"""Core schema

Revision ID: 5c60513d6e5e
Revises: 
Create Date: 2021-01-11 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "5c60513d6e5e"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE SCHEMA IF NOT EXISTS dispatch_core")
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("slug", sa.String(), nullable=True),
        sa.Column("default", sa.Boolean(), server_default=sa.true(), nullable=True),
        sa.Column("banner_enabled", sa.Boolean(), server_default=sa.false(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("now()"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("slug"),
        schema="dispatch_core",
    )
    op.create_table(
        "dispatch_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("password", sa.LargeBinary(), nullable=False),
        sa.Column("last_mfa_time", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
        schema="dispatch_core",
    )
    op.create_table(
        "dispatch_user_organization",
        sa.Column("dispatch_user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["dispatch_user_id"], ["dispatch_core.dispatch_user.id"]),
        sa.ForeignKeyConstraint(["organization_id"], ["dispatch_core.organization.id"]),
        sa.PrimaryKeyConstraint("dispatch_user_id", "organization_id"),
        schema="dispatch_core",
    )


def downgrade():
    op.drop_table("dispatch_user_organization", schema="dispatch_core")
    op.drop_table("dispatch_user", schema="dispatch_core")
    op.drop_table("organization", schema="dispatch_core")
