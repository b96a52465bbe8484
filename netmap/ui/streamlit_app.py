"""The app's script inside the package, run by ``netmap app`` (``app.py`` is the same for a checkout)."""
from netmap.ui.main import main

main()
