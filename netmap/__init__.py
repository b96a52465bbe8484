"""netmap: map and analyse the networks of a locality."""
import os
from importlib import import_module

# igraph's PageRank (PRPACK) runs on the OpenMP library bundled in igraph's wheel. When the
# machine's cores are busy, its threads spin waiting for each other: PageRank of 2,000 actors
# took 0.01-1.3 s instead of 0.003 s (benchmarks/README.md, issue 15). One thread is ample at
# netmap's sizes; a setting of the user's own wins. Set before any library starts OpenMP.
os.environ.setdefault("OMP_NUM_THREADS", "1")

from netmap.errors import InputError, NetmapError, ValidationFailed

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "AnalysisOptions",
    "InputError",
    "NetmapError",
    "StakeholderNetwork",
    "ValidationFailed",
    "analyse",
    "load_network",
    "read_network",
]

# Imported on first use (PEP 562), so that ``python -m netmap --help`` and ``validate`` do not
# pay for scikit-learn, scipy and igraph (more than a second on a busy machine).
_LAZY = {"Analysis": "analysis", "AnalysisOptions": "analysis", "analyse": "analysis",
         "StakeholderNetwork": "network", "load_network": "network", "read_network": "network"}


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'netmap' has no attribute {name!r}")
