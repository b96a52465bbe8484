"""Drawing: layouts, colours and the interactive network map. No graph algorithms beyond
layout, no Streamlit."""
