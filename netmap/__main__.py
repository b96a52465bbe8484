"""``python -m netmap``: see :mod:`netmap.cli`."""
import sys

from .cli import main

sys.exit(main())
