"""Where things go on the static picture: the connected part, a compact strip of isolates,
and labels that do not overlap.

A large sparse network (a school of 1,461 with 524 pupils without a friend tie) drawn as
laid out fills the picture with isolates and leaves the connected part small; its top-5
labels, drawn beside their nodes, overlap. Here the actors with no ties are packed in a grid
strip along the bottom, the connected part gets the rest of the canvas, and each label of a
marked actor takes the first free place next to its node (right, above, below, left, then
those sides shifted a little), greedily in the order the marks were given; a label with no
free place next to its node is not printed rather than printed away from it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from netmap.render.network_map import MapData

__all__ = ["Placement", "place", "label_size", "labelled", "isolates_note", "NEAR"]

#: Label font size (px) and the width of an average character of a sans-serif font at that size.
FONT, CHAR_WIDTH, LINE = 13, 7.4, 16
#: Farthest a label may be from its node's circle, in font sizes: next to it, or not printed.
NEAR = 1.25
#: Grid step of the isolates strip (px) and the largest share of the height it may take.
STRIP_STEP, STRIP_SHARE = 11.0, 0.3


@dataclass
class Placement:
    """Canvas positions (px): node centres and radii, label boxes (left, top) of the names
    printed (each next to its node; a name with no room there is left out), and the strip of
    actors with no ties (its top y and how many)."""

    where: dict[str, tuple[float, float]] = field(default_factory=dict)
    radius: dict[str, float] = field(default_factory=dict)
    labels: dict[str, tuple[float, float]] = field(default_factory=dict)
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


def _gap(box: tuple[float, float, float, float], x: float, y: float, r: float) -> float:
    """Distance (px) from the circle of radius ``r`` at (x, y) to the nearest point of ``box`` (0 when they touch)."""
    nx_, ny_ = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    return max(0.0, math.hypot(nx_ - x, ny_ - y) - r)


def _candidates(x: float, y: float, r: float, w: float, h: float) -> list[tuple[float, float]]:
    """Label boxes (left, top) beside the node, best first: starting at it (right, above and
    below, centred or starting over it), then ending at it (left), then the corners and a
    line further up or down. A long name that ends at its dot reads as the name of whatever
    it starts at, so it comes after the places where the name starts at its own dot."""
    right, left, above, below = x + r + 3, x - r - 3 - w, y - r - 2 - h, y + r + 2
    middle_y, middle_x = y - h / 2, x - w / 2
    out = [(right, middle_y), (middle_x, above), (middle_x, below), (x - r, above), (x - r, below)]
    out += [(right, middle_y - h - 1), (right, middle_y + h + 1)]  # a line apart, a pixel between
    out += [(left, middle_y), (x + r - w, above), (x + r - w, below), (left, middle_y - h - 1),
            (left, middle_y + h + 1)]
    out += [(right, above), (right, below), (left, above), (left, below)]
    out += [(right, middle_y - 2 * h - 2), (right, middle_y + 2 * h + 2), (middle_x, above - h - 1),
            (middle_x, below + h + 1), (left, middle_y - 2 * h - 2), (left, middle_y + 2 * h + 2)]
    return out


def _place_labels(data: MapData, out: Placement, width: float, height: float, font: float = FONT) -> None:
    """A name goes next to its own node (within :data:`NEAR` × ``font`` of its circle) or
    nowhere: a label pushed away from its node reads as another actor's name."""
    marked = labelled(data)
    # marked circles are obstacles too: a label should not cover another marked actor
    circles = [(out.where[n.id][0] - out.radius[n.id], out.where[n.id][1] - out.radius[n.id],
                out.where[n.id][0] + out.radius[n.id], out.where[n.id][1] + out.radius[n.id]) for n in marked]
    taken: list[tuple[float, float, float, float]] = []
    for n in marked:
        x, y = out.where[n.id]
        r = out.radius[n.id]
        w, h = label_size(n.label, font)
        best, best_cost = None, math.inf
        for left, top in _candidates(x, y, r, w, h):
            box = (left, top, left + w, top + h)
            if not (left >= 2 and top >= 2 and box[2] <= width - 2 and box[3] <= height - 2):
                continue  # off the picture
            if _gap(box, x, y, r) > NEAR * font or any(_overlaps(box, t) for t in taken):
                continue  # too far from its node, or over another name
            # a marked circle on top of this one is part of the same blot: not in the way
            cost = sum(_overlaps(box, c) for c in circles if not _overlaps(c, (x - r, y - r, x + r, y + r)))
            if cost < best_cost:
                best, best_cost = (left, top), cost
                if cost == 0:
                    break
        if best is None:
            continue  # no room next to its node: not printed (the interactive map names it)
        left, top = best
        taken.append((left, top, left + w, top + h))
        out.labels[n.id] = (left, top)
