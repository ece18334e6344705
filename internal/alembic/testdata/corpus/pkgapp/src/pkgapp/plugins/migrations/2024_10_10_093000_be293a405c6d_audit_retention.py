"""Audit retention

Revision ID: be293a405c6d
Revises: ad18293a405c
Create Date: 2024-10-10 09:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = "be293a405c6d"
down_revision = "ad18293a405c"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "audit_event",
        sa.Column("expires", sa.TIMESTAMP(timezone=True), server_default=sa.text("now() + interval '90 days'"), nullable=False),
    )
    op.create_index(
        "ix_audit_event__expires",
        "audit_event",
        ["expires"],
        postgresql_where=sa.text("expires IS NOT NULL"),
        postgresql_include=["event"],
    )
    with op.get_context().autocommit_block():
        op.drop_index("ix_audit_event__occurred", table_name="audit_event", postgresql_concurrently=True)


def downgrade():
    pass
