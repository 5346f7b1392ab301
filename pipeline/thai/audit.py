"""The shapes audit a font's ToUnicode map: whose map is it, and which entries are in doubt.

Names and exact outlines settle a glyph only where the font is known.  For any other
font every inked glyph is classified by shape (``shapes``, Thai and Latin classes) and
the classes are set against what the map claims:

- a map the confident shapes mostly dispute was rewritten (entries permuted, a code
  page of the producer's own) or is missing: every glyph is named by its shape, and
  where the shape is unsure (a close runner-up, a confusable pair) the glyph is left
  in doubt between its nearest classes;
- a map the shapes mostly confirm is kept, and an entry a sure shape disputes is in
  doubt between the claim and the shape.

Doubts are settled by the words of the whole document (``votes``), never here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .outlines import MARK_ADVANCE
from .zones import BODY_CONSONANTS, ZONE_MIN_CONSONANTS

# Glyphs the shapes must be sure of before they can judge a map at all.
AUDIT_MIN_GLYPHS = 8
# A map whose claims agree with fewer than this share of the sure shapes is not the font's.
REWRITTEN_AGREEMENT = 0.5
# How sure a shape must be to put a plausible claim in doubt.
DISPUTE_CONFIDENCE = 0.3
# Below this confidence a shape-named glyph of a rewritten map stays in doubt between classes.
SURE_CONFIDENCE = 0.35
# Classes a glyph in doubt may be (nearest first).
CANDIDATES = 3
# Pairs whose shapes differ by a stroke: a glyph named one of them is always in doubt.
CONFUSABLE_PAIRS = frozenset(
    frozenset(p)
    for p in [
        "\u0e32\u0e33",  # sara aa / sara am (the ring above)
        "\u0e48\u0e39",  # mai ek / sara uu (a stroke above or below)
        "\u0e10\u0e0d",  # tho than / yo ying without their tails
        "\u0e0e\u0e0f",  # do chada / to patak (the foot)
        "\u0e14\u0e15",  # do dek / to tao
        "\u0e1a\u0e1b",  # bo baimai / po pla (the stem)
        "\u0e1c\u0e1d",  # pho phueng / fo fa
        "\u0e1e\u0e1f",  # pho phan / fo fan
        "\u0e16\u0e20",  # tho thung / pho samphao
        "\u0e34\u0e35",  # sara i / sara ii (the tick)
        "\u0e36\u0e37",  # sara ue / sara uee
        "\u0e38\u0e39",  # sara u / sara uu
        "\u0e48\u0e49",  # mai ek / mai tho
    ]
)


def _is_thai(text: str) -> bool:
    return len(text) == 1 and "\u0e01" <= text <= "\u0e5b"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the shapes said of a font's map."""

    checked: int  # glyphs with a sure shape and a claim
    agreeing: int
    rewritten: bool

    @property
    def agreement(self) -> float:
        return self.agreeing / self.checked if self.checked else 1.0


def _body(shapes_of, glyphs, ink, default: float | None) -> tuple[float | None, dict]:
    """Body height from the glyphs the shapes call plain consonants (two passes)."""
    from . import shapes

    refs = shapes.references(latin=True)
    matches = _classify(shapes_of(default), refs)
    tops = sorted(
        ink[c][3]
        for c, m in matches.items()
        if m is not None and m.text in BODY_CONSONANTS and shapes.decided(m) and c in ink
    )
    if len(tops) < ZONE_MIN_CONSONANTS:
        return default, matches
    body = tops[len(tops) // 2]
    if default and abs(body - default) <= 0.05 * default:
        return default, matches
    return body, _classify(shapes_of(body), refs)


def _classify(shapes_of: dict, refs) -> dict:
    from . import shapes

    keys = list(shapes_of)
    return dict(zip(keys, shapes.classify_many([shapes_of[k] for k in keys], refs), strict=True))


def audit_map(tt, cids, gid_of, order, to_unicode: Mapping[int, str], ev, settled: set[int]) -> Verdict:
    """Audit the map of one font; sets ``ev.identity`` (rewritten maps) and ``ev.doubts``."""
    from . import shapes

    glyphs = [c for c in cids if c in ev.ink and c not in settled and gid_of(c) is not None]
    if not glyphs:
        return Verdict(0, 0, False)
    names = {c: order[gid_of(c)] for c in glyphs}
    spacing = {c: ev.advance.get(c, ev.units_per_em) >= MARK_ADVANCE * ev.units_per_em for c in glyphs}
    trusted_tops = sorted(
        ev.ink[c][3] for c in glyphs if to_unicode.get(c, "") in BODY_CONSONANTS and c in ev.ink
    )
    guess = trusted_tops[len(trusted_tops) // 2] if len(trusted_tops) >= ZONE_MIN_CONSONANTS else None
    _body_height, matches = _body(
        lambda body: shapes.font_shapes(tt, names, spacing, body), glyphs, ev.ink, guess
    )
    sure = {c: m for c, m in matches.items() if shapes.decided(m)}
    # the Thai part of the map: glyphs claimed Thai or drawn Thai (a font's Latin half may be right)
    claimed = {
        c: m
        for c, m in sure.items()
        if len(to_unicode.get(c, "")) == 1 and (_is_thai(to_unicode[c]) or _is_thai(m.text))
    }
    agreeing = sum(to_unicode[c] == m.text for c, m in claimed.items())
    thai_claims = any(_is_thai(t) for t in to_unicode.values())
    rewritten = (len(claimed) >= AUDIT_MIN_GLYPHS and agreeing / len(claimed) < REWRITTEN_AGREEMENT) or (
        not thai_claims and sum(_is_thai(m.text) for m in sure.values()) >= AUDIT_MIN_GLYPHS
    )
    verdict = Verdict(len(claimed), agreeing, rewritten)

    def sure_thai(m) -> bool:
        return shapes.decided(m) and m.confidence >= SURE_CONFIDENCE

    if rewritten:
        for c, m in matches.items():
            if m is None:
                continue
            claim = to_unicode.get(c, "")
            ascii_claim = len(claim) == 1 and claim.isascii() and claim.isprintable()
            keep_claim = ascii_claim and not (_is_thai(m.text) and sure_thai(m))
            if keep_claim:  # a Latin claim stands unless a sure shape says Thai
                # ... or its words say so: a loopless ใ drawn nearest I and called u keeps its
                # nearest Thai classes as candidates (script-alternative), each at its shape cost
                ev.doubts[c] = tuple(dict.fromkeys((claim, *m.ranked[: CANDIDATES - 1], *m.thai)))
                if m.thai:
                    costs = dict(m.costs)
                    ev.prior[c] = {claim: max(costs.values(), default=0.0) / 2, **costs}
                continue
            if shapes.decided(m):
                ev.identity[c] = m.text
                ev.source[c] = f"shape-audit {m.confidence:.2f}"
                ev.confidence[c] = m.confidence
            unsure = not shapes.decided(m) or m.confidence < SURE_CONFIDENCE
            if unsure or frozenset((m.text, m.runner_up)) in CONFUSABLE_PAIRS or claim != m.text:
                # a map partly rewritten may still be right here: its claim stays a candidate
                own = (claim,) if _is_thai(claim) else ()
                # script-alternative: a glyph drawn nearest a Latin shape in a font mostly
                # Thai may be a loopless Thai letter (ร as s): its nearest Thai classes stand too
                # and so do the Thai classes about as near as its nearest Thai one (ง drawn
                # nearest จ, ถ and อ): the document's words choose among them together
                ev.doubts[c] = tuple(dict.fromkeys((*m.ranked[:CANDIDATES], *m.thai, *m.near, *own)))
                # the shapes' word on each candidate; the map's own Thai claim, the producer's
                # word, costs half what the farthest candidate costs
                costs = dict(m.costs)
                half = max(costs.values(), default=0.0) / 2
                ev.prior[c] = {**{o: half for o in own}, **costs}
            ev.suspect.add(c)
        return verdict
    for c, m in matches.items():
        claim = to_unicode.get(c, "")
        if m is None or m.text == claim or c in ev.identity:
            continue
        latin_claim = len(claim) == 1 and claim.isascii() and claim.isalpha()
        if not (_is_thai(claim) or latin_claim):
            continue
        disputed = shapes.decided(m) and m.confidence >= DISPUTE_CONFIDENCE
        # a Latin letter claimed for a glyph drawn Thai: the words will tell.  Unsure between
        # Thai shapes (ใ or ไ) is still sure it is no Latin letter when the claim is not even
        # among the nearest classes.
        thai_drawn = (
            latin_claim
            and _is_thai(m.text)
            and (shapes.decided(m) or (m.distance <= shapes.MAX_DISTANCE and claim not in m.ranked))
        )
        if disputed or thai_drawn or frozenset((m.text, claim)) in CONFUSABLE_PAIRS:
            # script-alternative for a Latin claim too: a loopless ใ drawn nearest I and called
            # u keeps its nearest Thai classes as candidates (the words choose)
            alternatives = m.thai if latin_claim else ()
            ev.doubts[c] = tuple(dict.fromkeys((claim, *m.ranked[:CANDIDATES], *alternatives)))
    return verdict
