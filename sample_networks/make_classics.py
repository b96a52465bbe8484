"""Write the public classic networks (Florentine families, Zachary's karate club) as CSV.

Sources
-------
* Padgett, J. F. & Ansell, C. K. (1993) Robust action and the rise of the Medici,
  1400-1434. American Journal of Sociology 98(6), 1259-1319. Data as distributed with
  UCINET (PADGM/PADGB, PADGW) and R's ``ergm`` package (``flomarriage``/``flobusiness``:
  wealth in thousands of lira in 1427, priorates = seats on the civic council 1282-1344,
  totalties = business and marriage ties among all 116 families; Breiger & Pattison 1986).
  The marriage ties equal networkx's ``florentine_families_graph`` plus the isolated Pucci.
* Zachary, W. W. (1977) An information flow model for conflict and fission in small groups.
  Journal of Anthropological Research 33(4), 452-473; as shipped in networkx
  (``karate_club_graph``: the ``club`` each member joined after the split, and ``weight``,
  Zachary's count of contexts in which two members interacted).
"""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

HERE = Path(__file__).resolve().parent

FAMILIES = ["Acciaiuoli", "Albizzi", "Barbadori", "Bischeri", "Castellani", "Ginori", "Guadagni",
            "Lamberteschi", "Medici", "Pazzi", "Peruzzi", "Pucci", "Ridolfi", "Salviati", "Strozzi",
            "Tornabuoni"]
WEALTH = [10, 36, 55, 44, 20, 32, 8, 42, 103, 48, 49, 3, 27, 10, 146, 48]
PRIORATES = [53, 65, 0, 12, 22, 0, 21, 0, 53, 0, 42, 0, 38, 35, 74, 0]
TOTALTIES = [2, 3, 14, 9, 18, 9, 14, 14, 54, 7, 32, 1, 4, 5, 29, 7]
MARRIAGE = [
    ("Acciaiuoli", "Medici"), ("Albizzi", "Ginori"), ("Albizzi", "Guadagni"), ("Albizzi", "Medici"),
    ("Barbadori", "Castellani"), ("Barbadori", "Medici"), ("Bischeri", "Guadagni"), ("Bischeri", "Peruzzi"),
    ("Bischeri", "Strozzi"), ("Castellani", "Peruzzi"), ("Castellani", "Strozzi"), ("Guadagni", "Lamberteschi"),
    ("Guadagni", "Tornabuoni"), ("Medici", "Ridolfi"), ("Medici", "Salviati"), ("Medici", "Tornabuoni"),
    ("Pazzi", "Salviati"), ("Peruzzi", "Strozzi"), ("Ridolfi", "Strozzi"), ("Ridolfi", "Tornabuoni"),
]
BUSINESS = [
    ("Barbadori", "Castellani"), ("Barbadori", "Ginori"), ("Barbadori", "Medici"), ("Barbadori", "Peruzzi"),
    ("Bischeri", "Guadagni"), ("Bischeri", "Lamberteschi"), ("Bischeri", "Peruzzi"), ("Castellani", "Lamberteschi"),
    ("Castellani", "Peruzzi"), ("Ginori", "Medici"), ("Guadagni", "Lamberteschi"), ("Lamberteschi", "Peruzzi"),
    ("Medici", "Pazzi"), ("Medici", "Salviati"), ("Medici", "Tornabuoni"),
]


def _write(path: Path, header: list[str], rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def write_florentine(out: Path = HERE / "florentine") -> None:
    out.mkdir(exist_ok=True)
    _write(out / "actors.csv", ["id", "wealth", "priorates", "totalties"],
           zip(FAMILIES, WEALTH, PRIORATES, TOTALTIES))
    _write(out / "ties.csv", ["source", "target", "type"],
           [(a, b, "marriage") for a, b in MARRIAGE] + [(a, b, "business") for a, b in BUSINESS])


def write_karate(out: Path = HERE / "karate") -> None:
    out.mkdir(exist_ok=True)
    g = nx.karate_club_graph()
    _write(out / "actors.csv", ["id", "name", "club"],
           [(n, f"Member {n}", g.nodes[n]["club"]) for n in g])
    _write(out / "ties.csv", ["source", "target", "weight"],
           [(a, b, d["weight"]) for a, b, d in g.edges(data=True)])


if __name__ == "__main__":
    write_florentine()
    write_karate()
    print("wrote florentine and karate")
