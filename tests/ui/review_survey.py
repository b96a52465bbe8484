"""A seeded survey for the name review at scale: a roster and a two-question export whose typed
names are first names with a place ("Amy at the Co-op"), as residents write them. A first name
one roster person has is a clear match; one two or three people share is a tie.

    roster, responses = review_survey(130, seed=23)   # bytes of roster.csv and responses.csv

Every name is invented (the first names and surnames of sample_networks/generate_survey.py).
"""
from __future__ import annotations

import csv
import io
import sys

import numpy as np

from tests.conftest import SAMPLES

sys.path.insert(0, str(SAMPLES))
from generate_survey import FIRST, SURNAMES

PLACES = ["at the Co-op", "at church", "at the Hub", "at the school gate", "at the food bank", "at the allotments"]
QUESTIONS = ["Who do you turn to for help or advice?", "Who would you ask to help organise a street event?"]
SLOTS = 5


def review_survey(typed: int = 130, seed: int = 23, tied_share: float = 0.5) -> tuple[bytes, bytes]:
    """``roster.csv`` and ``responses.csv`` whose review holds about ``typed`` distinct names,
    about ``tied_share`` of them tied."""
    rng = np.random.default_rng(seed)
    firsts = [f for f in FIRST if f.isascii()]
    rng.shuffle(firsts)
    surnames = list(SURNAMES)
    n_tied_firsts = max(1, round(typed * tied_share / 2))  # each tied first name is typed at two places
    n_clear = typed - 2 * n_tied_firsts
    people, taken = [], set()

    def person(first: str) -> None:
        while True:
            name = f"{first} {surnames[int(rng.integers(len(surnames)))]}"
            if name not in taken:
                taken.add(name)
                people.append((f"p{len(people) + 1:03d}", name))
                return

    tied, clear = firsts[:n_tied_firsts], firsts[n_tied_firsts:n_tied_firsts + max(0, n_clear)]
    for first in tied:
        for _ in range(int(rng.integers(2, 4))):
            person(first)
    for first in clear:
        person(first)
    names = [f"{first} {PLACES[int(rng.integers(len(PLACES)))]}" for first in clear]
    for first in tied:
        places = rng.choice(len(PLACES), size=2, replace=False)
        names += [f"{first} {PLACES[int(p)]}" for p in places]
    rng.shuffle(names)
    # respondents are people of the roster, typed by their full name (matched without review)
    order = rng.permutation(len(people))
    rows, at = [], 0
    while at < len(names):
        respondent = people[int(order[len(rows) % len(order)])][1]
        answers = {q: names[at + i * SLOTS: at + (i + 1) * SLOTS] for i, q in enumerate(QUESTIONS)}
        at += SLOTS * len(QUESTIONS)
        row = {"Your name": respondent}
        for q, given in answers.items():
            for slot in range(SLOTS):
                row[f"{q} [Name {slot + 1}]"] = given[slot] if slot < len(given) else ""
        rows.append(row)
    return _csv(["id", "name"], [dict(zip(("id", "name"), p)) for p in people]), _csv(list(rows[0]), rows)


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
