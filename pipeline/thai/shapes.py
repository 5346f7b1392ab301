"""Glyph identity from shape: the nearest Thai glyph among many reference fonts.

For a glyph whose name, exact outline and numbering say nothing, its outline is
drawn (fontTools pen, TrueType or CFF), un-slanted by the font's italic angle,
sampled on a grid over its own box and blurred (so stroke weight matters little),
and placed against the font's body height (the median top of its plain
consonants): where its ink sits says mark above, mark below, tall or plain letter.
Every Thai glyph of the reference fonts (all of ``fonts-thai-tlwg``, Noto Thai
and Arundina when installed) is described the same way once and cached on disk.  A glyph is
the character of its nearest reference; the confidence is how much nearer that
is than the nearest reference of any other character.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .rules import PUA_TO_THAI

log = logging.getLogger(__name__)

REFERENCE_DIRS = [
    Path("/usr/share/fonts/truetype/tlwg"),
    Path("/usr/share/fonts/opentype/tlwg"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto"),
    # fonts-arundina: Arundina Sans (loopless, as the modern faces offices use) and Serif
    Path("/usr/share/fonts/truetype/arundina"),
]
# Reference dirs whose fonts count for their Thai glyphs only: Arundina's Latin half is
# DejaVu, unlike any Thai font's, and its round O drew Garuda's 0 to it (measured: held-out
# Garuda with no map read 12,345,6OO).
THAI_ONLY_DIRS = {Path("/usr/share/fonts/truetype/arundina")}
SAMPLE = 32  # the outline is drawn on SAMPLE x SAMPLE over its box ...
CELL = 2  # ... and averaged over CELL x CELL blocks (the blur)
POSITION_WEIGHT = 0.6  # weight of the position features against the shape distance
THAI_ALTERNATIVES = 2  # nearest Thai characters kept for a glyph whose nearest is not Thai
# Thai characters about as near as the nearest Thai one (within this ratio of its distance)
# are kept as the glyph's near neighbours, at most NEAR_MAX: the words choose among them
NEAR_RATIO = 1.6
NEAR_MAX = 12
MIN_CONFIDENCE = 0.12  # 1 - best/second distance a shape must reach to decide
MAX_DISTANCE = 0.35  # a glyph farther than this from every reference is no Thai letter
THAI_CODEPOINTS = [*range(0x0E01, 0x0E3B), *range(0x0E3F, 0x0E5C)]
# Latin letters, digits and punctuation: what a producer's map calls Thai glyphs by mistake,
# and what the Latin half of a Thai font draws.
LATIN_CODEPOINTS = list(range(0x21, 0x7F))
BODY_CONSONANTS = "กขคฆงจฉชซฌฑฒณดตถทธนบพภมยรลวศษสหอฮ"


@dataclass(frozen=True, slots=True)
class Shape:
    """What a glyph looks like: blurred samples (unit norm) and where its ink sits."""

    samples: np.ndarray
    position: np.ndarray  # bottom, top, width (shares of the body height); takes room (0/1)


@dataclass(frozen=True, slots=True)
class ShapeMatch:
    """The nearest reference character of a glyph, how near, and how sure."""

    text: str
    distance: float
    confidence: float
    runner_up: str
    ranked: tuple[str, ...] = ()  # the nearest characters, nearest first
    # the nearest Thai characters when the nearest of all is none: the glyph classified
    # within the Thai script, for the words to weigh against its Latin reading
    thai: tuple[str, ...] = ()
    # the Thai characters within NEAR_RATIO of the nearest Thai one's distance, nearest first
    near: tuple[str, ...] = ()
    # how much farther than the nearest each of those characters is (distance / nearest - 1)
    costs: tuple[tuple[str, float], ...] = ()


class _FlatPen:
    """A fontTools pen that keeps each contour as a polygon (curves flattened)."""

    def __init__(self, glyphset) -> None:
        from fontTools.pens.basePen import BasePen

        outer = self

        class Pen(BasePen):
            def _moveTo(self, p):
                outer.polys.append([p])

            def _lineTo(self, p):
                outer.polys[-1].append(p)

            def _curveToOne(self, p1, p2, p3):
                (x0, y0) = outer.polys[-1][-1]
                for t in (0.25, 0.5, 0.75, 1.0):
                    u = 1 - t
                    outer.polys[-1].append(
                        (
                            u**3 * x0 + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                            u**3 * y0 + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                        )
                    )

            def _qCurveToOne(self, p1, p2):
                (x0, y0) = outer.polys[-1][-1]
                for t in (0.25, 0.5, 0.75, 1.0):
                    u = 1 - t
                    x = u * u * x0 + 2 * u * t * p1[0] + t * t * p2[0]
                    outer.polys[-1].append((x, u * u * y0 + 2 * u * t * p1[1] + t * t * p2[1]))

            def _closePath(self):
                pass

        self.polys: list[list[tuple[float, float]]] = []
        self.pen = Pen(glyphset)


def _polygons(glyphset, name: str, slant: float) -> list[list[tuple[float, float]]]:
    flat = _FlatPen(glyphset)
    glyphset[name].draw(flat.pen)
    return [[(x - y * slant, y) for x, y in poly] for poly in flat.polys if len(poly) >= 3]


def _shape(polys, body: float, spacing: bool) -> Shape | None:
    from PIL import Image, ImageDraw

    pts = [p for poly in polys for p in poly]
    if not pts:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    grid = np.zeros((SAMPLE, SAMPLE), bool)
    for poly in polys:  # even-odd: each contour flips what it covers
        img = Image.new("1", (SAMPLE, SAMPLE))
        ImageDraw.Draw(img).polygon(
            [((x - x0) / w * (SAMPLE - 1), (y1 - y) / h * (SAMPLE - 1)) for x, y in poly], fill=1
        )
        grid ^= np.asarray(img, bool)
    n = SAMPLE // CELL
    blurred = grid.reshape(n, CELL, n, CELL).mean(axis=(1, 3)).ravel()
    norm = float(np.linalg.norm(blurred))
    if norm == 0:
        return None
    position = np.array([y0 / body, y1 / body, w / body, 1.0 if spacing else 0.0])
    return Shape(blurred / norm, position)


def font_shapes(tt, glyph_names: dict, spacing: dict, body: float | None = None) -> dict:
    """Shapes of some glyphs of an opened font (key -> glyph name); body height from its cmap if not given."""
    glyphset = tt.getGlyphSet()
    angle = float(getattr(tt["post"], "italicAngle", 0) or 0) if "post" in tt else 0.0
    slant = -math.tan(math.radians(angle))
    body = body or _body_height(tt)
    out = {}
    for key, name in glyph_names.items():
        try:
            s = _shape(_polygons(glyphset, name, slant), body, spacing.get(key, True))
        except Exception:  # a broken outline is no evidence
            s = None
        if s is not None:
            out[key] = s
    return out


def _body_height(tt) -> float:
    """Median top of the plain consonants (cmap), else the OS/2 x-height, else half the em."""
    cmap = tt.getBestCmap() or {}
    glyphset = tt.getGlyphSet()
    found = []
    for ch in BODY_CONSONANTS:
        name = cmap.get(ord(ch))
        if name:
            from fontTools.pens.boundsPen import BoundsPen

            pen = BoundsPen(glyphset)
            glyphset[name].draw(pen)
            if pen.bounds:
                found.append(pen.bounds[3])
    if found:
        return sorted(found)[len(found) // 2]
    os2 = tt["OS/2"] if "OS/2" in tt else None
    if os2 is not None and getattr(os2, "sxHeight", 0):
        return float(os2.sxHeight)
    return float(tt["head"].unitsPerEm) / 2


# --- the reference set ------------------------------------------------------------------

_HELD_OUT: list[str] = []  # families left out of every reference set (leave-one-font-out runs)


@contextmanager
def held_out(family: str) -> Iterator[None]:
    """Leave one font family out of the references (shapes and exact outlines) for a while.

    The leave-one-font-out harness runs the repair on a font as if nobody had met it: its
    glyphs must be named from the other fonts' shapes.  Font analyses made meanwhile are
    forgotten on both sides of the block, so none outlives it.
    """
    from . import glyphs

    _HELD_OUT.append(family.lower())
    glyphs.forget_analyses()
    try:
        yield
    finally:
        _HELD_OUT.remove(family.lower())
        glyphs.forget_analyses()


def is_held_out(path: Path) -> bool:
    """True when a reference font file belongs to a family left out (see ``held_out``)."""
    stem = path.stem.lower()
    return any(stem.startswith(f) for f in _HELD_OUT)


def reference_files(exclude_family: str | None = None) -> list[Path]:
    """Reference font files (Thai fonts of the reference dirs), optionally without one family."""
    files = []
    for d in REFERENCE_DIRS:
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.suffix.lower() not in (".ttf", ".otf"):
                    continue
                if d.name == "noto" and "Thai" not in p.name:
                    continue
                if exclude_family and p.stem.lower().startswith(exclude_family.lower()) or is_held_out(p):
                    continue
                files.append(p)
    return files


_REFERENCES: dict[tuple, tuple[list[str], np.ndarray, np.ndarray]] = {}


def references(
    exclude_family: str | None = None, latin: bool = False
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(texts, sample matrix, position matrix) over all reference glyphs, cached on disk.

    ``latin`` adds the reference fonts' ASCII letters, digits and punctuation as classes.
    """
    files = reference_files(exclude_family)
    thai = set(THAI_CODEPOINTS)
    wanted = thai | (set(LATIN_CODEPOINTS) if latin else set())
    stamp = hashlib.sha1(
        repr(
            [(str(p), p.stat().st_mtime_ns) for p in files]
            + [SAMPLE, CELL, latin, sorted(map(str, THAI_ONLY_DIRS))]
        ).encode()
    ).hexdigest()[:16]
    if stamp in _REFERENCES:
        return _REFERENCES[stamp]
    base = os.environ.get("BKKPLAN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "bkkplan")
    cache = Path(base) / f"thai-shapes-{stamp}.pickle"
    if cache.exists():
        try:
            _REFERENCES[stamp] = pickle.loads(cache.read_bytes())
            return _REFERENCES[stamp]
        except Exception:
            pass
    from fontTools.ttLib import TTFont

    texts, samples, positions = [], [], []
    for path in files:
        try:
            tt = TTFont(str(path), lazy=True)
            cmap = tt.getBestCmap() or {}
            hmtx = tt["hmtx"]
            names, spacing = {}, {}
            own = thai if path.parent in THAI_ONLY_DIRS else wanted
            for cp, name in cmap.items():
                text = PUA_TO_THAI.get(cp) or (chr(cp) if cp in own else None)
                if text:
                    names[cp] = name
                    spacing[cp] = hmtx[name][0] > 0.05 * tt["head"].unitsPerEm
            for cp, s in font_shapes(tt, names, spacing).items():
                texts.append(PUA_TO_THAI.get(cp) or chr(cp))
                samples.append(s.samples)
                positions.append(s.position)
        except Exception as exc:  # an unreadable reference font is skipped
            log.debug("reference font %s unreadable: %s", path, exc)
    result = (texts, np.array(samples), np.array(positions))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(result))
    except OSError:
        pass
    _REFERENCES[stamp] = result
    return result


_CLASS_INDEX: dict[int, tuple[list, np.ndarray, np.ndarray]] = {}


def _classes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct characters of a reference set and each reference glyph's index among them."""
    key = id(texts)
    if key not in _CLASS_INDEX or _CLASS_INDEX[key][0] is not texts:
        classes, index = np.unique(np.array(texts, dtype=object), return_inverse=True)
        _CLASS_INDEX[key] = (texts, classes, index)
    _texts, classes, index = _CLASS_INDEX[key]
    return classes, index


def classify(shape: Shape, refs: tuple[list[str], np.ndarray, np.ndarray]) -> ShapeMatch | None:
    """The nearest reference character of a shape, with its confidence."""
    return classify_many([shape], refs)[0]


def classify_many(
    many: list[Shape], refs: tuple[list[str], np.ndarray, np.ndarray]
) -> list[ShapeMatch | None]:
    """``classify`` for many shapes at once (one matrix product for a whole font)."""
    texts, samples, positions = refs
    if not texts or not many:
        return [None] * len(many)
    shape_samples = np.array([s.samples for s in many])
    shape_positions = np.array([s.position for s in many])
    place = np.abs(shape_positions[:, None, :3] - positions[None, :, :3]).sum(axis=2) / 3
    dist = (1 - shape_samples @ samples.T) + POSITION_WEIGHT * place
    dist += shape_positions[:, None, 3] != positions[None, :, 3]  # a mark is never a letter
    classes, index = _classes(texts)
    is_thai = np.array([_thai_class(str(c)) for c in classes])
    out: list[ShapeMatch | None] = []
    for row in dist:
        best = np.full(len(classes), np.inf)
        np.minimum.at(best, index, row)  # each character's nearest reference glyph
        order = np.argsort(best, kind="stable")
        ranked = [(str(classes[i]), float(best[i])) for i in order[:4]]
        (t1, d1), (t2, d2) = ranked[0], ranked[1] if len(ranked) > 1 else ("", math.inf)
        confidence = 1 - d1 / d2 if d2 > 0 else 0.0
        thai: tuple[str, ...] = ()
        thai_order = order[is_thai[order]]
        if not is_thai[order[0]]:
            thai = tuple(str(classes[i]) for i in thai_order[:THAI_ALTERNATIVES])
        near: tuple[str, ...] = ()
        if len(thai_order):
            bound = NEAR_RATIO * best[thai_order[0]]
            near = tuple(str(classes[i]) for i in thai_order[:NEAR_MAX] if best[i] <= bound)
        named = dict.fromkeys((*(t for t, _ in ranked), *thai, *near))
        at = {str(classes[i]): float(best[i]) for i in order[: len(ranked)]}
        at.update({str(classes[i]): float(best[i]) for i in thai_order[: max(NEAR_MAX, THAI_ALTERNATIVES)]})
        # a Thai class is measured against the nearest Thai one (a loopless ร drawn nearest s
        # is as near a Thai letter as its nearest Thai class allows), any other against the nearest
        d_thai = float(best[thai_order[0]]) if len(thai_order) else d1
        costs = tuple(
            (t, at[t] / (d_thai if _thai_class(t) else d1) - 1 if d1 > 0 else 0.0) for t in named if t in at
        )
        out.append(ShapeMatch(t1, d1, confidence, t2, tuple(t for t, _ in ranked), thai, near, costs))
    return out


def _thai_class(text: str) -> bool:
    """True for a Thai letter, vowel or mark class (not a Thai digit or sign)."""
    return any("\u0e01" <= ch <= "\u0e4e" for ch in text)


def decided(match: ShapeMatch | None) -> bool:
    """True when a match is near enough and sure enough to name the glyph."""
    return match is not None and match.distance <= MAX_DISTANCE and match.confidence >= MIN_CONFIDENCE
