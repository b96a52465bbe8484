"""Formula-safe exports (OWASP CSV injection)."""
from __future__ import annotations

import pandas as pd

from netmap.export import csv_bytes, inert, safe_frame


def test_inert_prefixes_only_formula_starts():
    for risky in ("=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert inert(risky) == "'" + risky
    for harmless in ("Food bank", "", "a=b", 3, -2.5, None):
        assert inert(harmless) == harmless


def test_numbers_stay_numbers():
    frame = pd.DataFrame({"name": ["=cmd", "ok"], "ei_index": [-0.5, 1.0]})
    safe = safe_frame(frame)
    assert list(safe["name"]) == ["'=cmd", "ok"] and list(safe["ei_index"]) == [-0.5, 1.0]
    assert list(frame["name"]) == ["=cmd", "ok"]  # the input is not changed
    assert csv_bytes(frame).startswith(b"\xef\xbb\xbfname,ei_index\r\n'=cmd,-0.5".replace(b"\r\n", b"\n"))
