"""What the command line says about spaces too large to count as meeting (issue 21, item 2)."""
from __future__ import annotations

import pandas as pd

from netmap.cli import main
from tests.conftest import SAMPLES

MB = SAMPLES / "millbrook"


def test_meets_at_names_the_spaces_above_the_cap_once(tmp_path, capsys):
    args = [str(MB / "ties.csv"), "--actors", str(MB / "actors.csv"), "--affiliations", str(MB / "affiliations.csv"),
            "--spaces", str(MB / "spaces.csv"), "--group-by", "sector", "--meets-at", "30"]
    assert main(["analyse", *args, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    said = [line for line in out.splitlines() if "'meets at' ties" in line and "communities" not in line]
    assert said == ["note: 'meets at' ties leave out 3 spaces with more users than the cap: Millbrook Community Hub "
                    "café and hall (44 users), Eastfield Social Club (44 users) and Millbrook Leisure Centre (32 "
                    "users); their users meet there but are not counted as knowing one another (the shared-space "
                    "scores still count their pairs)"]
    why = pd.read_csv(tmp_path / "spaces.csv").set_index("id")["why"]
    assert why["space-social-club"].endswith("with 44 users it is too large to count as its users meeting one "
                                             "another (no 'meets at' ties)")
    assert "too large" not in why["space-chapel-hall"]
    assert "communities use the 'meets at' ties' weights" in out
