"""Alembic environment: netmap runs migrations itself, on the connection it opened.

:func:`netmap.store.engine.migrate` passes the connection in ``config.attributes``; nothing
here reads a URL or a password.
"""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
