"""Stage 3, thai: repair the Thai text layer from evidence.

Public API (the only names other stages use):

- ``repair_page(page, fonts) -> RepairedPage``: glyph identities fixed from the
  embedded fonts, marks attached to their base letter, chars in logical order.
- ``text_from_chars(chars) -> str``: the text of a set of repaired chars (a cell,
  a line, a page region), lines joined without inventing gaps.
- ``correct_text(text, page) -> (text, changes)``: lexical correction of typos.
- ``text_quality(text) -> TextQuality``: dictionary share and broken patterns left.

This first version is a placeholder that keeps the ToUnicode text; the repair
issue replaces its internals, never its signatures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import Char, FontProgram, PageContent, RepairedPage, TextChange

# Chars whose vertical centres are closer than this share a line (fraction of size).
LINE_TOLERANCE = 0.5


@dataclass(frozen=True, slots=True)
class TextQuality:
    """How readable a piece of text is after repair."""

    tokens: int
    dictionary_share: float  # share of Thai tokens found in the word list
    broken: int  # broken patterns left: (cid:, U+FFFD, private use, orphan marks


def repair_page(page: PageContent, fonts: Mapping[str, FontProgram]) -> RepairedPage:
    """Repair one page's glyphs into logical-order characters."""
    chars = [
        Char(g.text, g.x0, g.top, g.x1, g.bottom, g.size, g.fontname, g.seq)
        for g in page.glyphs
        if g.visible
    ]
    return RepairedPage(page.doc_id, page.page_number, page.width, page.height, chars, page.edges)


def _lines(chars: Sequence[Char]) -> list[list[Char]]:
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.seq)):
        mid = (ch.top + ch.bottom) / 2
        if lines:
            last = lines[-1]
            ref = sum((c.top + c.bottom) / 2 for c in last) / len(last)
            if abs(mid - ref) <= LINE_TOLERANCE * max(ch.size, 1.0):
                last.append(ch)
                continue
        lines.append([ch])
    return [sorted(line, key=lambda c: c.seq) for line in lines]


def text_from_chars(chars: Sequence[Char]) -> str:
    """Text of the given chars: lines top to bottom, joined by a space."""
    return " ".join("".join(c.text for c in line).strip() for line in _lines(chars)).strip()


def text_from_lines(lines: Sequence[str]) -> str:
    """Join the texts of consecutive wrapped lines (e.g. a cell split by a page break)."""
    return " ".join(t.strip() for t in lines if t and t.strip())


def correct_text(text: str, page: int) -> tuple[str, list[TextChange]]:
    """Correct typos a Thai reader would correct; placeholder keeps the text."""
    return text, []


def text_quality(text: str) -> TextQuality:
    """Placeholder quality measure."""
    broken = text.count("(cid:") + text.count("\ufffd")
    return TextQuality(tokens=len(text.split()), dictionary_share=1.0, broken=broken)
