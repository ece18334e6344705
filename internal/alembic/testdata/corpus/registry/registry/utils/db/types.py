"""Column types of the application."""
import datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class TZDateTime(TypeDecorator):
    """A naive UTC datetime in the database, an aware one in Python."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value
