"""Store fixtures: a SQLite store in a temp folder, and a fresh database on the throwaway
PostgreSQL server (``pg_server``, in tests/conftest.py: the browser tests use it too).

In CI (``CI`` set, see ``tests.conftest.in_ci``) a PostgreSQL test whose server cannot
start fails; elsewhere it skips.
"""
from __future__ import annotations

import pytest

from tests.conftest import no_postgres


@pytest.fixture
def pg_url(pg_server) -> str:
    """URL of a fresh empty PostgreSQL database on the throwaway server."""
    if isinstance(pg_server, Exception):
        no_postgres(str(pg_server))
    return pg_server.new_database()


@pytest.fixture
def sqlite_db(tmp_path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")
