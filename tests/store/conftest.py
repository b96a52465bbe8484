"""Store fixtures: a SQLite store in a temp folder, and a real throwaway PostgreSQL server.

In CI (``CI`` set, see ``tests.conftest.in_ci``) a PostgreSQL test whose server cannot
start fails; elsewhere it skips.
"""
from __future__ import annotations

import pytest

from tests.conftest import in_ci

from .pgserver import PgServer


def _no_postgres(reason: str):
    if in_ci():
        pytest.fail(f"PostgreSQL is required in CI but the test server could not start: {reason}")
    pytest.skip(f"no PostgreSQL test server: {reason}")


@pytest.fixture(scope="session")
def pg_server():
    try:
        server = PgServer().start()
    except Exception as exc:  # reported by each test that needs it
        yield exc
        return
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """URL of a fresh empty PostgreSQL database on the throwaway server."""
    if isinstance(pg_server, Exception):
        _no_postgres(str(pg_server))
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
