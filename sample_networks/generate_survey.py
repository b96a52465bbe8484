"""Make survey exports from a roster, with the name variants people really type (seeded).

Two uses:

* ``python sample_networks/generate_survey.py --roster-size 500 --out DIR`` writes a roster
  (``roster.csv``), a Google-Forms-style wide export (``responses.csv``) and the truth
  (``truth.csv``: raw name → the roster id it stands for, and the variant planted), for
  measuring name reconciliation (``benchmarks/bench_survey.py``);
* ``python sample_networks/generate_survey.py --millbrook`` rewrites Millbrook's resident
  questionnaire, ``sample_networks/millbrook/survey/responses.csv`` (seed 2026).

Planted variants: case, spacing, a typo (one letter changed, dropped, doubled or two letters
swapped), an initial for the first name, a nickname (Bob for Robert), a title (Dr, Mrs, Cllr),
"Surname, First", accents dropped, organisation suffixes (Ltd, CIC, "The") and a first name
with a place ("Lorraine at the Co-op"). Planted near-namesakes: roster people who share a
surname and whose first names differ by one letter (John / Joan Smith); they must never be
merged. Every name is invented.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import pandas as pd

FIRST = """Aaron Adam Ahmed Aisha Alan Alice Alison Amina Amir Amy Andrew Angela Anne Arjun Arthur Asha Barbara Barry
Ben Bernard Beth Brenda Brian Carl Carol Catherine Charles Chloe Christine Claire Colin Craig Daniel David Dawn Dean
Deborah Denise Derek Diane Donna Dorothy Edward Eileen Elaine Eleanor Elizabeth Emily Emma Eric Fatima Fiona Frances
Gareth Gary Gavin George Gillian Gordon Grace Graham Hannah Harold Hassan Hazel Heather Helen Henry Hugh Ian Imran
Irene Isaac Jack Jacob James Jamal Jane Janet Jason Jean Jennifer Joan John Jonathan Joseph Joyce Judith Julie June
Karen Katherine Keith Kenneth Kevin Kieran Laura Leon Linda Lorraine Louise Lucy Luke Malcolm Marcus Margaret Maria
Mark Martin Mary Matthew Maureen Megan Michael Michelle Mohammed Nadia Naomi Natalie Neil Nicholas Nicola Nigel Omar
Owen Pamela Patricia Patrick Paul Pauline Peter Philip Priya Rachel Rebecca Richard Rita Robert Roger Ronald Rose
Ruth Ryan Sally Samuel Sandra Sarah Scott Sean Sharon Sheila Simon Sophie Stephen Stuart Susan Tariq Teresa Thomas
Timothy Tracy Trevor Valerie Victoria Vincent Wayne Wendy William Yasmin Yusuf Zara Zoë Renée Chloé""".split()
SURNAMES = """Ahmed Ali Allen Anderson Atkinson Bailey Baker Barker Barnes Begum Bell Bennett Brown Butler Campbell
Carter Chapman Clark Clarke Collins Cook Cooper Cox Davies Davis Dawson Dixon Edwards Ellis Evans Fisher Fletcher
Foster Fox Gibson Graham Gray Green Griffiths Hall Harris Harrison Hill Holmes Hughes Hunt Hussain Iqbal Jackson James
Jenkins Johnson Jones Kaur Kelly Kennedy Khan King Knight Lee Lewis Lloyd Marshall Martin Mason Matthews Miller
Mills Mitchell Moore Morgan Morris Murphy Murray Owen Palmer Parker Patel Pearson Phillips Powell Price Richards
Richardson Roberts Robinson Rogers Rose Russell Scott Shaw Simpson Singh Smith Stevens Stewart Taylor Thomas Thompson
Turner Walker Walsh Ward Watson White Wilkinson Williams Wilson Wood Wright Young Ó'Brien Nuñez""".split()
NICKNAME_OF = {"Robert": "Bob", "Elizabeth": "Liz", "William": "Bill", "James": "Jim", "Michael": "Mike",
               "David": "Dave", "Stephen": "Steve", "Thomas": "Tom", "Katherine": "Kate", "Susan": "Sue",
               "Margaret": "Maggie", "Jennifer": "Jenny", "Patricia": "Trish", "Richard": "Rick", "Edward": "Ted",
               "Andrew": "Andy", "Daniel": "Dan", "Joseph": "Joe", "Nicholas": "Nick", "Peter": "Pete",
               "Philip": "Phil", "Ronald": "Ron", "Timothy": "Tim", "Victoria": "Vicky", "Deborah": "Debbie",
               "Samuel": "Sam", "Kenneth": "Ken", "Matthew": "Matt", "Charles": "Charlie", "Kevin": "Kev",
               "Jonathan": "Jonny", "Dorothy": "Dot", "Rebecca": "Becky", "Gillian": "Gill", "Harold": "Harry"}
NEAR = [("John", "Joan"), ("Jean", "Joan"), ("Mark", "Mary"), ("Dean", "Sean"), ("Jane", "June"),
        ("Karen", "Katen"), ("Carl", "Carol"), ("Ian", "Ivan"), ("Rose", "Ross"), ("Leon", "Leona")]
NEAR = [p for p in NEAR if p[1] not in ("Katen",)]
TITLES = ["Dr", "Mrs", "Mr", "Ms", "Cllr", "Rev"]
ORG_KINDS = ["Community Trust", "Residents' Association", "Youth Club", "Food Bank", "Allotment Society",
             "Credit Union", "Men's Shed", "Primary School", "Library", "Surgery"]
PLACES = """Northgate Riverside Eastfield Westmoor Castle Hill Hollins Park Brookside Oakfield Millbrook Ashby
Fairfield Kingsway Greenbank Highfield Meadowbank Parkside Southgate Stonebridge""".split()
VARIANTS = ["exact", "case", "spacing", "typo", "initial", "nickname", "title", "reversed", "accents", "place"]
ORG_VARIANTS = ["exact", "case", "suffix", "the", "typo", "spacing"]


def make_roster(n: int, rng: np.random.Generator, near_namesakes: int = 10, organisations: float = 0.1
                ) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """A roster of n actors (persons and organisations) with unique names, including planted
    near-namesake pairs; returns the roster and the pairs of ids planted."""
    names: list[str] = []
    kinds: list[str] = []
    pairs_names = []
    for i in range(min(near_namesakes, len(NEAR) * 5)):
        a, b = NEAR[i % len(NEAR)]
        surname = SURNAMES[int(rng.integers(len(SURNAMES)))]
        if f"{a} {surname}" in names or f"{b} {surname}" in names:
            continue
        names += [f"{a} {surname}", f"{b} {surname}"]
        kinds += ["person", "person"]
        pairs_names.append((f"{a} {surname}", f"{b} {surname}"))
    taken = set(names)
    n_org = int(n * organisations)
    while len(names) < n - n_org:
        name = f"{FIRST[int(rng.integers(len(FIRST)))]} {SURNAMES[int(rng.integers(len(SURNAMES)))]}"
        if name not in taken:
            taken.add(name)
            names.append(name)
            kinds.append("person")
    while len(names) < n:
        name = f"{PLACES[int(rng.integers(len(PLACES)))]} {ORG_KINDS[int(rng.integers(len(ORG_KINDS)))]}"
        if name in taken:
            continue
        taken.add(name)  # "X" and "X CIC" would be one organisation
        if rng.random() < 0.3:
            name += " CIC"
        names.append(name)
        kinds.append("organisation")
    ids = [f"p{i:05d}" for i in range(len(names))]
    roster = pd.DataFrame({"id": ids, "name": names, "kind": kinds})
    by_name = dict(zip(names, ids))
    return roster, [(by_name[a], by_name[b]) for a, b in pairs_names]


def _typo(word: str, rng: np.random.Generator) -> str:
    if len(word) < 4:
        return word
    i = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(4))
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    letters = "aeiou" if word[i].lower() in "aeiou" else "bcdfghklmnprst"
    return word[:i] + letters[int(rng.integers(len(letters)))] + word[i + 1:]


def _strip_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def variant(name: str, kind: str, rng: np.random.Generator, how: str | None = None,
            places: list[str] | None = None) -> tuple[str, str]:
    """One way a respondent might type ``name``; returns (typed, variant). ``places`` are
    where a first name is placed ("Lorraine at the Co-op")."""
    if kind == "organisation":
        how = how or ORG_VARIANTS[int(rng.integers(len(ORG_VARIANTS)))]
        base = name.removesuffix(" CIC")
        if how == "case":
            return name.lower(), how
        if how == "suffix":
            return base + (" Ltd" if rng.random() < 0.5 else " CIC"), how
        if how == "the":
            return "The " + base, how
        if how == "typo":
            words = base.split()
            j = int(rng.integers(len(words)))
            words[j] = _typo(words[j], rng)
            return " ".join(words), how
        if how == "spacing":
            return "  " + base.replace(" ", "  ") + " ", how
        return name, "exact"
    first, last = name.split(" ", 1)
    how = how or VARIANTS[int(rng.integers(len(VARIANTS)))]
    if how == "case":
        return (name.lower() if rng.random() < 0.5 else name.upper()), how
    if how == "spacing":
        return f" {first}   {last} ", how
    if how == "typo":
        if rng.random() < 0.5:
            return f"{_typo(first, rng)} {last}", how
        return f"{first} {_typo(last, rng)}", how
    if how == "initial":
        return f"{first[0]}. {last}", how
    if how == "nickname" and first in NICKNAME_OF:
        return f"{NICKNAME_OF[first]} {last}", how
    if how == "title":
        return f"{TITLES[int(rng.integers(len(TITLES)))]} {name}", how
    if how == "reversed":
        return f"{last}, {first}", how
    if how == "accents":
        return _strip_accents(name), how
    if how == "place":
        if places:
            return f"{first} at {places[int(rng.integers(len(places)))]}", how
        return f"{first} at the {PLACES[int(rng.integers(len(PLACES)))]} {ORG_KINDS[int(rng.integers(3))]}", how
    return name, "exact"


def wide_export(roster: pd.DataFrame, rng: np.random.Generator, respond: float = 0.65, slots: int = 5,
                variant_share: float = 0.5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A Google-Forms-style export: ``Your name`` and ``Who do you turn to for help or
    advice? [Name 1..slots]``; returns the export and the truth (raw_name, actor_id, variant)."""
    people = roster[roster["kind"] == "person"]
    respondents = people.sample(frac=respond, random_state=int(rng.integers(2**31)))
    question = "Who do you turn to for help or advice?"
    ids, names, kinds = roster["id"].to_numpy(), roster["name"].to_numpy(), roster["kind"].to_numpy()
    rows, truth = [], []
    for rid, rname in zip(respondents["id"], respondents["name"]):
        row = {"Timestamp": "2026/03/01 10:00:00", "Your name": rname}
        k = int(rng.integers(1, slots + 1))
        chosen = rng.choice(len(ids), size=k, replace=False)
        for slot in range(1, slots + 1):
            raw = ""
            if slot <= k:
                j = chosen[slot - 1]
                if ids[j] == rid:
                    continue
                if rng.random() < variant_share:
                    raw, how = variant(names[j], kinds[j], rng)
                else:
                    raw, how = names[j], "exact"
                truth.append((raw, ids[j], how))
            row[f"{question} [Name {slot}]"] = raw
        rows.append(row)
        truth.append((rname, rid, "respondent"))
    export = pd.DataFrame(rows).fillna("")
    return export, pd.DataFrame(truth, columns=["raw_name", "actor_id", "variant"]).drop_duplicates()


def make(roster_size: int = 500, seed: int = 7, respond: float = 0.65, near_namesakes: int = 10):
    """Roster, export, truth and near-namesake pairs for one seeded survey."""
    rng = np.random.default_rng(seed)
    roster, near = make_roster(roster_size, rng, near_namesakes)
    export, truth = wide_export(roster, rng, respond)
    return roster, export, truth, near


def raw_names(roster: pd.DataFrame, count: int, seed: int = 11, variant_share: float = 0.6) -> pd.DataFrame:
    """``count`` distinct typed names of roster members (for timing the reconciliation)."""
    rng = np.random.default_rng(seed)
    seen, out = set(), []
    names, kinds, ids = roster["name"].to_numpy(), roster["kind"].to_numpy(), roster["id"].to_numpy()
    attempts = 0
    while len(out) < count and attempts < count * 50:
        attempts += 1
        j = int(rng.integers(len(names)))
        raw, how = variant(names[j], kinds[j], rng) if rng.random() < variant_share else (names[j], "exact")
        if raw not in seen:
            seen.add(raw)
            out.append((raw, ids[j], how))
    return pd.DataFrame(out, columns=["raw_name", "actor_id", "variant"])


# ------------------------------------------------------------------------------------ Millbrook
MILLBROOK = Path(__file__).resolve().parent / "millbrook"
MILLBROOK_PLACES = ["the Co-op", "the Hub", "the food bank", "the school gate", "the allotments", "church"]


def millbrook_survey(seed: int = 2026) -> pd.DataFrame:
    """Millbrook's resident questionnaire, drawn from the residents' ties in the map: about
    two thirds of the residents answer; each names up to five people they turn to and up to
    three who would help organise a street event, and ticks the organisations they work
    with (Google Forms multi-select, ", " between choices)."""
    rng = np.random.default_rng(seed)
    actors = pd.read_csv(MILLBROOK / "actors.csv", dtype=str, keep_default_na=False)
    ties = pd.read_csv(MILLBROOK / "ties.csv", dtype=str, keep_default_na=False)
    kind = dict(zip(actors["id"], actors["type"]))
    name = {i: n.split(" (")[0] for i, n in zip(actors["id"], actors["name"])}
    people = {i for i, t in kind.items() if t in ("resident", "community connector")}
    neighbours: dict[str, list[str]] = {i: [] for i in actors["id"]}
    for s, t in zip(ties["source"], ties["target"]):
        neighbours[s].append(t)
        neighbours[t].append(s)
    residents = sorted(i for i in people if kind[i] == "resident")
    answering = sorted(rng.choice(residents, size=int(round(0.65 * len(residents))), replace=False))
    help_q = "Who do you turn to for help or advice?"
    event_q = "Who would you ask to help organise a street event?"
    org_q = "Which local organisations do you work with or volunteer for?"
    rows = []
    for rid in answering:
        contacts = [c for c in neighbours[rid] if c in people]
        orgs = [c for c in neighbours[rid] if c not in people]
        rng.shuffle(contacts)
        typed_self = name[rid] if rng.random() < 0.8 else variant(name[rid], "person", rng, "case")[0]
        row = {"Timestamp": f"2026/03/{int(rng.integers(1, 29)):02d} {int(rng.integers(9, 21)):02d}:00:00",
               "What is your name?": typed_self}
        for slot in range(1, 6):
            raw = ""
            if slot <= len(contacts):
                raw = variant(name[contacts[slot - 1]], "person", rng, places=MILLBROOK_PLACES)[0] \
                    if rng.random() < 0.45 \
                    else name[contacts[slot - 1]]
            row[f"{help_q} [Name {slot}]"] = raw
        for slot in range(1, 6):
            row[f"How often do you talk to them? [Name {slot}]"] = (
                ["Daily", "Weekly", "Monthly"][int(rng.integers(3))] if row[f"{help_q} [Name {slot}]"] else "")
        event = [c for c in contacts[:3]]
        for slot in range(1, 4):
            row[f"{event_q} [Name {slot}]"] = name[event[slot - 1]] if slot <= len(event) and rng.random() < 0.7 \
                else ""
        row[org_q] = ", ".join(name[o] for o in orgs[:4])
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster-size", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", help="folder for roster.csv, responses.csv and truth.csv")
    parser.add_argument("--millbrook", action="store_true", help="rewrite Millbrook's resident questionnaire")
    args = parser.parse_args()
    if args.millbrook:
        out = MILLBROOK / "survey"
        out.mkdir(exist_ok=True)
        millbrook_survey().to_csv(out / "responses.csv", index=False, quoting=csv.QUOTE_MINIMAL)
        print(f"wrote {out / 'responses.csv'}")
        return
    if not args.out:
        parser.error("give --out DIR or --millbrook")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    roster, export, truth, _ = make(args.roster_size, args.seed)
    roster.to_csv(out / "roster.csv", index=False)
    export.to_csv(out / "responses.csv", index=False)
    truth.to_csv(out / "truth.csv", index=False)
    print(f"wrote {out}/roster.csv, responses.csv, truth.csv")


if __name__ == "__main__":
    main()
