"""From survey export to network: ties with reported_by/confirmed, non-response, the CLI."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from netmap.insights.nonresponse import confirmed_only, response_rate_of
from netmap.intake.survey import REPORT_KEYS, build_survey
from netmap.network import read_network
from tests.conftest import ROOT, SAMPLES

ROSTER = "id,name,ward\nap,Amina Patel,Northgate\nrh,Robert Hughes,Riverside\njs,John Smith,Castle Hill\n" \
         "jo,Joan Smith,Castle Hill\nlb,Lorraine Brown,Eastfield\nkw,Ken Walsh,Eastfield\n"
WIDE = ("Timestamp,Your name,Who do you turn to for help or advice? [Name 1],"
        "Who do you turn to for help or advice? [Name 2],Who do you turn to for help or advice? [Name 3]\n"
        "1,Amina Patel,bob hughes,\"Smith, John\",Lorraine at the Co-op\n"
        "2,Robert Hughes,Dr A. Patel,,\n"
        "3,Jon Smith,Amina Patel,Robert Hughes,Jon Smith\n")


def run(*args):
    return subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.fixture
def survey(write):
    return write("wide.csv", WIDE), write("roster.csv", ROSTER)


def test_ties_reported_by_and_confirmed(survey):
    responses, roster = survey
    result = build_survey([responses], roster=roster)
    ties = result.ties.set_index(["source", "target"])
    # Amina named Bob, Bob named "Dr A. Patel": one confirmed tie reported by both
    assert ties.loc[("ap", "rh"), "reported_by"] == "ap; rh" and bool(ties.loc[("ap", "rh"), "confirmed"])
    assert not bool(ties.loc[("js", "rh"), "confirmed"])
    assert set(result.ties["type"]) == {"turn_help_advice"}
    # Jon Smith named himself: dropped and reported with file, row and column
    issue = next(i for i in result.issues if "names the respondent themselves" in i.message)
    assert (issue.file, issue.row, issue.column) == ("wide.csv", 4, "Who do you turn to for help or advice? [Name 3]")
    assert result.report["self_mentions_dropped"] == 1


def test_non_response_report(survey):
    responses, roster = survey
    r = build_survey([responses], roster=roster).report
    assert set(REPORT_KEYS) <= set(r)
    assert r["respondents"] == 3 and r["roster_size"] == 6 and r["response_rate"] == pytest.approx(0.5)
    assert r["non_respondents"] == ["jo", "lb", "kw"]
    assert r["names_mentioned"] == 7 and r["capped_respondents"] == 2  # Amina and Jon filled all 3
    assert r["to_review"] == 1 and r["auto_merged"] == 3
    assert r["questions"][0]["text"] == "Who do you turn to for help or advice?"
    once = {a["id"] for a in r["mentioned_once"]}
    assert "js" not in once  # a respondent
    assert r["names_mentioned_once"] == len(once)


def test_survey_output_is_a_valid_network(survey, tmp_path):
    responses, roster = survey
    result = build_survey([responses], roster=roster)
    result.actors.to_csv(tmp_path / "a.csv", index=False)
    result.ties.to_csv(tmp_path / "t.csv", index=False)
    network = read_network(tmp_path / "t.csv", tmp_path / "a.csv")
    assert network.n_actors == len(result.actors)
    assert response_rate_of(network.actors) == pytest.approx(0.5)
    assert len(confirmed_only(network.ties)) == int(result.ties["confirmed"].sum())


def test_cli_survey_writes_contract_files(survey, tmp_path):
    responses, roster = survey
    out = tmp_path / "out"
    result = run("survey", responses, "--roster", roster, "--out", out)
    assert result.returncode == 0, result.stderr
    aliases = pd.read_csv(out / "aliases.csv")
    assert list(aliases.columns) == ["raw_name", "actor_id", "actor_name", "score", "decision"]
    assert set(aliases["decision"]) <= {"roster", "auto", "review", "new", "person"}
    review = pd.read_csv(out / "review.csv")
    assert list(review.columns) == ["raw_name", "candidate_id", "candidate_name", "score"]
    ties = pd.read_csv(out / "ties.csv")
    assert {"type", "reported_by", "confirmed"} <= set(ties.columns)
    report = json.loads((out / "survey_report.json").read_text())
    assert set(REPORT_KEYS) <= set(report)
    assert run("validate", out / "ties.csv", "--actors", out / "actors.csv").returncode == 0

    # a person decides Lorraine at the Co-op is Lorraine Brown; the next run applies it
    aliases.loc[aliases["raw_name"] == "Lorraine at the Co-op", ["actor_id", "actor_name", "decision"]] = [
        "lb", "Lorraine Brown", "person"]
    edited = tmp_path / "edited.csv"
    aliases.to_csv(edited, index=False)
    again = run("survey", responses, "--roster", roster, "--aliases", edited, "--out", tmp_path / "out2")
    assert again.returncode == 0, again.stderr
    ties2 = pd.read_csv(tmp_path / "out2" / "ties.csv")
    assert ((ties2["source"] == "ap") & (ties2["target"] == "lb")).any()
    report2 = json.loads((tmp_path / "out2" / "survey_report.json").read_text())
    assert report2["to_review"] == 0 and report2["decisions"]["person"] == 1


def test_cli_refuses_to_overwrite_input(survey, tmp_path):
    responses, roster = survey
    out = tmp_path / "out"
    assert run("survey", responses, "--roster", roster, "--out", out).returncode == 0
    before = (out / "aliases.csv").read_bytes()
    result = run("survey", responses, "--roster", roster, "--aliases", out / "aliases.csv", "--out", out)
    assert result.returncode == 2 and "never overwrites its input" in result.stderr
    assert (out / "aliases.csv").read_bytes() == before


def test_cli_bad_input_one_line(write, tmp_path):
    bad = write("bad.csv", "Timestamp,Contact 1\n2026,Amina Patel\n")
    result = run("survey", bad, "--out", tmp_path / "o")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "bad.csv, row 1: no respondent column" in result.stderr
    assert "Traceback" not in result.stderr
    dup = write("dup.csv", "id,name\na,Sam Green\na,Sam Brown\n")
    result = run("survey", write("ok.csv", WIDE), "--roster", dup, "--out", tmp_path / "o2")
    assert result.returncode == 2 and "dup.csv" in result.stderr and "column 'id'" in result.stderr


def test_millbrook_questionnaire_becomes_a_wave(tmp_path):
    folder = SAMPLES / "millbrook"
    out = tmp_path / "wave"
    result = run("survey", folder / "survey" / "responses.csv", "--roster", folder / "actors.csv", "--out", out)
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "survey_report.json").read_text())
    assert report["respondents"] == 70 and report["roster_size"] == 168
    assert [q["type"] for q in report["questions"]] == ["turn_help_advice", "ask_help_organise",
                                                         "local_organisations_work"]
    analysed = run("analyse", out / "ties.csv", "--actors", out / "actors.csv", "--resamples", "5",
                   "--out", tmp_path / "analysis")
    assert analysed.returncode == 0, analysed.stderr
    brokers = pd.read_csv(tmp_path / "analysis" / "brokers.csv")
    assert {"top10_share", "rank_low", "rank_high"} <= set(brokers.columns)
    run_info = json.loads((tmp_path / "analysis" / "run.json").read_text())
    assert run_info["confidence"]["mode"] == "respondents"
    assert run_info["confidence"]["missing"] == pytest.approx(1 - 70 / 168)
    confirmed = run("analyse", out / "ties.csv", "--actors", out / "actors.csv", "--confirmed-only",
                    "--out", tmp_path / "confirmed")
    assert confirmed.returncode == 0, confirmed.stderr
    summary = json.loads((tmp_path / "confirmed" / "summary.json").read_text())
    assert summary["ties"] <= report["confirmed_ties"]


def test_questions_renamed_to_tie_types(survey, tmp_path):
    responses, roster = survey
    result = build_survey([responses], roster=roster, tie_types={"Who do you turn to for help or advice?": "support"})
    assert set(result.ties["type"]) == {"support"}
    assert result.report["questions"][0]["type"] == "support"
    assert result.report["capped"] == {"support": ["ap", "js"]}
    bad = run("survey", responses, "--tie-type", "nonsense", "--out", tmp_path / "o")
    assert bad.returncode == 2 and "--tie-type takes QUESTION=TYPE" in bad.stderr


def test_cli_formats_match_intake():
    from netmap.cli import options
    from netmap.intake import responses as intake

    assert options.SURVEY_FORMATS == intake.FORMATS


def test_survey_kept_in_a_project_replays_decisions_from_the_store(survey, tmp_path):
    """Issue 12: a person's review decisions are kept with the wave in the project store and
    applied to the next wave of the same survey (no aliases file handed around)."""
    from netmap.store import open_store

    responses, roster = survey
    db = tmp_path / "project.db"
    assert run("project", "create", "Street survey", "--db", db).returncode == 0
    first = run("survey", responses, "--roster", roster, "--db", db, "--project", "Street survey", "--wave", "2025",
                "--out", tmp_path / "w1")
    assert first.returncode == 0, first.stderr
    with open_store(str(db)) as store:
        network = store.load_network("Street survey", "2025")
        aliases = store.load_table("Street survey", "2025", "aliases")
        assert network.n_ties == len(pd.read_csv(tmp_path / "w1" / "ties.csv"))
        assert list(aliases["raw_name"]) == list(pd.read_csv(tmp_path / "w1" / "aliases.csv")["raw_name"])
        # the partnership meeting decides Lorraine at the Co-op is Lorraine Brown, in the app or here
        row = aliases["raw_name"] == "Lorraine at the Co-op"
        aliases.loc[row, ["actor_id", "actor_name", "decision"]] = ["lb", "Lorraine Brown", "person"]
        store.save_table("Street survey", "2025", "aliases", aliases)
    second = run("survey", responses, "--roster", roster, "--db", db, "--project", "Street survey", "--wave", "2026",
                 "--out", tmp_path / "w2")
    assert second.returncode == 0, second.stderr
    assert "applying the decisions about names kept with wave '2025'" in second.stdout
    ties = pd.read_csv(tmp_path / "w2" / "ties.csv")
    assert ((ties["source"] == "ap") & (ties["target"] == "lb")).any()
    assert json.loads((tmp_path / "w2" / "survey_report.json").read_text())["decisions"]["person"] == 1
    with open_store(str(db)) as store:
        assert store.wave_names("Street survey") == ["2025", "2026"]
        kept = store.load_table("Street survey", "2026", "aliases")
        assert kept.loc[kept["raw_name"] == "Lorraine at the Co-op", "decision"].item() == "person"


def test_survey_project_needs_both_names(survey, tmp_path):
    responses, roster = survey
    result = run("survey", responses, "--project", "P", "--out", tmp_path / "out")
    assert result.returncode == 2 and "needs both --project and --wave" in result.stderr
