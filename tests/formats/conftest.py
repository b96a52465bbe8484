"""Every table these tests read in columns is also read row by row, and the two must agree
(issue 26: the columnar reader keeps every guarantee of the row reader)."""
from __future__ import annotations

import pytest

from tests.formats.agreement import checking_reader


@pytest.fixture(autouse=True)
def readers_agree(monkeypatch):
    return checking_reader(monkeypatch)
