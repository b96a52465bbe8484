"""The Streamlit front end: the only part of netmap that imports streamlit."""
