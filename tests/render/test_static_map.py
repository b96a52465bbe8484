"""Static pictures of large sparse networks (issue 9: 524 isolates filled the picture of a
school and the top-5 labels overlapped)."""
from __future__ import annotations

import re

from netmap.render.network_map import MapData, MapEdge, MapNode
from netmap.render.placement import label_size
from netmap.render.static_map import HEIGHT, LEGEND, WIDTH, label_font, map_png, map_svg


def sparse_picture(isolates: int = 300) -> MapData:
    """A small connected core whose five marked actors sit within a few units of each other,
    and many isolates scattered over a much larger area (as a force layout leaves them)."""
    core = [MapNode(f"c{i}", f"Central actor {i}", x=i * 2.0, y=(i % 2) * 2.0, size=20, color="#0072B2", title="",
                    border="#000000" if i < 5 else None) for i in range(8)]
    edges = [MapEdge(f"c{i}", f"c{i + 1}", 1.0, "") for i in range(7)]
    alone = [MapNode(f"i{k}", f"i{k}", x=(k * 37) % 1000 - 500.0, y=(k * 53) % 1000 - 500.0, size=20,
                     color="#E69F00", title="") for k in range(isolates)]
    return MapData(core + alone, edges, [("#0072B2", "A"), ("#E69F00", "B")], False,
                   marks=[("#000000", "top 5 honest brokers")])


def _circles(svg: str) -> dict[str, tuple[float, float]]:
    found = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" fill="[^"]+"[^>]*><title>([^<]+)</title>', svg)
    return {name: (float(x), float(y)) for x, y, name in found}


def test_isolates_are_packed_in_a_strip_below_the_connected_part():
    svg = map_svg(sparse_picture())
    where = _circles(svg)
    core_y = [where[f"Central actor {i}"][1] for i in range(8)]
    strip_y = [y for name, (_, y) in where.items() if name.startswith("i")]
    assert len(strip_y) == 300
    assert min(strip_y) > max(core_y)  # apart from the connected part
    assert max(strip_y) < HEIGHT - LEGEND and max(strip_y) - min(strip_y) < 0.3 * HEIGHT  # compact
    # the connected part is no longer squeezed to a dot by the isolates around it
    core_x = [where[f"Central actor {i}"][0] for i in range(8)]
    assert max(core_x) - min(core_x) > 0.5 * WIDTH
    assert "300 actors with no ties" in svg


def test_marked_labels_do_not_overlap_and_stay_on_the_picture():
    picture = sparse_picture()
    # put the five marked actors almost on top of each other
    nodes = [MapNode(n.id, n.label, x=n.x * 0.01 if n.border else n.x, y=n.y * 0.01 if n.border else n.y,
                     size=n.size, color=n.color, title="", border=n.border) for n in picture.nodes]
    svg = map_svg(MapData(nodes, picture.edges, picture.legend, False, marks=picture.marks))
    font = label_font(points=8.5)
    labels = re.findall(rf'<text x="([\d.]+)" y="([\d.]+)" font-size="{font}" fill="#222"[^>]*>([^<]+)</text>', svg)
    assert len(labels) == 5
    boxes = []
    for x, y, text in labels:
        w, h = label_size(text, font)
        left, top = float(x) - 1, float(y) - font
        boxes.append((left, top, left + w, top + h))
        assert 0 <= left and left + w <= WIDTH and 0 <= top and top + h <= HEIGHT - LEGEND
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert map_png(MapData(nodes, picture.edges, picture.legend, False, marks=picture.marks))[:4] == b"\x89PNG"


def test_no_isolates_no_strip_and_no_note():
    picture = sparse_picture(isolates=0)
    assert "with no ties" not in map_svg(picture)
