"""Mark ordering: attach every Thai mark to the letter it is drawn on.

A mark's ToUnicode position in the text means nothing; where its ink lands does.
With the font program we know the mark's ink box relative to the pen, so its
horizontal centre on the page is exact; without it, a zero-width mark is assumed
to hang to the left of the pen (how every Thai font draws them).  Each mark goes
to the letter of the same line whose advance box holds that centre, preferring
the letter drawn just before it (content-stream order is the second witness).

One case overrides the ink: a mark drawn right at the pen where a glyph of its font
ended, its ink starting at or past that pen, was never positioned by its producer.
Fonts that leave placement to the shaper (GPOS anchors: Noto Looped Thai) or give marks
a cell of their own (TlwgMono, TlwgTypo) draw such a mark over the next letter or in a
gap; it belongs to the letter it was typed after (``mark:unpositioned``), and the
cluster takes the room the mark took (no word gap opens after it).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

from ..records import Char, Glyph
from .glyphs import FontEvidence
from .rules import MARK_ORDER, MARK_SET, NIKHAHIT, SARA_AA, SARA_AM

# Glyphs whose baselines differ by less than this share of the size share a line.
BASELINE_TOLERANCE = 0.3
# Without outlines, a zero-width mark's ink centre sits this share of the size left of the pen.
MARK_OVERHANG = 0.25
# A mark narrower than this share of the size is treated as zero-width.
ZERO_WIDTH = 0.1
# How far (share of size) outside the letter drawn just before it a mark's centre may lie
# and still be taken as that letter's (producers nudge marks by a hair).
SEQ_SLACK = 0.1
# A mark whose pen origin lies within this share of the size of where a glyph ended
# was drawn at the pen that glyph left (not positioned by its producer).
PEN_SLACK = 0.02
# Letters either side of a mark's position considered as its base.
NEIGHBOURS = 3
# How far (share of size) a mark's centre may lie outside a letter's box and still be its.
ATTACH_SLACK = 0.35


# Thai orthography: vowels and tone marks sit on consonants only, never on a leading
# vowel (เ แ โ ใ ไ), sara a/aa/am, a sign or a digit; a mark drawn before its base
# (``เืช่อม``) hangs over the leading vowel before it but belongs to the consonant.
_MARK_BEARERS = re.compile("[\u0e01-\u0e2e]")


def _carries_marks(text: str, mark: str) -> bool:
    """True when a base can carry a Thai mark; a non-Thai base (Latin, digits) is left as it was.

    Sara aa carries nikhahit: the two are sara am drawn in two glyphs (rejoined below).
    """
    if not text or text.isspace():
        return False
    if text == SARA_AA and mark == NIKHAHIT:
        return True
    return bool(_MARK_BEARERS.match(text)) or not ("\u0e00" <= text[0] <= "\u0e7f")


@dataclass(slots=True)
class _Piece:
    text: str
    g: Glyph
    centre: float  # horizontal ink centre (marks) or box centre (letters)
    is_mark: bool
    ink_left: float = 0.0  # marks: where the ink starts, page units right of the pen origin


# Sort keys (C-level attribute getters: these sorts run over every glyph of every page).
_BY_BASELINE = attrgetter("g.bottom", "g.x0")
_BY_PEN = attrgetter("g.x0", "g.seq")
_BY_SEQ = attrgetter("g.seq")
_BY_END = attrgetter("g.x1")
_CHAR_BY_PEN = attrgetter("x0", "seq")


def _pieces(glyphs: Sequence[tuple[str, Glyph]], evidence: Mapping[str, FontEvidence]) -> list[_Piece]:
    out = []
    for text, g in glyphs:
        is_mark = bool(text) and MARK_SET.issuperset(text)
        if is_mark:
            ev = evidence.get(g.fontname)
            ink = ev.ink.get(g.cid) if ev is not None else None
            if ink is not None:
                centre = g.x0 + (ink[0] + ink[2]) / 2 / ev.units_per_em * g.size
                ink_left = ink[0] / ev.units_per_em * g.size
            elif g.x1 - g.x0 < ZERO_WIDTH * g.size:
                centre = g.x0 - MARK_OVERHANG * g.size
                ink_left = -2 * MARK_OVERHANG * g.size
            else:
                centre = (g.x0 + g.x1) / 2
                ink_left = 0.0
            out.append(_Piece(text, g, centre, is_mark, ink_left))
        else:
            out.append(_Piece(text, g, (g.x0 + g.x1) / 2, is_mark))
    return out


def _at_pen(mark: _Piece, ends: list[float], ending: list[_Piece]) -> list[_Piece]:
    """Glyphs of the mark's font whose advance ends where the mark's pen starts, when the
    mark's ink starts at or past that pen: its producer placed it nowhere (no shaping), so
    where the ink lands says nothing of its base.  Nearest in drawing order first."""
    slack = PEN_SLACK * max(mark.g.size, 1.0)
    if mark.ink_left < -slack:
        return []
    lo, hi = bisect_left(ends, mark.g.x0 - slack), bisect_right(ends, mark.g.x0 + slack)
    found = [p for p in ending[lo:hi] if p is not mark and p.g.fontname == mark.g.fontname]
    return sorted(found, key=lambda p: (p.g.seq > mark.g.seq, abs(p.g.seq - mark.g.seq)))


def _drawn_next_to(a: _Piece, b: _Piece, rank: Mapping[int, int], letters_before: list[int]) -> bool:
    """Whether no letter (only marks, if anything) was drawn between ``a`` and ``b``."""
    i, j = sorted((rank[id(a)], rank[id(b)]))
    return letters_before[j] - letters_before[i + 1] == 0


def _line_groups(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Group pieces into lines by baseline (marks share their letter's box bottom)."""
    lines: list[list[_Piece]] = []
    refs: list[float] = []
    for p in sorted(pieces, key=_BY_BASELINE):
        tol = BASELINE_TOLERANCE * max(p.g.size, 1.0)
        if refs and abs(p.g.bottom - refs[-1]) <= tol:
            lines[-1].append(p)
            continue
        lines.append([p])
        refs.append(p.g.bottom)
    return lines


def build_clusters(
    glyphs: Sequence[tuple[str, Glyph]], evidence: Mapping[str, FontEvidence]
) -> tuple[list[Char], int]:
    """Clusters (letter + marks, logical order) for a page; also the count of orphan marks."""
    chars: list[Char] = []
    orphans = 0
    for line in _line_groups(_pieces(glyphs, evidence)):
        bases = sorted((p for p in line if not p.is_mark), key=_BY_PEN)
        marks: list[list[_Piece]] = [[] for _ in bases]
        loose: list[_Piece] = []
        starts = [b.g.x0 for b in bases]
        base_seqs = [b.g.seq for b in bases]
        by_seq = sorted(range(len(bases)), key=base_seqs.__getitem__)
        seqs = [base_seqs[i] for i in by_seq]
        line_marks = sorted((p for p in line if p.is_mark), key=_BY_SEQ)
        # only marks whose ink starts at or past their pen can have been left unplaced
        unplaced = any(m.ink_left >= -PEN_SLACK * max(m.g.size, 1.0) for m in line_marks)
        ending = sorted(line, key=_BY_END) if unplaced else []
        ends = [p.g.x1 for p in ending]
        index = {id(b): i for i, b in enumerate(bases)} if unplaced else {}
        # an unplaced mark is drawn next to the letter it was typed after (just after it, or
        # just before it: marks first), only other marks between; a shaper that moved a mark
        # back over its letter leaves its pen where the letter before ended (TlwgTypo through
        # Chromium), and that letter, drawn before the mark's own base, is not its base
        drawn = sorted(line, key=_BY_SEQ) if unplaced else []
        rank = {id(q): i for i, q in enumerate(drawn)}
        letters_before = [0]  # letters (non-marks) among the first i glyphs drawn
        for q in drawn:
            letters_before.append(letters_before[-1] + (not q.is_mark))

        owner: dict[int, int] = {}  # mark (id) -> the base it went to
        reach = [b.g.x1 for b in bases]  # where each cluster's room ends
        for m in line_marks:
            # drawn at the pen a letter left (directly or after its other marks): that letter's
            pen = [p for p in _at_pen(m, ends, ending) if _drawn_next_to(p, m, rank, letters_before)]
            chained = [index.get(id(p), owner.get(id(p), -1)) for p in pen]
            chained = [i for i in chained if i >= 0 and _carries_marks(bases[i].text, m.text)]
            if chained:
                marks[chained[0]].append(m)
                owner[id(m)] = chained[0]
                reach[chained[0]] = max(reach[chained[0]], m.g.x1)
                continue
            # the letter drawn just before the mark is its base when the ink is near it
            k = bisect_right(seqs, m.g.seq) - 1
            if k >= 0:
                b = bases[by_seq[k]]
                slack = SEQ_SLACK * b.g.size
                if _carries_marks(b.text, m.text) and b.g.x0 - slack <= m.centre <= b.g.x1 + slack:
                    marks[by_seq[k]].append(m)
                    owner[id(m)] = by_seq[k]
                    continue
            best, best_key = -1, None
            at = bisect_right(starts, m.centre)
            for i in range(max(0, at - NEIGHBOURS), min(len(bases), at + NEIGHBOURS)):
                b = bases[i]
                if not _carries_marks(b.text, m.text):
                    continue
                slack = ATTACH_SLACK * b.g.size
                if m.centre < b.g.x0 - slack or m.centre > b.g.x1 + slack:
                    continue
                outside = max(b.g.x0 - m.centre, m.centre - b.g.x1, 0.0)
                # inside the box first; then drawn just before the mark; then nearest
                key = (outside > 0, outside, 0 if b.g.seq < m.g.seq else 1, abs(m.g.seq - b.g.seq))
                if best_key is None or key < best_key:
                    best, best_key = i, key
            if best < 0:
                loose.append(m)
            else:
                marks[best].append(m)
                owner[id(m)] = best
        merged: list[Char] = []
        for b, ms, x1 in zip(bases, marks, reach, strict=True):
            own = "".join(sorted((m.text for m in ms), key=lambda t: MARK_ORDER.get(t[0], 0))) if ms else ""
            text = b.text + own
            # sara am drawn as nikhahit + sara aa: one vowel, kept on the letter before
            if (
                b.text == SARA_AA
                and merged
                and (merged[-1].text.endswith(NIKHAHIT) or NIKHAHIT in own)
                and merged[-1].text[:1] not in " "
            ):
                prev = merged.pop()
                text = prev.text.removesuffix(NIKHAHIT) + own.replace(NIKHAHIT, "") + SARA_AM
                merged.append(
                    Char(
                        text,
                        prev.x0,
                        prev.top,
                        x1,
                        max(prev.bottom, b.g.bottom),
                        prev.size,
                        prev.fontname,
                        prev.seq,
                    )
                )
                continue
            g = b.g
            merged.append(Char(text, g.x0, g.top, x1, g.bottom, g.size, g.fontname, g.seq))
        for m in loose:
            orphans += 1
            g = m.g
            merged.append(Char(m.text, g.x0, g.top, g.x1, g.bottom, g.size, g.fontname, g.seq))
        merged.sort(key=_CHAR_BY_PEN)
        chars.extend(merged)
    return chars, orphans
