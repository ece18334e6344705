"""Account deletion tokens expire

Revision ID: 6d8c2e4f1355
Revises: 5e19c6a7b244
Create Date: 2023-06-06 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "6d8c2e4f1355"
down_revision = "5e19c6a7b244"
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        "account_deletion_tokens",
        sa.Column("token", sa.String(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column(
            "expiry",
            sa.DateTime(timezone=True),
            server_default=sa.func.now() + sa.text("interval '2 hours'"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_account_deletion_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_account_deletion_tokens")),
    )
    op.add_column(
        "users",
        sa.Column("undelete_until", sa.DateTime(timezone=True), server_default=sa.text("now() + interval '730 days'"), nullable=True),
    )
    op.add_column(
        "users",
        sa.Column("recheck_after", sa.DateTime(timezone=True), server_default=sa.func.now() + sa.text("interval '730 days'"), nullable=True),
    )


def downgrade():
    op.drop_column("users", "recheck_after")
    op.drop_column("users", "undelete_until")
    op.drop_table("account_deletion_tokens")
