"""Read back every file netmap writes, with readers nobody here wrote (pandas, openpyxl,
networkx, ElementTree, html.parser), and list the text a person would see in it."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import openpyxl
import pandas as pd

from netmap.privacy import CODE_PATTERN


class _Texts(HTMLParser):
    """Text nodes and attribute values of an HTML page (tag and attribute names left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.texts += [v for _, v in attrs if v]

    def handle_data(self, data):
        self.texts.append(data)


def _xml_texts(data: bytes) -> list[str]:
    texts = []
    for element in ET.fromstring(data).iter():
        texts += list(element.attrib.values())
        texts += [t for t in (element.text, element.tail) if t and t.strip()]
    return texts


def read_back(path: Path, vis_js: str = "") -> list[str]:
    """Every string a reader of ``path`` sees; also proves the file opens in its reader."""
    path = Path(path)
    data = path.read_bytes()
    suffix = path.suffix
    if suffix == ".csv":
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        return list(frame.columns) + [v for row in frame.itertuples(index=False) for v in row]
    if suffix in (".json", ".jsonl"):
        return [data.decode("utf-8")]
    if suffix == ".xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return [str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    if suffix == ".gexf":
        nx.read_gexf(io.BytesIO(data))  # opens in networkx
        return _xml_texts(data)
    if suffix == ".graphml":
        nx.read_graphml(io.BytesIO(data))
        return _xml_texts(data)
    if suffix == ".svg":
        return _xml_texts(data)
    if suffix == ".html":
        text = data.decode("utf-8")
        if vis_js:
            text = text.replace(vis_js, "")  # the drawing library, not data
        parser = _Texts()
        parser.feed(text)
        return parser.texts
    raise AssertionError(f"no reader for {path.name}")


def leaked(texts: list[str], originals: list[str]) -> list[str]:
    """The originals found in ``texts`` as whole tokens (any case); codes are not tokens of
    the original ``A-…`` kind, so they are removed first."""
    blob = CODE_PATTERN.sub(" ", "\n".join(texts)).lower()
    found = []
    for original in originals:
        pattern = re.escape(original.lower())
        # a number-name "007" is not the digits of "0.007"
        number = r"(?<!\d[.,])" if original.isdigit() else ""
        if re.search(rf"(?<![\w]){number}{pattern}(?![\w])", blob):
            found.append(original)
    return found
