"""Audit events of the audit plugin

Revision ID: ad18293a405c
Revises: 9c071829304b
Create Date: 2024-09-09 09:30:00.000000

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "ad18293a405c"
down_revision = "9c071829304b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_event",
        sa.Column("id", postgresql.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("occurred", sa.TIMESTAMP(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("event", sa.String(), nullable=False),
        sa.Column("resource_id", postgresql.UUID(), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_audit_event__occurred"), "audit_event", ["occurred"])
    op.create_index("ix_audit_event__payload", "audit_event", ["payload"], postgresql_using="gin", postgresql_ops={"payload": "jsonb_path_ops"})


def downgrade():
    op.drop_table("audit_event")
