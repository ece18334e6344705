"""Offline-only environment of the fixture: the application runs Alembic
from code with this script location."""
from alembic import context


def run_migrations_offline():
    context.configure(url="postgresql://localhost/registry", target_metadata=None, literal_binds=True,
                      dialect_opts={"paramstyle": "named"}, compare_server_default=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    raise SystemExit("the fixture renders SQL only: run alembic with --sql")
