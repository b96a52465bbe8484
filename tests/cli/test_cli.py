"""The command line: summaries, one-line errors, exit codes, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from netmap.cli import main
from tests.conftest import ROOT, SAMPLE_NAMES, SAMPLES


def run(*args):
    return subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)


def test_help_documents_validate():
    result = run("validate", "--help")
    assert result.returncode == 0
    for option in ("--actors", "--directed", "TIES", "50 MiB"):
        assert option in result.stdout


@pytest.mark.parametrize("sample", [s for s in SAMPLE_NAMES if s != "templates"])
def test_validate_every_sample(sample):
    folder = SAMPLES / sample
    result = run("validate", folder / "ties.csv", "--actors", folder / "actors.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: ")
    assert "actors:" in result.stdout and "ties:" in result.stdout and "groups:" in result.stdout
    assert result.stderr == ""


def test_millbrook_summary(capsys):
    folder = SAMPLES / "millbrook"
    assert main(["validate", str(folder / "ties.csv"), "--actors", str(folder / "actors.csv")]) == 0
    out = capsys.readouterr().out
    # 483 ties: 478 before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert "actors:   168" in out and "ties:     483 (undirected)" in out
    assert "groups:   sector (4), ward (5)" in out
    assert "warnings: 0" in out


def test_bad_input_exits_2_with_one_line_per_error(write):
    ties = write("ties.csv", "source,target,weight\na,b,1\nb,c,lots\nc,,2\n")
    result = run("validate", ties)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        ("error: ties.csv, row 3, column 'weight': weight 'lots' is not a number; weights are tie strengths, "
         "positive numbers such as 1 to 5"),
        "error: ties.csv, row 4, column 'target': the target actor is blank; every tie needs a source and a target",
        ("hint: every error is confined to its own row (ties.csv rows 3, 4): add --skip-bad-rows to read the other "
         "1 row (--set-aside FILE saves the bad ones for correcting)"),
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "error: ties.csv: is empty"),
        (b"\x00\x01\x02binary\x00junk\x00\x00", "error: ties.csv: looks like a binary file"),
        (b"a,b\nc,d\n", "error: ties.csv, row 1: missing required column 'source'"),
    ],
)
def test_unusable_files(write, capsys, content, expected):
    assert main(["validate", str(write("ties.csv", content))]) == 2
    assert capsys.readouterr().err.startswith(expected)


def test_missing_file(capsys):
    assert main(["validate", "nowhere.csv"]) == 2
    assert capsys.readouterr().err.startswith("error: nowhere.csv: file not found")


@pytest.mark.parametrize("sample", [s for s in SAMPLE_NAMES if s != "templates"])
def test_analyse_every_sample(sample, tmp_path):
    import json

    import pandas as pd

    from netmap.analysis import METRIC_COLUMNS, SUMMARY_KEYS

    folder = SAMPLES / sample
    result = run("analyse", folder / "ties.csv", "--actors", folder / "actors.csv", "--out", tmp_path,
                 "--formats", "gexf,graphml")
    assert result.returncode == 0, result.stderr
    actors = pd.read_csv(tmp_path / "actors.csv", dtype={"id": str})
    metric_columns = [c for c in actors.columns if c in METRIC_COLUMNS]
    assert metric_columns == [c for c in METRIC_COLUMNS if c not in ("in_degree", "out_degree")]
    assert list(actors.columns[:2]) == ["id", "name"]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert list(summary) == SUMMARY_KEYS
    run_info = json.loads((tmp_path / "run.json").read_text())
    assert run_info["options"]["seed"] == 0 and run_info["betweenness_exact"] is True
    import networkx as nx

    assert nx.read_graphml(tmp_path / "network.graphml").number_of_nodes() == len(actors)
    assert nx.read_gexf(tmp_path / "network.gexf").number_of_nodes() == len(actors)
    for name in ("brokers.csv", "hidden_wealth.csv", "introductions.csv", "group_gaps.csv"):
        table = pd.read_csv(tmp_path / name)
        assert "why" in table.columns, name
    assert {"broker_score", "broker_rank", "hidden_wealth_score", "cut_off_if_removed"} <= set(actors.columns)


def test_analyse_options_and_errors(tmp_path, write, capsys):
    folder = SAMPLES / "millbrook"
    args = [str(folder / "ties.csv"), "--actors", str(folder / "actors.csv"), "--out", str(tmp_path), "--force"]
    assert main(["analyse", *args, "--group-by", "ward", "--weighted", "--seed", "3", "--method", "louvain",
                 "--directed"]) == 0
    assert "groups from 'ward'" in capsys.readouterr().out
    assert main(["analyse", *args, "--group-by", "postcode"]) == 2
    assert capsys.readouterr().err.startswith("error: --group-by 'postcode' is not an actor attribute")
    assert main(["analyse", *args, "--broker-weights", "1,2"]) == 2
    assert "--broker-weights takes five non-negative numbers" in capsys.readouterr().err
    assert main(["analyse", *args, "--resolution", "0"]) == 2
    assert capsys.readouterr().err == "error: --resolution must be a positive number, not 0\n"
    bad = write("bad.csv", "source,target,weight\na,b,0\n")
    assert main(["analyse", str(bad), "--out", str(tmp_path), "--force"]) == 2
    assert capsys.readouterr().err.startswith("error: bad.csv, row 2, column 'weight'")


def test_analyse_help_documents_every_option():
    out = run("analyse", "--help").stdout
    for option in ("--actors", "--directed", "--group-by", "--weighted", "--seed", "--method", "--resolution", "--out",
                   "--capacity", "--broker-weights", "--introductions", "--formats", "--exact"):
        assert option in out


def test_formula_looking_names_are_written_inert(write, tmp_path):
    ties = write("ties.csv", 'source,target\n"=HYPERLINK(""http://x"")",b\nb,@SUM(1)\n')
    assert main(["analyse", str(ties), "--out", str(tmp_path / "out")]) == 0
    text = (tmp_path / "out" / "actors.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_report_command(tmp_path, capsys):
    folder = SAMPLES / "karate"
    args = ["report", str(folder / "ties.csv"), "--actors", str(folder / "actors.csv"), "--group-by", "club"]
    assert main([*args, "--out", str(tmp_path / "plain"), "--title", "Karate club"]) == 0
    names = sorted(p.name for p in (tmp_path / "plain").iterdir())
    assert names == ["briefing.html", "kumu.xlsx", "map.png", "map.svg", "netmap.xlsx", "network.gexf",
                     "network.graphml", "run.json"]
    run_info = json.loads((tmp_path / "plain" / "run.json").read_text(encoding="utf-8"))
    assert run_info["group_column"] == "club" and run_info["options"]["seed"] == 0
    assert "<h1>Karate club</h1>" in (tmp_path / "plain" / "briefing.html").read_text(encoding="utf-8")
    assert main([*args, "--out", str(tmp_path / "private"), "--pseudonymise", "--key-out", str(tmp_path / "key.csv")]) == 0
    out = capsys.readouterr().out
    assert "pseudonym key (keep it to get the same codes next time):" in out
    assert not (tmp_path / "private" / "pseudonym-key.DO-NOT-SHARE.csv").exists()
    assert "Member 33" in (tmp_path / "key.csv").read_text(encoding="utf-8")
    assert "Member 33" not in (tmp_path / "private" / "network.graphml").read_text(encoding="utf-8")


def test_report_help():
    out = run("report", "--help").stdout
    for option in ("--pseudonymise", "--key", "--title", "--out", "briefing.html", "kumu.xlsx"):
        assert option in out


def test_analyse_pseudonymised(tmp_path, capsys):
    folder = SAMPLES / "millbrook"
    assert main(["analyse", str(folder / "ties.csv"), "--actors", str(folder / "actors.csv"), "--group-by", "sector",
                 "--key", "k1", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Millbrook Community Hub" not in out and "A-" in out
    for path in tmp_path.iterdir():
        if path.name.startswith("pseudonym-key"):
            assert "Millbrook Community Hub" in path.read_text(encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        assert "Millbrook Community Hub" not in text and "Amina Patel" not in text, path.name


@pytest.mark.parametrize("args", [["validate", SAMPLES / "millbrook" / "ties.csv"], ["--help"]])
def test_closed_pipe_ends_quietly(args):
    """`netmap validate … | head -3` (issue 9): the reader closes the pipe before netmap writes;
    no BrokenPipeError traceback, status 0."""
    process = subprocess.Popen([sys.executable, "-m", "netmap", *map(str, args)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.close()  # the reader is gone before the first line is written
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()


def test_analyse_says_why_there_is_no_broker_and_counts_in_words(write, tmp_path, capsys):
    """Issue 9: four towns with no tie between them gave no broker and no reason; "1 actors"."""
    ties = write("ties.csv", "source,target\na,b\nb,c\nx,y\n")
    actors = write("actors.csv", "id,town\na,Peoria\nb,Peoria\nc,Peoria\nx,Quincy\ny,Quincy\n")
    assert main(["analyse", str(ties), "--actors", str(actors), "--group-by", "town", "--out",
                 str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "no honest-broker candidates: no actor has contacts in two or more towns" in out
    one = write("one.csv", "source,target\na,b\n")
    assert main(["analyse", str(one), "--out", str(tmp_path / "one")]) == 0
    assert "analysed 2 actors and 1 tie:" in capsys.readouterr().out


def test_network_files_only_when_asked(tmp_path, capsys):
    # issue 15: GEXF and GraphML took longer than the analysis; the default set is the tables and JSON
    folder = SAMPLES / "karate"
    args = [str(folder / "ties.csv"), "--actors", str(folder / "actors.csv")]
    assert main(["analyse", *args, "--out", str(tmp_path / "default")]) == 0
    written = sorted(p.name for p in (tmp_path / "default").iterdir())
    assert written == ["actors.csv", "brokers.csv", "circles.csv", "group_gaps.csv", "hidden_wealth.csv",
                       "introductions.csv", "run.json", "summary.json"]
    assert main(["analyse", *args, "--formats", "graphml", "--out", str(tmp_path / "some")]) == 0
    assert (tmp_path / "some" / "network.graphml").exists() and not (tmp_path / "some" / "network.gexf").exists()
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["analyse", *args, "--formats", "pdf", "--out", str(tmp_path / "bad")])
    assert exit_info.value.code == 2 and "unknown format 'pdf'" in capsys.readouterr().err


def test_exact_option_reaches_the_analysis(tmp_path):
    folder = SAMPLES / "karate"
    assert main(["analyse", str(folder / "ties.csv"), "--exact", "--out", str(tmp_path)]) == 0
    info = json.loads((tmp_path / "run.json").read_text())
    assert info["options"]["exact"] is True and info["estimated"] == {}


def test_help_and_validate_import_no_heavy_library():
    # issue 15: `--help` took 2.3 s loading scikit-learn and scipy.stats; they load only when used,
    # and validate, which never builds the graph, does not load networkx either
    code = ("import sys, contextlib, io\n"
            "from netmap.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try: main(['--help'])\n"
            "    except SystemExit: pass\n"
            "heavy = [m for m in ('sklearn', 'scipy', 'igraph', 'networkx', 'pandas') if m in sys.modules]\n"
            f"main(['validate', r'{SAMPLES / 'karate' / 'ties.csv'}', '--quiet'])\n"
            "late = [m for m in ('sklearn', 'scipy.stats', 'igraph', 'networkx') if m in sys.modules]\n"
            "print(heavy, late)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] []"


def test_analyse_imports_no_networkx(tmp_path):
    # issue 15: the analysis indexes the tables directly (index_tables); networkx, a tenth of a
    # 2,000-actor run, loads only for the files that need it (GEXF, GraphML, the briefing's map)
    code = ("import sys, contextlib, io\n"
            "from netmap.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['analyse', r'{SAMPLES / 'millbrook' / 'ties.csv'}', '--actors', "
            f"r'{SAMPLES / 'millbrook' / 'actors.csv'}', '--out', r'{tmp_path / 'out'}'])\n"
            "print('networkx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert (tmp_path / "out" / "brokers.csv").exists()


def test_community_methods_spelled_out_in_the_cli_match_the_metrics():
    from netmap.cli.options import COMMUNITY_METHODS
    from netmap.metrics.communities import METHODS

    assert COMMUNITY_METHODS == METHODS


def test_copresence_cap_spelled_out_in_the_cli_matches_the_reader():
    from netmap.cli.options import COPRESENCE_CAP as SPELLED_OUT
    from netmap.validate.affiliations import COPRESENCE_CAP

    assert SPELLED_OUT == COPRESENCE_CAP
