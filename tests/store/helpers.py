"""Small networks for store tests, built through the same validation as uploads."""
from __future__ import annotations

import random

from netmap.network import read_network

ACTORS = ("id,name,sector,ward,offers\n"
          "007,Ada's Café,business,North,\"rooms, tea\"\n"
          "010,Bob Ltd,business,South,\n"
          "hub,Community Hub,voluntary,North,space\n"
          "école,École Saint-Jean,education,South,\n")
TIES = ("source,target,weight,type,since\n"
        "007,010,2.5,trade,2019\n"
        "010,hub,1,shares information,\n"
        "hub,école,3,refers,2021-04\n"
        "007,hub,0.1,,\n")


def small_network(write, directed: bool = False):
    actors, ties = write("actors.csv", ACTORS), write("ties.csv", TIES)
    return read_network(ties, actors, directed=directed), actors, ties


def random_ties_csv(n_actors: int, n_ties: int, seed: int = 0) -> str:
    """A ties file of ``n_ties`` distinct undirected ties with weights, types and a note."""
    rng = random.Random(seed)
    seen, lines = set(), ["source,target,weight,type,note"]
    types = ["shares information", "refers", "funds", "partners"]
    while len(seen) < n_ties:
        a, b = rng.randrange(n_actors), rng.randrange(n_actors)
        if a == b or (min(a, b), max(a, b)) in seen:
            continue
        seen.add((min(a, b), max(a, b)))
        lines.append(f"a{a:05d},a{b:05d},{rng.randint(1, 5)},{rng.choice(types)},n{len(seen)}")
    return "\n".join(lines) + "\n"
