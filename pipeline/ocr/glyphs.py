"""OCR words to ``Glyph``s, so the Thai repair and layout stages treat a scan like a text layer.

Each word becomes one glyph per character cluster (a letter with its marks), spread evenly
over the word's box, all on the line's top and bottom, with a space glyph between words
of one line where the blank is a real gap, so ``thai.text_from_chars`` sees the gaps.
"""

from __future__ import annotations

import unicodedata

from ..records import Glyph
from ..thai.rules import LEADING_VOWELS
from ..thaitext import compose_sara_am
from .lexical import RestoreCosts, clusters, restore_clusters
from .settings import OcrSettings
from .tesseract import OcrWord

OCR_FONT = "ocr"



def normalise(text: str) -> str:
    """OCR text in the form the digital text layer has: NFC, sara am as one vowel."""
    # Tesseract writes sara am as nikhahit + sara aa (สํา): one vowel in Thai text.
    return compose_sara_am(unicodedata.normalize("NFC", text.strip()))


def _is_marks(text: str) -> bool:
    return all(unicodedata.category(c) == "Mn" for c in text)


def _thai_join(left: str, right: str) -> bool:
    """Two OCR words meet between Thai letters or marks (no digit or Latin letter at the seam)."""
    return not any(c.isascii() and c.isalnum() for c in (left[-1], right[0]))


def _pitch(bases: list[OcrWord], size_px: float, settings: OcrSettings) -> float:
    """Typical letter width (pixels) on a line: the median width per cluster of its words."""
    widths = sorted(
        (w.x1 - w.x0) / len(clusters(w.text)) for w in bases for _ in range(len(clusters(w.text)))
    )
    if len(widths) < settings.min_pitch_letters:
        return settings.default_pitch * size_px
    return widths[len(widths) // 2]


def _place_mark(mark: OcrWord, letters: list[tuple[str, float, float, bool]]):
    """A lone mark's piece, drawn right after the letter its ink centre falls on.

    Thai writes no mark over a leading vowel (เ แ โ ใ ไ): a mark whose centre falls on one
    (Tesseract's loose boxes) goes over the letter after it.  The piece's sort position is that
    letter's, so the drawing order names the same letter as the ink (``เกี่ยว``, not ``เีก่ยว``).
    """
    centre = (mark.x0 + mark.x1) / 2
    for k, (text, x0, x1, _) in enumerate(letters):
        if not x0 <= centre < x1:
            continue
        if text in LEADING_VOWELS and k + 1 < len(letters):
            _, n0, n1, _ = letters[k + 1]
            width = min(mark.x1 - mark.x0, n1 - n0)
            return (mark.text, n1 - width, n1, True), n0  # over the next letter's right part, as drawn
        return (mark.text, mark.x0, mark.x1, True), x0
    return (mark.text, mark.x0, mark.x1, True), mark.x0


def _line_glyphs(
    line: list[OcrWord], scale: float, settings: OcrSettings, first_seq: int, changes: list[tuple[str, str]]
) -> list[Glyph]:
    top, bottom = line[0].line_top * scale, line[0].line_bottom * scale
    size = (bottom - top) / settings.line_height_per_size
    bases = sorted((w for w in line if not _is_marks(w.text)), key=lambda w: w.x0)
    marks = [w for w in line if _is_marks(w.text)]
    pitch = _pitch(bases, size / scale, settings)
    pieces: list[tuple[str, float, float, bool]] = []  # text, x0, x1 (pixels), is a mark
    for k, w in enumerate(bases):
        nxt = bases[k + 1] if k + 1 < len(bases) else None
        limit = nxt.x0 if nxt is not None else float("inf")
        # The letter's ink reaches as far as the marks drawn over it (their boxes often
        # stick out right of Tesseract's letter box).
        right = max([w.x1] + [m.x1 for m in marks if w.x0 <= m.x0 < limit])
        if nxt is not None:
            gap = settings.word_gap if _thai_join(w.text, nxt.text) else settings.latin_gap
            if nxt.x0 - right > gap * pitch:
                pieces.append((" ", right, nxt.x0, False))
            else:
                # No space: the letter reaches the next one (cut back when Tesseract's box
                # for it runs over the letters after it).
                right = nxt.x0
        parts = clusters(w.text)
        step = (right - w.x0) / len(parts)
        pieces += [(p, w.x0 + n * step, w.x0 + (n + 1) * step, False) for n, p in enumerate(parts)]
    ordered = [(p[1], p, False) for p in pieces]
    for m in marks:
        piece, after = _place_mark(m, pieces)
        ordered.append((after, piece, True))
    # Drawing order: a mark right after the letter it sits on, as fonts draw them.
    ordered.sort(key=lambda o: (o[0], o[2]))
    drawn = [piece for _, piece, _ in ordered]
    if settings.restore_marks:
        drawn = _restored(drawn, settings, changes)
    return [
        Glyph(text, -1, OCR_FONT, size, x0 * scale, top, x1 * scale, bottom, first_seq + n)
        for n, (text, x0, x1, _) in enumerate(drawn)
    ]


def _restored(drawn: list, settings: OcrSettings, changes: list[tuple[str, str]]) -> list:
    """The line's pieces with lost marks and confused letters restored (``lexical``).

    Each lone mark joins the letter it was placed after, so every piece is one cluster; a
    line nothing was restored on keeps its pieces as they were.
    """
    merged: list[tuple[str, float, float, bool]] = []
    for piece in drawn:
        if piece[3] and merged and not merged[-1][0].isspace():
            text, x0, x1, _ = merged[-1]
            merged[-1] = (text + piece[0], x0, x1, False)
        else:
            merged.append(piece)
    costs = RestoreCosts(settings.lost_mark_cost, settings.misread_cost)
    texts, changed = restore_clusters([p[0] for p in merged], costs)
    if not changed:
        return drawn
    changes += changed
    return [(text, x0, x1, mark) for text, (_, x0, x1, mark) in zip(texts, merged, strict=True)]


def words_to_glyphs(
    words: list[OcrWord], scale: float, settings: OcrSettings, changes: list[tuple[str, str]] | None = None
) -> list[Glyph]:
    """Words (page pixels) as Glyphs in points, one per character cluster, in reading order.

    Tesseract cuts Thai into "words" of a letter or two (a lone vowel or tone mark is a word
    of its own) with no space between them, as Thai writes none; its boxes are ink boxes.
    So a space glyph goes in only where the blank between two letters is wider than
    ``word_gap`` of the letter pitch, and each other letter's box is stretched to the next
    one (like a font's advance) so the layout sees no gap there.  Lone marks keep their ink
    box: the repair stage attaches them to the letter they sit on.  Marks Tesseract lost are
    restored per line from the word list (``lexical``); each restored run is added to
    ``changes`` as (before, after).
    """
    changes = [] if changes is None else changes
    words = [w for w in words if w.text]
    # Reading order: lines top to bottom, words of a line left to right.
    words.sort(key=lambda w: (w.line_top, w.line, w.x0))
    glyphs: list[Glyph] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j].line == words[i].line:
            j += 1
        glyphs += _line_glyphs(words[i:j], scale, settings, len(glyphs), changes)
        i = j
    return glyphs
