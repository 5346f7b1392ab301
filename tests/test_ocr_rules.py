"""The ruling-line finder's shortcuts give what the whole-page computations they replace give."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.ocr import prepare, rules


def _frames(rng: np.random.Generator):
    """Scan frames as a straightened page has them: all scanned, or the corners turned in."""
    yield (300, 420), None
    for _ in range(4):
        frame = prepare.rotate(np.full((300, 420), 255, dtype=np.uint8), float(rng.uniform(-3, 3)), border=0)
        yield frame.shape, frame > 127


def test_scan_edge_windows_answer_as_the_whole_page_distance_does():
    rng = np.random.default_rng(7)
    for shape, scanned in _frames(rng):
        inside = np.ones(shape, dtype=np.uint8) if scanned is None else scanned.astype(np.uint8)
        whole = cv2.distanceTransform(np.pad(inside, 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
        edge = rules._ScanEdge(shape, scanned)
        for reach in (1.0, 4.0, 9.0):
            ys, xs = rng.integers(0, shape[0], 400), rng.integers(0, shape[1], 400)
            for y, x in zip(ys, xs, strict=True):
                assert edge.within(int(y), int(x), reach) == (whole[y, x] <= reach)
                assert edge.T.within(int(x), int(y), reach) == (whole[y, x] <= reach)


def test_kept_rules_are_the_pixels_of_their_components():
    rng = np.random.default_rng(3)
    ink = np.zeros((200, 300), dtype=bool)
    for _ in range(30):  # rules and blots, some crossing
        y, x = rng.integers(0, 190), rng.integers(0, 280)
        if rng.random() < 0.5:
            ink[y : y + 3, x : x + int(rng.integers(20, 120))] = True
        else:
            ink[y : y + int(rng.integers(5, 40)), x : x + 2] = True
    labels, found = rules._line_mask(ink, 1, 2, 12)
    kept = found[::2]
    keep = np.zeros(int(labels.max()) + 1, dtype=bool)
    keep[[r.label for r in kept]] = True
    keep[0] = False
    assert kept and np.array_equal(rules._kept(labels, kept), keep[labels])
