"""compare(): statuses on a hand-made pair of waves, every number of changes.json against
scipy / sklearn / networkx computed here independently, the Millbrook wave 2 plants, the CLI."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import networkx as nx
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from netmap.analysis import analyse
from netmap.cli import main
from netmap.compare import compare
from netmap.errors import InputError
from netmap.network import StakeholderNetwork
from netmap.outputs.briefing import briefing_html
from tests.conftest import ROOT, SAMPLES

MILLBROOK = SAMPLES / "millbrook"


def network(ties, actors, directed=False):
    frame = pd.DataFrame(ties, columns=["source", "target", "weight", "type"]).astype(
        {"source": object, "target": object, "type": object})
    people = pd.DataFrame({"id": actors, "name": [f"Name {a}" for a in actors]}, dtype=object)
    return StakeholderNetwork(people, frame, directed)


def statuses(changes):
    return {(r.source, r.target): r.status for r in changes.ties.itertuples()}


def test_statuses_on_a_hand_made_pair():
    before = network([("a", "b", 1, "x"), ("b", "c", 2, "x"), ("a", "c", 1, "y"), ("c", "d", 3, "x")],
                     ["a", "b", "c", "d"])
    # b-a written the other way round is the same undirected tie; d left, e joined
    after = network([("b", "a", 1, "x"), ("b", "c", 3, "x"), ("a", "c", 0.5, "y"), ("c", "e", 2, "z")],
                    ["a", "b", "c", "e"])
    changes = compare(analyse(before), analyse(after))
    assert statuses(changes) == {("c", "e"): "new", ("c", "d"): "lost", ("b", "c"): "stronger",
                                 ("a", "c"): "weaker", ("b", "a"): "unchanged"}
    ties = changes.ties.set_index(["source", "target"])
    assert ties.loc[("b", "c"), ["weight_before", "weight_after"]].tolist() == [2, 3]
    assert ties.loc[("c", "d"), "type"] == "x" and pd.isna(ties.loc[("c", "d"), "weight_after"])
    assert ties.loc[("c", "e"), "type"] == "z" and pd.isna(ties.loc[("c", "e"), "weight_before"])
    actors = changes.actors.set_index("id")
    assert actors["status"].to_dict() == {"e": "joined", "d": "left", "a": "stayed", "b": "stayed", "c": "stayed"}
    assert actors.loc["c", ["ties_gained", "ties_lost"]].tolist() == [1, 1]
    assert actors.loc["d", "why"] == "not in the later wave; had 1 tie"
    assert actors.loc["e", "why"].startswith("joined with 1 tie")
    # c was the only link to d before, and is the only link to e after
    assert actors.loc["c", ["cut_off_before", "cut_off_after"]].tolist() == [1, 1]
    n = changes.numbers
    assert n["actors"] | {} == {"before": 4, "after": 4, "joined": 1, "left": 1, "stayed": 3, "jaccard": 3 / 5}
    assert {k: n["ties"][k] for k in ("new", "lost", "stronger", "weaker", "unchanged")} == {
        "new": 1, "lost": 1, "stronger": 1, "weaker": 1, "unchanged": 1}
    assert n["ties"]["jaccard"] == 3 / 5
    assert changes.summary[0].startswith("1 new tie")
    assert "1 actor joined (Name e) and 1 left (Name d)" in changes.summary


def test_directed_ties_keep_their_direction():
    before = network([("a", "b", 1, None), ("b", "c", 1, None)], ["a", "b", "c"], directed=True)
    after = network([("b", "a", 1, None), ("b", "c", 1, None)], ["a", "b", "c"], directed=True)
    assert statuses(compare(analyse(before), analyse(after))) == {
        ("b", "a"): "new", ("a", "b"): "lost", ("b", "c"): "unchanged"}
    undirected = network([("a", "b", 1, None)], ["a", "b", "c"])
    with pytest.raises(InputError, match="both be directed or both undirected"):
        compare(analyse(before), analyse(undirected))


def test_no_change_compares_as_unchanged():
    wave = network([("a", "b", 1, None), ("b", "c", 2, None)], ["a", "b", "c"])
    changes = compare(analyse(wave), analyse(wave))
    assert set(changes.ties["status"]) == {"unchanged"} and set(changes.actors["status"]) == {"stayed"}
    assert changes.numbers["actors"]["jaccard"] == changes.numbers["ties"]["jaccard"] == 1.0
    assert changes.numbers["community_agreement"]["ari"] == 1.0


def test_ids_that_lost_their_leading_zeros_are_flagged_not_silently_turned_over():
    """Issue 21, item 8: the same map with its ids re-saved as numbers (007 → 7) compared as
    total turnover with nothing said. The numbers stay as written; a warning comes first."""
    ties = [("007", "010", 1, None), ("010", "012", 2, None), ("012", "hub", 1, None), ("007", "hub", 1, None)]
    before = network(ties, ["007", "010", "012", "hub"])
    after = network([(a.lstrip("0"), b.lstrip("0"), w, t) for a, b, w, t in ties], ["7", "10", "12", "hub"])
    changes = compare(analyse(before), analyse(after))
    assert changes.numbers["actors"]["joined"] == 3 and changes.numbers["ties"]["unchanged"] == 0
    assert changes.numbers["id_check"] == {"matched_only_after_normalising": 3, "matched_as_written": 1}
    assert changes.summary[0].startswith("Check the ids before reading on: 3 actors counted as joined have the id")
    assert changes.numbers["warnings"] == [changes.summary[0]] and changes.numbers["summary"][0] == changes.summary[0]
    assert "007" not in changes.summary[0].replace("such as 007 and 7", "")  # no id is quoted (pseudonymised outputs)


def test_real_turnover_and_a_few_renumbered_ids_are_not_flagged():
    wave = network([("a", "b", 1, None), ("b", "c", 2, None), ("c", "07", 1, None)], ["a", "b", "c", "07"])
    later = network([("a", "b", 1, None), ("b", "c", 2, None), ("c", "7", 1, None), ("7", "x", 1, None)],
                    ["a", "b", "c", "7", "x"])
    changes = compare(analyse(wave), analyse(later))
    assert changes.numbers["id_check"]["matched_only_after_normalising"] == 1
    assert changes.numbers["warnings"] == [] and not changes.summary[0].startswith("Check the ids")


@pytest.mark.parametrize("written, normal", [("007", "7"), ("+7.0", "7"), ("-007", "-7"), ("000", "0"),
                                             ("  Hub  Cafe ", "hub cafe"), ("\uff10\uff17", "7"), ("0x7", "0x7")])
def test_normal_id(written, normal):
    from netmap.compare import normal_id

    assert normal_id(written) == normal


def test_cli_prints_the_id_warning_first(tmp_path, capsys):
    (tmp_path / "before.csv").write_text("source,target\n007,010\n010,012\n", encoding="utf-8")
    (tmp_path / "after.csv").write_text("source,target\n7,10\n10,12\n", encoding="utf-8")
    status = main(["compare", str(tmp_path / "before.csv"), str(tmp_path / "after.csv"), "--out",
                   str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out.splitlines()[1].startswith("Check the ids before reading on: 3 actors counted as joined")
    assert json.loads((tmp_path / "out" / "changes.json").read_text())["warnings"][0].startswith("Check the ids")


@pytest.fixture(scope="module")
def millbrook():
    before = analyse(MILLBROOK / "ties.csv", MILLBROOK / "actors.csv", group_by="sector")
    after = analyse(MILLBROOK / "wave2" / "ties.csv", MILLBROOK / "wave2" / "actors.csv", group_by="sector")
    return before, after, compare(before, after)


def test_turnover_and_network_numbers_against_networkx(millbrook):
    before, after, changes = millbrook
    assert changes.numbers["warnings"] == []  # wave 2's joiners and leavers are real
    gb, ga = before.network.graph, after.network.graph
    n = changes.numbers
    # expected values: plain sets and networkx on the two graphs, nothing from netmap's metrics
    assert n["actors"]["jaccard"] == pytest.approx(len(set(gb) & set(ga)) / len(set(gb) | set(ga)))
    eb, ea = {frozenset(e) for e in gb.edges}, {frozenset(e) for e in ga.edges}
    assert n["ties"]["jaccard"] == pytest.approx(len(eb & ea) / len(eb | ea))
    assert (n["ties"]["new"], n["ties"]["lost"]) == (len(ea - eb), len(eb - ea))
    assert n["network"]["density"] == {"before": pytest.approx(nx.density(gb)), "after": pytest.approx(nx.density(ga))}
    assert n["network"]["components"] == {"before": nx.number_connected_components(gb),
                                          "after": nx.number_connected_components(ga)}
    for graph, result, when in ((gb, before, "before"), (ga, after, "after")):
        main_body = graph.subgraph(max(nx.connected_components(graph), key=len))
        assert n["network"]["average_path_length"][when] == pytest.approx(nx.average_shortest_path_length(main_body))
        parts = result.actors.groupby("community")["id"].apply(set).tolist()
        assert n["network"]["modularity"][when] == pytest.approx(nx.community.modularity(graph, parts, weight=None))


def test_rank_correlation_and_community_agreement_against_scipy_and_sklearn(millbrook):
    before, after, changes = millbrook
    both = before.actors.merge(after.actors, on="id", suffixes=("_b", "_a"))  # actors in both waves
    n = changes.numbers
    rho = stats.spearmanr(both["betweenness_b"], both["betweenness_a"])
    tau = stats.kendalltau(both["betweenness_b"], both["betweenness_a"])
    assert n["rank_correlation"]["betweenness"]["actors"] == len(both) == 167
    assert n["rank_correlation"]["betweenness"]["spearman"] == pytest.approx(rho.statistic)
    assert n["rank_correlation"]["betweenness"]["spearman_p"] == pytest.approx(rho.pvalue)
    assert n["rank_correlation"]["betweenness"]["kendall"] == pytest.approx(tau.statistic)
    scored = both.dropna(subset=["broker_score_b", "broker_score_a"])  # candidates in both waves
    assert n["rank_correlation"]["broker_score"]["actors"] == len(scored)
    assert n["rank_correlation"]["broker_score"]["spearman"] == pytest.approx(
        stats.spearmanr(scored["broker_score_b"], scored["broker_score_a"]).statistic)
    assert n["rank_correlation"]["broker_score"]["kendall"] == pytest.approx(
        stats.kendalltau(scored["broker_score_b"], scored["broker_score_a"]).statistic)
    assert n["community_agreement"]["ari"] == pytest.approx(adjusted_rand_score(both["community_b"],
                                                                                both["community_a"]))
    assert n["community_agreement"]["nmi"] == pytest.approx(normalized_mutual_info_score(both["community_b"],
                                                                                         both["community_a"]))


def _generator():
    spec = importlib.util.spec_from_file_location("generate_millbrook", SAMPLES / "generate_millbrook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_millbrook_files_are_what_the_seeded_script_writes(tmp_path):
    gen = _generator()
    actors, ties = gen.build()
    gen.write(actors, ties, tmp_path)
    gen.write(*gen.build_wave2(actors, ties), tmp_path / "wave2")
    for name in ("actors.csv", "ties.csv", "wave2/actors.csv", "wave2/ties.csv"):
        assert (tmp_path / name).read_bytes() == (MILLBROOK / name).read_bytes(), name


def test_millbrook_wave2_shows_the_planted_changes(millbrook):
    before, after, changes = millbrook
    gen = _generator()
    actors = changes.actors.set_index("id")
    assert actors.index[actors["status"] == "left"].tolist() == [gen.LEAVES]
    assert actors.index[actors["status"] == "joined"].tolist() == [gen.JOINS[0]]
    made = {frozenset(pair[:2]) for pair in gen.INTRODUCTIONS_MADE}
    suggested = {frozenset((r.id_a, r.id_b)) for r in before.introductions.itertuples()}
    assert made <= suggested  # each planted tie is one netmap suggested on wave 1
    followed = {frozenset((r.id_a, r.id_b)) for r in changes.introductions_followed.itertuples()}
    assert followed == made
    assert changes.numbers["introductions"] == {"suggested": 50, "followed": 6, "not_possible": 0,
                                                "share_followed": 0.12,
                                                # where the planted 6 rank on wave 1 depends on
                                                # what else is suggested: with fewer wrong
                                                # need-offer matches (issue 22, item 8) 5 of them
                                                # are in the top ten, 4 in the app's first five
                                                "briefing": {"suggested": 10, "followed": 5},
                                                "app": {"suggested": 5, "followed": 4}}
    # Hollins Park is no longer hanging on one tie
    resolved = {f["id"] for f in changes.numbers["fragile_points"]["resolved"]}
    assert {"council-housing", "ra-hollins"} <= resolved
    text = changes.summary_text()
    assert "Council Housing Options is no longer the only link to Hollins Park" in text
    assert ("5 of the 10 introductions the briefing suggested happened (4 of the 5 shown first in the app, and 6 of "
            "all 50 in introductions.csv)") in text
    assert "1 actor joined (Hollins Park Youth Forum) and 1 left (The Red Lion)" in text
    assert changes.numbers["network"]["components"] == {"before": 2, "after": 1}  # Ken Walsh is no longer alone


def test_briefing_has_a_what_changed_section(millbrook):
    _, after, changes = millbrook
    page = briefing_html(after, "Millbrook one year on", changes=changes, earlier="the 2025 <baseline>")
    assert "What changed since the 2025 &lt;baseline&gt;" in page
    assert "Hollins Park Youth Forum" in page and "Introductions followed" in page
    # the introductions that happened, counted against the briefing's list, before the long tables
    assert page.index("Introductions followed") < page.index("Who joined and who left")
    assert "5 of the 10 introductions the briefing suggested happened" in page
    assert "What changed" not in briefing_html(after)


def run(*args):
    return subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=180)


def test_cli_writes_the_four_files(tmp_path):
    result = run("compare", MILLBROOK / "ties.csv", MILLBROOK / "wave2" / "ties.csv", "--before-actors",
                 MILLBROOK / "actors.csv", "--after-actors", MILLBROOK / "wave2" / "actors.csv", "--group-by", "sector",
                 "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "5 of the 10 introductions the briefing suggested happened" in result.stdout
    actors = pd.read_csv(tmp_path / "actor_changes.csv")
    assert list(actors.columns[:3]) == ["id", "name", "status"] and len(actors) == 169
    ties = pd.read_csv(tmp_path / "tie_changes.csv")
    assert set(ties["status"]) == {"new", "lost", "stronger", "weaker", "unchanged"}
    assert len(pd.read_csv(tmp_path / "introductions_followed.csv")) == 6
    numbers = json.loads((tmp_path / "changes.json").read_text())
    assert numbers["ties"]["new"] == (ties["status"] == "new").sum()
    assert numbers["summary"][0].startswith(f"{numbers['ties']['new']} new ties")


def test_cli_pseudonymised_leaves_no_names(tmp_path, capsys):
    args = ["compare", str(MILLBROOK / "ties.csv"), str(MILLBROOK / "wave2" / "ties.csv"), "--before-actors",
            str(MILLBROOK / "actors.csv"), "--after-actors", str(MILLBROOK / "wave2" / "actors.csv"),
            "--key", "secret", "--briefing", "--key-out", str(tmp_path / "key.csv"), "--out", str(tmp_path / "share"),
            "--locality", "Millbrook"]
    assert main(args) == 0
    assert "<title>What changed: Millbrook</title>" in (tmp_path / "share" / "briefing.html").read_text()
    assert sorted(p.name for p in (tmp_path / "share").iterdir()) == sorted(
        ["actor_changes.csv", "tie_changes.csv", "introductions_followed.csv", "changes.json", "briefing.html"])
    for name in ("actor_changes.csv", "tie_changes.csv", "introductions_followed.csv", "changes.json",
                 "briefing.html"):
        text = (tmp_path / "share" / name).read_text()
        for secret in ("Hollins Park Youth Forum", "The Red Lion", "council-housing", "Ken Walsh"):
            assert secret not in text, (name, secret)
    assert "Hollins Park Youth Forum" in (tmp_path / "key.csv").read_text()  # apart from the shared folder
    assert "Hollins Park Youth Forum" not in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["only-one.csv"], "compare needs two ties files"),
    (["sample_networks/millbrook/ties.csv", "missing.csv"], "missing.csv: file not found"),
    (["--db", "store.db", "--project", "p"], "needs --before, --after"),
    (["a.csv", "b.csv", "--db", "store.db"], "either two ties files or --db"),
])
def test_cli_bad_input_exits_2(args, message, tmp_path, capsys):
    assert main(["compare", *args, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_bad_row_in_the_later_wave_names_file_row_and_column(tmp_path, capsys):
    bad = tmp_path / "later.csv"
    bad.write_text("source,target,weight\na,b,1\nb,c,heavy\n")
    assert main(["compare", str(MILLBROOK / "ties.csv"), str(bad), "--out", str(tmp_path / "out")]) == 2
    assert "row 3, column 'weight'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_compares_two_waves_of_a_project_store(tmp_path, capsys):
    from netmap.network import read_network
    from netmap.store import open_store

    db = tmp_path / "projects.db"
    store = open_store(str(db), create=True)
    store.create_project("Millbrook", author="test")
    store.add_wave("Millbrook", "2025 baseline", read_network(MILLBROOK / "ties.csv", MILLBROOK / "actors.csv"),
                   date="2025-06-01", author="test")
    store.add_wave("Millbrook", "2026 follow-up", read_network(MILLBROOK / "wave2" / "ties.csv",
                                                               MILLBROOK / "wave2" / "actors.csv"),
                   date="2026-06-01", author="test")
    store.close()
    out = tmp_path / "out"
    assert main(["compare", "--db", str(db), "--project", "Millbrook", "--before", "2025 baseline", "--after",
                 "2026 follow-up", "--group-by", "sector", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "compared Millbrook: 2025 baseline with Millbrook: 2026 follow-up" in printed
    from_files = tmp_path / "files"
    assert main(["compare", str(MILLBROOK / "ties.csv"), str(MILLBROOK / "wave2" / "ties.csv"), "--before-actors",
                 str(MILLBROOK / "actors.csv"), "--after-actors", str(MILLBROOK / "wave2" / "actors.csv"),
                 "--group-by", "sector", "--out", str(from_files)]) == 0
    for name in ("actor_changes.csv", "tie_changes.csv", "introductions_followed.csv", "changes.json"):
        assert (out / name).read_bytes() == (from_files / name).read_bytes(), name  # the store changes nothing
    assert main(["compare", "--db", str(db), "--project", "Millbrook", "--before", "2025 baseline", "--after",
                 "2027", "--out", str(out)]) == 2
    assert "project 'Millbrook' has no wave '2027'" in capsys.readouterr().err
