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
    # names go next to their own node or nowhere (issue 23 item 6): at the picture's left edge,
    # five dots on one spot leave room for three names beside them
    assert 3 <= len(labels) <= 5
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


def _shapes(svg: str) -> dict[str, list[tuple[float, float, float]]]:
    """Every drawn node's centre and radius (px), by its name (the shape's title)."""
    out: dict[str, list[tuple[float, float, float]]] = {}
    for x, y, r, name in re.findall(r'<circle cx="([\d.-]+)" cy="([\d.-]+)" r="([\d.]+)"[^>]*><title>([^<]*)</title>',
                                    svg):
        out.setdefault(name, []).append((float(x), float(y), float(r)))
    for x, y, w, name in re.findall(r'<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)"[^>]*><title>([^<]*)</title>',
                                    svg):
        out.setdefault(name, []).append((float(x) + float(w) / 2, float(y) + float(w) / 2, float(w) / 2))
    for points, name in re.findall(r'<polygon points="([^"]+)"[^>]*><title>([^<]*)</title>', svg):
        xs = [float(p.split(",")[0]) for p in points.split()]
        ys = [float(p.split(",")[1]) for p in points.split()]
        out.setdefault(name, []).append(((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, (max(xs) - min(xs)) / 2))
    return out


def assert_names_beside_their_nodes(svg: str, font: int) -> int:
    """Every printed name's box touches, or is within 1.5 × the font size of, its own node."""
    import html

    shapes = _shapes(svg)
    labels = re.findall(rf'<text x="([\d.-]+)" y="([\d.-]+)" font-size="{font}" fill="#222" stroke="#fff"[^>]*>'
                        r'([^<]+)</text>', svg)
    for x, y, text in labels:
        w, h = label_size(html.unescape(text), font)
        left, top = float(x) - 1, float(y) - font
        gaps = []
        for cx, cy, r in shapes[text]:
            nx, ny = min(max(cx, left), left + w), min(max(cy, top), top + h)
            gaps.append(max(0.0, ((nx - cx) ** 2 + (ny - cy) ** 2) ** 0.5 - r))
        assert min(gaps) <= 1.5 * font, (html.unescape(text), min(gaps))
    return len(labels)


def test_every_name_is_printed_next_to_its_own_node():
    # issue 23 item 6: Millbrook's briefing map printed Hollins Park's names in the middle of the
    # main cluster, far from their dots; a name is next to its own node or not printed at all
    from netmap.analysis import analyse
    from netmap.render.layout import layout_positions
    from netmap.render.network_map import build_map
    from tests.conftest import SAMPLES

    font = label_font(points=8.5)
    for folder in ("millbrook", "millbrook/wave2"):
        result = analyse(SAMPLES / folder / "ties.csv", SAMPLES / folder / "actors.csv", group_by="sector")
        picture = build_map(result, layout_positions(result.network.graph, result.options.seed))
        assert assert_names_beside_their_nodes(map_svg(picture), font) >= 5
    # five marked actors on top of each other, and a long name
    picture = sparse_picture()
    nodes = [MapNode(n.id, n.label * (3 if n.id == "c0" else 1), x=n.x * 0.01 if n.border else n.x,
                     y=n.y * 0.01 if n.border else n.y, size=n.size, color=n.color, title="", border=n.border)
             for n in picture.nodes]
    assert assert_names_beside_their_nodes(map_svg(MapData(nodes, picture.edges, picture.legend, False,
                                                           marks=picture.marks)), font) >= 3
