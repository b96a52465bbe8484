"""Where the data comes from: the bundled samples, the user's uploads or a survey export
(the sidebar's Data choice), as a :class:`Source` of (name, bytes) the caches key on."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st

from netmap.formats.spreadsheets import MAX_FILE_BYTES
from netmap.samples import samples_dir
from netmap.ui import spaces as spaces_ui

__all__ = ["Source", "data_mode", "choose_source", "SAMPLE", "UPLOAD", "SURVEY", "sample_source", "SAMPLES", "SAMPLE_NOTES", "SAMPLE_GROUPS"]

#: Short names, so that the sidebar shows them whole (issue 14); what each is, below the picker.
SAMPLES = {
    "Millbrook": "millbrook",
    "Florentine families": "florentine",
    "Karate club": "karate",
    "Southern Women": "davis",
}
SAMPLE_NOTES = {
    "millbrook": "Millbrook, a fictional town (people, organisations and the spaces they share)",
    "florentine": "the Florentine families of Renaissance Florence, linked by marriage (Padgett)",
    "karate": "a university karate club of 34 members before it split (Zachary)",
    "davis": "the Southern Women and the social events each attended (Davis)",
}
#: Group attribute a sample is best explored with.
SAMPLE_GROUPS = {"millbrook": "sector", "karate": "club"}


@dataclass(frozen=True)
class Source:
    """The files to analyse, as (name, bytes) so that caching keys on content."""

    ties: tuple[str, bytes] | None
    actors: tuple[str, bytes] | None
    label: str
    sample: str | None = None
    affiliations: tuple[str, bytes] | None = None  # the second mode (netmap.validate.affiliations)
    spaces: tuple[str, bytes] | None = None
    aliases: tuple[str, bytes] | None = None  # a survey's decisions about names, kept with a saved wave
    #: The files the user gave, when ties and actors were made from them (a survey export): the
    #: report names these, not the ties.csv the user never saw.
    made_from: str | None = None

    @property
    def identity(self) -> str:
        """Changes whenever other files (or other content) are chosen."""
        digest = hashlib.sha1(self.ties[1] if self.ties is not None else b"")
        for name, part in (("actors", self.actors), ("affiliations", self.affiliations), ("spaces", self.spaces)):
            if part is not None:
                digest.update(f"\0{name}\0".encode() + part[1])
        return digest.hexdigest()


def sample_source(folder: str) -> Source:
    base = samples_dir() / folder
    files = {name: (f"{name}.csv", (base / f"{name}.csv").read_bytes()) if (base / f"{name}.csv").exists() else None
             for name in ("ties", "actors", "affiliations", "spaces")}
    return Source(files["ties"], files["actors"], SAMPLE_NOTES[folder], folder, files["affiliations"], files["spaces"])


#: The sidebar's choices of where the data comes from.
SAMPLE, UPLOAD, SURVEY = "Sample locality", "Upload my files", "Survey export"


def data_mode() -> str:
    """Sidebar: where the data comes from (:data:`SAMPLE`, :data:`UPLOAD` or :data:`SURVEY`)."""
    st.sidebar.header("Data")
    return st.sidebar.radio("Data", [SAMPLE, UPLOAD, SURVEY], key="mode", label_visibility="collapsed")


def choose_source(mode: str) -> Source | None:
    """Sidebar: a bundled sample or the user's own files (``mode`` from :func:`data_mode`)."""
    if mode == SAMPLE:
        choice = st.sidebar.selectbox("Sample", list(SAMPLES), key="sample")
        st.sidebar.caption(SAMPLE_NOTES[SAMPLES[choice]][:1].upper() + SAMPLE_NOTES[SAMPLES[choice]][1:] + ".")
        return sample_source(SAMPLES[choice])
    limit = MAX_FILE_BYTES // 2**20
    ties = st.sidebar.file_uploader(
        "Ties: CSV, TSV or an Excel workbook", key="ties_file",
        type=["csv", "tsv", "txt", "xlsx", "xlsm", "gexf", "graphml"],
        help=f"One row per relationship: source, target, optional weight and type. A workbook may hold an "
             f"actors sheet too; a GEXF or GraphML file (Gephi, yEd, igraph) holds both. Up to {limit} MB.")
    actors = st.sidebar.file_uploader(
        "Actors (optional)", type=["csv", "tsv", "txt", "xlsx", "xlsm"], key="actors_file",
        help="One row per actor: id, optional name, and any attributes (sector, ward, offers, needs …).")
    with st.sidebar.expander("Templates"):
        for name in ("ties.csv", "actors.csv"):
            template = (samples_dir() / "templates" / name).read_bytes()
            st.download_button(f"Download {name} template", template, file_name=name, mime="text/csv",
                               key=f"template_{name}")
        st.caption("Fill in one row per tie and per actor. Names of columns from Gephi and Kumu work too.")
    affiliations, spaces = spaces_ui.uploads()
    if ties is None and affiliations is None:
        return None
    return Source((ties.name, ties.getvalue()) if ties else None, (actors.name, actors.getvalue()) if actors else None,
                  ties.name if ties else affiliations[0], None, affiliations, spaces)
