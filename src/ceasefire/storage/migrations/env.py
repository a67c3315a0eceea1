"""Alembic environment: runs migrations on the engine handed over by ceasefire.storage.migrate."""

from __future__ import annotations

from alembic import context

from ceasefire.storage.database import lock_for_writing
from ceasefire.storage.schema import metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    # Several API workers may start at once on a fresh database: the first migrates, the
    # others wait here and then find the schema at head.
    lock_for_writing(connection)
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
