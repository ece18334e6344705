"""Clear stale places before requiring a source

Revision ID: bc7c9eaf6800
Revises: ab6b8d9f5799
Create Date: 2023-02-02 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
import geoalchemy2
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "bc7c9eaf6800"
down_revision = "ab6b8d9f5799"
branch_labels = None
depends_on = None



def upgrade():
    op.execute("TRUNCATE places")
    op.add_column("places", sa.Column("source", sa.String(), nullable=False))
    op.alter_column("places", "title", existing_type=sa.String(), type_=sa.Text(), existing_nullable=False)


def downgrade():
    op.drop_column("places", "source")
