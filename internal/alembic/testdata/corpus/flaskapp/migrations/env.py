"""Offline-only environment of the fixture: the application's env.py
takes its metadata from the Flask app; the fixture renders SQL only."""
from alembic import context

target_metadata = None


def run_migrations_offline():
    context.configure(url="postgresql://localhost/ctf", target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    raise SystemExit("the fixture renders SQL only: run alembic with --sql")
