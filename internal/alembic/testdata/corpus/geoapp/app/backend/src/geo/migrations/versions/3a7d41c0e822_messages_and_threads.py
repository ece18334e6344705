"""Messages and threads share a status type

Revision ID: 3a7d41c0e822
Revises: 2b9e0f7c5d11
Create Date: 2023-03-03 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "3a7d41c0e822"
down_revision = "2b9e0f7c5d11"
branch_labels = None
depends_on = None

import enum


class MessageType(enum.Enum):
    text = 1
    chat_created = 2
    user_invited = 3


def upgrade():
    visibility = sa.Enum("public", "members", "hidden", name="visibility")
    op.create_table(
        "threads",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("visibility", visibility, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("message_type", sa.Enum(MessageType), nullable=False),
        sa.Column("visibility", visibility, nullable=False),
        sa.Column("text", sa.String(), nullable=True),
        sa.Column("time", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["threads.id"], name=op.f("fk_messages_thread_id_threads")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_messages_author_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    op.create_index(op.f("ix_messages_thread_id"), "messages", ["thread_id"], unique=False)


def downgrade():
    op.drop_table("messages")
    op.drop_table("threads")
