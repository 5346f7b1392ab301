"""OCR as the last resort for a line whose text layer stays unreadable.

The repair knows, per glyph, how it was identified (``glyphs``: names, exact outlines, a
shape with its confidence, the document's votes).  A line is read again from its image when

- one of its glyphs could not be identified with confidence: its text is still broken
  (``(cid:``, U+FFFD, private use), its shape is unsure and no vote settled it, or its
  vote never saw enough words (``unsure``); or
- it rests on shapes or votes (``weak``) and its text is not Thai: few of its Thai tokens
  are words, or its spelling breaks a rule Thai never breaks (``rules.ORTHOGRAPHY``).

A line here is a run of chars on one text line between ruling lines and wide blanks (a
table cell's line, a line of running text).  Its box is rendered and read by the caller's
``read_box`` (``sources``: pypdfium2 and Tesseract) and aligned with the text layer
(``difflib`` opcodes, spaces left out: gaps come from the geometry).  Where the two agree
the text layer's characters stay; where they differ the OCR's are taken over an unsure
glyph, and over a weak one when they make the line more Thai (``votes.score``); a
confident glyph is never overwritten.  Every line changed is recorded in ``text_repairs``
(rule ``line:ocr-fallback``, with the glyphs that sent it, Tesseract's confidence and the
scores).  A page whose glyphs are all confident is not looked at twice: it costs one pass
over its glyphs.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..records import Char, Edge, FontProgram, Glyph, PageContent, RepairedPage, TextChange
from ..thaitext import compose_sara_am
from .layout import REPAIR, line_text, lines_of
from .quality import UNMAPPED, text_quality
from .rules import MARK_SET
from .votes import DocumentVotes, score

# A shape named with less confidence than this (and no vote behind it) is unsure.
SURE_SHAPE = 0.35
# Evidence that rests on shapes or the document's words, not on the font's own data.
WEAK_SOURCES = ("reference-shape", "shape-audit", "voted")
# A blank wider than this share of the size ends a line (the next cell, the next column).
SEGMENT_GAP = 1.5
# Below this share of dictionary words among its Thai tokens a weakly-read line is not Thai.
MIN_WORD_SHARE = 0.75
# Tesseract's mean word confidence (0-100) below which its reading of a line is not used.
MIN_OCR_CONF = 50.0
# The box read around a line's chars, as shares of the size (marks above, tails below).
PAD_ABOVE, PAD_BELOW, PAD_SIDE = 0.45, 0.3, 0.3

_MARK_CHARS = "".join(sorted(MARK_SET))

# (page number, box in PDF points from the top-left: x0, top, x1, bottom, text size) -> (text, confidence)
ReadBox = Callable[[int, tuple[float, float, float, float, float]], tuple[str, float] | None]


@dataclass(frozen=True, slots=True)
class _Doubt:
    unsure: bool  # the glyph's identity is not known with confidence
    reason: str


def glyph_doubt(g: Glyph, text: str, ev, votes: DocumentVotes) -> _Doubt | None:
    """Why a glyph's reading may be wrong (None: its identity rests on the font's own data)."""
    if not text or UNMAPPED.search(text):
        return _Doubt(True, "unmapped")
    if ev is None:
        return None
    if text.isspace() and g.cid in ev.ink:
        return _Doubt(True, "unmapped")  # a glyph with ink is no space
    if g.cid in ev.doubts:
        if votes.is_decisive(ev, g.cid):
            return _Doubt(False, "voted")
        return _Doubt(True, "undecided")
    source = ev.source.get(g.cid, "")
    if source.startswith(WEAK_SOURCES):
        confidence = ev.confidence.get(g.cid, 1.0)
        return _Doubt(confidence < SURE_SHAPE, f"shape {confidence:.2f}")
    return None


_SHAPE_FONTS: dict[int, tuple[object, bool]] = {}  # id(analysis) -> (analysis, names glyphs by shape)


def _rests_on_shapes(ev) -> bool:
    """True when some glyph of the font is named by shape or left to the words (once per analysis)."""
    known = _SHAPE_FONTS.get(id(ev))
    if known is None or known[0] is not ev:
        weak = bool(ev.doubts) or any(s.startswith(WEAK_SOURCES) for s in ev.source.values())
        known = _SHAPE_FONTS[id(ev)] = (ev, weak)
    return known[1]


def _segments(chars: Sequence[Char], edges: Sequence[Edge]) -> list[list[Char]]:
    """Lines of chars, cut at wide blanks and at vertical ruling lines between two chars."""
    rules = [e for e in edges if e.orientation == "v"]
    out = []
    for line in lines_of(chars, REPAIR.line_tolerance):
        # only the rules reaching the line's height can fall between two of its chars
        low = min((ch.top + ch.bottom) / 2 for ch in line)
        high = max((ch.top + ch.bottom) / 2 for ch in line)
        near = [e for e in rules if e.top <= high and e.bottom >= low]
        run: list[Char] = []
        for ch in line:
            if run:
                prev = run[-1]
                mid = (ch.top + ch.bottom) / 2
                gap = ch.x0 - prev.x1 > SEGMENT_GAP * max(ch.size, prev.size, 1.0)
                ruled = any(prev.x1 <= e.x0 <= ch.x0 and e.top <= mid <= e.bottom for e in near)
                if gap or ruled:
                    out.append(run)
                    run = []
            run.append(ch)
        if run:
            out.append(run)
    return out


def _owner(g: Glyph, line: Sequence[Char]) -> int | None:
    """The char (cluster) of a line a glyph went into: its base, or the one its ink is over."""
    for i, ch in enumerate(line):
        if ch.seq == g.seq:
            return i
    centre = (g.x0 + g.x1) / 2
    best, best_d = None, None
    for i, ch in enumerate(line):
        if abs(ch.bottom - g.bottom) > 0.5 * max(ch.size, 1.0):
            continue
        d = max(ch.x0 - centre, centre - ch.x1, 0.0)
        if d <= 0.5 * max(ch.size, 1.0) and (best_d is None or d < best_d):
            best, best_d = i, d
    return best


def _not_thai(text: str) -> bool:
    from .rules import ORTHOGRAPHY

    return text_quality(text).dictionary_share < MIN_WORD_SHARE or any(
        p.search(text) for p, _name in ORTHOGRAPHY
    )


def _ocr_text(text: str) -> str:
    """Tesseract's line in the text layer's form: NFC, sara am as one vowel, no spaces."""
    return re.sub(r"\s+", "", compose_sara_am(unicodedata.normalize("NFC", text)))


def merge(layer: Sequence[str], flags: Sequence[_Doubt | None], ocr: str) -> tuple[list[str], int] | None:
    """New texts of a line's clusters: the layer's where it agrees with OCR or is confident.

    ``layer`` are the clusters' texts, ``flags`` their doubts.  Returns the texts and the
    number of spans taken from OCR, or None when nothing was taken.
    """
    chars: list[str] = []
    owner: list[int] = []
    for i, t in enumerate(layer):
        for c in t:
            if not c.isspace():
                chars.append(c)
                owner.append(i)
    flat = "".join(chars)
    ops = difflib.SequenceMatcher(None, flat, ocr, autojunk=False).get_opcodes()
    take = [False] * len(ops)

    def span_flags(i1: int, i2: int) -> list[_Doubt | None]:
        if i1 == i2:  # an insertion: the clusters either side
            near = {owner[k] for k in (i1 - 1, i1) if 0 <= k < len(owner)}
        else:
            near = {owner[k] for k in range(i1, i2)}
        return [flags[k] for k in near]

    def assemble() -> list[str]:
        # a space char stays (gaps come from geometry), unless it is a glyph with ink read as a space
        out = [t if t.isspace() and f is None else "" for t, f in zip(layer, flags, strict=True)]
        for (tag, i1, i2, j1, j2), use_ocr in zip(ops, take, strict=True):
            if tag == "equal" or not use_ocr:
                for k in range(i1, i2):
                    out[owner[k]] += flat[k]
            elif i1 < i2:
                out[owner[i1]] += ocr[j1:j2]
            elif owner:
                at = owner[i1 - 1] if i1 > 0 else owner[0]
                out[at] = (out[at] + ocr[j1:j2]) if i1 > 0 else ocr[j1:j2] + out[at]
        # a cluster left starting with a mark gives it to the letter before (one cluster, no gap)
        for i in range(1, len(out)):
            lead = len(out[i]) - len(out[i].lstrip(_MARK_CHARS))
            if lead:
                j = next((j for j in range(i - 1, -1, -1) if out[j]), None)
                if j is not None:
                    out[j] += out[i][:lead]
                    out[i] = out[i][lead:]
        return out

    def line_score() -> float:
        return score("".join(assemble()))

    # over a glyph whose text is broken OCR's reading is taken as it is; over an unsure or weak
    # one where it makes the line more Thai: all of it first, then each span given back to the
    # text layer if that scores better (an unsure glyph) or no worse (a weak one).  A word is
    # often wrong in two glyphs and right only when both are read again.
    kinds: dict[int, str] = {}
    for k, (tag, i1, i2, _j1, _j2) in enumerate(ops):
        doubts = [f for f in span_flags(i1, i2) if f is not None]
        if tag == "equal" or not doubts:
            continue  # a confident glyph is never overwritten
        take[k] = True
        if not any(f.reason == "unmapped" for f in doubts):
            kinds[k] = "unsure" if any(f.unsure for f in doubts) else "weak"
    best = line_score()
    for k, kind in kinds.items():
        take[k] = False
        now = line_score()
        if now > best or (now == best and kind == "weak"):
            best = now
        else:
            take[k] = True
    if not any(take):
        return None
    return assemble(), sum(take)


def _rebuilt(line: Sequence[Char], texts: Sequence[str], keep_empty: bool = False) -> list:
    """The line's chars with their new texts; a char left empty is dropped and its room given
    to the char before (so no gap opens where it stood).  With ``keep_empty`` the list keeps
    one entry per char (None for a dropped one)."""
    out: list = []
    last = None  # index in out of the last char kept
    for c, t in zip(line, texts, strict=True):
        if not t:
            if last is not None:
                out[last] = replace(out[last], x1=max(out[last].x1, c.x1))
            if keep_empty:
                out.append(None)
            continue
        out.append(c if t == c.text else replace(c, text=t))
        last = len(out) - 1
    return out


def reread_lines(
    page: PageContent,
    repaired: RepairedPage,
    fonts: Mapping[str, FontProgram],
    votes: DocumentVotes,
    read_box: ReadBox,
) -> RepairedPage:
    """The page with its unreadable lines read again from their image (see module docstring)."""
    from . import glyph_reader, page_evidence

    evidence = page_evidence(page, fonts)
    weak_fonts = {name for name, ev in evidence.items() if ev is not None and _rests_on_shapes(ev)}
    if not weak_fonts and not UNMAPPED.search("".join(c.text for c in repaired.chars)):
        return repaired  # every glyph named by the font's own data, every text mapped: nothing to read
    doubtful: list[tuple[Glyph, _Doubt]] = []
    read = glyph_reader(evidence, fonts, votes)
    doubts: dict[tuple[str, int, str], _Doubt | None] = {}  # a glyph's doubt, once per (font, id, text)
    for g in page.glyphs:
        if not g.visible:
            continue
        key = (g.fontname, g.cid, g.text)
        if key not in doubts:
            doubts[key] = glyph_doubt(g, read(g)[0], evidence.get(g.fontname), votes)
        doubt = doubts[key]
        if doubt is not None:
            doubtful.append((g, doubt))
    if not doubtful:
        return repaired
    segments = _segments(repaired.chars, repaired.edges)
    where: dict[int, tuple[int, int]] = {}  # char id -> (segment, index)
    for s, line in enumerate(segments):
        for i, ch in enumerate(line):
            where[id(ch)] = (s, i)
    flags: dict[int, list[_Doubt | None]] = {}
    for g, doubt in doubtful:
        for s, line in enumerate(segments):
            if not (line[0].top - 1 <= (g.top + g.bottom) / 2 <= line[-1].bottom + 1):
                continue
            if g.x1 < line[0].x0 - line[0].size or g.x0 > line[-1].x1 + line[-1].size:
                continue
            i = _owner(g, line)
            if i is not None:
                own = flags.setdefault(s, [None] * len(line))
                if own[i] is None or (doubt.unsure and not own[i].unsure):
                    own[i] = doubt
                break
    replaced: dict[int, str] = {}
    changes = []
    for s, own in sorted(flags.items()):
        line = segments[s]
        before = line_text(line)
        if not any(f is not None and f.unsure for f in own) and not _not_thai(before):
            continue
        box = (
            min(c.x0 for c in line),
            min(c.top for c in line),
            max(c.x1 for c in line),
            max(c.bottom for c in line),
            max(c.size for c in line),
        )
        read = read_box(page.page_number, box)
        if read is None or read[1] < MIN_OCR_CONF or not read[0].strip():
            continue
        merged = merge([c.text for c in line], own, _ocr_text(read[0]))
        if merged is None:
            continue
        texts, spans = merged
        new_line = _rebuilt(line, texts)
        after = line_text(new_line)
        unmapped = any(f is not None and f.reason == "unmapped" for f in own)
        # OCR's reading is kept only where it makes the line more Thai (or reads what had no text)
        if after == before or not (unmapped or score(after) > score(before)):
            continue
        for c, new in zip(line, _rebuilt(line, texts, keep_empty=True), strict=True):
            replaced[id(c)] = new
        reasons = sorted({f.reason for f in own if f is not None})
        changes.append(
            TextChange(
                page.page_number,
                f"line:ocr-fallback (glyphs {', '.join(reasons)}; Tesseract {read[1]:.0f}; "
                f"{spans} span(s); score {score(before):.0f} -> {score(after):.0f})",
                before,
                after,
            )
        )
    if not changes:
        return repaired
    chars = []
    for c in repaired.chars:
        new = replaced.get(id(c), c)
        if new is not None:
            chars.append(new)
    repaired.chars = chars
    repaired.changes.extend(changes)
    return repaired
