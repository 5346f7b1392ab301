"""Lexical correction and word lookup (PyThaiNLP word list + a domain lexicon as data).

A typo is corrected only into a word (or domain phrase) that differs from it by
confusions a reader would make -- letters differing by a stroke, lost or swapped
tone marks, sara am read as mai ek + aa, a stray space -- and only when the result
is unambiguous.  A stretch of valid words is respelled only into a domain phrase
from ``data/lexicon-*.txt`` (``คำเป้าหมาย`` -> ``ค่าเป้าหมาย``); numbers, codes,
Latin text and place names are never touched.  Every change is returned.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..records import TextChange
from ..vocabulary import place_prefixes, plan_lexicon, reference_names
from .rules import CONFUSABLE, FRAGILE_MARKS, SARA_AA, SARA_AM

_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")
_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
# A Thai phrase: Thai runs separated by single spaces (digits and Latin end it).
_THAI_PHRASE = re.compile(r"[\u0e01-\u0e4e]+(?: [\u0e01-\u0e4e]+)*")
# Tokens in one correction window at most (a phrase like ไม่ / ใช่ / ␠ / งบประมาณ).
MAX_WINDOW = 5
# Shortest key (letters after folding) worth correcting: shorter ones are too ambiguous.
MIN_KEY = 4

# Edits (beyond spaces) a correction may make: into a domain phrase, into a dictionary word.
MAX_EDITS_DOMAIN = 2
MAX_EDITS_WORD = 1

_FOLD = str.maketrans(
    {c: group[0] for group in CONFUSABLE for c in group[1:]} | {c: None for c in FRAGILE_MARKS + " "}
)


def _key(text: str) -> str:
    """Fold a text over reader confusions: what stays is what a reader is sure of."""
    return text.replace(SARA_AM, SARA_AA).translate(_FOLD)


@functools.cache
def domain_lexicon() -> frozenset[str]:
    """The domain lexicon: agency and division reference names, and the plan vocabulary of ``data/``."""
    return plan_lexicon() | reference_names()


@functools.cache
def word_set() -> frozenset[str]:
    """PyThaiNLP's Thai word list plus the domain lexicon in ``data/``."""
    from pythainlp.corpus import thai_words

    return frozenset(set(thai_words()) | {w for w in domain_lexicon() if " " not in w})


@functools.cache
def _index() -> dict[str, tuple[str, ...]]:
    """Folded key -> the words and domain phrases folding onto it, sorted.

    Part of every run's warm-up: the ~62k keys are folded in one ``_key`` of the words joined
    by newlines (checked: as many keys as words, else one word at a time), and the
    words are grouped in sorted order, so each group comes out sorted without sets.
    """
    words = sorted(word_set() | domain_lexicon())
    keys = _key("\n".join(words)).split("\n")
    if len(keys) != len(words):  # a newline inside a word, or made by the fold: one at a time
        keys = [_key(w) for w in words]
    index: dict[str, list[str]] = {}
    for w, k in zip(words, keys, strict=True):
        if len(k) >= MIN_KEY:
            index.setdefault(k, []).append(w)
    return {k: tuple(v) for k, v in index.items()}


class _Prefixes:
    """The word list as newmm reads a dictionary: ``prefixes`` (the words that start at a
    position of a text, shortest first) and its size, as pythainlp's ``Trie`` gives them.

    A ``Trie`` builds a node per letter of the 62k words, about 0.45 s of every run's warm-up;
    this is the words' set and, per first letter, the lengths of the words it starts (0.03 s).
    A lookup costs a few set probes instead of a walk down the tree, and a document asks for
    some tens of thousands.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._words = frozenset(w.strip() for w in words) - {""}  # Trie.add strips each word
        lengths: dict[str, set[int]] = {}
        for w in self._words:
            lengths.setdefault(w[0], set()).add(len(w))
        self._lengths = {first: tuple(sorted(ns)) for first, ns in lengths.items()}

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: str) -> bool:
        return word in self._words

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text`` has at ``start``, shortest first (``Trie.prefixes``)."""
        words, left, found = self._words, len(text) - start, []
        for n in self._lengths.get(text[start : start + 1], ()):
            if n > left:
                break
            if (w := text[start : start + n]) in words:
                found.append(w)
        return found


@functools.cache
def _trie() -> _Prefixes:
    return _Prefixes(word_set())


# Texts whose tokens and corrections are remembered: a document repeats most of its cells
# (division names, units, headings: a 125-page plan has about 600 distinct texts in 1,900 cells).
CACHED_TEXTS = 8192


def tokenize(text: str) -> list[str]:
    """Thai word tokens (newmm over the word list with the domain lexicon), spaces kept."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=CACHED_TEXTS)
def _tokens(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, custom_dict=_trie(), engine="newmm", keep_whitespace=True))


def thai_tokens(text: str) -> list[str]:
    """Tokens of a text without the whitespace."""
    return [t for t in tokenize(text) if t.strip()]


def _candidate(window: list[str], words: frozenset[str]) -> str | None:
    """The word or domain phrase the window is a misreading of, if unambiguous."""
    text = "".join(window)
    plain = text.replace(" ", "")
    if plain in words and " " not in text:
        return None
    options = _index().get(_key(text))
    if not options:
        return _undoubled(window, words)
    domain = domain_lexicon()
    all_valid = all(t in words for t in window if t.strip())
    pool = [o for o in options if o in domain] if all_valid else list(options)
    if not pool and not all_valid:
        return None
    if len(pool) > 1:
        pool = [o for o in pool if o in domain] or pool
    if len(pool) != 1 or pool[0].replace(" ", "") == plain:
        return None  # spacing alone is layout's business (text_from_chars), not a typo
    from rapidfuzz.distance import Levenshtein

    fixed = pool[0]
    if fixed in domain:
        return fixed if Levenshtein.distance(plain, fixed.replace(" ", "")) <= MAX_EDITS_DOMAIN else None
    # a plain dictionary word only mends a typo that broke the word into fragments
    fragments = [t for t in window if t.strip()]
    if " " in text or len(fragments) < 2 or Levenshtein.distance(plain, fixed) > MAX_EDITS_WORD:
        return None
    return fixed


def _undoubled(window: list[str], words: frozenset[str]) -> str | None:
    """A letter struck twice ("สโมสรร", "สู่ออาชีพ"): the word left when one of the pair goes.

    Only for a window the tokenizer broke into fragments, and only when exactly one
    such deletion gives a dictionary word.
    """
    text = "".join(window)
    if " " in text or len([t for t in window if t.strip()]) < 2:
        return None
    found = {
        text[:i] + text[i + 1 :]
        for i in range(1, len(text))
        if text[i] == text[i - 1] and _THAI_CONSONANT.match(text[i])
    }
    # Short results are left alone: transliterations double letters ("ทราฟฟี").
    found = {w for w in found if w in words and len(w) >= MIN_KEY}
    return found.pop() if len(found) == 1 else None


def correct_text(text: str, page: int) -> tuple[str, list[TextChange]]:
    """Correct typos a Thai reader would correct; return the text and every change made.

    Only Thai phrases are looked at (numbers, codes, dates, Latin text are outside
    them), the word after a place-name prefix (ถนน, แขวง, ...) is left alone, and a
    window of tokens is replaced only by the single word or domain phrase it folds
    onto (see module docstring).
    """
    fixed, found = _corrected(text)
    return fixed, [TextChange(page, rule, before, after) for rule, before, after in found]


@functools.lru_cache(maxsize=CACHED_TEXTS)
def _corrected(text: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """``correct_text`` of a text, its changes as (rule, before, after): the same on every page."""
    changes: list[tuple[str, str, str]] = []
    if not _THAI_RUN.search(text):
        return text, ()
    words = word_set()

    def fix_phrase(m: re.Match) -> str:
        tokens = tokenize(m.group(0))
        protected = {i + 1 for i, t in enumerate(tokens) if t in place_prefixes()}
        protected |= {i + 2 for i in list(protected) if i < len(tokens) and not tokens[i].strip()}
        out: list[str] = []
        i = 0
        while i < len(tokens):
            done = False
            for size in range(min(MAX_WINDOW, len(tokens) - i), 0, -1):
                window = tokens[i : i + size]
                if not window[0].strip() or not window[-1].strip():
                    continue
                if any(j in protected for j in range(i, i + size)):
                    continue
                fixed = _candidate(window, words)
                if fixed is not None:
                    before = "".join(window)
                    rule = "lexicon:domain" if fixed in domain_lexicon() else "lexicon:dictionary"
                    changes.append((rule, before, fixed))
                    out.append(fixed)
                    i += size
                    done = True
                    break
            if not done:
                out.append(tokens[i])
                i += 1
        return "".join(out)

    return _THAI_PHRASE.sub(fix_phrase, text), tuple(changes)
