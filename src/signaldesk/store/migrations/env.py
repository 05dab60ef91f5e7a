"""Alembic environment: signaldesk hands over an open connection; nothing reads the environment."""

from alembic import context

from signaldesk.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
