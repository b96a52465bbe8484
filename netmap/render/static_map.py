"""Static pictures of the map (SVG and PNG) for slides and print, from the same layout and
choices as the interactive map: the same colours, the same focus, the same marks. Names are
printed for the key actors only (marked brokers and assets, the focused actor, the largest),
so the picture stays readable, and at a size that prints at 8 pt or more on A4."""
from __future__ import annotations

import html
import io
import math
import re
from dataclasses import dataclass

from netmap.render.network_map import MapData, MapNode
from netmap.render.placement import CHAR_WIDTH, FONT, isolates_note, labelled, place

__all__ = ["map_svg", "map_png", "label_font", "PRINT_WIDTH_MM", "MIN_PRINT_PT"]

WIDTH, HEIGHT, MARGIN, LEGEND = 1200, 900, 40, 60
#: The briefing prints the picture this wide on A4 (180 mm between its margins).
PRINT_WIDTH_MM = 180.0
#: Smallest size of printed words on the picture, in points (1 pt = 25.4 / 72 mm).
MIN_PRINT_PT = 8.0
#: Half a point to spare: the briefing's frame and a printer's "fit to page" take a little off.
_SPARE_PT = 0.5


def label_font(width: float = WIDTH, print_mm: float = PRINT_WIDTH_MM, points: float = MIN_PRINT_PT) -> int:
    """Font size (picture px) that prints at ``points`` or more when ``width`` px become ``print_mm`` mm.

    >>> label_font(1200)  # 8 pt = 2.82 mm; 180 mm / 1200 px = 0.15 mm a px
    19
    """
    return math.ceil(points * 25.4 / 72 / (print_mm / width))


#: Characters XML 1.0 forbids: one of them in a label makes the whole SVG unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(value) -> str:
    """Text for an SVG text node or attribute: markup escaped (``& < > " '``), characters
    XML forbids dropped, so user text can neither add elements nor break the file."""
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


@dataclass(frozen=True)
class _Key:
    """One legend entry: its symbol ("dot", "ring", "diamond", "square", "line", "dashed" or
    "" for words alone), colour and words, and where it goes (left, baseline)."""

    symbol: str
    colour: str
    text: str
    x: float = 0.0
    y: float = 0.0


def _entries(data: MapData, isolates: int) -> list[_Key]:
    # the count of actors with no ties comes first, so a long legend never pushes it off the picture
    keys = [_Key("dot", "#9a9a9a", isolates_note(isolates))] if isolates else []
    if data.colour_note:
        keys.append(_Key("", "", data.colour_note + ":"))
    keys += [_Key("dot", c, label) for c, label in data.legend]
    if data.size_note:
        keys.append(_Key("", "", data.size_note))
    keys += [_Key("ring", c, label) for c, label in data.marks]
    keys += [_Key(shape, "#cccccc", label) for shape, label in data.shapes]
    keys += [_Key("dashed" if dashed else "line", c, label) for c, dashed, label in data.lines]
    return keys


def _text_width(text: str, font: float) -> float:
    return CHAR_WIDTH / FONT * font * len(text)


def _legend_layout(data: MapData, isolates: int, font: float) -> tuple[list[_Key], float]:
    """Legend entries flowed in rows across the picture's width; returns them and the height they need."""
    line = font * 1.5
    x, row, out = MARGIN, 0, []
    for key in _entries(data, isolates):
        width = (font * 1.3 if key.symbol else 0) + _text_width(key.text, font) + font * 1.4
        if x + width > WIDTH - MARGIN and x > MARGIN:
            x, row = MARGIN, row + 1
        out.append(_Key(key.symbol, key.colour, key.text, x, row * line))
        x += width
    return out, max(LEGEND, (row + 1) * line + font)


def _layout(data: MapData, font: int | None):
    """The font (:func:`label_font` by default), the legend's entries and height, and where
    every node and name goes: what the SVG and the PNG both draw."""
    font = font or label_font(WIDTH, points=MIN_PRINT_PT + _SPARE_PT)
    keys, legend = _legend_layout(data, 0, font)
    placed = place(data, WIDTH, HEIGHT, MARGIN, legend, font)
    if placed.isolates:  # the strip's note adds a legend entry
        keys, legend = _legend_layout(data, placed.isolates, font)
        placed = place(data, WIDTH, HEIGHT, MARGIN, legend, font)
    return font, keys, legend, placed


def _diamond(x: float, y: float, r: float) -> list[tuple[float, float]]:
    return [(x, y - r * 1.25), (x + r * 1.25, y), (x, y + r * 1.25), (x - r * 1.25, y)]


def _svg_node(n: MapNode, x: float, y: float, r: float) -> str:
    stroke = f' stroke="{_x(n.border)}" stroke-width="3"' if n.border else (
        ' stroke="#333333" stroke-width="1.5"' if n.shape == "diamond" else "")
    title = f"<title>{_x(n.label)}</title>"
    if n.shape == "diamond":
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in _diamond(x, y, r))
        return f'<polygon points="{points}" fill="{_x(n.color)}"{stroke}>{title}</polygon>'
    if n.shape == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                f'fill="{_x(n.color)}"{stroke}>{title}</rect>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{_x(n.color)}"{stroke}>{title}</circle>'


def _svg_key(key: _Key, top: float, font: float) -> str:
    y = top + key.y + font
    cy, r, sx = y - font * 0.35, font * 0.33, key.x + font * 0.4
    text_x = key.x + (font * 1.3 if key.symbol else 0)
    colour = _x(key.colour)
    symbol = {
        "dot": f'<circle cx="{sx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{colour}" stroke="#666" stroke-width="1"/>',
        "ring": f'<circle cx="{sx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="#fff" stroke="{colour}" stroke-width="3"/>',
        "diamond": '<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in _diamond(sx, cy, r))
                   + f'" fill="{colour}" stroke="#333" stroke-width="1.5"/>',
        "square": f'<rect x="{sx - r:.1f}" y="{cy - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                  f'fill="{colour}" stroke="#333" stroke-width="1"/>',
        "line": f'<line x1="{key.x:.1f}" y1="{cy:.1f}" x2="{key.x + font:.1f}" y2="{cy:.1f}" stroke="{colour}" '
                'stroke-width="3"/>',
        "dashed": f'<line x1="{key.x:.1f}" y1="{cy:.1f}" x2="{key.x + font:.1f}" y2="{cy:.1f}" stroke="{colour}" '
                  'stroke-width="3" stroke-dasharray="4 3"/>',
    }.get(key.symbol, "")
    weight = ' font-weight="bold"' if not key.symbol else ""
    return f'{symbol}<text x="{text_x:.1f}" y="{y:.1f}" font-size="{font}"{weight}>{_x(key.text)}</text>'


def map_svg(data: MapData, font: int | None = None) -> str:
    """The map as a standalone SVG document (text escaped).

    Parameters
    ----------
    data
        The map as :func:`~netmap.render.network_map.build_map` made it for the screen
        (same colours, focus and marks).
    font
        Size of names and legend words (picture px); by default :func:`label_font`, which
        prints at 8 pt or more when the picture is 180 mm wide (the briefing on A4).
    """
    font, keys, legend, placed = _layout(data, font)
    where = placed.where
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" role="img">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
             '<g stroke="#9a9a9a" stroke-opacity="0.55">']
    for e in data.edges:
        (x1, y1), (x2, y2) = where[e.source], where[e.target]
        dash = ' stroke-dasharray="6 4"' if e.dashes else ""
        colour = f' stroke="{_x(e.color)}" stroke-opacity="0.95"' if e.color else ""
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke-width="{e.width / 2:.2f}"{colour}{dash}/>')
    parts.append("</g><g>")
    for n in sorted(data.nodes, key=lambda n: n.key or n.border is not None):
        x, y = where[n.id]
        parts.append(_svg_node(n, x, y, placed.radius[n.id]))
    if data.empty:
        parts.append(f'<text x="{WIDTH / 2:.0f}" y="{MARGIN + font * 2:.0f}" font-size="{font}" text-anchor="middle" '
                     f'fill="#222">{_x(data.empty)}</text>')
    for n in labelled(data):
        if n.id not in placed.labels:
            continue  # no room next to its node
        x, y = placed.labels[n.id]
        parts.append(f'<text x="{x + 1:.1f}" y="{y + font:.1f}" font-size="{font}" fill="#222" '
                     f'stroke="#fff" stroke-width="3" paint-order="stroke">{_x(n.label)}</text>')
    parts.append("</g>")
    top = HEIGHT - legend
    parts += [_svg_key(key, top, font) for key in keys]
    parts.append("</svg>")
    return "\n".join(parts)


def _png_key(draw, key: _Key, top: float, font: float, scale: int) -> None:
    y = top + key.y + font
    cy, r, sx = y - font * 0.35, font * 0.33, key.x + font * 0.4
    box = [(sx - r) * scale, (cy - r) * scale, (sx + r) * scale, (cy + r) * scale]
    if key.symbol == "dot":
        draw.ellipse(box, fill=key.colour, outline="#666666", width=scale)
    elif key.symbol == "ring":
        draw.ellipse(box, fill="white", outline=key.colour, width=3 * scale)
    elif key.symbol == "diamond":
        draw.polygon([(px * scale, py * scale) for px, py in _diamond(sx, cy, r)], fill=key.colour,
                     outline="#333333", width=scale)
    elif key.symbol == "square":
        draw.rectangle(box, fill=key.colour, outline="#333333", width=scale)
    elif key.symbol in ("line", "dashed"):
        draw.line([key.x * scale, cy * scale, (key.x + font) * scale, cy * scale], fill=key.colour, width=3 * scale)
    text_x = key.x + (font * 1.3 if key.symbol else 0)
    draw.text((text_x * scale, (y - font * 0.85) * scale), key.text, fill="#222222", font_size=font * scale)


def map_png(data: MapData, scale: int = 2, font: int | None = None) -> bytes:
    """The same picture as a PNG (Pillow), ``scale`` times the SVG's size for print."""
    from PIL import Image, ImageDraw

    font, keys, legend, placed = _layout(data, font)
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    draw = ImageDraw.Draw(image)
    where = placed.where
    for e in data.edges:
        (x1, y1), (x2, y2) = where[e.source], where[e.target]
        draw.line([(x1 * scale, y1 * scale), (x2 * scale, y2 * scale)], fill=e.color or "#c8c8c8",
                  width=max(1, int(e.width)))
    for n in sorted(data.nodes, key=lambda n: n.key or n.border is not None):
        x, y = where[n.id]
        r = placed.radius[n.id] * scale
        outline = n.border or ("#333333" if n.shape == "diamond" else None)
        width = 3 * scale if n.border else scale if outline else 0
        if n.shape == "diamond":
            draw.polygon([(px * scale, py * scale) for px, py in _diamond(x, y, r / scale)], fill=n.color,
                         outline=outline, width=width)
        elif n.shape == "square":
            draw.rectangle([x * scale - r, y * scale - r, x * scale + r, y * scale + r], fill=n.color,
                           outline=outline, width=width)
        else:
            draw.ellipse([x * scale - r, y * scale - r, x * scale + r, y * scale + r], fill=n.color,
                         outline=outline, width=width)
    if data.empty:
        draw.text((WIDTH / 2 * scale, (MARGIN + font) * scale), data.empty, fill="#222222", font_size=font * scale,
                  anchor="mt")
    for n in labelled(data):
        if n.id not in placed.labels:
            continue  # no room next to its node
        x, y = placed.labels[n.id]
        draw.text(((x + 1) * scale, (y + 1) * scale), n.label, fill="#222222",
                  font_size=font * scale, stroke_width=2, stroke_fill="white")
    top = HEIGHT - legend
    for key in keys:
        _png_key(draw, key, top, font, scale)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
