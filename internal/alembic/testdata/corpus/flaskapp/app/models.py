"""The application's models, as the ORM data migration imports them."""
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Users(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(128))
    email = sa.Column(sa.String(128), unique=True)
    language = sa.Column(sa.String(32), nullable=True)
