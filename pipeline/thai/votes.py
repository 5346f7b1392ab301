"""Doubtful glyphs decided by the document's words, once per (font, glyph id).

Where shape leaves a doubt (``audit``: a close runner-up, a confusable pair, a claim a
sure shape disputes) every word the glyph occurs in is read with each candidate in its
place, the other glyphs as they stand.  A candidate scores the letters its readings cover
with dictionary words, less a penalty for each thing Thai spelling never does (``rules.
ORTHOGRAPHY``: a tone mark after sara am, a vowel after sara am, a mark on nothing, a Latin
letter inside a Thai word ...).  The scores add up over the pages; once the glyph has been
seen in enough words the best candidate is fixed for the rest of the document, and the
decision is recorded once (``text_repairs``: rule ``glyph:document-vote``, with the words
seen and the scores) and summarised with the other repairs in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..records import Glyph, TextChange
from .rules import ORTHOGRAPHY

# Words a glyph must have been seen in before its vote is closed.
MIN_WORDS = 3
# Words per glyph and page read for the vote (enough to decide; bounded cost).
MAX_WORDS_PER_PAGE = 24
# Score a broken spelling costs (in letters covered by dictionary words).
ORTHOGRAPHY_COST = 3.0
# A challenger must beat the glyph's current reading by this many letters per word seen.
MIN_LEAD_PER_WORD = 0.5
# Glyphs of one word: same baseline within this share of the size, gaps below this share.
BASELINE_SLACK = 0.3
WORD_GAP = 0.25


def _words(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Runs of glyphs drawn one after another on one baseline without a gap: words, roughly."""
    runs: list[list[Glyph]] = []
    prev: Glyph | None = None
    for g in glyphs:
        if not g.visible or g.text.isspace():
            prev = None
            continue
        size = max(g.size, 1.0)
        if (
            prev is None
            or abs(g.bottom - prev.bottom) > BASELINE_SLACK * size
            or g.x0 - prev.x1 > WORD_GAP * size
            or g.x1 < prev.x0 - size
        ):
            runs.append([])
        runs[-1].append(g)
        prev = g
    return runs


def score(text: str) -> float:
    """How Thai a reading is: letters inside dictionary words, less broken spellings."""
    from .spelling import tokenize, word_set

    words = word_set()
    covered = sum(len(t) for t in tokenize(text) if t in words and not t.isascii())
    broken = sum(len(p.findall(text)) for p, _name in ORTHOGRAPHY)
    return covered - ORTHOGRAPHY_COST * broken


def vote_page(
    page_number: int,
    glyphs: Sequence[Glyph],
    evidence: Mapping[str, object],
    text_of: Callable[[Glyph], str],
) -> list[TextChange]:
    """Add this page's words to the open votes; close those with enough words seen.

    ``text_of`` reads a glyph as the repair stands.  A closed vote writes its winner into
    the font's identities (source ``voted``), so every later reading uses it.
    """
    changes: list[TextChange] = []
    by_font: dict[str, list[Glyph]] = {}
    for g in glyphs:
        ev = evidence.get(g.fontname)
        if ev is not None and ev.doubts:
            by_font.setdefault(g.fontname, []).append(g)
    for fontname, own in by_font.items():
        ev = evidence[fontname]
        runs = _words(sorted(own, key=lambda g: g.seq))
        for cid in [c for c in ev.doubts if any(g.cid == c for g in own)]:
            words = [r for r in runs if any(g.cid == cid for g in r)][:MAX_WORDS_PER_PAGE]
            current = text_of(next(g for r in words for g in r if g.cid == cid))
            candidates = dict.fromkeys((current, *ev.doubts[cid]))
            tally = ev.votes.setdefault(cid, dict.fromkeys(candidates, 0.0))
            for word in words:
                base = [text_of(g) for g in word]
                for cand in candidates:
                    reading = "".join(cand if g.cid == cid else t for g, t in zip(word, base, strict=True))
                    tally[cand] = tally.get(cand, 0.0) + score(reading)
            ev.seen[cid] = ev.seen.get(cid, 0) + len(words)
            if ev.seen[cid] < MIN_WORDS:
                continue
            best = max(tally, key=lambda c: (tally[c], c == current))
            lead = tally[best] - tally.get(current, 0.0)
            del ev.doubts[cid]
            if best == current or lead < MIN_LEAD_PER_WORD * ev.seen[cid]:
                continue
            ev.identity[cid] = best
            ev.source[cid] = "voted"  # each page then records "glyph:voted" fixes
            ev.suspect.add(cid)
            ev.weak.discard(cid)
            ranked = sorted(tally.items(), key=lambda kv: -kv[1])
            evidence_text = ", ".join(f"{c or '∅'} {s:.0f}" for c, s in ranked)
            changes.append(
                TextChange(
                    page_number,
                    f"glyph:document-vote ({ev.seen[cid]} words; {evidence_text})",
                    current,
                    best,
                )
            )
    return changes
