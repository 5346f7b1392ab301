"""Glyph identity from the embedded font programs.

A PDF's ToUnicode map is what the producer *said* each glyph is; the font program
holds what the glyph *is*.  For every font this module works out, per glyph id,
the character the glyph draws and where its ink lies, from (strongest first):

1. the program's own glyph names (``uni0E39``, ``uni0E48.low``, ``uniF70A``) or
   Unicode cmap;
2. a sibling subset of the same family in the same document that kept names,
   when the glyph numbering agrees with the trusted ToUnicode entries;
3. the glyph outline, compared (translation-invariant, exact) with reference
   fonts whose cmap is known (the tlwg fonts), or with the font's own glyphs
   whose ToUnicode entry is trusted (a raised tone mark is the plain one moved).

Results are cached per font program hash; the reference index is built lazily.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..records import FontProgram
from .rules import BELOW_VOWELS, MARK_SET, NIKHAHIT, PUA_TO_THAI, SARA_AA, SARA_AM

log = logging.getLogger(__name__)
# Subset fonts written by office suites carry a zero 'modified' date in their head
# table; fontTools warns about it once per font, which is noise for a reader of the run.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

# Reference fonts whose cmap we trust (Debian fonts-thai-tlwg and friends).
REFERENCE_DIRS = [Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg")]
# Share of trusted ToUnicode entries a borrowed glyph numbering must agree with.
SIBLING_AGREEMENT = 0.8
# Minimum trusted entries before a borrowed numbering can be judged at all.
SIBLING_MIN_CHECKS = 5
# Shape comparison of redrawn variants (a raised tone mark is not the plain one moved):
RASTER = 12  # the outline sampled on a RASTER x RASTER grid over its own bbox
SHAPE_MIN_IOU = 0.72  # overlap of two sampled shapes that counts as the same letter
SHAPE_MARGIN = 0.08  # the best letter must beat the runner-up by this much
SHAPE_ASPECT = 1.35  # widths/heights may differ by this factor at most
# A glyph advancing less than this share of the em takes no room: a mark.
MARK_ADVANCE = 0.05
# Ink zones, as shares of the font's consonant body height (median top of its consonants):
# a below vowel's ink ends under this, an above mark's starts over this, sara am's
# nikhahit reaches over this while sara aa stays at body height.
ZONE_BELOW_TOP = 0.15
ZONE_ABOVE_BOTTOM = 0.5
ZONE_TALL_TOP = 1.12
ZONE_MIN_CONSONANTS = 5  # consonants needed before the body height is known
# Consonants without ascender or descender: their tops give the body height.
BODY_CONSONANTS = frozenset("กขคฆงจฉชซฌฑฒณดตถทธนบพภมยรลวศษสหอฮ")
# Widest run of glyph ids between two trusted neighbours that numbering may bridge.
NUMBERING_GAP = 12
# Evidence that may overrule a plausible ToUnicode entry (it looks at the glyph itself).
OVERRULING = {"reference-outline", "advance"}
_SUBSET_TAG = re.compile(r"^[A-Z]{6}(?:#\d+)?\+")  # "#n": a reused tag told apart (pages)
_STYLE = re.compile(r"[-,]?(Bold|Italic|Oblique|Regular|BoldItalic|BoldOblique|Book|Medium)$", re.I)
_UNI_NAME = re.compile(r"^(?:uni([0-9A-F]{4})|u([0-9A-F]{4,6}))", re.I)


@dataclass(slots=True)
class FontEvidence:
    """What the font program says about its glyphs."""

    identity: dict[int, str] = field(default_factory=dict)  # cid -> true text
    source: dict[int, str] = field(default_factory=dict)  # cid -> evidence kind
    ink: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)  # font units
    advance: dict[int, float] = field(default_factory=dict)  # font units
    suspect: set[int] = field(default_factory=set)
    weak: set[int] = field(
        default_factory=set
    )  # identities to use only where the text is broken  # cids whose ToUnicode entry cannot be right
    units_per_em: float = 1000.0
    confidence: dict[int, float] = field(default_factory=dict)  # cid -> shape confidence (0-1)


def family(fontname: str) -> str:
    """Family of a PDF font name: subset tag and style suffix removed."""
    name = _SUBSET_TAG.sub("", fontname)
    for _ in range(2):
        name = _STYLE.sub("", name)
    return name.lower()


def _thai_text(codepoint: int) -> str | None:
    if codepoint in PUA_TO_THAI:
        return PUA_TO_THAI[codepoint]
    if 0xE000 <= codepoint <= 0xF8FF or codepoint < 0x20:
        return None
    return chr(codepoint)


def text_of_name(name: str) -> str | None:
    """Character a glyph name stands for (``uni0E48.low`` -> ่), or None."""
    if not name or name.startswith("glyph") or name.startswith("."):
        return None
    stem = name.split(".")[0].split("_")[0]
    m = _UNI_NAME.match(stem)
    if m:
        return _thai_text(int(m.group(1) or m.group(2), 16))
    from fontTools import agl

    text = agl.toUnicode(stem)
    if len(text) == 1:
        return _thai_text(ord(text))
    return None


def _open(program: bytes):
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(program), lazy=True, fontNumber=0)


def _outline_key(glyf, name: str) -> tuple | None:
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


def _names_and_cmap(font) -> dict[int, str]:
    """gid -> text from the program's own glyph names and Unicode cmap."""
    order = font.getGlyphOrder()
    out: dict[int, str] = {}
    if (
        "post" in font
        and getattr(font["post"], "formatType", 3.0) != 3.0
        or any(not n.startswith("glyph") for n in order[4:40])
    ):
        for gid, name in enumerate(order):
            text = text_of_name(name)
            if text:
                out[gid] = text
    if "cmap" in font:
        for table in font["cmap"].tables:
            if table.isUnicode() and (table.platformID, table.platEncID) != (3, 0):
                for cp, name in table.cmap.items():
                    text = _thai_text(cp)
                    gid = font.getGlyphID(name)
                    if text and gid not in out:
                        out[gid] = text
    return out


def _code_to_gid(font) -> dict[int, int] | None:
    """Char code -> gid for simple (non-CID) TrueType fonts with a symbolic cmap."""
    if "cmap" not in font:
        return None
    tables = {(t.platformID, t.platEncID): t for t in font["cmap"].tables}
    if (3, 1) in tables or (0, 3) in tables:
        return None
    table = tables.get((3, 0)) or tables.get((1, 0))
    if table is None:
        return None
    mapping = {}
    for code, name in table.cmap.items():
        mapping[code & 0xFF if code >= 0xF000 else code] = font.getGlyphID(name)
    return mapping


# --- reference index -----------------------------------------------------------------

_REF_INDEX: dict[str, dict[tuple, str]] = {}  # family -> outline key -> text


def _reference_files() -> list[Path]:
    files: list[Path] = []
    for d in REFERENCE_DIRS:
        if d.is_dir():
            files += sorted(p for p in d.iterdir() if p.suffix.lower() in (".ttf", ".otf"))
    return files


def _index_reference(path: Path) -> dict[tuple, str]:
    from fontTools.ttLib import TTFont

    out: dict[tuple, str] = {}
    try:
        font = TTFont(str(path), lazy=True)
        if "glyf" not in font:
            return out
        glyf = font["glyf"]
        named = _names_and_cmap(font)
        order = font.getGlyphOrder()
        for gid, text in named.items():
            key = _outline_key(glyf, order[gid])
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
    key = fam or "*"
    if key in _REF_INDEX:
        return _REF_INDEX[key]
    files = _reference_files()
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


# --- per-font analysis ------------------------------------------------------------------

_CACHE: dict[tuple, FontEvidence] = {}


def _suspect_entries(to_unicode: Mapping[int, str]) -> set[int]:
    """ToUnicode entries that cannot be right as they stand."""
    suspect = set()
    by_text: dict[str, list[int]] = {}
    for cid, text in to_unicode.items():
        if not text or "\ufffd" in text or any(0xE000 <= ord(c) <= 0xF8FF for c in text):
            suspect.add(cid)
        elif len(text) > 1 and any("\u0e00" <= c <= "\u0e7f" for c in text):
            suspect.add(cid)  # one glyph, several Thai letters: a cluster's text put on one glyph
        by_text.setdefault(text, []).append(cid)
    for text, cids in by_text.items():
        if len(cids) > 1 and text and text[0] in MARK_SET:
            suspect.update(cids)  # several glyphs claiming one mark: variants or mistakes
    return suspect


def _zone(text: str) -> str | None:
    if text in BELOW_VOWELS:
        return "below"
    if text in MARK_SET:
        return "above"
    if text == SARA_AM:
        return "tall"  # sara aa with nikhahit over the x-height
    if text == SARA_AA:
        return "body"
    return None


def zone_contradictions(
    to_unicode: Mapping[int, str], ink: Mapping[int, tuple[float, float, float, float]]
) -> dict[int, str]:
    """Entries whose glyph ink cannot be the character claimed, with what it can be ("" unknown).

    The font's own consonants (ToUnicode and ink) give its body height; a below vowel
    has its ink under the baseline, an above mark over the body, sara am reaches above
    the body (its nikhahit) where sara aa does not.  A sara am claim on a glyph of
    body height is sara aa: the claim less the part not drawn.
    """
    tops = sorted(ink[c][3] for c, t in to_unicode.items() if t in BODY_CONSONANTS and c in ink)
    if len(tops) < ZONE_MIN_CONSONANTS:
        return {}
    body = tops[len(tops) // 2]
    out: dict[int, str] = {}
    for cid, text in to_unicode.items():
        zone = _zone(text)
        if zone is None or cid not in ink:
            continue
        _x0, y0, _x1, y1 = ink[cid]
        if zone == "below" and y1 > ZONE_BELOW_TOP * body:
            out[cid] = ""
        elif zone == "above" and y0 < ZONE_ABOVE_BOTTOM * body:
            out[cid] = ""
        elif zone == "tall" and y1 < ZONE_TALL_TOP * body:
            out[cid] = SARA_AA if y0 < ZONE_ABOVE_BOTTOM * body else ""
        elif zone == "body" and y1 > ZONE_TALL_TOP * body:
            out[cid] = ""
    return out


def analyse(font: FontProgram, siblings: Mapping[str, FontProgram] = {}) -> FontEvidence:  # noqa: B006
    """Evidence about one font's glyphs (cached by program and ToUnicode)."""
    digest = hashlib.sha1(font.program or b"").hexdigest() if font.program else font.fontname
    key = (digest, tuple(sorted(font.to_unicode.items())))
    if key in _CACHE:
        return _CACHE[key]
    ev = FontEvidence()
    if font.program and font.to_unicode:  # without ToUnicode the text comes from the encoding
        try:
            _analyse_program(font, siblings, ev)
            _keep_needed(ev, font.to_unicode, ev.suspect)
        except Exception as exc:  # a font we cannot parse leaves ToUnicode in charge
            log.debug("font %s not analysed: %s", font.fontname, exc)
    _CACHE[key] = ev
    return ev


def _analyse_program(font: FontProgram, siblings: Mapping[str, FontProgram], ev: FontEvidence) -> None:
    tt = _open(font.program)
    if "glyf" not in tt:
        return
    glyf = tt["glyf"]
    order = tt.getGlyphOrder()
    ev.units_per_em = float(tt["head"].unitsPerEm or 1000)
    code_map = _code_to_gid(tt) if font.simple else None
    if font.simple and code_map is None:
        return  # a simple font with a Unicode cmap: codes are not glyph ids, names prove nothing
    to_unicode = font.to_unicode
    cids = set(to_unicode) | (set(code_map) if code_map else set(range(len(order))))

    def gid_of(cid: int) -> int | None:
        gid = code_map.get(cid) if code_map else cid
        return gid if gid is not None and 0 <= gid < len(order) else None

    for cid in cids:
        gid = gid_of(cid)
        if gid is None:
            continue
        g = glyf[order[gid]]
        if getattr(g, "numberOfContours", 0):
            if not hasattr(g, "xMin"):
                g.recalcBounds(glyf)
            ev.ink[cid] = (g.xMin, g.yMin, g.xMax, g.yMax)
        if "hmtx" in tt:
            ev.advance[cid] = float(tt["hmtx"][order[gid]][0])

    suspect = _suspect_entries(to_unicode)
    # a glyph with ink cannot be a space
    suspect |= {c for c, t in to_unicode.items() if t.isspace() and c in ev.ink}
    # nor can a glyph be what its ink's height contradicts (a "below vowel" drawn above)
    zone_fix = zone_contradictions(to_unicode, ev.ink)
    suspect |= set(zone_fix)
    # nor a letter or digit of another script that takes no room (a Thai mark called "a")
    suspect |= {
        c
        for c, t in to_unicode.items()
        if len(t) == 1
        and not "\u0e00" <= t <= "\u0e7f"
        and unicodedata.category(t)[0] in "LN"
        and c in ev.ink
        and ev.advance.get(c, ev.units_per_em) < MARK_ADVANCE * ev.units_per_em
    }
    ev.suspect = suspect
    trusted = {c: t for c, t in to_unicode.items() if c not in suspect and len(t) == 1}

    def agrees(candidate: Mapping[int, str]) -> bool:
        checks = [(c, t) for c, t in trusted.items() if "\u0e01" <= t <= "\u0e5b" and c in candidate]
        if len(checks) < SIBLING_MIN_CHECKS:
            return False  # a glyph numbering nobody can vouch for is no evidence
        return sum(candidate[c] == t for c, t in checks) / len(checks) >= SIBLING_AGREEMENT

    def take(candidate: Mapping[int, str], source: str) -> None:
        for cid, text in candidate.items():
            if cid not in ev.identity:
                ev.identity[cid] = text
                ev.source[cid] = source

    # 0. the advance width: a glyph that takes no room is a mark, one that does is a letter
    for cid, text in to_unicode.items():
        if cid in ev.identity or cid not in ev.advance or not any("\u0e00" <= c <= "\u0e7f" for c in text):
            continue
        spacing = ev.advance[cid] >= MARK_ADVANCE * ev.units_per_em
        if len(text) > 1:
            letters = [c for c in text if (c in MARK_SET or c == NIKHAHIT) != spacing]
            if letters and (spacing or len(letters) == 1):
                ev.identity[cid] = letters[0] if spacing else "".join(letters)
                ev.source[cid] = "advance"
        elif text == SARA_AM and not spacing:
            ev.identity[cid] = NIKHAHIT  # sara am takes room; a zero-width "am" is its nikhahit
            ev.source[cid] = "advance"

    # 0'. the claim with the part its ink lacks taken away (sara am without its ring: sara aa)
    for cid, text in zone_fix.items():
        if text and cid not in ev.identity:
            ev.identity[cid] = text
            ev.source[cid] = "ink-zone"

    # 1. own names / cmap
    own = {}
    for gid, text in _names_and_cmap(tt).items():
        for cid in cids:
            if gid_of(cid) == gid:
                own[cid] = text
    if own and agrees(own):
        take(own, "font-names")

    # 2. a sibling subset with names and the same numbering
    fam = family(font.fontname)
    if not code_map:
        for name, other in siblings.items():
            if name == font.fontname or not other.program or family(name) != fam:
                continue
            try:
                ot = _open(other.program)
                if len(ot.getGlyphOrder()) != len(order):
                    continue
                named = {gid: t for gid, t in _names_and_cmap(ot).items() if gid in cids}
            except Exception:
                continue
            if named and agrees(named):
                take(named, "sibling-names")

    # 3. outlines: reference fonts of the family, then all reference fonts, then own glyphs
    keys = {cid: _outline_key(glyf, order[gid]) for cid in cids if (gid := gid_of(cid)) is not None}
    keys = {c: k for c, k in keys.items() if k is not None}
    missing = [c for c in keys if c not in ev.identity]
    if missing:
        for ref_family in (fam, None):
            ref = reference_index(ref_family)
            found = {c: ref[keys[c]] for c in missing if keys[c] in ref}
            if found and agrees(found):
                take(found, "reference-outline")
                break
    bad = {c for c in suspect if c not in ev.identity}
    unresolved = [
        c for c in cids if c in ev.ink and c not in ev.identity and (c in bad or c not in to_unicode)
    ]

    # 5. glyph numbering: fonts keep Unicode order, so a glyph between two trusted
    # neighbours with the same gid-to-code-point offset has the code point in between
    if not code_map and unresolved:
        settled = {**{c: t for c, t in trusted.items() if c not in bad}, **ev.identity}
        known = sorted((c, ord(t)) for c, t in settled.items() if len(t) == 1 and "\u0e01" <= t <= "\u0e5b")
        gids = [c for c, _ in known]
        import bisect

        for cid in list(unresolved):
            i = bisect.bisect_left(gids, cid)
            if i == 0 or i >= len(known):
                continue
            (lo, lcp), (hi, hcp) = known[i - 1], known[i]
            if hi - lo <= NUMBERING_GAP and lo - lcp == hi - hcp:
                text = _thai_text(cid - (lo - lcp))
                if text:
                    ev.identity[cid] = text
                    ev.source[cid] = "numbering"
                    unresolved.remove(cid)

    # 5'. shape: the nearest Thai glyph of the reference fonts, when near and sure enough
    if unresolved:
        _classify_by_shape(tt, unresolved, gid_of, order, trusted, ev)
        unresolved = [c for c in unresolved if c not in ev.identity]

    # 6. redrawn mark variants: compare sampled shapes with the font's trusted marks
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


def _classify_by_shape(tt, cids, gid_of, order, trusted: Mapping[int, str], ev: FontEvidence) -> None:
    """Name glyphs by the nearest reference shape (see ``shapes``); confidence in the source."""
    from . import shapes

    tops = [ev.ink[c][3] for c, t in trusted.items() if t in BODY_CONSONANTS and c in ev.ink]
    body = sorted(tops)[len(tops) // 2] if len(tops) >= ZONE_MIN_CONSONANTS else None
    names = {c: order[gid_of(c)] for c in cids}
    spacing = {c: ev.advance.get(c, ev.units_per_em) >= MARK_ADVANCE * ev.units_per_em for c in cids}
    refs = shapes.references()
    for cid, shape in shapes.font_shapes(tt, names, spacing, body).items():
        match = shapes.classify(shape, refs)
        if shapes.decided(match):
            ev.identity[cid] = match.text
            ev.source[cid] = f"reference-shape {match.confidence:.2f}"
            ev.confidence[cid] = match.confidence


def _keep_needed(ev: FontEvidence, to_unicode: Mapping[int, str], suspect: set[int]) -> None:
    """Keep only identities that fix a broken entry or rest on the glyph itself.

    Names, siblings and numbering assume the glyph id is the cid, which a
    CIDToGIDMap can break; they may fill or fix a suspect entry, never overrule a
    plausible one.  An outline match may, but not to respell a non-Thai entry (fi -> ﬁ).
    """
    for cid in list(ev.identity):
        old = to_unicode.get(cid)
        if cid in suspect:
            continue
        if old is None:
            if ev.source[cid] not in OVERRULING:
                ev.weak.add(cid)  # only for a glyph whose text comes out broken
            continue
        new = ev.identity[cid]
        if ev.source[cid] not in OVERRULING or not any("\u0e00" <= c <= "\u0e7f" for c in old + new):
            del ev.identity[cid]
            del ev.source[cid]


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
