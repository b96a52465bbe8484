"""Shared fixtures: paths to the bundled samples and a helper to write files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_networks"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "ties.csv").exists())


def in_ci() -> bool:
    """Running in CI (``CI`` set, as CI services set it: ``true``, ``1`` …): there a test whose
    browser or database cannot start fails instead of skipping."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Under two test processes (``scripts/test``: ``--dist loadgroup``) each test file runs in
    one process, so its servers start once, and every file with a browser test runs in the same
    one, one after another: two apps and two Chromiums at once on two cores made their waits time
    out. A browser test gets one more try (pytest-rerunfailures), as its timing follows the
    machine's load; a test that fails twice fails."""
    browser_files = {item.path for item in items if item.get_closest_marker("browser")}
    for item in items:
        in_browser_file = item.path in browser_files
        item.add_marker(pytest.mark.xdist_group("browser" if in_browser_file else item.nodeid.split("::")[0]))
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.flaky(reruns=1))


@pytest.fixture
def write(tmp_path):
    """Write ``content`` (str or bytes) to ``tmp_path/name`` and return the path."""

    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


def no_postgres(reason: str):
    """Fail in CI, skip elsewhere: the PostgreSQL test server could not start."""
    if in_ci():
        pytest.fail(f"PostgreSQL is required in CI but the test server could not start: {reason}")
    pytest.skip(f"no PostgreSQL test server: {reason}")


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server (tests/store/pgserver.py) for the whole run, or the
    exception that kept it from starting (each test that needs it reports it)."""
    from tests.store.pgserver import PgServer  # its module is loaded only by runs that use the server

    try:
        server = PgServer().start()
    except Exception as exc:  # noqa: BLE001 - reported by each test that needs it
        yield exc
        return
    try:
        yield server
    finally:
        server.stop()
