"""Static pictures of the map (SVG and PNG) for slides and print, from the same layout and
choices as the interactive map. Labels are drawn for the marked actors only, so the picture
stays readable."""
from __future__ import annotations

import html
import io
import re

from .network_map import MapData
from .placement import FONT, LINE, isolates_note, place

__all__ = ["map_svg", "map_png"]

WIDTH, HEIGHT, MARGIN, LEGEND = 1200, 860, 40, 60


#: Characters XML 1.0 forbids: one of them in a label makes the whole SVG unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(value) -> str:
    """Text for an SVG text node or attribute: markup escaped (``& < > " '``), characters
    XML forbids dropped, so user text can neither add elements nor break the file."""
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


def _legend(data: MapData, isolates: int = 0) -> list[tuple[str, str, bool]]:
    # the count of actors with no ties comes first, so a long legend never pushes it off the picture
    note = [("#9a9a9a", isolates_note(isolates), True)] if isolates else []
    return note + [(c, label, False) for c, label in data.legend] + [(c, label, True) for c, label in data.marks]


def map_svg(data: MapData) -> str:
    """The map as a standalone SVG document (text escaped)."""
    placed = place(data, WIDTH, HEIGHT, MARGIN, LEGEND)
    where = placed.where
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
             '<g stroke="#9a9a9a" stroke-opacity="0.55">']
    for e in data.edges:
        (x1, y1), (x2, y2) = where[e.source], where[e.target]
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke-width="{e.width / 2:.2f}"/>')
    parts.append("</g><g>")
    for n in sorted(data.nodes, key=lambda n: n.border is not None):
        x, y = where[n.id]
        stroke = f' stroke="{_x(n.border)}" stroke-width="3"' if n.border else ""
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{placed.radius[n.id]:.1f}" fill="{_x(n.color)}"{stroke}>'
                     f"<title>{_x(n.label)}</title></circle>")
    for n in data.nodes:
        if n.border:
            if n.id in placed.leaders:
                x1, y1, x2, y2 = placed.leaders[n.id]
                parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#555" '
                             'stroke-width="0.8"/>')
            x, y = placed.labels[n.id]
            parts.append(f'<text x="{x + 1:.1f}" y="{y + LINE - 4:.1f}" font-size="{FONT}" fill="#222" '
                         f'stroke="#fff" stroke-width="3" paint-order="stroke">{_x(n.label)}</text>')
    parts.append("</g>")
    x = MARGIN
    for colour, label, ring in _legend(data, placed.isolates):
        colour = _x(colour)
        style = f'fill="#fff" stroke="{colour}" stroke-width="3"' if ring else f'fill="{colour}"'
        parts.append(f'<circle cx="{x + 6}" cy="{HEIGHT - LEGEND / 2}" r="6" {style}/>'
                     f'<text x="{x + 16}" y="{HEIGHT - LEGEND / 2 + 5}" font-size="14">{_x(label)}</text>')
        x += 30 + 8 * len(label)
    parts.append("</svg>")
    return "\n".join(parts)


def map_png(data: MapData, scale: int = 2) -> bytes:
    """The same picture as a PNG (Pillow), ``scale`` times the SVG's size for print."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    draw = ImageDraw.Draw(image)
    placed = place(data, WIDTH, HEIGHT, MARGIN, LEGEND)
    where = placed.where
    for e in data.edges:
        (x1, y1), (x2, y2) = where[e.source], where[e.target]
        draw.line([(x1 * scale, y1 * scale), (x2 * scale, y2 * scale)], fill="#c8c8c8", width=max(1, int(e.width)))
    for n in sorted(data.nodes, key=lambda n: n.border is not None):
        x, y = where[n.id]
        r = placed.radius[n.id] * scale
        draw.ellipse([x * scale - r, y * scale - r, x * scale + r, y * scale + r], fill=n.color,
                     outline=n.border, width=3 * scale if n.border else 0)
    for n in data.nodes:
        if n.border:
            if n.id in placed.leaders:
                draw.line([c * scale for c in placed.leaders[n.id]], fill="#555555", width=scale)
            x, y = placed.labels[n.id]
            draw.text(((x + 1) * scale, (y + 1) * scale), n.label, fill="#222222",
                      font_size=FONT * scale, stroke_width=2, stroke_fill="white")
    x = MARGIN
    for colour, label, ring in _legend(data, placed.isolates):
        cy = (HEIGHT - LEGEND / 2) * scale
        box = [(x) * scale, cy - 6 * scale, (x + 12) * scale, cy + 6 * scale]
        draw.ellipse(box, fill="white" if ring else colour, outline=colour, width=3 * scale if ring else 0)
        draw.text(((x + 16) * scale, cy - 8 * scale), label, fill="#222222", font_size=14 * scale)
        x += 30 + 8 * len(label)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
