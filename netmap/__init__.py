"""netmap: map and analyse the networks of a locality."""
from importlib import import_module

from .errors import InputError, NetmapError, ValidationFailed

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
