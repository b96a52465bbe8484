"""The questionnaire's tests share the collect tests' locality and stores."""
from tests.collect.conftest import client, opened  # noqa: F401
from tests.store.conftest import pg_url  # noqa: F401  (pg_server is in tests/conftest.py)
