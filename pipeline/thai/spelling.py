"""Lexical correction and word lookup (PyThaiNLP word list + a domain lexicon as data)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..records import TextChange

DATA = Path(__file__).parent / "data"
_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")
# Characters either side of a line break looked at when deciding whether it splits a word.
JOIN_CONTEXT = 12


@functools.cache
def word_set() -> frozenset[str]:
    """PyThaiNLP's Thai word list plus the domain lexicon in ``data/``."""
    from pythainlp.corpus import thai_words

    words = set(thai_words())
    for path in sorted(DATA.glob("lexicon-*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line)
    return frozenset(words)


@functools.cache
def _trie():
    from pythainlp.util import Trie

    return Trie(word_set())


def tokenize(text: str) -> list[str]:
    """Thai word tokens (newmm over the word list with the domain lexicon)."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, custom_dict=_trie(), engine="newmm", keep_whitespace=False)


def thai_tokens(text: str) -> list[str]:
    """Tokens of a text: Thai runs tokenised, everything else split on spaces."""
    return [t for t in tokenize(text) if t.strip()]


def crosses_word(left: str, right: str) -> bool:
    """True when joining left and right puts a dictionary word across the join."""
    a = _THAI_RUN.findall(left[-JOIN_CONTEXT:])
    b = _THAI_RUN.findall(right[:JOIN_CONTEXT])
    if not a or not b:
        return False
    a, b = a[-1], b[0]
    joined = a + b
    pos = 0
    for tok in tokenize(joined):
        end = pos + len(tok)
        if pos < len(a) < end:
            return tok in word_set()
        pos = end
    return False


def correct_text(text: str, page: int) -> tuple[str, list[TextChange]]:
    """Correct typos a Thai reader would correct (placeholder until the lexicon lands)."""
    return text, []
