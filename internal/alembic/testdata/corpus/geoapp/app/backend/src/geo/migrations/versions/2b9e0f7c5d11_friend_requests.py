"""Friend requests

Revision ID: 2b9e0f7c5d11
Revises: 1c4de3a2f1b0
Create Date: 2023-02-02 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "2b9e0f7c5d11"
down_revision = "1c4de3a2f1b0"
branch_labels = None
depends_on = None



def upgrade():
    friend_status = postgresql.ENUM("pending", "accepted", "rejected", name="friendstatus")
    friend_status.create(op.get_bind())
    op.create_table(
        "friend_relationships",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("from_user_id", sa.BigInteger(), nullable=False),
        sa.Column("to_user_id", sa.BigInteger(), nullable=False),
        sa.Column("time_sent", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["from_user_id"], ["users.id"], name=op.f("fk_friend_relationships_from_user_id_users")),
        sa.ForeignKeyConstraint(["to_user_id"], ["users.id"], name=op.f("fk_friend_relationships_to_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_friend_relationships")),
    )
    op.add_column(
        "friend_relationships",
        sa.Column("status", postgresql.ENUM(name="friendstatus", create_type=False), nullable=False, server_default="pending"),
    )
    op.create_index(op.f("ix_friend_relationships_from_user_id"), "friend_relationships", ["from_user_id"])
    op.create_index(op.f("ix_friend_relationships_to_user_id"), "friend_relationships", ["to_user_id"])


def downgrade():
    op.drop_table("friend_relationships")
    op.execute("DROP TYPE friendstatus")
