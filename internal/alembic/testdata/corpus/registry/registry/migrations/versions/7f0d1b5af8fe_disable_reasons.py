# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
"""
Disable reasons

Revision ID: 7f0d1b5af8fe
Revises: 6a6eb0a95603
Create Date: 2022-04-24 18:00:00.000000
"""

import sqlalchemy as sa

from alembic import op
from sqlalchemy.dialects import postgresql

revision = "7f0d1b5af8fe"
down_revision = "6a6eb0a95603"

from registry.accounts.models import DisableReason


def upgrade():
    disable_reason = sa.Enum(DisableReason, values_callable=lambda x: [e.value for e in x], name="disablereason")
    disable_reason.create(op.get_bind())
    op.add_column("accounts_user", sa.Column("disabled_for", disable_reason, nullable=True))
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(), nullable=False),
        sa.Column("time", sa.DateTime(), server_default=sa.text("now()"), nullable=False),
        sa.Column("additional", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["accounts_user.id"], ondelete="CASCADE", initially="DEFERRED", deferrable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_account_events_user_id", "account_events", ["user_id"], unique=False)


def downgrade():
    op.drop_table("account_events")
    op.drop_column("accounts_user", "disabled_for")
