"""Add default email templates

Revision ID: 1093835a1051
Revises: 8369118943a1
Create Date: 2024-02-12 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "1093835a1051"
down_revision = "8369118943a1"
branch_labels = None
depends_on = None


DEFAULTS = {
    "password_reset_subject": "Password Reset Request from {ctf_name}",
    "verification_email_subject": "Confirm your account for {ctf_name}",
    "user_creation_email_subject": "Message from {ctf_name}",
}


def upgrade():
    config_table = sa.table(
        "config",
        sa.column("key", sa.Text),
        sa.column("value", sa.Text),
    )
    op.bulk_insert(config_table, [{"key": k, "value": v} for k, v in DEFAULTS.items()])
    op.bulk_insert(
        config_table,
        [
            {"key": "ctf_theme", "value": "core"},
            {"key": "registration_visibility", "value": "public"},
        ],
    )


def downgrade():
    pass
