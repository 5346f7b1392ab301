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
import logging
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..records import FontProgram
from .names import code_to_gid, family, names_and_cmap, open_font, text_of_name, thai_text
from .outlines import MARK_ADVANCE, outline_key, own_shape_marks, reference_index
from .rules import MARK_SET, NIKHAHIT, SARA_AM
from .zones import BODY_CONSONANTS, ZONE_MIN_CONSONANTS, zone_contradictions

__all__ = ["FontEvidence", "analyse", "family", "forget_analyses", "text_of_name"]

log = logging.getLogger(__name__)
# Subset fonts written by office suites carry a zero 'modified' date in their head
# table; fontTools warns about it once per font, which is noise for a reader of the run.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

# Share of trusted ToUnicode entries a borrowed glyph numbering must agree with.
SIBLING_AGREEMENT = 0.8
# Minimum trusted entries before a borrowed numbering can be judged at all.
SIBLING_MIN_CHECKS = 5
# Widest run of glyph ids between two trusted neighbours that numbering may bridge.
NUMBERING_GAP = 12
# Evidence that may overrule a plausible ToUnicode entry (it looks at the glyph itself).
OVERRULING = {"reference-outline", "advance"}


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
    # cid -> what the glyph may be where shape leaves a doubt; settled by the document's words
    doubts: dict[int, tuple[str, ...]] = field(default_factory=dict)
    votes: dict[int, dict[str, float]] = field(default_factory=dict)  # cid -> candidate -> score so far
    # cid -> candidate -> how much farther its shape is than the nearest (the shape's word in a vote)
    prior: dict[int, dict[str, float]] = field(default_factory=dict)
    seen: dict[int, int] = field(default_factory=dict)  # cid -> words voted on so far
    audit: object | None = None  # the shapes' verdict on the map (audit.Verdict)


# --- per-font analysis ------------------------------------------------------------------

_CACHE: dict[tuple, FontEvidence] = {}


def forget_analyses() -> None:
    """Drop the analyses made so far (they rest on the reference set in force)."""
    _CACHE.clear()


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


def analyse(font: FontProgram, siblings: Mapping[str, FontProgram] = {}) -> FontEvidence:  # noqa: B006
    """Evidence about one font's glyphs (cached by program and ToUnicode)."""
    digest = hashlib.sha1(font.program or b"").hexdigest() if font.program else font.fontname
    key = (digest, tuple(sorted(font.to_unicode.items())))
    if key in _CACHE:
        return _CACHE[key]
    ev = FontEvidence()
    if font.program:  # without ToUnicode the text comes from the encoding: the shapes judge it
        try:
            _analyse_program(font, siblings, ev)
            _keep_needed(ev, font.to_unicode, ev.suspect)
        except Exception as exc:  # a font we cannot parse leaves ToUnicode in charge
            log.debug("font %s not analysed: %s", font.fontname, exc)
    _CACHE[key] = ev
    return ev


def _analyse_program(font: FontProgram, siblings: Mapping[str, FontProgram], ev: FontEvidence) -> None:
    tt = open_font(font.program)
    if "glyf" not in tt:
        return
    glyf = tt["glyf"]
    order = tt.getGlyphOrder()
    ev.units_per_em = float(tt["head"].unitsPerEm or 1000)
    code_map = code_to_gid(tt) if font.simple else None
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
    for gid, text in names_and_cmap(tt).items():
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
                ot = open_font(other.program)
                if len(ot.getGlyphOrder()) != len(order):
                    continue
                named = {gid: t for gid, t in names_and_cmap(ot).items() if gid in cids}
            except Exception:
                continue
            if named and agrees(named):
                take(named, "sibling-names")

    # 3. outlines: reference fonts of the family, then all reference fonts, then own glyphs
    keys = {cid: outline_key(glyf, order[gid]) for cid in cids if (gid := gid_of(cid)) is not None}
    keys = {c: k for c, k in keys.items() if k is not None}
    missing = [c for c in keys if c not in ev.identity]
    if missing:
        for ref_family in (fam, None):
            ref = reference_index(ref_family)
            found = {c: ref[keys[c]] for c in missing if keys[c] in ref}
            if found and agrees(found):
                take(found, "reference-outline")
                break
    # 4. the shapes audit the map: a map they mostly dispute is not the font's (every glyph
    # is named by shape), an entry a sure shape disputes is in doubt (settled by ``votes``)
    from .audit import audit_map

    strong = {c for c, s in ev.source.items() if s in ("font-names", "sibling-names", "reference-outline")}
    ev.audit = audit_map(tt, cids, gid_of, order, to_unicode, ev, strong)
    if ev.audit.rewritten:
        return
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
                text = thai_text(cid - (lo - lcp))
                if text:
                    ev.identity[cid] = text
                    ev.source[cid] = "numbering"
                    unresolved.remove(cid)

    # 5'. shape: the nearest Thai glyph of the reference fonts, when near and sure enough
    if unresolved:
        _classify_by_shape(tt, unresolved, gid_of, order, trusted, ev)
        unresolved = [c for c in unresolved if c not in ev.identity]

    # 6. redrawn mark variants: compare sampled shapes with the font's trusted marks
    if unresolved:
        own_shape_marks(glyf, order, gid_of, unresolved, to_unicode, bad, ev)


def _classify_by_shape(tt, cids, gid_of, order, trusted: Mapping[int, str], ev: FontEvidence) -> None:
    """Name glyphs by the nearest reference shape (see ``shapes``); confidence in the source."""
    from . import shapes

    tops = [ev.ink[c][3] for c, t in trusted.items() if t in BODY_CONSONANTS and c in ev.ink]
    body = sorted(tops)[len(tops) // 2] if len(tops) >= ZONE_MIN_CONSONANTS else None
    names = {c: order[gid_of(c)] for c in cids}
    spacing = {c: ev.advance.get(c, ev.units_per_em) >= MARK_ADVANCE * ev.units_per_em for c in cids}
    refs = shapes.references()
    found = shapes.font_shapes(tt, names, spacing, body)
    for cid, match in zip(found, shapes.classify_many(list(found.values()), refs), strict=True):
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
