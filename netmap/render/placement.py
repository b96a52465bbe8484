"""Where things go on the static picture: the connected part, a compact strip of isolates,
and labels that do not overlap.

A large sparse network (a school of 1,461 with 524 pupils without a friend tie) drawn as
laid out fills the picture with isolates and leaves the connected part small; its top-5
labels, drawn beside their nodes, overlap. Here the actors with no ties are packed in a grid
strip along the bottom, the connected part gets the rest of the canvas, and each label of a
marked actor takes the first free place around its node (right, left, above, below, then
further out with a thin leader line), greedily in the order the marks were given.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from netmap.render.network_map import MapData

__all__ = ["Placement", "place", "label_size", "labelled", "isolates_note"]

#: Label font size (px) and the width of an average character of a sans-serif font at that size.
FONT, CHAR_WIDTH, LINE = 13, 7.4, 16
#: Grid step of the isolates strip (px) and the largest share of the height it may take.
STRIP_STEP, STRIP_SHARE = 11.0, 0.3


@dataclass
class Placement:
    """Canvas positions (px): node centres and radii, label boxes (left, top) with an optional
    leader line start, and the strip of actors with no ties (its top y and how many)."""

    where: dict[str, tuple[float, float]] = field(default_factory=dict)
    radius: dict[str, float] = field(default_factory=dict)
    labels: dict[str, tuple[float, float]] = field(default_factory=dict)
    leaders: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    strip_top: float | None = None
    isolates: int = 0


def label_size(text: str, font: float = FONT) -> tuple[float, float]:
    """Estimated width and height (px) of a label at font size ``font`` (px)."""
    return CHAR_WIDTH / FONT * font * len(text) + 2, LINE / FONT * font


def isolates_note(count: int) -> str:
    """The legend's words for the strip."""
    return f"{count:,} actor{'s' if count != 1 else ''} with no ties (strip at the bottom)"


def _isolates(data: MapData) -> set[str]:
    if not data.edges:
        return set()  # nothing connected to set them apart from
    tied = {e.source for e in data.edges} | {e.target for e in data.edges}
    return {n.id for n in data.nodes if n.id not in tied}


def place(data: MapData, width: float, height: float, margin: float, legend: float, font: float = FONT) -> Placement:
    """Positions for every node and labelled node (key actors and marked ones) on a
    ``width`` × ``height`` canvas whose bottom ``legend`` pixels hold the legend; labels are
    ``font`` px high."""
    out = Placement()
    alone = _isolates(data)
    out.isolates = len(alone)
    bottom = height - legend - margin
    if alone:
        usable = width - 2 * margin
        step = STRIP_STEP
        per_row = max(1, int(usable // step))
        rows = math.ceil(len(alone) / per_row)
        limit = STRIP_SHARE * (bottom - margin)
        if rows * step > limit:  # very many isolates: a finer grid, never more than the strip's share
            step = max(3.0, math.sqrt(usable * limit / len(alone)))
            per_row = max(1, int(usable // step))
            rows = math.ceil(len(alone) / per_row)
        strip_height = rows * step
        out.strip_top = bottom - strip_height + step / 2
        # grouped by colour (the group when the map is coloured by group), so the strip reads as counts
        strip = sorted((n for n in data.nodes if n.id in alone), key=lambda n: n.color)
        for i, n in enumerate(strip):
            row, col = divmod(i, per_row)
            out.where[n.id] = (margin + step / 2 + col * step, out.strip_top + row * step)
            out.radius[n.id] = min(n.size / 2.5, step * 0.42)
        bottom = out.strip_top - step - 12  # a gap between the strip and the connected part
    main = [n for n in data.nodes if n.id not in alone]
    xs = [n.x for n in main] or [0.0]
    ys = [n.y for n in main] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    scale = min((width - 2 * margin) / span_x, max(bottom - margin, 1.0) / span_y)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    mid_y = (margin + bottom) / 2
    for n in main:
        out.where[n.id] = (width / 2 + (n.x - cx) * scale, mid_y + (n.y - cy) * scale)
        out.radius[n.id] = n.size / 2.5
    _place_labels(data, out, width, height - legend, font)
    return out


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def labelled(data: MapData) -> list:
    """The nodes whose names a picture prints: the key actors and the marked ones."""
    return [n for n in data.nodes if n.key or n.border]


def _place_labels(data: MapData, out: Placement, width: float, height: float, font: float = FONT) -> None:
    marked = labelled(data)
    # marked circles are obstacles too: a label must not cover another marked actor
    circles = [(out.where[n.id][0] - out.radius[n.id], out.where[n.id][1] - out.radius[n.id],
                out.where[n.id][0] + out.radius[n.id], out.where[n.id][1] + out.radius[n.id]) for n in marked]
    taken: list[tuple[float, float, float, float]] = []
    for n in marked:
        x, y = out.where[n.id]
        r = out.radius[n.id]
        w, h = label_size(n.label, font)
        candidates = [(x + r + 3, y - h / 2, False), (x - r - 3 - w, y - h / 2, False),
                      (x - w / 2, y - r - 2 - h, False), (x - w / 2, y + r + 2, False)]
        for distance in (24, 40, 60, 85, 115, 150):
            for k in range(12):
                angle = 2 * math.pi * k / 12
                bx, by = x + distance * math.cos(angle), y + distance * math.sin(angle)
                candidates.append((bx if math.cos(angle) >= 0 else bx - w, by - h / 2, True))
        best, best_cost = None, math.inf
        for left, top, leader in candidates:
            box = (left, top, left + w, top + h)
            inside = left >= 2 and top >= 2 and box[2] <= width - 2 and box[3] <= height - 2
            cost = sum(_overlaps(box, t) for t in taken) * 10 + sum(
                _overlaps(box, c) for c in circles) + (0 if inside else 100)
            if cost == 0:
                best = (left, top, leader)
                break
            if cost < best_cost:
                best, best_cost = (left, top, leader), cost
        left, top, leader = best
        taken.append((left, top, left + w, top + h))
        out.labels[n.id] = (left, top)
        if leader:
            # from the circle's edge towards the nearest point of the label box
            tx, ty = min(max(x, left), left + w), min(max(y, top), top + h)
            d = math.hypot(tx - x, ty - y) or 1.0
            out.leaders[n.id] = (x + (tx - x) * r / d, y + (ty - y) * r / d, tx, ty)
