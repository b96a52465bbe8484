"""The *Take it to the meeting* view: a briefing with the locality's name, every file at once
as a zip, and files that stay available (marked out of date) when an option changes."""
from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import streamlit as st

from netmap.analysis import Analysis
from netmap.outputs.folder import export_bundle, write_analysis
from netmap.ui.access import download_button, wave_role
from netmap.ui.state import names_withheld
from netmap.ui.text import plain

__all__ = ["show", "EXPORTS", "zipped"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = [
    ("briefing.html", "Briefing (HTML: open in a browser, print to A4 or PDF)", "text/html"),
    ("netmap.xlsx", "Workbook with every table (Excel)", XLSX),
    ("kumu.xlsx", "Kumu import (Elements and Connections)", XLSX),
    ("map.png", "Map picture for slides (PNG)", "image/png"),
    ("map.svg", "Map picture for print (SVG)", "image/svg+xml"),
    ("network.gexf", "Network with every metric for Gephi (GEXF)", "application/xml"),
    ("network.graphml", "Network with every metric for yEd, igraph, R (GraphML)", "application/xml"),
]


@st.cache_data(show_spinner=False, max_entries=4)
def _files(_result: Analysis, key: tuple, secret: str | None, _report, keep: tuple, locality: str,
           view: tuple = ()) -> dict[str, bytes]:
    """The briefing and the files for other tools, and every table as CSV (as ``analyse`` writes
    them), as bytes; pseudonymised with ``secret``; the map pictures show ``view`` (the Map
    tab's colours, sizes and focus, as pairs). The key table is never among them."""
    with tempfile.TemporaryDirectory() as folder:
        report = export_bundle(_result, Path(folder) / "report", _report, key=secret, keep=keep, locality=locality,
                               view=dict(view))
        tables = write_analysis(_result, Path(folder) / "tables", key=secret, keep=keep)
        return {p.name: p.read_bytes() for p in report + tables}


def zipped(files: dict[str, bytes]) -> bytes:
    """Every file in one zip, tables in a ``tables/`` folder."""
    buffer = io.BytesIO()
    shown = {name for name, _, _ in EXPORTS}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name if name in shown else f"tables/{name}", data)
    return buffer.getvalue()


def _pseudonymise_on() -> None:
    st.session_state["pseudonymise"] = True


def show(result: Analysis, key: tuple, report, secret: str | None, label: str, private) -> None:
    """The view. ``private`` is the session's pseudonymiser (for the key table), or None."""
    st.write("A briefing to read and print, and the data for Excel, Kumu, Gephi and other tools. Everything is made "
             "on this computer.")
    if names_withheld():  # never fall back to files with names
        st.warning("Pseudonymise is ticked but there is no key: enter one under Privacy in the sidebar, or untick "
                   "pseudonymise, to prepare the files.")
        return
    shown = wave_role()
    if secret:
        st.success("Actors are shown by code in every file (see Privacy in the sidebar).")
    elif shown and not shown["names"]:
        st.success("Actors are shown by code in every file: your role on this project is viewer without names.")
    else:
        st.info("These files name people and organisations. Residents' names are personal data: before you share "
                "the files outside your team, pseudonymise them (every name and id becomes a code; free text and "
                "contact details are left out).")
        st.button("Pseudonymise the files", key="pseudonymise_exports", on_click=_pseudonymise_on)
    locality = " ".join(st.text_input("Name of the locality or project (in the briefing's title)", key="locality",
                                      max_chars=120, placeholder="e.g. Millbrook Connected Communities").split())
    keep = st.session_state.get("_keep_columns", ())
    # the pictures follow the map on screen (its colours, sizes and focus; set by the Map tab)
    view = tuple(sorted(st.session_state.get("_map_view", {}).items()))
    wanted = (key, secret, keep, locality, view)
    # made on request: the files take seconds on large maps
    if st.button("Prepare the files", key="prepare_exports", type="primary"):
        with st.spinner("Preparing the files …"):
            st.session_state["_meeting_files"] = (wanted, _files(result, key, secret, report, keep, locality, view))
    made = st.session_state.get("_meeting_files")
    if made is None:
        return
    made_for, files = made
    if made_for != wanted:
        # kept, not dropped: a user who changes an option still has the files made before
        st.warning("These files were made before you changed the options or the title, so they do not show what "
                   "is on screen now. Press *Prepare the files* to bring them up to date.")
    if made_for[1] is None and secret:
        return  # made with names, and the user now wants codes: never offer the named files again
    download_button("Download everything (zip)", zipped(files), file_name="netmap.zip", mime="application/zip",
                       key="export_zip", type="primary")
    for name, text, mime in EXPORTS:
        download_button(text, files[name], file_name=name, mime=mime, key=f"export_{name}")
    tables = ", ".join(sorted(n for n in files if n.endswith(".csv")))
    st.caption(plain(f"The zip also holds every table as CSV ({tables}) and summary.json."))
    if secret and made_for[1] == secret and private is not None:
        # made apart from the shared files: the user saves it somewhere else
        download_button("Key table: codes → names (keep it apart from the files you share)",
                           private.key_table().to_csv(index=False).encode("utf-8"),
                           file_name="pseudonym-key.DO-NOT-SHARE.csv", mime="text/csv", key="export_key",
                           names=True)
