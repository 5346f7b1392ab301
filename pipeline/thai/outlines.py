"""Glyph outlines as evidence: exact matches with reference fonts, sampled shapes of marks.

An outline drawn by a reference font whose cmap is known (the tlwg fonts) names a glyph
exactly, whatever its position: the key is translation-invariant.  The index of every
reference outline is built once and cached on disk (``~/.cache/bkkplan``).  A redrawn
variant (a raised tone mark) matches nothing exactly; its outline sampled on a coarse
grid is compared with the font's own trusted marks instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path

from .names import family, names_and_cmap
from .rules import MARK_SET

log = logging.getLogger(__name__)

# Reference fonts whose cmap we trust (Debian fonts-thai-tlwg and friends).
REFERENCE_DIRS = [Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg")]
# Shape comparison of redrawn variants (a raised tone mark is not the plain one moved):
RASTER = 12  # the outline sampled on a RASTER x RASTER grid over its own bbox
SHAPE_MIN_IOU = 0.72  # overlap of two sampled shapes that counts as the same letter
SHAPE_MARGIN = 0.08  # the best letter must beat the runner-up by this much
SHAPE_ASPECT = 1.35  # widths/heights may differ by this factor at most
# A glyph advancing less than this share of the em takes no room: a mark.
MARK_ADVANCE = 0.05


def outline_key(glyf, name: str) -> tuple | None:
    """Translation-invariant signature of a TrueType outline (None when empty)."""
    try:
        glyph = glyf[name]
        coords, ends, flags = glyph.getCoordinates(glyf)
    except Exception:  # broken glyph data is no evidence
        return None
    if not len(coords):
        return None
    xs = [int(x) for x, _ in coords]
    ys = [int(y) for _, y in coords]
    x0, y0 = min(xs), min(ys)
    return (tuple(ends), tuple(x - x0 for x in xs), tuple(y - y0 for y in ys), bytes(f & 1 for f in flags))


_REF_INDEX: dict[str, dict[tuple, str]] = {}  # family -> outline key -> text


def reference_files() -> list[Path]:
    from .shapes import is_held_out

    files: list[Path] = []
    for d in REFERENCE_DIRS:
        if d.is_dir():
            files += sorted(
                p for p in d.iterdir() if p.suffix.lower() in (".ttf", ".otf") and not is_held_out(p)
            )
    return files


def _index_reference(path: Path) -> dict[tuple, str]:
    from fontTools.ttLib import TTFont

    out: dict[tuple, str] = {}
    try:
        font = TTFont(str(path), lazy=True)
        if "glyf" not in font:
            return out
        glyf = font["glyf"]
        named = names_and_cmap(font)
        order = font.getGlyphOrder()
        for gid, text in named.items():
            key = outline_key(glyf, order[gid])
            if key is not None:
                out.setdefault(key, text)
    except Exception as exc:  # an unreadable reference font is skipped
        log.debug("reference font %s unreadable: %s", path, exc)
    return out


def _cache_dir() -> Path:
    base = os.environ.get("BKKPLAN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "bkkplan")
    return Path(base)


def reference_index(fam: str | None) -> dict[tuple, str]:
    """Outline key -> text over reference fonts of a family (None: all of them)."""
    from .shapes import _HELD_OUT

    key = (fam or "*") + "".join(f"-{h}" for h in _HELD_OUT)
    if key in _REF_INDEX:
        return _REF_INDEX[key]
    files = reference_files()
    if fam:
        files = [p for p in files if family(p.stem) == fam]
    index: dict[tuple, str] = {}
    cache = None
    if files:  # every worker process would otherwise index the same fonts again
        stamp = hashlib.sha1(repr([(str(p), p.stat().st_mtime_ns) for p in files]).encode()).hexdigest()[:16]
        name = f"thai-ref-{stamp}.pickle" if fam is None else f"thai-ref-{fam}-{stamp}.pickle"
        cache = _cache_dir() / name
        if cache.exists():
            try:
                index = pickle.loads(cache.read_bytes())
                _REF_INDEX[key] = index
                return index
            except Exception:
                index = {}
    for path in files:
        for k, v in _index_reference(path).items():
            index.setdefault(k, v)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(pickle.dumps(index))
        except OSError:  # a read-only home only costs time
            pass
    _REF_INDEX[key] = index
    return index


def own_shape_marks(glyf, order, gid_of, unresolved, to_unicode, bad, ev) -> None:
    """Redrawn mark variants: sampled shapes compared with the font's own trusted marks.

    A raised tone mark is not the plain one moved but redrawn; its sampled shape still
    overlaps the plain one's far more than any other mark's.
    """
    upem = ev.units_per_em
    if unresolved:
        shapes: dict[int, tuple] = {}

        def shape(cid: int):
            if cid not in shapes:
                shapes[cid] = _raster(glyf, order[gid_of(cid)], ev.ink[cid])
            return shapes[cid]

        candidates = {
            c: t
            for c, t in to_unicode.items()
            if len(t) == 1 and c in ev.ink and c not in bad and "\u0e00" <= t <= "\u0e7f"
        }
        for c in bad:  # duplicate claims are still candidates for what they claim
            t = to_unicode.get(c, "")
            if len(t) == 1 and t in MARK_SET and c in ev.ink:
                candidates[c] = t
        for cid in unresolved:
            is_mark = ev.advance.get(cid, upem) < MARK_ADVANCE * upem
            if not is_mark:
                continue  # letters look too much alike (ก ถ ภ) for a sampled shape to decide
            pool = [
                (c, t)
                for c, t in candidates.items()
                if c != cid and ev.advance.get(c, upem) < MARK_ADVANCE * upem
            ]
            best: dict[str, float] = {}
            for c, t in pool:
                sim = _similarity(shape(cid), shape(c))
                if sim > best.get(t, 0.0):
                    best[t] = sim
            ranked = sorted(best.items(), key=lambda kv: -kv[1])
            if not ranked or ranked[0][1] < SHAPE_MIN_IOU:
                continue
            if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < SHAPE_MARGIN:
                continue
            claimed = to_unicode.get(cid)
            if claimed and claimed != ranked[0][0] and claimed in best and best[claimed] >= SHAPE_MIN_IOU:
                continue  # it also looks like what it claims: leave it
            ev.identity[cid] = ranked[0][0]
            ev.source[cid] = "own-shape"


def _raster(glyf, name: str, bounds) -> tuple:
    """The outline sampled on a grid over its bbox (even-odd fill) and its aspect."""
    import numpy as np

    coords, ends, flags = glyf[name].getCoordinates(glyf)
    x0, y0, x1, y1 = bounds
    w, h = max(x1 - x0, 1), max(y1 - y0, 1)
    segs = []
    start = 0
    for end in ends:
        pts = [
            (float(x), float(y), bool(f & 1))
            for (x, y), f in zip(coords[start : end + 1], flags[start : end + 1], strict=False)
        ]
        start = end + 1
        if len(pts) < 2:
            continue
        # make every off-curve pair explicit with its implied on-curve midpoint
        full = []
        n = len(pts)
        for i, p in enumerate(pts):
            full.append(p)
            q = pts[(i + 1) % n]
            if not p[2] and not q[2]:
                full.append(((p[0] + q[0]) / 2, (p[1] + q[1]) / 2, True))
        if not any(p[2] for p in full):
            continue
        k = next(i for i, p in enumerate(full) if p[2])
        full = full[k:] + full[:k] + [full[k]]
        poly = [full[0][:2]]
        i = 1
        while i < len(full):
            p = full[i]
            if p[2]:
                poly.append(p[:2])
                i += 1
            else:  # quadratic: flatten into a few straight pieces
                a, c = poly[-1], full[i + 1][:2]
                for t in (0.25, 0.5, 0.75, 1.0):
                    u = 1 - t
                    poly.append(
                        (
                            u * u * a[0] + 2 * u * t * p[0] + t * t * c[0],
                            u * u * a[1] + 2 * u * t * p[1] + t * t * c[1],
                        )
                    )
                i += 2
        for a, b in zip(poly, poly[1:], strict=False):
            segs.append((a[0], a[1], b[0], b[1]))
    if not segs:
        return (np.zeros(RASTER * RASTER, bool), 1.0)
    seg = np.array(segs)
    g = (np.arange(RASTER) + 0.5) / RASTER
    px = (x0 + g * w)[None, :].repeat(RASTER, 0).ravel()[:, None]
    py = (y0 + g * h)[:, None].repeat(RASTER, 1).ravel()[:, None]
    ax, ay, bx, by = seg[:, 0][None], seg[:, 1][None], seg[:, 2][None], seg[:, 3][None]
    crosses = (ay > py) != (by > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xi = ax + (py - ay) * (bx - ax) / (by - ay)
    inside = (crosses & (px < xi)).sum(axis=1) % 2 == 1
    return (inside, w / h)


def _similarity(a: tuple, b: tuple) -> float:
    """Overlap (IoU) of two sampled shapes, zero when their proportions differ."""
    (ga, ra), (gb, rb) = a, b
    if max(ra, rb) / max(min(ra, rb), 1e-6) > SHAPE_ASPECT:
        return 0.0
    union = (ga | gb).sum()
    return float((ga & gb).sum() / union) if union else 0.0
