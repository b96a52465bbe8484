"""netmap: map and analyse the networks of a locality."""
from .analysis import Analysis, AnalysisOptions, analyse
from .errors import InputError, NetmapError, ValidationFailed
from .network import StakeholderNetwork, load_network, read_network

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
