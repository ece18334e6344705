"""Plugins and their instances

Revision ID: 6f4a2cb8b1d2
Revises: 5c60513d6e5e
Create Date: 2021-02-12 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "6f4a2cb8b1d2"
down_revision = "5c60513d6e5e"
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        "plugin",
        sa.Column("id", sa.Integer(), sa.Sequence("plugin_id_seq", schema="dispatch_core"), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("slug", sa.String(), nullable=True),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("multiple", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
        schema="dispatch_core",
    )
    op.create_index(op.f("ix_dispatch_core_plugin_type"), "plugin", ["type"], unique=False, schema="dispatch_core")
    op.add_column("organization", sa.Column("banner_text", sa.Text(), nullable=True), schema="dispatch_core")
    op.alter_column("organization", "banner_enabled", existing_type=sa.Boolean(), nullable=False, schema="dispatch_core")


def downgrade():
    op.drop_column("organization", "banner_text", schema="dispatch_core")
    op.drop_index(op.f("ix_dispatch_core_plugin_type"), table_name="plugin", schema="dispatch_core")
    op.drop_table("plugin", schema="dispatch_core")
