"""Enable millisecond precision in MySQL datetime

Revision ID: 46a278193a94
Revises: f73a96c97449
Create Date: 2024-01-11 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "46a278193a94"
down_revision = "f73a96c97449"
branch_labels = None
depends_on = None

from sqlalchemy.dialects import mysql


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "mysql":
        op.alter_column("awards", "date", existing_type=mysql.DATETIME(), type_=mysql.DATETIME(fsp=6))
        op.alter_column("tracking", "date", existing_type=mysql.DATETIME(), type_=mysql.DATETIME(fsp=6))


def downgrade():
    pass
