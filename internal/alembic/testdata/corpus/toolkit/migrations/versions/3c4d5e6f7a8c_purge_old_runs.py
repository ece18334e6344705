"""Purge old runs

Revision ID: 3c4d5e6f7a8c
Revises: 2b3c4d5e6f7b
Create Date: 2025-04-04 08:15:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "3c4d5e6f7a8c"
down_revision: Union[str, Sequence[str], None] = "2b3c4d5e6f7b"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


RETENTION_DAYS = 90
TABLE = "runs"


def upgrade() -> None:
    op.execute("DELETE FROM {} WHERE finished_at < now() - interval '{} days'".format(TABLE, RETENTION_DAYS))
    op.execute("UPDATE %s SET status = 'failed' WHERE status = '%s' AND started_at IS NULL" % (TABLE, "running"))
    op.execute(f"ANALYZE {TABLE}")


def downgrade() -> None:
    pass
