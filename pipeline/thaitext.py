"""Thai text helpers every stage shares: Thai digits, sara am, whitespace.

One definition of each, used by ingest, the thai stage, the OCR source, the
tables stage, the parsers and the document types alike.  These are facts about
Thai script in Unicode, not word lists (those are data, see ``pipeline.vocabulary``).
"""

from __future__ import annotations

import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# str.translate table: Thai digits as Arabic ("๒๕๖๙" -> "2569").
TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

SARA_AM = "\u0e33"  # ำ
SARA_AA = "\u0e32"  # า
NIKHAHIT = "\u0e4d"  # ํ (the ring of sara am)

# Sara am drawn in two glyphs, nikhahit then sara aa, a tone mark between (จาํ read as จํา).
SARA_AM_SPLIT = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
# The same pair drawn in the other order (sara aa, then nikhahit).
SARA_AM_SPLIT_REVERSED = re.compile("\u0e32([\u0e48-\u0e4b]?)\u0e4d")
# A sara am glyph followed by sara aa: the "am" glyph stood for its nikhahit alone (ำา).
SARA_AM_DOUBLED = re.compile("\u0e33\u0e32")

_SPACES = re.compile(r"\s+")


def arabic_digits(text: str) -> str:
    """Thai digits as Arabic ones, everything else unchanged."""
    return text.translate(TO_ARABIC)


def compose_sara_am(text: str) -> str:
    """Sara am as one vowel wherever it was written in two pieces (ํ+า, า+ํ, ำ+า)."""
    text = SARA_AM_SPLIT.sub("\\1" + SARA_AM, text)
    text = SARA_AM_SPLIT_REVERSED.sub("\\1" + SARA_AM, text)
    return SARA_AM_DOUBLED.sub(SARA_AM, text)


def fold_spaces(text: str | None) -> str:
    """Runs of whitespace (line breaks included) as one space, the ends stripped."""
    return _SPACES.sub(" ", text or "").strip()


def drop_spaces(text: str | None) -> str:
    """The text with no whitespace at all (Thai is written without spaces between words)."""
    return _SPACES.sub("", text or "")
