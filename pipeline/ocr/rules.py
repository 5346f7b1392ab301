"""Ruling lines from the pixels of a prepared (straight, evenly lit) page.

A ruling line is a long thin run of ink.  Morphology finds them whatever their state in
a scan: a closing along the line bridges small breaks (a photocopied line is dotted), an
opening with a line-long kernel keeps only runs longer than any letter stroke, and each
connected piece left is one rule, however thick it bled.  A shorter piece is kept only
where rules across it hold both its ends (a narrow column's border), so a tall letter stem,
even one touching a border, never becomes a border.  The rules are erased from the image
for Tesseract, which would read a border as a letter (``|`` -> ``1``/``ไ``).

Lines are looked for in the prepared page's ``rule_ink``: its ink and its thin faint strokes
(see ``prepare.thin_dark``), so a hairline printed in grey is still a line and a shaded
header is not.  A rule is a band of rows (columns) that run along nearly all of its piece,
so a blot of ink on it (a letter touching it, a dark band at the binding edge, a
photocopied shading turned black in one cell) neither moves it nor turns it into a
"filled box" whose two sides would cut false rows across the table.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from .. import ruling
from ..records import BBox, Edge
from .prepare import FAINT_INK
from .settings import OcrSettings

log = logging.getLogger(__name__)

# A row of a horizontal piece (a column of a vertical one) belongs to a line where it covers
# at least this share of the piece's length: a rule's rows cover nearly all of it (a little
# less where the page kept a trace of skew), a blot on one stretch covers only that stretch.
LINE_COVER = 0.35


@dataclass(slots=True)
class _Rule:
    """A line found in the image, in pixels: ``a0..a1`` across its thickness, ``b0..b1`` along it.

    ``a0..a1`` is the band of rows that run along the line, not the bounding box of its
    pixels: ink touching the line on one stretch does not widen it.
    """

    a0: int
    a1: int
    b0: int
    b1: int
    label: int  # its connected component in the line mask
    box: tuple[int, int, int, int]  # that component's x, y, width, height


def _bands(piece: np.ndarray) -> list[tuple[int, int]]:
    """The (first, last) row of each band of rows running along a horizontal piece.

    One piece may hold two rules joined by a blot between them (a black header cell joins
    the table's top rule to the rule under the header): each is a band of its own.
    """
    along = piece.mean(axis=1) >= LINE_COVER
    edges = np.flatnonzero(np.diff(np.concatenate(([0], along.astype(np.int8), [0]))))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _line_mask(ink: np.ndarray, along: int, gap: int, min_len: int) -> tuple[np.ndarray, list[_Rule]]:
    """Rules along axis ``along`` (1: horizontal, 0: vertical): their labelled mask and bands."""
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
        piece = labels[y : y + h, x : x + w] == label
        box = (x, y, w, h)
        if along == 1:
            rules += [_Rule(y + first, y + last, x, x + w, label, box) for first, last in _bands(piece)]
        else:
            rules += [_Rule(x + first, x + last, y, y + h, label, box) for first, last in _bands(piece.T)]
    return labels, rules


def _held(r: _Rule, across: list[_Rule], m: int) -> bool:
    """Both ends of ``r`` meet a rule across it (within ``m`` pixels): a border, not a stroke.

    A narrow column's border runs from one rule to the next; a letter's stem or bar that
    touches a rule (a bold header letter on its cell's top border) meets one at most.
    """

    def meets(end: int) -> bool:
        return any(c.b0 - m <= r.a1 and r.a0 <= c.b1 + m and c.a0 - m <= end <= c.a1 + m for c in across)

    return meets(r.b0) and meets(r.b1 - 1)


def _borders(
    horizontal: list[_Rule], vertical: list[_Rule], lone: float, m: int, thick: int
) -> tuple[list, list]:
    """The pieces that are ruling lines: long thin ones, and others held by rules at both ends.

    Short pieces are held by the rules kept so far, in two rounds: a short border may end on
    another short border (a merged cell's in a narrow column) once that one is held.  A filled
    area (thicker than a rule) counts, however long, only when held: a cell printed dark sits
    between the grid's rules, a shadow along the binding edge or a black border of the scan
    does not (its sides would cut a false column at the page edge).
    """

    def free(r: _Rule) -> bool:
        return r.b1 - r.b0 >= lone and r.a1 - r.a0 + 1 <= thick

    long_h = [r for r in horizontal if free(r)]
    long_v = [r for r in vertical if free(r)]
    short_h = [r for r in horizontal if not free(r)]
    short_v = [r for r in vertical if not free(r)]
    kept_h, kept_v = long_h, long_v
    for _ in range(2):
        kept_h, kept_v = (
            long_h + [r for r in short_h if _held(r, kept_v, m)],
            long_v + [r for r in short_v if _held(r, kept_h, m)],
        )
    return kept_h, kept_v


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


class _ScanEdge:
    """Whether a pixel lies within some distance of the edge of what was scanned (the image's
    border, or the frame a straightened scan's corners were turned in from).

    The distance is OpenCV's (L2, 3x3 mask) from the pixel to the nearest pixel not scanned,
    computed in a window around the pixel only: a rule's ends are all that is asked about
    (a whole-page distance transform cost ~0.1 s a page).  A path of length ``reach`` stays
    within ``reach / 0.95`` pixels across, so a window wider than that gives the same answer.
    """

    def __init__(self, shape: tuple[int, int], scanned: np.ndarray | None, transposed: bool = False) -> None:
        self._shape, self._scanned, self._transposed = shape, scanned, transposed

    @property
    def T(self) -> _ScanEdge:  # noqa: N802 (indexed [across the rule, along it], as an array's .T)
        return _ScanEdge(self._shape, self._scanned, not self._transposed)

    def within(self, y: int, x: int, reach: float) -> bool:
        import cv2

        if self._transposed:
            y, x = x, y
        r = int(np.ceil(reach / 0.95)) + 2
        h, w = self._shape
        # in the image padded by one pixel of "not scanned" all round
        t, b, left, right = max(0, y + 1 - r), min(h + 2, y + 2 + r), max(0, x + 1 - r), min(w + 2, x + 2 + r)
        inside = np.zeros((b - t, right - left), dtype=np.uint8)
        it, ib, il, ir = max(t, 1), min(b, h + 1), max(left, 1), min(right, w + 1)
        if self._scanned is None:
            inside[it - t : ib - t, il - left : ir - left] = 1
        else:
            inside[it - t : ib - t, il - left : ir - left] = self._scanned[it - 1 : ib - 1, il - 1 : ir - 1]
        return bool(cv2.distanceTransform(inside, cv2.DIST_L2, 3)[y + 1 - t, x + 1 - left] <= reach)


def _crosses(r: _Rule, c: _Rule, m: int) -> bool:
    """Rule ``c`` (across) meets rule ``r`` somewhere along both."""
    return r.b0 - m <= c.a1 and c.a0 <= r.b1 + m and c.b0 - m <= r.a1 and r.a0 <= c.b1 + m


def _closing_borders(
    horizontal: list[_Rule], vertical: list[_Rule], distance: _ScanEdge, settings: OcrSettings
) -> list[Edge]:
    """The borders of grids cut by the page edge: where their rules run off what was scanned.

    A table printed to the sheet's edge, or scanned with a corner off the glass, keeps its
    rules up to the cut but loses the border beyond it, and with it its last column (row).
    Where two or more rules of one grid (a rule across meets them both) end at the edge of the
    scan and no rule runs along there, a border is put where the shortest of them ends, from
    the first to the last.  Rules across the whole page (a running header's) are no grid.
    """
    m = settings.px(settings.rule_meet_points)
    reach = m + settings.px(settings.max_rule_thickness_points)
    scale = settings.scale
    out: list[Edge] = []
    along = {"v": distance, "h": distance.T}  # indexed [across the rule, along it]
    for rules, across, orientation in ((horizontal, vertical, "v"), (vertical, horizontal, "h")):
        d = along[orientation]
        for start in (True, False):
            cut = [r for r in rules if d.within((r.a0 + r.a1) // 2, r.b0 if start else r.b1 - 1, reach)]
            cut = [
                r
                for r in cut
                if any(
                    _crosses(r, c, m) and any(_crosses(o, c, m) for o in cut if o is not r) for c in across
                )
            ]
            if len(cut) < 2:
                continue
            b = max(r.b0 for r in cut) if start else min(r.b1 - 1 for r in cut)
            a0, a1 = min(r.a0 for r in cut), max(r.a1 for r in cut)
            if any(c.a0 - m <= b <= c.a1 + m and c.b0 <= a0 + m and c.b1 >= a1 - m for c in across):
                continue  # the grid's own border is there
            p, q0, q1 = (b + 0.5) * scale, a0 * scale, (a1 + 1) * scale
            log.info("grid cut by the page edge: a closing %s border at %.1f pt", orientation, p)
            out.append(Edge(p, q0, p, q1, "v") if orientation == "v" else Edge(q0, p, q1, p, "h"))
    return out


def _kept(labels: np.ndarray, rules: list[_Rule]) -> np.ndarray:
    """The pixels of the kept rules' components, each looked up within its own box.

    (A lookup of every pixel's label, ``keep[labels]``, cost ~0.1 s a page at 300 dpi, twice.)
    """
    out = np.zeros(labels.shape, dtype=bool)
    for label, (x, y, w, h) in {r.label: r.box for r in rules}.items():
        box = (slice(y, y + h), slice(x, x + w))
        out[box] |= labels[box] == label
    return out


def find_rules(
    gray: np.ndarray, settings: OcrSettings, ink: np.ndarray | None = None, scanned: np.ndarray | None = None
):
    """Ruling lines of a page image as ``Edge``s in points, and the image with them erased.

    ``ink`` is the mask lines are looked for in: the prepared page's ``rule_ink`` (its ink and
    its thin faint strokes), ``gray < 128`` when not given; ``scanned`` where the image holds the
    page (the prepared page's ``scanned``; all of it when not given): grids cut where it ends are
    closed there.
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
    thick = settings.px(settings.max_rule_thickness_points)
    horizontal, vertical = _borders(horizontal, vertical, lone, m, thick)
    edges = _edges(horizontal, "h", settings) + _edges(vertical, "v", settings)
    edges += _closing_borders(horizontal, vertical, _ScanEdge(gray.shape, scanned), settings)
    found = _kept(h_labels, horizontal) | _kept(v_labels, vertical)
    margin = 2 * settings.px(settings.erase_margin_points) + 1
    found = cv2.dilate(found.astype(np.uint8), np.ones((margin, margin), np.uint8)).astype(bool)
    clean = gray.copy()
    clean[found] = 255
    _erase_residue(clean, found, settings)
    return edges, clean


def _erase_residue(clean: np.ndarray, erased: np.ndarray, settings: OcrSettings) -> None:
    """Erase the ragged edges the rules leave: ink touching an erased rule, all of it close to it.

    A photocopied or bled border has bumps wider than the erase margin; what is left of them
    beside the erased line is specks along the cell's edge that Tesseract reads as letters
    (``:``, ``ow``).  A component of ink that touches the erased pixels and lies wholly within
    ``rule_residue_points`` of them is such a bump; a letter touching the border reaches further.
    """
    import cv2

    if not erased.any():
        return
    ink = (clean < FAINT_INK).astype(np.uint8)  # faint grey bumps too: Tesseract reads them
    count, labels = cv2.connectedComponents(ink, connectivity=8)
    if count <= 1:
        return
    touch = cv2.dilate(erased.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    reach = 2 * settings.px(settings.rule_residue_points) + 1
    near = cv2.dilate(erased.astype(np.uint8), np.ones((reach, reach), np.uint8)).astype(bool)
    touching = np.zeros(count, dtype=bool)
    touching[labels[touch & (ink > 0)]] = True
    beyond = np.zeros(count, dtype=bool)
    beyond[labels[~near & (ink > 0)]] = True
    residue = touching & ~beyond
    residue[0] = False
    clean[residue[labels]] = 255


def table_cells(edges: list[Edge]) -> list[BBox]:
    """Cell boxes (points) the ruling lines form, the way the tables stage will find them."""
    return ruling.cell_boxes(edges)
