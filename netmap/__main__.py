"""``python -m netmap``: see :mod:`netmap.cli`."""
import sys

from netmap.cli import main

sys.exit(main())
