"""Millbrook's sample includes a wave that came from netmap's own questionnaire: the script
that answers it as 60 residents would gives the committed files again, and they read as any
network does."""
from __future__ import annotations

import importlib.util
import json

from netmap.network import read_network
from tests.conftest import SAMPLES

MILLBROOK = SAMPLES / "millbrook"
COLLECTED = MILLBROOK / "collected"


def test_the_collected_wave_is_what_the_script_makes(tmp_path):
    spec = importlib.util.spec_from_file_location("answer_questionnaire", MILLBROOK / "answer_questionnaire.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    summary = script.collect(tmp_path)
    for name in ("actors.csv", "ties.csv", "affiliations.csv", "spaces.csv", "aliases.csv", "review.csv",
                 "status.json"):
        assert (tmp_path / name).read_bytes() == (COLLECTED / name).read_bytes(), name
    assert summary["residents_sent"] == 60 and summary["counts"]["submitted"] == 60


def test_the_collected_wave_reads_as_a_network():
    network = read_network(COLLECTED / "ties.csv", COLLECTED / "actors.csv",
                           affiliations=COLLECTED / "affiliations.csv", spaces=COLLECTED / "spaces.csv")
    status = json.loads((COLLECTED / "status.json").read_text())
    responded = network.actors[network.actors["responded"].astype(str) == "1"]
    assert len(responded) == 60 and set(responded["type"]) == {"resident"}
    assert len(network.ties) == status["ties"] and status["confirmed_ties"] > 0
    typed_places = network.spaces[network.spaces["id"].str.startswith("place-")]
    assert set(typed_places["name"]) <= {"the Co-op", "the allotments", "St Mark's church"}
