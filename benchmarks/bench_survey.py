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
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster-size", type=int, default=2000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--raw-names", type=int, default=5000)
    parser.add_argument("--resample-actors", type=int, default=2000)
    parser.add_argument("--resamples", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    bench_quality(args.roster_size, args.seeds)
    bench_speed(args.roster_size, args.raw_names)
    if args.resamples:
        bench_resampling(args.resample_actors, args.resamples)


if __name__ == "__main__":
    main()
