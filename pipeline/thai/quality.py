"""How readable a text is after repair: dictionary share and broken patterns left."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..thaitext import SARA_AM_DOUBLED
from .rules import MARK_SET
from .spelling import CACHED_TEXTS

# Text the repair could not map at all: a glyph without any text mapping ((cid:N)), the
# replacement character from a bad ToUnicode entry, a private-use presentation form.
UNMAPPED = re.compile("\\(cid:\\d+\\)|\ufffd|[\ue000-\uf8ff]")
# Patterns no correct Thai text contains (each one is a repair that did not happen).
BROKEN_PATTERNS = [
    UNMAPPED,
    SARA_AM_DOUBLED,  # sara am followed by sara aa (split sara am)
    re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1"),  # the same mark twice
]
_MARKS = "".join(sorted(MARK_SET))
# a mark with no letter before it: at the start, or after a space/punctuation/another script
_ORPHAN = re.compile(f"(?:^|(?<=[^\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46{_MARKS}]))[{_MARKS}]")


@dataclass(frozen=True, slots=True)
class TextQuality:
    """How readable a piece of text is after repair."""

    tokens: int
    dictionary_share: float  # share of Thai tokens found in the word list
    broken: int  # broken patterns left: (cid:, U+FFFD, private use, orphan or doubled marks, ำา


def broken_count(text: str) -> int:
    """Number of broken patterns in a text."""
    return sum(len(p.findall(text)) for p in BROKEN_PATTERNS) + len(_ORPHAN.findall(text))


@functools.lru_cache(maxsize=CACHED_TEXTS)  # a document repeats most of its cells' texts
def text_quality(text: str) -> TextQuality:
    """Token count, share of Thai tokens in the dictionary and broken patterns left."""
    from .spelling import thai_tokens, word_set

    tokens = thai_tokens(text)
    words = word_set()
    thai = [t for t in tokens if re.search("[\u0e01-\u0e4e]", t)]
    share = sum(1 for t in thai if t in words) / len(thai) if thai else 1.0
    return TextQuality(
        tokens=len([t for t in tokens if t.strip()]), dictionary_share=share, broken=broken_count(text)
    )
