"""Add a kind to config rows

Revision ID: 9889b8c53673
Revises: 080d29b15cd3
Create Date: 2024-07-17 10:00:00.000000

"""
from alembic import context, op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9889b8c53673"
down_revision = "080d29b15cd3"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("config", sa.Column("kind", sa.String(length=20), nullable=True))
    if context.is_offline_mode():
        # --sql output: every row is a system setting.
        op.execute("UPDATE config SET kind = 'system'")
    else:
        conn = op.get_bind()
        for (key,) in conn.execute(sa.text("SELECT key FROM config")):
            kind = "theme" if key.startswith("ctf_theme") else "system"
            conn.execute(sa.text("UPDATE config SET kind = :kind WHERE key = :key"), {"kind": kind, "key": key})
    op.create_index(op.f("ix_config_kind"), "config", ["kind"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_config_kind"), table_name="config")
    op.drop_column("config", "kind")
