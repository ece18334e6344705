"""Offline-only environment of the fixture; the metadata gives the naming convention."""
from alembic import context

from pkgapp.server.database.orm import Base

target_metadata = Base.metadata


def run_migrations_offline():
    context.configure(url="postgresql://localhost/orchestration", target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"}, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    raise SystemExit("the fixture renders SQL only: run alembic with --sql")
