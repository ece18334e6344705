"""Offline-only environment of the fixture; the tool renders as batch."""
from alembic import context


def run_migrations_offline():
    context.configure(url="postgresql://localhost/toolkit", target_metadata=None, literal_binds=True,
                      dialect_opts={"paramstyle": "named"}, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    raise SystemExit("the fixture renders SQL only: run alembic with --sql")
