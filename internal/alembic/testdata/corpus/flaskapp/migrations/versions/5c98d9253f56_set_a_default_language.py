"""Set a default language on existing users

Revision ID: 5c98d9253f56
Revises: 0def790057c1
Create Date: 2024-07-17 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5c98d9253f56"
down_revision = "0def790057c1"
branch_labels = None
depends_on = None

from sqlalchemy.orm import Session

from app.models import Users


def upgrade():
    session = Session(bind=op.get_bind())
    for user in session.query(Users).filter(Users.language.is_(None)):
        user.language = "en"
    session.commit()


def downgrade():
    pass
