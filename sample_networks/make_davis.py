"""Write Davis's Southern Women (two-mode: 18 women × 14 social events) as netmap CSV files.

Source
------
Davis, A., Gardner, B. B. & Gardner, M. R. (1941) *Deep South: A Social Anthropological
Study of Caste and Class.* University of Chicago Press: who attended which of 14 informal
social events in a southern US town in the 1930s. Breiger, R. L. (1974) The duality of
persons and groups. Social Forces 53(2), 181-190. doi:10.2307/2576011.

Two versions of the 18 × 14 matrix are in circulation (they differ in a few cells; Freeman,
L. C. (2003) Finding social groups: a meta-analysis of the southern women data, in Breiger,
Carley & Pattison (eds) *Dynamic Social Network Modeling and Analysis*, traces its history).
netmap uses the one networkx ships, ``nx.davis_southern_women_graph()`` (89 attendances),
so its two-mode measures can be checked against networkx's ``bipartite`` functions.

Run ``python sample_networks/make_davis.py``; the files are the same on every run.
"""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

OUT = Path(__file__).resolve().parent / "davis"


def write_davis(out: Path = OUT) -> None:
    graph = nx.davis_southern_women_graph()
    women, events = graph.graph["top"], graph.graph["bottom"]
    out.mkdir(exist_ok=True)
    with open(out / "actors.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name"])
        writer.writerows((w, w) for w in women)
    with open(out / "spaces.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name", "kind"])
        writer.writerows((e, f"Event {e[1:]}", "event") for e in events)
    with open(out / "affiliations.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["person", "event"])
        for woman in women:
            writer.writerows((woman, e) for e in sorted(graph[woman], key=lambda e: int(e[1:])))


if __name__ == "__main__":
    write_davis()
    print(f"wrote Davis's Southern Women to {OUT}")
