"""Events, clusters and discussions

Revision ID: de9eb0a1c8a2
Revises: cd8daf0b7911
Create Date: 2023-04-04 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "de9eb0a1c8a2"
down_revision = "cd8daf0b7911"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "clusters",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("parent_node_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("official_cluster_for_node_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
    )
    op.create_index(op.f("ix_clusters_parent_node_id"), "clusters", ["parent_node_id"], unique=False)
    op.create_index(
        "ix_clusters_owner_parent_node_id_is_official_cluster",
        "clusters",
        ["parent_node_id", "official_cluster_for_node_id"],
        unique=True,
        postgresql_where=sa.text("official_cluster_for_node_id IS NOT NULL"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("parent_node_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("slug", sa.String(), sa.Computed("slugify(title)"), nullable=False),
        sa.Column("creator_user_id", sa.BigInteger(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("geom", geoalchemy2.types.Geometry(geometry_type="POINT", srid=4326), nullable=True),
        sa.Column("address", sa.String(), nullable=True),
        sa.Column("during", postgresql.TSTZRANGE(), nullable=False),
        sa.CheckConstraint("(geom IS NULL) = (address IS NULL)", name=op.f("ck_events_geom_iff_address")),
        sa.ForeignKeyConstraint(["creator_user_id"], ["users.id"], name=op.f("fk_events_creator_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_creator_user_id"), "events", ["creator_user_id"], unique=False)
    op.create_index(op.f("ix_events_parent_node_id"), "events", ["parent_node_id"], unique=False)
    op.create_index("ix_events_during", "events", ["during"], unique=False, postgresql_using="gist")
    op.create_table(
        "event_subscriptions",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("joined", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_subscriptions_event_id_events")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_event_subscriptions_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "event_id", name=op.f("pk_event_subscriptions")),
    )
    op.create_table(
        "discussions",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("content", sa.String(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=False),
        sa.Column("owner_cluster_id", sa.BigInteger(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["owner_cluster_id"], ["clusters.id"], name=op.f("fk_discussions_owner_cluster_id_clusters")),
        sa.ForeignKeyConstraint(["thread_id"], ["threads.id"], name=op.f("fk_discussions_thread_id_threads")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussions")),
        sa.UniqueConstraint("thread_id", name=op.f("uq_discussions_thread_id")),
    )
    op.create_index(op.f("ix_discussions_owner_cluster_id"), "discussions", ["owner_cluster_id"], unique=False)
    op.add_column("users", sa.Column("recommendation_score", sa.Float(), server_default="0", nullable=False))
    op.drop_index("ix_users_active", table_name="users")
    op.create_index("ix_users_active", "users", ["id"], postgresql_where=sa.text("NOT is_banned AND last_active > now() - interval '2 years'"))


def downgrade():
    pass
