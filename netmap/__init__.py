"""netmap: map and analyse the networks of a locality."""
from .errors import InputError, NetmapError, ValidationFailed
from .network import StakeholderNetwork, load_network, read_network

__version__ = "0.1.0"

__all__ = ["InputError", "NetmapError", "StakeholderNetwork", "ValidationFailed", "load_network", "read_network"]
