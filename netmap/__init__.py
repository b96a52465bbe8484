"""netmap: map and analyse the networks of a locality."""
from .errors import InputError, NetmapError, ValidationFailed
from .network import StakeholderNetwork, load_network, read_network
from .analysis import Analysis, AnalysisOptions, analyse

__version__ = "0.1.0"

__all__ = ["Analysis", "AnalysisOptions", "analyse", "InputError", "NetmapError", "StakeholderNetwork", "ValidationFailed", "load_network", "read_network"]
