"""Formula-safe exports (OWASP CSV injection)."""
from __future__ import annotations

import pandas as pd

from netmap.formats.cells import csv_bytes, inert, safe_frame


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


def test_fullwidth_and_small_formula_prefixes_are_inert():
    # U+FF1D fullwidth equals, U+FE66 small equals, and the fullwidth plus, minus and at
    for risky in ("\uff1dcmd|' /C calc'!A0", "\ufe66SUM(1)", "\uff0b1", "\uff0d1", "\uff20SUM(A1)"):
        assert inert(risky) == "'" + risky


def test_header_row_is_formula_safe():
    frame = pd.DataFrame({"=HYPERLINK(\"http://x\")": ["a"], "\uff1dcmd": ["b"], "name": ["c"]})
    header = csv_bytes(frame).decode("utf-8-sig").splitlines()[0]
    assert header == "\"'=HYPERLINK(\"\"http://x\"\")\",'\uff1dcmd,name"
    assert list(safe_frame(frame).columns) == ["'=HYPERLINK(\"http://x\")", "'\uff1dcmd", "name"]


def test_header_row_of_analyse_output_is_formula_safe(tmp_path):
    from netmap.cli import main

    (tmp_path / "ties.csv").write_text("source,target\na,b\nb,c\n", encoding="utf-8")
    (tmp_path / "actors.csv").write_text("id,=1+1,\uff1dcmd\na,x,y\nb,x,y\nc,z,y\n", encoding="utf-8")
    assert main(["analyse", str(tmp_path / "ties.csv"), "--actors", str(tmp_path / "actors.csv"),
                 "--out", str(tmp_path / "out")]) == 0
    header = (tmp_path / "out" / "actors.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["id", "name", "'=1+1", "'\uff1dcmd"]


def test_text_columns_are_guarded_whole_as_cell_by_cell():
    """Columns of pandas' text type are guarded with one whole-column test: the same cells as
    :func:`inert` one by one, missing values left missing, other columns untouched."""
    import pandas as pd

    from netmap.formats.cells import FORMULA_PREFIXES, inert, safe_frame

    texts = [p + "x" for p in FORMULA_PREFIXES] + ["plain", "x=1", None, ""]
    frame = pd.DataFrame({"text": pd.array(texts, dtype="string"), "number": range(len(texts))})
    guarded = safe_frame(frame)
    expected = [None if t is None else inert(t) for t in texts]
    assert [None if pd.isna(v) else v for v in guarded["text"]] == expected
    assert guarded["number"].tolist() == list(range(len(texts)))
