"""netmap's web app: ``streamlit run app.py``.

Streamlit runs this file for every visitor (as ``__main__``); ``streamlit run`` also imports it
to find ``app``, whose start-up hook prepares the first map before the first visitor comes
(:mod:`netmap.ui.server`).
"""
import streamlit as st

from netmap.ui.server import lifespan

if __name__ == "__main__":  # a visitor's run of the page
    from netmap.ui.main import main

    main()
else:  # the server, starting: served by Streamlit as usual, with the start-up hook
    app = st.App(__file__, lifespan=lifespan)
