"""Source files rewritten without one person, each in its own format."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from netmap.formats.rewrite import Person, Unrewritable, rewrite_without

ZELDA = Person("zq-1", ("Zelda Quartermaine", "Zelda Q."))


def test_csv_keeps_its_delimiter_bom_and_line_ends():
    given = ("\ufeffrespondent;contact 1;contact 2;comment\r\n"
             "Zelda Q.;Bob;Ann;\r\n"
             "Ann;zelda quartermaine;Bob;met Zelda Quartermaine at the fair\r\n").encode("utf-8")
    out = rewrite_without("survey.csv", given, ZELDA)
    assert out == ("\ufeffrespondent;contact 1;contact 2;comment\r\n"
                   "Ann;;Bob;met [erased] at the fair\r\n").encode("utf-8")
    assert rewrite_without("ties.tsv", b"source\ttarget\nzq-1\tann\nann\tbob\n", ZELDA) == b"source\ttarget\nann\tbob\n"
    assert rewrite_without("other.csv", b"source,target\nann,bob\n", ZELDA) is None  # not mentioned: unchanged


def test_a_workbook_loses_their_rows_on_every_sheet():
    book = Workbook()
    actors = book.active
    actors.title = "actors"
    for row in (["id", "name", "notes"], ["zq-1", "Zelda Quartermaine", ""], ["ann", "Ann", "Zelda Q. helps"]):
        actors.append(row)
    ties = book.create_sheet("ties")
    for row in (["source", "target"], ["ann", "zq-1"], ["ann", "bob"]):
        ties.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    out = load_workbook(io.BytesIO(rewrite_without("map.xlsx", buffer.getvalue(), ZELDA)))
    assert [list(r) for r in out["actors"].iter_rows(values_only=True)] == [["id", "name", "notes"],
                                                                           ["ann", "Ann", "[erased] helps"]]
    assert [list(r) for r in out["ties"].iter_rows(values_only=True)] == [["source", "target"], ["ann", "bob"]]


def test_gexf_loses_their_node_and_edges():
    gexf = (b'<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph>'
            b'<nodes><node id="zq-1" label="Zelda Quartermaine"/><node id="ann" label="Ann"/>'
            b'<node id="bob" label="Bob"/></nodes>'
            b'<edges><edge id="0" source="ann" target="zq-1"/><edge id="1" source="ann" target="bob"/></edges>'
            b'</graph></gexf>')
    out = rewrite_without("map.gexf", gexf, ZELDA).decode()
    assert "Zelda" not in out and "zq-1" not in out
    assert 'id="ann"' in out and 'source="ann" target="bob"' in out and out.count("<edge ") == 1


def test_a_format_that_cannot_be_rewritten_is_said_so():
    with pytest.raises(Unrewritable):
        rewrite_without("interviews.json", b'{"alter": "Zelda Quartermaine"}', ZELDA)
    assert rewrite_without("interviews.json", b'{"alter": "Bob"}', ZELDA) is None


def test_spaces_keep_their_rows():
    spaces = b"id,name,owner\nhall,Church Hall,zq-1\n"
    assert rewrite_without("spaces.csv", spaces, ZELDA, rows_are_people=False) == b"id,name,owner\nhall,Church Hall,\n"
