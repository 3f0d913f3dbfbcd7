"""Storage layer: Alembic environment; the URL comes from the config the caller builds."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import sync_server.models  # noqa: F401  (registers the tables)
from sync_server.storage import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                # table rebuilds (batch mode) must not trip over foreign keys mid-migration
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()  # end the autobegun transaction: alembic must own the next one
            context.configure(connection=conn, target_metadata=target_metadata,
                              render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
