"""Millbrook's questionnaire answered as 60 residents would, through netmap's own server.

``python sample_networks/millbrook/answer_questionnaire.py [--out DIR]`` opens
``questionnaire.yaml`` for a wave of a throwaway project (a SQLite store in a temporary
folder), with ``actors.csv`` as the roster and ``spaces.csv`` as the places; makes the links;
and has residents answer through the server's forms (Starlette's TestClient: no network), as
people do:

* 60 of the 108 residents send their answers (seed 2026). Each names up to five people they
  have ties with in the map for help and advice — most picked from the list, about one in five
  typed as people type (lower case, a typo, a nickname, an initial, "Surname, First") — rates
  how often they talk from the tie's strength, names up to three for a street event, gives
  their offers and needs from the map, and the places they use (now and then typed, or a place
  not on the list, "the Co-op"); a few leave a comment.
* Seven of them stop half way and come back later on another device; five answer at the
  library's drop-in, where a facilitator picks their name.
* Three more start and never send; one withdraws.

Then the collection is closed: the wave goes through the survey route's name matching and
the same validation as any file, and its tables are written to ``collected/`` (by default):
``actors.csv``, ``ties.csv``, ``affiliations.csv``, ``spaces.csv``, the decisions about names
(``aliases.csv``, ``review.csv``) and ``status.json`` (counts and response rates, no names).
The same files on every run.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE.parent))

from generate_survey import variant  # noqa: E402

from netmap.collect.app import Limits, create_app  # noqa: E402
from netmap.questionnaire.build import close_collection  # noqa: E402
from netmap.questionnaire.invitations import issue_links, open_collection  # noqa: E402
from netmap.questionnaire.status import collection_status  # noqa: E402
from netmap.store import open_store  # noqa: E402

SEED = 2026
BASE = "http://testserver"
COMMENTS = ["The bus to Hollins Park stops too early in the evening.", "More benches in the park, please.",
            "I would help with a street party.", "The library's opening hours suit me."]
TYPED_PLACES = ["the Co-op", "the allotments", "St Mark's church"]


class Person:
    """A resident answering in a browser without JavaScript: reads each form, sends it back."""

    def __init__(self, client, base: str):
        self.client, self.base = client, base

    def page(self, step: str) -> str:
        response = self.client.get(f"{self.base}/{step}" if step else self.base)
        assert response.status_code == 200, (step, response.status_code)
        return response.text

    def send(self, step: str, fields: dict) -> None:
        token = re.search(r'name="csrf" value="([^"]+)"', self.page(step)).group(1)
        response = self.client.post(f"{self.base}/{step}", data={"csrf": token, **fields}, follow_redirects=False)
        assert response.status_code in (200, 303), (step, response.status_code, response.text[:500])


def client_of(store):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette 1.x prefers httpx2 and warns; httpx still works
        from starlette.testclient import TestClient
    # every simulated resident comes from the one test address: its rate limit is raised
    return TestClient(create_app(store=store, limits=Limits(per_address=(10**6, 60.0))))


def typed(name: str, rng: np.random.Generator) -> str:
    how = ["case", "typo", "nickname", "initial", "reversed", "spacing"][int(rng.integers(6))]
    return variant(name, "person", rng, how)[0]


def answers(rid: str, rng, actors: pd.DataFrame, neighbours, weight, label, place_names, affiliations) -> list:
    """The pages a resident fills: (page number, fields) in order."""
    kind = dict(zip(actors["id"], actors["type"]))
    people = [c for c in neighbours[rid] if kind[c] in ("resident", "community connector")]
    rng.shuffle(people)
    helpers = people[:5]
    help_fields, often = {}, {}
    for slot, other in enumerate(helpers, start=1):
        shown = label[other] if rng.random() >= 0.2 else typed(label[other].split(" (")[0], rng)
        help_fields[f"help.{slot}"] = shown
        often[shown] = str(min(4, int(weight[frozenset((rid, other))])))
    event = [c for c in people[:3] if rng.random() < 0.6]
    event_fields = {f"event.{slot}": label[c] for slot, c in enumerate(event, start=1)}
    row = actors.loc[actors["id"] == rid].iloc[0]
    offers = [x.strip() for x in str(row["offers"]).split(";") if x.strip()][:3]
    needs = [x.strip() for x in str(row["needs"]).split(";") if x.strip()][:3]
    places = [place_names[s] for s in affiliations.get(rid, [])][:3]
    places = [p.lower() if rng.random() < 0.15 else p for p in places]
    if rng.random() < 0.2:
        places.append(TYPED_PLACES[int(rng.integers(len(TYPED_PLACES)))])
    about_you = {"years_here": str(int(rng.integers(1, 5)))}
    if rng.random() < 0.12:
        about_you["anything_else"] = COMMENTS[int(rng.integers(len(COMMENTS)))]
    return [(2, {**help_fields, **event_fields}), (3, often), (4, {**{f"offers.{i}": o for i, o in enumerate(offers, 1)},
                                                                  **{f"needs.{i}": n for i, n in enumerate(needs, 1)}}),
            (5, {f"places.{i}": p for i, p in enumerate(places[:4], 1)}), (6, about_you)]


def fill(person: Person, pages: list, stop_after: int | None = None) -> None:
    for number, fields in pages:
        if number <= (stop_after or 0):
            continue
        if number == 3:  # the about page asks about each person named: match the field to the name
            html = person.page("3")
            rated = {}
            for k, legend in re.findall(r'id="f-often-(\d+)">\s*<legend>How often do you talk to (.*?)\?</legend>',
                                        html):
                name = legend.replace("&#39;", "'").replace("&amp;", "&")
                if name in fields:
                    rated[f"often.{k}"] = fields[name]
                    rated[f"often.{k}.about"] = re.search(rf'name="often\.{k}\.about" value="([^"]+)"', html).group(1)
            fields = rated
        person.send(str(number), {**fields, "action": "next"})


def collect(out: Path) -> dict:
    rng = np.random.default_rng(SEED)
    actors = pd.read_csv(HERE / "actors.csv", dtype=str, keep_default_na=False)
    ties = pd.read_csv(HERE / "ties.csv", dtype=str, keep_default_na=False)
    spaces = pd.read_csv(HERE / "spaces.csv", dtype=str, keep_default_na=False)
    uses = pd.read_csv(HERE / "affiliations.csv", dtype=str, keep_default_na=False)
    neighbours = {i: [] for i in actors["id"]}
    weight = {}
    for s, t, w in zip(ties["source"], ties["target"], ties["weight"]):
        neighbours[s].append(t)
        neighbours[t].append(s)
        weight[frozenset((s, t))] = float(w)
    place_names = dict(zip(spaces["id"], spaces["name"]))
    affiliations = uses.groupby("actor")["space"].apply(list).to_dict()
    residents = sorted(actors.loc[actors["type"] == "resident", "id"])
    chosen = list(rng.choice(residents, size=69, replace=False))
    senders, starters, withdrawer = sorted(chosen[:60]), chosen[60:63], chosen[63]
    resumers, dropins = set(senders[::9][:7]), set(senders[4::12][:5]) - set(senders[::9][:7])
    with tempfile.TemporaryDirectory(prefix="millbrook-collect-") as tmp:
        store = open_store(str(Path(tmp) / "store.db"), create=True)
        store.create_project("Millbrook")
        open_collection(store, "Millbrook", "2026 residents", HERE / "questionnaire.yaml", HERE / "actors.csv",
                        HERE / "spaces.csv")
        invitations = issue_links(store, "Millbrook", "2026 residents", BASE)
        link = {a: url.removeprefix(BASE) for a, url in zip(invitations.rows["id"], invitations.rows["link"])}
        from netmap.questionnaire.roster import labels

        label = {a: shown for a, _, shown in labels(pd.read_csv(HERE / "actors.csv", dtype=str, keep_default_na=False),
                                                     "ward")}
        with client_of(store) as client:
            for rid in senders:
                pages = answers(rid, rng, actors, neighbours, weight, label, place_names, affiliations)
                if rid in dropins:
                    picker = client.get(invitations.dropin.removeprefix(BASE)).text
                    token = re.search(r'name="csrf" value="([^"]+)"', picker).group(1)
                    started = client.post(invitations.dropin.removeprefix(BASE), data={"csrf": token,
                                                                                       "person": label[rid]},
                                          follow_redirects=False)
                    person = Person(client, started.headers["location"])
                else:
                    person = Person(client, link[rid])
                person.send("1", {"consent": "agree", "action": "next"})
                if rid in resumers:  # stops after page 3; carries on later on another device
                    fill(person, pages[:2])
                    with client_of(store) as later:
                        again = Person(later, link[rid])
                        assert "Welcome back" in again.page("")
                        fill(again, pages, stop_after=3)
                        again.send("check", {"action": "send"})
                    continue
                fill(person, pages)
                person.send("check", {"action": "send"})
            for rid in starters:
                person = Person(client, link[rid])
                person.send("1", {"consent": "agree", "action": "next"})
                fill(person, answers(rid, rng, actors, neighbours, weight, label, place_names, affiliations)[:1])
            person = Person(client, link[withdrawer])
            person.send("1", {"consent": "agree", "action": "next"})
            fill(person, answers(withdrawer, rng, actors, neighbours, weight, label, place_names, affiliations)[:2])
            person.send("withdraw", {"action": "withdraw"})
        status = collection_status(store, "Millbrook", "2026 residents")
        closed = close_collection(store, "Millbrook", "2026 residents", author="Millbrook Together")
        network = store.load_network("Millbrook", "2026 residents")
        store.close()
    out.mkdir(parents=True, exist_ok=True)
    network.actors.to_csv(out / "actors.csv", index=False)
    network.ties.to_csv(out / "ties.csv", index=False)
    network.affiliations.to_csv(out / "affiliations.csv", index=False)
    network.spaces.to_csv(out / "spaces.csv", index=False)
    survey = closed.collected.survey
    survey.aliases.sort_values("raw_name").to_csv(out / "aliases.csv", index=False)
    survey.review.to_csv(out / "review.csv", index=False)
    summary = {"counts": status.counts, "invited": status.invited, "response_rate": round(status.response_rate, 4),
               "by_ward": {g.group: {"invited": g.invited, "submitted": g.submitted} for g in status.groups},
               "residents_sent": len(senders), "at_the_drop_in": len(dropins), "stopped_and_resumed": len(resumers),
               "actors": len(network.actors), "ties": len(network.ties),
               "confirmed_ties": int(closed.collected.survey.report["confirmed_ties"]),
               "affiliations": len(network.affiliations), "names_to_review": survey.report["to_review"],
               "free_text_answers": len(closed.collected.free_text)}
    (out / "status.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(HERE / "collected"), help="folder to write the wave's tables to")
    args = parser.parse_args()
    summary = collect(Path(args.out))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
