"""Ruling lines from the pixels of a prepared (straight, evenly lit) page.

A ruling line is a long thin run of ink.  Morphology finds them whatever their state in
a scan: a closing along the line bridges small breaks (a photocopied line is dotted), an
opening with a line-long kernel keeps only runs longer than any letter stroke, and each
connected piece left is one rule, however thick it bled.  A shorter piece is kept only
where it meets a rule across it (a narrow column's border), so a tall letter stem never
becomes a border.  The rules are erased from the image for Tesseract, which would read a
border as a letter (``|`` -> ``1``/``ไ``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import ruling
from ..records import BBox, Edge
from .settings import OcrSettings


@dataclass(slots=True)
class _Rule:
    """A line found in the image, in pixels: ``a0..a1`` across its thickness, ``b0..b1`` along it."""

    a0: int
    a1: int
    b0: int
    b1: int
    label: int  # its connected component in the line mask


def _line_mask(ink: np.ndarray, along: int, gap: int, min_len: int) -> tuple[np.ndarray, list[_Rule]]:
    """Rules along axis ``along`` (1: horizontal, 0: vertical): their labelled mask and boxes."""
    import cv2

    mask = ink.astype(np.uint8)
    shape = (gap + 1, 1) if along == 1 else (1, gap + 1)
    long = (min_len, 1) if along == 1 else (1, min_len)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, shape))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, long))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    rules = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if along == 1:
            rules.append(_Rule(y, y + h - 1, x, x + w, label))
        else:
            rules.append(_Rule(x, x + w - 1, y, y + h, label))
    return labels, rules


def _meet(h: _Rule, v: _Rule, m: int) -> bool:
    """A horizontal and a vertical rule cross or touch (within ``m`` pixels)."""
    return h.b0 - m <= v.a1 and v.a0 <= h.b1 + m and v.b0 - m <= h.a1 and h.a0 <= v.b1 + m


def _edges(rules: list[_Rule], orientation: str, settings: OcrSettings) -> list[Edge]:
    """Rules (pixels) as ``Edge``s (points); a filled box gives both its sides."""
    scale = settings.scale
    thick = settings.px(settings.max_rule_thickness_points)
    edges = []
    for r in rules:
        b0, b1 = r.b0 * scale, r.b1 * scale
        if r.a1 - r.a0 + 1 > thick:
            positions = [r.a0 * scale, (r.a1 + 1) * scale]
        else:
            positions = [(r.a0 + r.a1 + 1) / 2 * scale]
        for a in positions:
            if orientation == "h":
                edges.append(Edge(b0, a, b1, a, "h"))
            else:
                edges.append(Edge(a, b0, a, b1, "v"))
    return edges


def _kept(labels: np.ndarray, rules: list[_Rule]) -> np.ndarray:
    """The pixels of the kept rules' components (a lookup per label, not a search per pixel)."""
    keep = np.zeros(int(labels.max()) + 1, dtype=bool)
    keep[[r.label for r in rules]] = True
    keep[0] = False
    return keep[labels]


def find_rules(gray: np.ndarray, settings: OcrSettings, ink: np.ndarray | None = None):
    """Ruling lines of a page image as ``Edge``s in points, and the image with them erased.

    ``ink`` is the page's ink mask (``gray < 128`` when not given).
    """
    import cv2

    if ink is None:
        ink = gray < 128
    gap = settings.px(settings.max_rule_gap_points)
    min_len = settings.px(settings.min_rule_points)
    h_labels, horizontal = _line_mask(ink, 1, gap, min_len)
    v_labels, vertical = _line_mask(ink, 0, gap, min_len)
    lone = settings.lone_rule_points / settings.scale
    m = settings.px(settings.rule_meet_points)
    horizontal, vertical = (
        [r for r in horizontal if r.b1 - r.b0 >= lone or any(_meet(r, v, m) for v in vertical)],
        [v for v in vertical if v.b1 - v.b0 >= lone or any(_meet(r, v, m) for r in horizontal)],
    )
    edges = _edges(horizontal, "h", settings) + _edges(vertical, "v", settings)
    found = _kept(h_labels, horizontal) | _kept(v_labels, vertical)
    margin = 2 * settings.px(settings.erase_margin_points) + 1
    found = cv2.dilate(found.astype(np.uint8), np.ones((margin, margin), np.uint8)).astype(bool)
    clean = gray.copy()
    clean[found] = 255
    return edges, clean


def table_cells(edges: list[Edge]) -> list[BBox]:
    """Cell boxes (points) the ruling lines form, the way the tables stage will find them."""
    return ruling.cell_boxes(edges)
