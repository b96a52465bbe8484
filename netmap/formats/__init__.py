"""Bytes <-> tables: CSV/TSV/XLSX read within limits, GEXF/GraphML in and out, workbooks and
cells written safely. Knows no network (like networkx's ``readwrite`` or igraph's ``io``)."""
