import os

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
target_metadata = None

# The tests break env.py on purpose through this variable.
mode = os.environ.get("MIGGUARD_TEST_ENV_MODE", "")
if mode == "fail":
    raise RuntimeError("cannot reach the settings service")
if mode == "sleep":
    import time

    time.sleep(60)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
