"""Header recognition by meaning: which table kind a grid is, and which column is which field.

A header cell is scored against each field's variants (``pipeline/data/tables/*.json``)
by the best of three similarities, so rewording, synonyms, line wraps and added words
still match:

* the whole text, fuzzily (``rapidfuzz.fuzz.ratio``), on a key that folds the marks a
  broken font confuses (sara am / sara aa, nikhahit, mai ek / sara uu) so a header drawn
  in an unrepaired bold face still reads;
* containment: a variant found inside a longer heading ("งบประมาณ ปี 2570 (บาท)");
* concepts: the words of ``pipeline/data/header_words.json`` a heading names ("หน่วยงาน
  ที่รับผิดชอบ" and "ส่วนราชการ/ฝ่าย" share *responsible unit*), compared as sets.

What the column's cells hold is the second witness: a field may declare a content type
(``"content": {"kr_code": "kr_code", "budget": "money"}``) and the share of its body cells
that look like it moves the score up or down.  Columns no field wants are left alone,
so an extra column never shifts the others.  ``recognise`` returns the kind with the
scores that decided it, so a table decided with low confidence can be rejected with them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from .records import Cell, TableKind
from .thaitext import TO_ARABIC, arabic_digits, drop_spaces
from .vocabulary import header_words

# A header text matches a field at or above this score (0-100).
HEADER_MATCH = 72
# Header rows are looked for among the first rows only.
MAX_HEADER_ROWS = 5
# How much the content of a column moves its score: +-half of this at all/none fitting.
CONTENT_WEIGHT = 24
# Body rows sampled for a column's content, and the fewest filled cells that say anything.
CONTENT_ROWS = 25
CONTENT_MIN_CELLS = 2
# Concept-set agreement is worth at most this (below an exact match of the text).
CONCEPT_CAP = 95
# A variant inside a longer heading (or the heading inside a variant) scores between
# these, by how much of the longer text the shorter covers.
CONTAIN_BASE, CONTAIN_SPAN = 60, 40
CONTAIN_MIN = 3

# Marks broken fonts confuse, folded for matching only (the text itself is not changed):
# sara am read as nikhahit + sara aa or as sara aa, mai ek read as sara uu.
CONFUSABLE = str.maketrans({"\u0e33": "\u0e32", "\u0e4d": None, "\u0e39": "\u0e48"})


@dataclass(slots=True)
class Recognition:
    """How a grid's top was read: kind, header rows, columns, and the scores behind them."""

    kind: TableKind | None
    header_rows: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    confidence: float = 0.0  # mean field score of the mapping, 0-1
    field_scores: dict[str, float] = field(default_factory=dict)
    ranking: list[tuple[str, float]] = field(default_factory=list)  # (kind, confidence), best first

    def describe(self) -> str:
        """The scores as one line for a reject: kinds tried and the weakest fields."""
        kinds = ", ".join(f"{k} {s:.2f}" for k, s in self.ranking[:3]) or "no kind"
        weak = sorted(self.field_scores.items(), key=lambda kv: kv[1])[:3]
        fields = ", ".join(f"{f} {s:.0f}" for f, s in weak)
        return f"kinds: {kinds}" + (f"; weakest fields: {fields}" if fields else "")


@lru_cache(maxsize=8192)
def norm_header(text: str) -> str:
    """Header text reduced for matching: NFC, confusable marks folded, no spaces or punctuation."""
    text = unicodedata.normalize("NFC", text or "")
    # A glyph without a Unicode mapping says nothing about the meaning: leave it out.
    text = re.sub(r"\(cid:\d+\)", "", text).translate(TO_ARABIC).translate(CONFUSABLE)
    return re.sub(r"[\s\.:\-–]+", "", text).lower()


@lru_cache(maxsize=1)
def _concept_forms() -> tuple[list[tuple[str, str]], dict[str, str]]:
    parts, whole = [], {}
    for concept, forms in header_words().concepts.items():
        for form in forms:
            if form.startswith("="):
                whole[norm_header(form[1:])] = concept
            else:
                parts.append((norm_header(form), concept))
    parts.sort(key=lambda p: -len(p[0]))
    return parts, whole


@lru_cache(maxsize=8192)
def concepts(text: str) -> frozenset[str]:
    """The header concepts a text names (longest forms first, each span counted once)."""
    key = norm_header(text)
    parts, whole = _concept_forms()
    bare = re.sub(r"[()/]", "", key)
    if bare in whole:
        return frozenset([whole[bare]])
    found = set()
    for form, concept in parts:
        if form and form in key:
            found.add(concept)
            key = key.replace(form, "\x00")
    return frozenset(found)


def _pair_score(variant: str, text: str) -> float:
    """How well a header text means one variant (0-100)."""
    return _scored(norm_header(variant), concepts(variant), norm_header(text), concepts(text))


def _scored(v: str, a: frozenset[str], t: str, b: frozenset[str]) -> float:
    """``_pair_score`` of a variant and a text already reduced to their keys and concepts."""
    if not v or not t:
        return 0.0
    score = fuzz.ratio(v, t)
    short, long_ = (t, v) if len(t) < len(v) else (v, t)  # as sorted((v, t), key=len): v first on a tie
    if len(short) >= CONTAIN_MIN and short in long_:
        score = max(score, CONTAIN_BASE + CONTAIN_SPAN * len(short) / len(long_))
    if a and b:
        score = max(score, CONCEPT_CAP * 2 * len(a & b) / (len(a) + len(b)))
    return score


def similarity(variants: Sequence[str], text: str) -> float:
    """How well a header text means one of a field's variants (0-100)."""
    return _best_score(tuple(variants), text)


@lru_cache(maxsize=1024)
def _variant_keys(variants: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """A field's variants reduced once (a plan scores each against thousands of header texts)."""
    return tuple((norm_header(v), concepts(v)) for v in variants)


@lru_cache(maxsize=131072)  # a plan asks for ~90k (field, header text) pairs, each ~2.5 times
def _best_score(variants: tuple[str, ...], text: str) -> float:
    # ``max(_scored(v, a, t, b) for each variant)``, with _scored inlined: this runs ~90k
    # times a plan, and the call, generator and the repeated length and emptiness tests
    # were most of its cost.
    t = norm_header(text)
    if not t:
        return 0.0
    b = concepts(text)
    n_t, n_b = len(t), len(b)
    best = 0.0
    for v, a in _variant_keys(variants):
        if not v:
            continue
        score = fuzz.ratio(v, t)
        n_v = len(v)
        if n_t < n_v:
            if n_t >= CONTAIN_MIN and t in v:
                score = max(score, CONTAIN_BASE + CONTAIN_SPAN * n_t / n_v)
        elif n_v >= CONTAIN_MIN and v in t:
            score = max(score, CONTAIN_BASE + CONTAIN_SPAN * n_v / n_t)
        if a and n_b:
            score = max(score, CONCEPT_CAP * 2 * len(a & b) / (len(a) + n_b))
        if score > best:
            best = score
    return best


# --- what cells hold ------------------------------------------------------------------------


def _squash(text: str) -> str:
    return drop_spaces(arabic_digits(unicodedata.normalize("NFC", text or "")))


@lru_cache(maxsize=1)
def _currency() -> str:
    return "|".join(re.escape(w) for w in header_words().content["currency_words"])


def _starts(text: str, words_key: str) -> bool:
    s = norm_header(text)
    return any(s.startswith(norm_header(w)) for w in header_words().content[words_key])


@lru_cache(maxsize=65536)
def _looks_like(kind: str, text: str) -> bool:
    s = _squash(text)
    digits = re.sub(r"\D", "", s)
    if kind == "seq":
        return bool(re.fullmatch(r"\(?\d{1,3}[\.\)]?", s))
    if kind == "kr_code":
        return bool(re.fullmatch(r"[\d/,\-]+", s)) and len(digits) >= 5 and len(digits) % 5 == 0
    if kind == "policy_codes":
        return bool(re.fullmatch(r"[\d,/\.\-]+", s)) and 0 < len(digits)
    if kind == "money":
        numeric = re.fullmatch(rf"[\d,\.\-]+({_currency()})?", s) is not None and bool(digits)
        return numeric or any(norm_header(n) in norm_header(s) for n in header_words().content["money_notes"])
    if kind == "division":
        return _starts(text, "division_words")
    if kind == "agency":
        return _starts(text, "agency_words")
    if kind == "text":
        return len(re.findall(r"[\u0e01-\u0e2e]", s)) >= 6
    return True


def content_fit(kind: str, rows: list[list[Cell | None]], col: int) -> float | None:
    """Share of a column's body cells (merged across columns left out) that look like ``kind``."""
    seen: set[int] = set()
    texts = []
    for row in rows[:CONTENT_ROWS]:
        cell = row[col] if col < len(row) else None
        if cell is None or id(cell) in seen or cell.colspan > 1 or not cell.text.strip():
            continue
        seen.add(id(cell))
        texts.append(cell.text)
    if len(texts) < CONTENT_MIN_CELLS:
        return None
    return sum(_looks_like(kind, t) for t in texts) / len(texts)


# --- columns and kinds ----------------------------------------------------------------------


def column_texts(rows: list[list[Cell | None]], n_rows: int) -> list[str]:
    """Each column's header: the texts of its first ``n_rows`` distinct cells, joined."""
    texts = []
    for c in range(len(rows[0])):
        seen: set[int] = set()
        parts = []
        for r in range(n_rows):
            cell = rows[r][c]
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                parts.append(cell.text)
        texts.append(" ".join(p for p in parts if p))
    return texts


def field_scores(
    kind: TableKind,
    headers: list[str],
    body: list[list[Cell | None]] | None = None,
    fits: dict[tuple[str, int], float | None] | None = None,
) -> dict[str, list[float]]:
    """Score of every (field, column): header meaning, moved by what the column holds.

    ``fits`` keeps each (content type, column) fit of ``body`` for the next kind scored on it.
    """
    fits = {} if fits is None else fits
    return {f: _field_row(kind, f, headers, body, fits) for f in kind.fields}


def _field_row(
    kind: TableKind,
    f: str,
    headers: list[str],
    body: list[list[Cell | None]] | None,
    fits: dict[tuple[str, int], float | None],
) -> list[float]:
    """``field_scores(...)[f]``: the score of field ``f`` in every column."""
    row = []
    variants = tuple(kind.fields[f])  # once per field, not per column
    ctype = kind.content.get(f)
    for c, h in enumerate(headers):
        s = _best_score(variants, h)
        if ctype and body and s > 0:
            if (ctype, c) not in fits:
                fits[ctype, c] = content_fit(ctype, body, c)
            fit = fits[ctype, c]
            if fit is not None:
                s += CONTENT_WEIGHT * (fit - 0.5)
        row.append(s)
    return row


def _mappable_scores(
    kind: TableKind,
    headers: list[str],
    body: list[list[Cell | None]] | None,
    fits: dict[tuple[str, int], float | None],
) -> dict[str, list[float]] | None:
    """``field_scores``, or None when a required field scores below ``HEADER_MATCH`` in every
    column: ``_assign`` never maps such a field, so the kind cannot explain the table.

    The required fields are scored first, and a kind is dropped at the first that fails:
    of a plan's ~6,500 (header rows, kind) trials, most are of kinds with nothing to match.
    """
    scores: dict[str, list[float]] = {}
    for f in kind.required:
        if f not in kind.fields:
            return None
        row = scores[f] = _field_row(kind, f, headers, body, fits)
        if not any(s >= HEADER_MATCH for s in row):
            return None
    return {f: scores[f] if f in scores else _field_row(kind, f, headers, body, fits) for f in kind.fields}


def map_columns(
    kind: TableKind, headers: list[str], body: list[list[Cell | None]] | None = None
) -> dict[str, int]:
    """Assign each field of ``kind`` to the header column that means it.

    Greedy on score; a tie between equally good columns (two columns both headed
    "ค่าเป้าหมาย") goes to the nearest column right of the field named in ``after``,
    else to the leftmost free column in field order.
    """
    return _assign(kind, field_scores(kind, headers, body), len(headers))


def _assign(kind: TableKind, scores: dict[str, list[float]], width: int) -> dict[str, int]:
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    order = list(kind.fields)
    pending = [f for f in order if f not in kind.after] + [f for f in order if f in kind.after]
    rank = {f: i for i, f in enumerate(pending)}  # pending.index(f), once per field, not per cell
    candidates = sorted(
        ((scores[f][c], -rank[f], -c, f, c) for f in pending for c in range(width)),
        reverse=True,
    )
    for score, _, _, f, c in candidates:
        if score < HEADER_MATCH or f in mapping or c in taken:
            continue
        best = max(s for i, s in enumerate(scores[f]) if i not in taken)
        ties = [i for i, s in enumerate(scores[f]) if i not in taken and s == best]
        anchor = kind.after.get(f)
        if len(ties) > 1 and anchor is not None and anchor not in mapping:
            continue  # decide once the anchor column is known
        if len(ties) > 1 and anchor in mapping:
            right = [i for i in ties if i > mapping[anchor]]
            c = min(right) if right else min(ties)
        mapping[f] = c
        taken.add(c)
    for f in pending:  # fields deferred for their anchor
        if f in mapping:
            continue
        free = [i for i in range(width) if i not in taken and scores[f][i] >= HEADER_MATCH]
        if not free:
            continue
        best = max(scores[f][i] for i in free)
        ties = [i for i in free if scores[f][i] == best]
        anchor = kind.after.get(f)
        if anchor in mapping:
            ties = [i for i in ties if i > mapping[anchor]] or ties
        mapping[f] = min(ties)
        taken.add(mapping[f])
    return mapping


def recognise(rows: list[list[Cell | None]], kinds: Sequence[TableKind]) -> Recognition:
    """The kind, header rows and column mapping that best explain a table's top, with scores.

    Kinds are ranked by the share of their fields found, then by how many columns they
    explain (a 4-field kind must not take a 6-column table another kind explains whole),
    then by the mean score; fewer header rows win ties.
    """
    best: tuple[tuple, Recognition] = ((0, 0, 0.0), Recognition(None))
    per_kind: dict[str, float] = {}
    for n in range(1, min(MAX_HEADER_ROWS, len(rows)) + 1):
        headers = column_texts(rows, n)
        body = rows[n:]
        fits: dict[tuple[str, int], float | None] = {}  # the body is the same for every kind
        for kind in kinds:
            scores = _mappable_scores(kind, headers, body, fits)
            if scores is None:
                continue  # as the test below would find, without scoring its other fields
            mapping = _assign(kind, scores, len(headers))
            if not all(f in mapping for f in kind.required):
                continue
            chosen = {f: min(100.0, scores[f][c]) for f, c in mapping.items()}
            mean = sum(chosen.values()) / len(chosen)
            per_kind[kind.name] = max(per_kind.get(kind.name, 0.0), mean / 100)
            key = (len(mapping) / len(kind.fields), len(mapping), mean * len(mapping) / len(kind.fields))
            if key > best[0]:
                best = (key, Recognition(kind, n, mapping, mean / 100, chosen))
    result = best[1]
    result.ranking = sorted(per_kind.items(), key=lambda kv: -kv[1])
    return result
