"""Measure survey name reconciliation and the cost of 'How sure are we?' resampling.

    python benchmarks/bench_survey.py [--roster-size 2000] [--seeds 3] [--resample-actors 2000 --resamples 100]

Targets (issue 12): automatic matches precision >= 0.99; recall (automatic + offered for
review) >= 0.95; no near-namesake merged; 5,000 raw names reconciled <= 5 s; 2,000 actors,
100 resamples <= 60 s on 2 cores.

Definitions, over the distinct raw names of the generated export (sample_networks/
generate_survey.py), each planted with the roster id it stands for:
* precision = correct / decided automatically (decision roster or auto);
* recall = (decided automatically and correct, or the right person among its review
  candidates) / all raw names;
* near-namesakes merged = raw names of one member of a planted pair decided automatically as
  the other member.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "sample_networks"))

import generate_survey  # noqa: E402

from netmap.intake.reconcile import reconcile  # noqa: E402
from netmap.intake.survey import build_survey  # noqa: E402


def evaluate(truth, aliases, review, near) -> dict:
    """Precision, recall and near-namesake merges of one reconciliation against the truth."""
    decided = aliases.set_index("raw_name")
    offered = review.groupby("raw_name")["candidate_id"].apply(set).to_dict()
    partner = {a: b for a, b in near} | {b: a for a, b in near}
    auto = correct_auto = found = merged = 0
    wrong = []
    truth = truth.drop_duplicates("raw_name")
    for raw, actor in zip(truth["raw_name"], truth["actor_id"]):
        key = raw.strip()
        row = decided.loc[key]
        is_auto = row["decision"] in ("roster", "auto")
        if is_auto:
            auto += 1
            if row["actor_id"] == actor:
                correct_auto += 1
            else:
                wrong.append((raw, actor, row["actor_id"], row["decision"]))
            if partner.get(actor) == row["actor_id"]:
                merged += 1
        if (is_auto and row["actor_id"] == actor) or actor in offered.get(key, set()):
            found += 1
    return {"raw_names": len(truth), "automatic": auto, "precision": correct_auto / auto if auto else float("nan"),
            "recall": found / len(truth), "near_namesakes_merged": merged, "review": len(offered),
            "wrong": wrong[:10]}


def bench_quality(roster_size: int, seeds: int) -> None:
    for seed in range(seeds):
        roster, export, truth, near = generate_survey.make(roster_size, seed=seed, near_namesakes=20)
        start = time.perf_counter()
        result = build_survey([("responses.csv", export.to_csv(index=False).encode())], roster=roster)
        seconds = time.perf_counter() - start
        m = evaluate(truth, result.aliases, result.review, near)
        print(f"seed {seed}: roster {roster_size}, {m['raw_names']} distinct raw names, {len(near)} near-namesake "
              f"pairs: precision {m['precision']:.4f} ({m['automatic']} automatic), recall {m['recall']:.4f}, "
              f"to review {m['review']}, near-namesakes merged {m['near_namesakes_merged']}; "
              f"survey built in {seconds:.2f} s")
        for w in m["wrong"]:
            print(f"   wrong: {w}")


def bench_speed(roster_size: int, count: int) -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    roster, _ = generate_survey.make_roster(roster_size, rng, near_namesakes=20)
    names = generate_survey.raw_names(roster, count)
    for label, args in (("against a roster of " + f"{roster_size:,}", (roster,)), ("no roster (clustered)", ())):
        start, cpu = time.perf_counter(), time.process_time()
        reconcile(list(names["raw_name"]), *args)
        print(f"{len(names):,} distinct raw names {label}: reconciled in {time.perf_counter() - start:.2f} s "
              f"wall, {time.process_time() - cpu:.2f} s CPU (target <= 5 s)")


def bench_resampling(actors: int, resamples: int) -> None:
    from bench_analysis import locality

    from netmap.analysis import analyse
    from netmap.insights.confidence import with_confidence

    network = locality(actors)
    result = analyse(network, group_by="sector")
    start, cpu = time.perf_counter(), time.process_time()
    out = with_confidence(result, resamples)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    info = out.confidence
    print(f"{actors:,} actors, {network.n_ties:,} ties, {resamples} resamples ({info['mode']} at "
          f"{info['missing']:.0%}): {seconds:.1f} s wall, {cpu:.1f} s CPU (target <= 60 s); broker Kendall tau "
          f"{info['brokers_kendall_tau']['mean']:.3f}; {info['paths']}")


# ----------------------------------------------------------------------------- limits (issue 21)
_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]) * 2**20, int(sys.argv[1]) * 2**20))
from netmap.cli import main
start, cpu = time.perf_counter(), time.process_time()
try:
    code = main(sys.argv[2:])
except SystemExit as exc:
    code = exc.code
except BaseException as exc:
    code = type(exc).__name__
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
# VmHWM, not ru_maxrss: Linux carries the parent's peak over into ru_maxrss across exec.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "peak_mib": peak / 1024}))
"""

_SYLLABLES = ("ba be bi bo bu da de di do du fa fe fi ga ge go ha he hi ka ke ki ko la le li lo lu ma me mi mo "
              "mu na ne ni no nu pa pe pi ra re ri ro ru sa se si so su ta te ti to tu va ve vi wa we ya yo za "
              "zo").split()


def distinct_names(count: int, seed: int = 21) -> list[str]:
    """``count`` distinct invented person names: a first name of the generator's list and a
    surname of 2-4 random syllables (so surnames are spread thin and first names are shared,
    as in a large survey)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    while len(out) < count:
        surname = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{rng.choice(generate_survey.FIRST)} {surname}"
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def wide_of(names: list[str], slots: int = 5) -> bytes:
    """A Google-Forms export in which respondent ``r{i}`` names the next ``slots`` names."""
    header = ["Your name"] + [f"Who do you turn to for help or advice? [Name {s}]" for s in range(1, slots + 1)]
    rows = [header] + [[f"r{i}"] + names[k:k + slots] for i, k in enumerate(range(0, len(names), slots))]
    return _csv(rows)


def case_distinct(count: int):
    return [("responses.csv", wide_of(distinct_names(count)))], []


def case_long_names(count: int, length: int):
    rng = random.Random(length)
    names = ["".join(rng.choice("abcdefghij klmnopqrstuvwxyz") for _ in range(length)).strip() for _ in range(count)]
    # one slot per respondent reads as free text unless --names says it holds names
    return [("responses.csv", wide_of(names, 1))], [], ["--names", "Who do you turn to for help or advice?"]


def case_million_columns():
    letters = lambda i: "".join(chr(97 + i // 26 ** k % 26) for k in range(5))  # no digits: not numbered slots
    header = ["Your name"] + [f"answer {letters(i)}" for i in range(999_999)]
    return [("responses.csv", _csv([header, ["r1", "Amina Patel"]]))], []


def case_roster_matrix(rows: int, columns: int, density: float):
    """Respondents × roster names with ticks (1,000 columns × 5,000 rows = the cell limit)."""
    rng = random.Random(5)
    names = distinct_names(columns - 1, seed=6)
    body = [["Respondent"] + names]
    for i in range(rows):
        body.append([names[i % len(names)] if i < len(names) else f"r{i}"]
                    + ["1" if rng.random() < density else "" for _ in names])
    roster = _csv([["id", "name"]] + [[f"p{i}", n] for i, n in enumerate(names)])
    return [("matrix.csv", _csv(body))], [("roster.csv", roster)], ["--format", "roster"]


def case_rows(rows: int, slots: int, roster_size: int, named: int | None = None):
    """``rows`` respondents, each a roster person giving their name as typed (so the names stay
    within the names limit), naming ``named`` (default ``slots``) people out of the roster in
    the first slots, and one more in the last: the slots between are blank, yet count as cells."""
    import numpy as np

    named = slots if named is None else named
    rng = np.random.default_rng(8)
    roster, _ = generate_survey.make_roster(roster_size, rng, near_namesakes=20)
    typed = list(generate_survey.raw_names(roster, min(roster_size * 3, rows * slots), seed=9)["raw_name"])
    pick = random.Random(10)
    header = ["Your name"] + [f"Who do you turn to for help or advice? [Name {s}]" for s in range(1, slots + 1)]
    body = [header]
    for _ in range(rows):
        chosen = pick.sample(typed, min(named + 1, slots))
        body.append([pick.choice(typed)] + chosen[:-1] + [""] * (slots - len(chosen)) + chosen[-1:])
    return [("responses.csv", _csv(body))], [("roster.csv", roster[["id", "name"]].to_csv(index=False).encode())]


def case_file_bytes(target: int, rows: int, roster_size: int):
    """A wide export just under ``target`` bytes: ``rows`` respondents naming 5 people each and
    a free-text comment padding the file (left out as free text, never read as names)."""
    files, roster = case_rows(rows, 5, roster_size)
    body = files[0][1]
    lines = body.count(b"\n")
    pad = max(0, (target - len(body)) // lines - 4)
    rng = random.Random(11)
    words = ("the", "hall", "was", "busy", "and", "bus", "came", "late", "so", "we", "met", "at", "cafe")
    text = " ".join(rng.choice(words) for _ in range(pad // 4 + 2))[:pad]
    out = [line + (b',"Any other comments?"' if i == 0 else f',"{text}"'.encode())
           for i, line in enumerate(body.rstrip(b"\n").split(b"\n"))]
    data = b"\n".join(out) + b"\n"
    return [("responses.csv", data[:target] if len(data) <= target else data)], roster


def case_graphml(count: int):
    """A Network Canvas GraphML export: one interview per 10 alters."""
    names = distinct_names(count, seed=12)
    parts = ['<?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
             '<key id="name" for="node" attr.name="name" attr.type="string"/>']
    for g in range(0, count, 10):
        parts.append(f'<graph edgedefault="undirected"><data key="name">ego {g}</data>')
        parts += [f'<node id="n{k}"><data key="name">{n}</data></node>' for k, n in enumerate(names[g:g + 10])]
        parts.append("</graph>")
    parts.append("</graphml>")
    return [("interviews.graphml", "".join(parts).encode())], []


#: name -> (maker, what the limits should make of it)
LIMIT_CASES = {
    "20,000 distinct names (wide)": (lambda: case_distinct(20_000), "accepted"),
    # the respondents count too: 41,665 typed names and 8,333 respondents are 49,998 names
    "41,665 typed + 8,333 respondents = 49,998 distinct names (wide, the names limit)":
        (lambda: case_distinct(41_665), "accepted"),
    "200,000 distinct names (wide)": (lambda: case_distinct(200_000), "refused (names limit)"),
    "16 names of 100,000 characters": (lambda: case_long_names(16, 100_000), "refused (cell length)"),
    "16 names of 32,767 characters (cell limit)": (lambda: case_long_names(16, 32_767), "names not matched"),
    "5,000 names of 200 characters (name limit)": (lambda: case_long_names(5_000, 200), "accepted"),
    "1,000,000 columns": (case_million_columns, "refused (columns)"),
    "roster matrix 5,000 × 1,000 (cells), 2% ticked": (lambda: case_roster_matrix(5_000, 1_000, 0.02), "accepted"),
    "200,000 respondents × 5 names, roster 2,000 (rows)": (lambda: case_rows(200_000, 5, 2_000), "accepted"),
    # 25 columns × 200,000 rows = 5,000,000 cells, within 50 MiB: 6 names a row, the slots between blank
    "200,000 respondents × 24 slots (6 named), roster 2,000 (cells)":
        (lambda: case_rows(200_000, 24, 2_000, named=5), "accepted"),
    "Network Canvas GraphML, 20,000 alters": (lambda: case_graphml(20_000), "accepted"),
    "49.7 MiB file: 150,000 respondents × 5 names and a comment (file size)":
        (lambda: case_file_bytes(50 * 2**20 - 100_000, 150_000, 2_000), "accepted"),
}


def run_limit_case(files, extra, memory_mib: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in files:
            (Path(folder) / name).write_bytes(data)
            paths.append(str(Path(folder) / name))
        args = ["survey", *paths]
        for item in extra:
            if isinstance(item, tuple):
                (Path(folder) / item[0]).write_bytes(item[1])
                args += ["--roster", str(Path(folder) / item[0])]
            else:
                args.append(item)
        args += ["--out", str(Path(folder) / "out")]
        size = sum(len(d) for _, d in files)
        try:
            result = subprocess.run([sys.executable, "-c", _CHILD, str(memory_mib), *args], capture_output=True,
                                    text=True, cwd=ROOT, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"size": size, "code": "timeout", "seconds": timeout, "cpu": float("nan"), "peak_mib": float("nan"),
                    "line": 0, "message": ""}
        lines = result.stdout.strip().splitlines()
        try:
            out = json.loads(lines[-1])
        except (IndexError, ValueError):
            out = {"code": f"died ({result.returncode})", "seconds": float("nan"), "cpu": float("nan"),
                   "peak_mib": float("nan")}
        err = result.stderr.strip().splitlines()
        out["size"] = size
        out["line"] = max(map(len, err + lines[:-1]), default=0)
        out["message"] = (err[-1] if err else "")[:100]
        return out


def bench_limits(only: str | None, memory_mib: int, timeout: float) -> None:
    print("| case | file | expected | exit | wall s | CPU s | peak MiB | longest line | message |")
    print("|---|---:|---|---|---:|---:|---:|---:|---|")
    for name, (make, expected) in LIMIT_CASES.items():
        if only and only not in name:
            continue
        made = make()
        files, extra = made[0], list(made[1]) + list(made[2] if len(made) > 2 else [])
        r = run_limit_case(files, extra, memory_mib, timeout)
        size = f"{r['size'] / 2**20:.1f} MiB"
        print(f"| {name} | {size} | {expected} | {r['code']} | {r['seconds']:.1f} | {r['cpu']:.1f} | "
              f"{r['peak_mib']:.0f} | {r['line']:,} | {r['message'].replace('|', '/')} |", flush=True)


# ------------------------------------------------------------- a realistic survey (issue 22, item 9)
LAW_FIRST = ("Gerald William Robert Margaret Elizabeth Richard James Thomas Katherine Edward Michael Patricia "
             "Jennifer Charles Joseph Susan Anthony Daniel Barbara Christopher Frederick Lawrence Nancy Deborah "
             "Harold Dorothy Kenneth Ronald Samuel Victoria Rebecca Nicholas Theodore Alexander Andrew Peter "
             "Stephen Timothy Jonathan Matthew David Ellen Carol Linda Paul Martin Anna Helen Ruth Laura").split()
LAW_SURNAMES = ("Lindqvist Whitfield Abernathy Castellano Okafor Brandt Hollister Vasquez Pemberton Drummond "
                "Kowalski Fairbanks Gallagher Ashworth Delacroix Harrington Nakamura Ostrowski Quinlan Rutherford "
                "Sorensen Thornbury Underwood Vandermeer Wexford Yardley Zimmerman Bellamy Carrington Donovan "
                "Eriksen Fitzgerald Grayson Halvorsen Ingram Jablonski Kavanagh Lockhart Moreau Northcott "
                "Oyelaran Prescott Radcliffe Stanhope Tremaine Voss Whitaker Ellsworth Blackwood Castillo "
                "Montague Sinclair Hawthorne Lindgren Osei Petrakis Rosenberg Santangelo Takahashi Varga "
                "Weatherby Achterberg Bonhoeffer Calloway Dunmore Everhart Fennimore Goldsworthy Hargreaves "
                "Isherwood Kingsley Lowell").split()
#: How people refer to colleagues, with the share of each (a law firm: surnames alone are common).
LAW_FORMS = {"full": 0.46, "surname": 0.12, "nickname": 0.12, "typo": 0.10, "initial": 0.06, "reversed": 0.05,
             "lower": 0.05, "title": 0.04}


def law_firm_survey(seed: int = 22, ties_file: Path | None = None):
    """A survey of a 71-lawyer firm in the shape of Lazega's: the co-work nominations of
    ``ties_file`` (Lazega's, when given) or a seeded network of the same size and density,
    typed the ways colleagues refer to each other (surname alone, Jerry for Gerald, typos,
    initials, "Surname, First", lower case, titles). Returns roster, truth (raw_name,
    actor_id, variant) and an empty list of near-namesakes (for :func:`evaluate`)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    firsts = rng.permutation(LAW_FIRST)
    surnames = rng.permutation(LAW_SURNAMES)[:71]
    names = [f"{firsts[i % len(firsts)]} {surnames[i]}" for i in range(71)]
    ids = [str(i + 1) for i in range(71)]
    if ties_file is not None and Path(ties_file).exists():
        ties = pd.read_csv(ties_file, dtype=str)
        pairs = list(zip(ties["source"], ties["target"]))
    else:
        pairs = [(a, b) for a in ids for b in ids if a != b and rng.random() < 1104 / (71 * 70)]
    # nicknames as people use them: the dataset's forms that are short (Jerry, Bill, Peggy, Kate)
    nick = {f: list(_NICKS.get(f, ())) for f in LAW_FIRST}
    forms, weights = list(LAW_FORMS), np.array(list(LAW_FORMS.values()))
    truth = []
    by_id = dict(zip(ids, names))
    for source, target in pairs:
        if rng.random() > 0.2:  # about a fifth of the nominations is typed (232 of 1,104 in the review)
            continue
        name = by_id[target]
        first, last = name.split(" ", 1)
        how = forms[int(rng.choice(len(forms), p=weights / weights.sum()))]
        if how == "surname":
            typed = last
        elif how == "nickname" and nick.get(first):
            typed = f"{nick[first][int(rng.integers(len(nick[first])))]} {last}"
        elif how == "typo":
            typed = f"{first} {generate_survey._typo(last, rng)}"
        elif how == "initial":
            typed = f"{first[0]}. {last}"
        elif how == "reversed":
            typed = f"{last}, {first}"
        elif how == "lower":
            typed = name.lower()
        elif how == "title":
            typed = f"Mr {name}" if rng.random() < 0.5 else f"Ms {name}"
        else:
            typed, how = name, "full"
        truth.append((typed, target, how))
    roster = pd.DataFrame({"id": ids, "name": names})
    truth = pd.DataFrame(truth, columns=["raw_name", "actor_id", "variant"]).drop_duplicates("raw_name")
    return roster, truth, []


#: Short forms people use for the firm's first names (what colleagues type).
_NICKS = {"Gerald": ["Jerry", "Gerry"], "William": ["Bill", "Will"], "Robert": ["Bob", "Rob"],
          "Margaret": ["Peggy", "Maggie"], "Elizabeth": ["Liz", "Betsy"], "Richard": ["Dick", "Rick"],
          "James": ["Jim", "Jimmy"], "Thomas": ["Tom"], "Katherine": ["Kate", "Kathy"], "Edward": ["Ted", "Ed"],
          "Michael": ["Mike"], "Patricia": ["Pat", "Patty"], "Jennifer": ["Jen", "Jenny"], "Charles": ["Chuck"],
          "Joseph": ["Joe"], "Susan": ["Sue"], "Anthony": ["Tony"], "Daniel": ["Dan"], "Barbara": ["Barb"],
          "Christopher": ["Chris"], "Frederick": ["Fred"], "Lawrence": ["Larry"], "Nancy": ["Nan"],
          "Deborah": ["Debbie"], "Harold": ["Hal"], "Dorothy": ["Dot"], "Kenneth": ["Ken"], "Ronald": ["Ron"],
          "Samuel": ["Sam"], "Victoria": ["Vicky"], "Rebecca": ["Becky"], "Nicholas": ["Nick"],
          "Theodore": ["Ted", "Teddy"], "Alexander": ["Alex"], "Andrew": ["Andy"], "Peter": ["Pete"],
          "Stephen": ["Steve"], "Timothy": ["Tim"], "Jonathan": ["Jon"], "Matthew": ["Matt"], "David": ["Dave"]}


def bench_law_firm(seeds: int) -> None:
    from netmap.intake.reconcile import reconcile

    lazega = ROOT.parent / "shared" / "realdata" / "lazega_cowork" / "ties.csv"
    for seed in range(seeds):
        roster, truth, near = law_firm_survey(seed, lazega if lazega.exists() else None)
        r = reconcile(list(truth["raw_name"]), roster)
        m = evaluate(truth, r.aliases, r.review, near)
        print(f"law firm survey seed {seed} ({'Lazega ties' if lazega.exists() else 'seeded ties'}): "
              f"{m['raw_names']} distinct typed names, precision {m['precision']:.4f} ({m['automatic']} automatic), "
              f"recall with review {m['recall']:.4f} (target >= 0.97 at precision >= 0.99)")
        for w in m["wrong"]:
            print(f"   wrong: {w}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster-size", type=int, default=2000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--raw-names", type=int, default=5000)
    parser.add_argument("--resample-actors", type=int, default=2000)
    parser.add_argument("--resamples", type=int, default=100)
    parser.add_argument("--limits", action="store_true",
                        help="only the limits: time and peak memory of 'netmap survey' at each limit and on hostile "
                             "files")
    parser.add_argument("--only", help="with --limits: only the cases whose name contains this text")
    parser.add_argument("--memory", type=int, default=6144, help="with --limits: address-space cap of each child, MiB")
    parser.add_argument("--timeout", type=float, default=600, help="with --limits: seconds before a case is stopped")
    args = parser.parse_args()
    if args.limits:
        bench_limits(args.only, args.memory, args.timeout)
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    bench_quality(args.roster_size, args.seeds)
    bench_law_firm(args.seeds)
    bench_speed(args.roster_size, args.raw_names)
    if args.resamples:
        bench_resampling(args.resample_actors, args.resamples)


if __name__ == "__main__":
    main()
