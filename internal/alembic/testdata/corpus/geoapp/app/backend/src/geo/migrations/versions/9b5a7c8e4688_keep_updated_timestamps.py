"""Keep updated timestamps

Revision ID: 9b5a7c8e4688
Revises: 8a4f6b7d3577
Create Date: 2023-09-09 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "9b5a7c8e4688"
down_revision = "8a4f6b7d3577"
branch_labels = None
depends_on = None


TABLES = ["users", "cities", "places", "threads"]


def _install_trigger(table):
    op.execute(f"CREATE TRIGGER {table}_updated BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION set_updated()")


def upgrade():
    op.execute(
        """
        CREATE FUNCTION set_updated() RETURNS trigger AS $$
        BEGIN
            NEW.updated = now();
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    for table in TABLES:
        op.add_column(table, sa.Column("updated", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))
        _install_trigger(table)


def downgrade():
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_updated ON {table}")
        op.drop_column(table, "updated")
    op.execute("DROP FUNCTION set_updated")
