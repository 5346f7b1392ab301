"""Marks and letters Tesseract loses, restored from the word list (the thai stage's lexicon).

Debian's fast ``tha`` model drops tone marks (``พื้นที`` for ``พื้นที่``, ``ยังยืน`` for
``ยั่งยืน``), the marks below (``อนสรณ์``) and reads letters that differ by a stroke for each
other (``ขุมชน`` for ``ชุมชน``).  What it keeps is the sequence of base letters, each in its
confusion class.  So a run of Thai letters is segmented into dictionary words compared on that
*skeleton* (tone marks and marks below dropped, confusable letters folded), and the reading
whose words explain the run best is chosen: a unigram model (each word costs its negative log
frequency in the Thai National Corpus, a letter no word explains costs more than any word)
plus the cost of what OCR did to each word (a lost mark is cheap, a misread letter dear, an
invented one impossible).  Text Tesseract got right is almost always its own best explanation,
so it stays as it is: over every text field of both gold folders (473 distinct strings) the
restoration changes none.

Never touched: digits, Latin letters, anything but Thai letters; the word after a place-name
prefix (ถนน, แขวง, ...: a proper name need not be in any word list).  Each cluster (a base
letter with its marks) keeps its place, so a restored line has as many clusters as it had.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from ..thai.rules import CONFUSABLE, SIGNS_ABOVE, TONE_MARKS
from ..thaitext import NIKHAHIT, SARA_AA, SARA_AM, compose_sara_am
from ..vocabulary import place_prefixes

# Marks the model loses outright: tone marks, thanthakhat, the marks below.
LOST_MARKS = frozenset(TONE_MARKS + SIGNS_ABOVE + "\u0e38\u0e39\u0e3a")
_FOLD = {c: group[0] for group in CONFUSABLE for c in group[1:]} | {
    # letters the model confuses beyond a reader's confusions (measured on degraded copies)
    "\u0e02": "\u0e0a",  # ข read for ช (ขุมชน)
    "\u0e04": "\u0e1c",  # ค read for ผ (คู้)
    SARA_AM: SARA_AA,  # น้า for น้ำ: the ring of sara am is lost like a mark
}


# The ring of sara am read as a second tone mark (``น้้า`` for ``น้ำ``): no letter carries two
# tone marks, and the ring stands right before sara aa, where the second mark was read.
RING_READ_AS_TONE = re.compile(f"([{TONE_MARKS}])[{TONE_MARKS}]{SARA_AA}")


# Counts (in the corpus) of a word the corpus never saw, of a domain term, and the extra
# cost of a cluster no word explains (a proper name, a misread letter).
UNSEEN_COUNT = 0.5
DOMAIN_COUNT = 100
UNKNOWN_EXTRA = 2.0
# After a place-name prefix, words shorter than this (clusters) are taken as part of the name.
PROTECT_UNTIL_CLUSTERS = 3


def _is_thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e" and unicodedata.category(ch) != "Mn"


def clusters(text: str) -> list[str]:
    """Thai text cut into clusters: each base letter with the marks after it."""
    out: list[str] = []
    for ch in text:
        if out and unicodedata.category(ch) == "Mn":
            out[-1] += ch
        else:
            out.append(ch)
    return out


def skeleton(cluster: str) -> str:
    """What the model keeps of a cluster: its base and above vowel, each folded to its class.

    Nikhahit goes too: Tesseract writes sara am as nikhahit + sara aa (``บํา``), which then
    has the skeleton of ``บำ``.
    """
    return "".join(_FOLD.get(c, c) for c in cluster if c not in LOST_MARKS and c != NIKHAHIT)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Dictionary words by the skeleton of their clusters, each with its cost as a word."""

    by_skeleton: dict[str, tuple[tuple[str, float], ...]]
    unknown_cost: float  # a cluster no word explains
    longest: int  # clusters in the longest word


@functools.cache
def lexicon() -> Lexicon:
    """The thai stage's word list (PyThaiNLP's plus the domain lexicon), indexed by skeleton.

    A word's cost is its negative log frequency in the Thai National Corpus (PyThaiNLP's
    ``tnc``), so a common word explains a run better than a rare one of the same skeleton
    (``ชุมชน`` over ``ขุมขน``); domain terms count as common words of the plans.
    """
    from pythainlp.corpus import tnc

    from ..thai.spelling import domain_lexicon, word_set

    freqs = dict(tnc.word_freqs())
    total = float(sum(freqs.values()))
    domain = domain_lexicon()
    words = {w for w in word_set() | domain if " " not in w and all(map(_is_thai_or_mark, w))}
    index: dict[str, list[tuple[str, float]]] = {}
    longest = 0
    for w in words:
        parts = clusters(w)
        longest = max(longest, len(parts))
        count = max(freqs.get(w, 0), DOMAIN_COUNT if w in domain else 0) + UNSEEN_COUNT
        index.setdefault("".join(map(skeleton, parts)), []).append((w, math.log(total / count)))
    unknown = math.log(total / UNSEEN_COUNT) + UNKNOWN_EXTRA
    return Lexicon({k: tuple(sorted(v)) for k, v in index.items()}, unknown, longest)


def _is_thai_or_mark(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"


def edit_cost(read: str, word: str, settings: RestoreCosts) -> float | None:
    """The cost of reading ``word`` as ``read``: a lost mark is cheap, any other edit dear.

    None when the word needs more than ``max_edits`` edits besides lost marks, or more than
    ``max_lost_marks`` lost marks (``น้ำดื่ม`` read ``นำดีม``: two lost marks and one vowel).
    The ring of sara am read as a second tone mark (``RING_READ_AS_TONE``) is read as the ring.
    """
    if read == word:
        return 0.0
    from rapidfuzz.distance import Levenshtein

    if len(read) < settings.min_read_chars:
        return None  # a lone letter could become any short word
    read, rings = RING_READ_AS_TONE.subn(f"\\1{SARA_AM}", read)
    if read == word:
        return rings * settings.lost_mark
    ops = Levenshtein.editops(read, word)
    lost = sum(1 for op in ops if op.tag == "insert" and word[op.dest_pos] in LOST_MARKS)
    if len(ops) - lost > settings.max_edits or lost > settings.max_lost_marks:
        return None
    cost = rings * settings.lost_mark  # a ring misread costs what a lost mark does
    for op in ops:
        if op.tag == "insert" and word[op.dest_pos] in LOST_MARKS:
            cost += settings.lost_mark
        elif op.tag == "delete" or len(clusters(word)) < settings.min_clusters_to_respell:
            return None  # the model loses ink, it does not invent marks or letters
        else:
            cost += settings.other_edit
    return cost


def only_lost_marks(read: str, word: str) -> bool:
    """``word`` is ``read`` with marks the model loses put back, and nothing else changed."""
    from rapidfuzz.distance import Levenshtein

    read = RING_READ_AS_TONE.sub(f"\\1{SARA_AM}", read)
    ops = Levenshtein.editops(read, word)
    return all(op.tag == "insert" and word[op.dest_pos] in LOST_MARKS for op in ops)


@dataclass(frozen=True, slots=True)
class RestoreCosts:
    """Costs (nats, like the words' negative log frequencies) of what OCR does to a word."""

    lost_mark: float = 3.0  # a tone mark, thanthakhat or mark below not read
    other_edit: float = 5.0  # a letter or mark read as another, or read where there is none
    max_edits: int = 2  # edits besides lost marks
    max_lost_marks: int = 3
    # A read this short is never corrected; a word shorter than this many clusters only gets
    # its lost marks back (a short word respelled is as likely another word).
    min_read_chars: int = 2
    min_clusters_to_respell: int = 3


def restore_run(parts: list[str], costs: RestoreCosts, protect_first: bool = False) -> list[str]:
    """The clusters of one Thai run (no spaces) with lost marks and confused letters restored.

    Dynamic programming over cluster positions: a step is a dictionary word whose skeleton
    equals the run's there (its cost, plus the cost of the edits OCR made to it), or one
    cluster left as read (``unknown_cost``); the cheapest explanation of the run wins.  The
    word after a place-name prefix (and the letters of the name no word explains) is never
    respelled, only given back marks the model loses: a name is no typo of a word, but its
    marks are lost like any other's, and the prefix is often no name's (``ชุมชนจัดตั้ง``,
    ``เขตที่``); ``protect_first`` protects the run's start.
    """
    lex = lexicon()
    n = len(parts)
    keys = [skeleton(p) for p in parts]
    inf = float("inf")
    best: list[float] = [0.0] + [inf] * n
    back: list[tuple[int, str | None]] = [(0, None)] * (n + 1)  # where the step started, its word
    protected = [protect_first] + [False] * n
    for i in range(n):
        if best[i] == inf:
            continue
        if best[i] + lex.unknown_cost < best[i + 1]:
            best[i + 1], back[i + 1], protected[i + 1] = best[i] + lex.unknown_cost, (i, None), protected[i]
        key = ""
        for j in range(i + 1, min(n, i + lex.longest) + 1):
            key += keys[j - 1]
            options = lex.by_skeleton.get(key)
            if not options:
                continue
            read = compose_sara_am("".join(parts[i:j]))
            for word, word_cost in options:
                edits = edit_cost(read, word, costs)
                if edits is None or (edits and protected[i] and not only_lost_marks(read, word)):
                    continue
                cost = best[i] + word_cost + edits
                if cost < best[j] - 1e-9:
                    # a name runs on through short words (ลา|ซาล) until a longer word ends it
                    still = protected[i] and len(clusters(word)) < PROTECT_UNTIL_CLUSTERS
                    best[j], back[j], protected[j] = cost, (i, word), still or word in place_prefixes()
    out: list[str] = []
    j = n
    while j > 0:
        i, word = back[j]
        out[:0] = clusters(word) if word is not None else parts[i:j]
        j = i
    return out if len(out) == n else parts


def restore_clusters(
    parts: list[str], costs: RestoreCosts = RestoreCosts()
) -> tuple[list[str], list[tuple[str, str]]]:
    """A line's clusters (spaces, digits, Latin included) with each Thai run restored.

    Returns the clusters and each changed run as (before, after).
    """
    out = list(parts)
    changes: list[tuple[str, str]] = []
    start = None
    prefix_before = False
    for k in range(len(parts) + 1):
        thai = k < len(parts) and _is_thai_letter(parts[k][0])
        if thai and start is None:
            start = k
        elif not thai and start is not None:
            if k < len(parts) and parts[k] == ".":
                run = parts[start:k]  # an abbreviation (กม., สปสช.) is no word to respell
            else:
                run = restore_run(parts[start:k], costs, protect_first=prefix_before)
            before, after = "".join(parts[start:k]), "".join(run)
            if compose_sara_am(before) != after:  # sara am joined alone is no restoration
                changes.append((before, after))
                out[start:k] = run
            prefix_before = (
                "".join(run).endswith(tuple(place_prefixes())) and k < len(parts) and parts[k] == " "
            )
            start = None
    return out, changes


def restore_text(text: str, costs: RestoreCosts = RestoreCosts()) -> str:
    """A text with lost Thai marks and confused letters restored (see the module docstring)."""
    return "".join(restore_clusters(clusters(unicodedata.normalize("NFC", text)), costs)[0])
