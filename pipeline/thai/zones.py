"""Ink zones: where a glyph's ink lies against the font's body height.

A below vowel's ink ends under the baseline, an above mark's starts over the body,
sara am's nikhahit reaches over the body while sara aa stays at body height.  A claim
the ink contradicts is no claim; a sara am claim on a glyph of body height is sara aa.
"""

from __future__ import annotations

from collections.abc import Mapping

from .rules import BELOW_VOWELS, MARK_SET, SARA_AA, SARA_AM

# Ink zones, as shares of the font's consonant body height (median top of its consonants):
# a below vowel's ink ends under this, an above mark's starts over this, sara am's
# nikhahit reaches over this while sara aa stays at body height.
ZONE_BELOW_TOP = 0.15
ZONE_ABOVE_BOTTOM = 0.5
ZONE_TALL_TOP = 1.12
ZONE_MIN_CONSONANTS = 5  # consonants needed before the body height is known
# Consonants without ascender or descender: their tops give the body height.
BODY_CONSONANTS = frozenset("กขคฆงจฉชซฌฑฒณดตถทธนบพภมยรลวศษสหอฮ")


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
