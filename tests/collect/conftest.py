"""Fixtures of the questionnaire server's tests: a store with an open collection and its links,
and Starlette's TestClient on the server (no network: requests go straight to the app)."""
from __future__ import annotations

import warnings

import pytest

from tests.collect.helpers import open_locality
from tests.store.conftest import pg_url  # noqa: F401  (a fresh database; the server is in tests/conftest.py)


@pytest.fixture
def opened(tmp_path):
    result = open_locality(str(tmp_path / "store.db"), tmp_path)
    yield result
    result.store.close()


def client_of(store, base_url: str = "http://testserver", **limits):
    from netmap.collect.app import Limits, create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette 1.x prefers httpx2 and warns; httpx still works
        from starlette.testclient import TestClient
    return TestClient(create_app(store=store, limits=Limits(**limits) if limits else None), base_url=base_url)


@pytest.fixture
def client(opened):
    with client_of(opened.store) as test_client:
        yield test_client
