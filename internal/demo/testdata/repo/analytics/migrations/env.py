"""Alembic environment of the analytics service."""
from alembic import context

from app.models import Base

target_metadata = Base.metadata


def run_migrations_online():
    connectable = context.config.attributes.get("connection")
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
