"""Alembic environment: netmap runs migrations itself, on the connection it opened.

:func:`netmap.store.engine.migrate` passes the connection in ``config.attributes``; nothing
here reads a URL or a password.
"""
from alembic import context


def run_migrations(config) -> None:
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


try:
    _config = context.config
except (NameError, AttributeError):  # imported outside Alembic (pytest collecting doctests): nothing to run
    _config = None
if _config is not None:
    run_migrations(_config)
