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


@pytest.fixture
def write(tmp_path):
    """Write ``content`` (str or bytes) to ``tmp_path/name`` and return the path."""

    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write
