"""What reading changed is said by analyse, report and the briefing (issue 9: 32,424 contact rows
merged into 1,139 ties were visible only in ``validate``)."""
from __future__ import annotations

import json

from netmap import analyse
from netmap.cli import main
from netmap.network import load_network
from netmap.outputs.briefing import briefing_html
from netmap.validate.summary import changes_summary

# one row per contact, as sensors record them: a–b three times, b–c twice, plus a self-tie
CONTACTS = "source,target,time\na,b,20\na,b,40\nb,a,60\nb,c,80\nc,b,100\nc,c,120\nc,d,140\n"


def test_analyse_prints_one_line_and_records_every_warning(tmp_path, capsys):
    ties = tmp_path / "ties.csv"
    ties.write_text(CONTACTS)
    assert main(["analyse", str(ties), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("reading changed the input")]
    assert lines == ["reading changed the input: 5 tie rows combined into 2 ties (repeats of the same pair, weights "
                     "summed); 1 self-tie dropped (every row: 'reading_warnings' in run.json, or netmap validate)"]
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["reading"].startswith("reading changed the input: 5 tie rows")
    assert len(run["reading_warnings"]) == 3
    assert any("rows 2, 3, 4" in w and "appears 3 times" in w for w in run["reading_warnings"])
    assert any("self-tie" in w and "row 7" in w for w in run["reading_warnings"])


def test_report_and_briefing_say_what_reading_changed(tmp_path, capsys):
    ties = tmp_path / "ties.csv"
    ties.write_text(CONTACTS)
    network, _ = load_network(ties)
    assert "Reading the files changed them: 5 tie rows combined into 2 ties (repeats of the same pair, weights " \
        "summed); 1 self-tie dropped" in \
        briefing_html(analyse(network))
    assert main(["report", str(ties), "--out", str(tmp_path / "bundle")]) == 0
    assert "reading changed the input: 5 tie rows combined into 2 ties" in capsys.readouterr().out


def test_nothing_changed_says_nothing(tmp_path):
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target\na,b\nb,c\n")
    network, _ = load_network(ties)
    assert changes_summary(network.warnings) == ""
    assert "Reading the files changed" not in briefing_html(analyse(network))
