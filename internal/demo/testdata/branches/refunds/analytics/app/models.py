"""The analytics service's SQLAlchemy models."""
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Event(Base):
    __tablename__ = "events"
    id = sa.Column(sa.BigInteger, primary_key=True)
    user_id = sa.Column(sa.BigInteger, nullable=False)
    kind = sa.Column(sa.Enum("view", "click", name="event_kind"), nullable=False)
    occurred_at = sa.Column(sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
    session_id = sa.Column(sa.String(64), nullable=False)
    amount_cents = sa.Column(sa.Integer, nullable=False)
