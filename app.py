"""netmap's web app: ``streamlit run app.py``."""
from netmap.ui.main import main

main()
