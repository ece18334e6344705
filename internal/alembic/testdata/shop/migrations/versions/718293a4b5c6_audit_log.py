"""audit log table, filled by a trigger

Revision ID: 718293a4b5c6
Revises: 60718293a4b5
Create Date: 2025-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "718293a4b5c6"
down_revision: Union[str, Sequence[str], None] = "60718293a4b5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


AUDIT_TABLE = "audit_log"


def upgrade() -> None:
    op.create_table(
        AUDIT_TABLE,
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column("table_name", sa.Text(), nullable=False),
        sa.Column("row_id", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_audit_log_row", AUDIT_TABLE, ["table_name", "row_id"])
    op.execute(sa.text("""
        CREATE FUNCTION audit_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO audit_log (table_name, row_id) VALUES ('orders', NEW.id);
            RETURN NEW;
        END
        $$
    """))
    for table in ("orders", "order_lines"):
        op.execute(f"CREATE TRIGGER audit_{table} AFTER UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION audit_order()")


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_order_lines ON order_lines")
    op.execute("DROP TRIGGER audit_orders ON orders")
    op.execute("DROP FUNCTION audit_order()")
    op.drop_table(AUDIT_TABLE)
