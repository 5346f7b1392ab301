"""Helpers shared by the project-list parsers (key projects, routine projects).

Everything here reads values from structure and digits rather than from perfect
text: amounts and codes come from digit groups (joined across wrap spaces),
divisions are cut at their marker word and matched to the reference list on
space-less text, budget notes are matched to a vocabulary fuzzily.  Vocabularies
live in ``pipeline/data/{budget_notes,lists,divisions}.json`` (``pipeline.vocabulary``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ..records import BBox, Cell, Table, TextChange, TextLine
from ..thaitext import arabic_digits, compose_sara_am, drop_spaces, fold_spaces
from ..vocabulary import agencies, budget_notes, divisions, list_words
from .base import parse_amount

# A printed note matches a vocabulary note at or above this similarity (0-100).
NOTE_MATCH = 85
# The bureau named in a transfer remark matches a known bureau at or above this similarity.
AGENCY_MATCH = 75
# A printed division matches a reference name/variant at or above this similarity.
DIVISION_MATCH = 80
# Below DIVISION_MATCH, a name still snaps to the reference when it is this close to one
# name and at least DIVISION_MARGIN points closer to it than to any other.
DIVISION_SNAP = 68
DIVISION_MARGIN = 10
# How many text lines after a list are searched for its stated count and total.
STATED_LINES = 8
# A policy code has this many digits; shorter digit groups are pieces of a wrapped code.
POLICY_CODE_DIGITS = 3
# A KR code has this many digits.
KR_CODE_DIGITS = 5
# A sequence cell this short that reads no number (OCR's "q" for 4) may take its number from
# the sequence around it (rule ``SEQ_IN_SEQUENCE``).
SEQ_MISREAD_CHARS = 3
SEQ_IN_SEQUENCE = "list:seq_in_sequence"


@lru_cache(maxsize=16384)  # a plan squashes ~27k texts, most of them the same reference names again
def squash(text: str | None) -> str:
    """Text reduced for comparison: NFC, Thai digits as Arabic, no whitespace, sara am as one vowel."""
    text = arabic_digits(unicodedata.normalize("NFC", text or ""))
    text = re.sub(r"\(cid:\d+\)", "", text)
    return drop_spaces(compose_sara_am(text))


def clean(text: str | None) -> str:
    """Whitespace collapsed, Thai digits as Arabic (the cell text as printed otherwise)."""
    return fold_spaces(arabic_digits(text or ""))


# --- budget cells ---------------------------------------------------------------------------


@dataclass
class Budget:
    """What a budget cell says: the fiscal year's amount, yearly amounts, or a note."""

    amount: int | None = None  # the amount for the plan's fiscal year
    total: int | None = None  # the printed total (differs from amount for multi-year cells)
    yearly: dict[int, int] = field(default_factory=dict)
    note: str | None = None


# A year whose marker a scan misread ("i} 2569") lies this close to a year the cell marks.
YEAR_SPAN = 5


def _year_marks(raw: str) -> list[re.Match]:
    """Where each year of a multi-year cell starts: "ปี 2569", in order.

    A cell marking at least one year so is multi-year; a lone four-digit figure in it (no
    thousands comma) within ``YEAR_SPAN`` of a marked year is a year too, its marker lost
    to the scan ("281,000,000 i} 2569 -14,050,000ปี 2570 -…"); the printed total then
    checks the reading (``amounts.years_sum``).
    """
    marked = list(re.finditer(re.escape(list_words().year_marker) + r"\s*(\d{4})", raw))
    if not marked:
        return []
    near = {int(m.group(1)) for m in marked}
    bare = [
        m
        for m in re.finditer(r"(?<![\d,.])(\d{4})(?![\d,.])", raw)
        if any(abs(int(m.group(1)) - y) <= YEAR_SPAN for y in near)
        and not any(k.start(1) == m.start(1) for k in marked)
    ]
    return sorted(marked + bare, key=lambda m: m.start())


def parse_budget(text: str | None, fiscal_year: int | None) -> Budget:
    """Read a budget cell: "2,522,500", "ไม่ใช้ งบประมาณ", or a multi-year cell.

    A multi-year cell "281,000,000 ปี 2569 - 14,050,000 ปี 2570 - 210,750,000" gives
    total 281,000,000 and one amount per year; ``amount`` is the fiscal year's.
    """
    raw = clean(text)
    if not raw or not re.search(r"\d", raw):
        return Budget(note=match_note(raw) if raw and raw.strip("- ") else None)
    years = _year_marks(raw)
    if not years:
        amount = parse_amount(raw)
        yearly = {fiscal_year: amount} if amount is not None and fiscal_year is not None else {}
        return Budget(amount=amount, total=amount, yearly=yearly)
    budget = Budget(total=parse_amount(raw[: years[0].start()]))
    for i, m in enumerate(years):
        end = years[i + 1].start() if i + 1 < len(years) else len(raw)
        amount = parse_amount(raw[m.end() : end])
        if amount is not None:
            budget.yearly[int(m.group(1))] = amount
    budget.amount = budget.yearly.get(fiscal_year) if fiscal_year is not None else None
    if budget.amount is None and not budget.yearly:
        budget.amount = budget.total
        if fiscal_year is not None and budget.total is not None:
            budget.yearly = {fiscal_year: budget.total}
    return budget


def match_note(text: str | None) -> str | None:
    """The vocabulary form of a budget note or remark; the printed text when nothing matches."""
    s = squash(text).lstrip(list_words().remark_marker)
    if not s:
        return None
    spec = budget_notes()
    prefix = squash(spec.transfer_prefix)
    head = s[: len(prefix)]
    if fuzz.ratio(head, prefix) >= NOTE_MATCH:
        rest = s[len(prefix) :]
        best = max(agencies(), key=lambda a: fuzz.ratio(squash(a), rest), default=None)
        if best is not None and fuzz.ratio(squash(best), rest) >= AGENCY_MATCH:
            return spec.transfer_prefix + best
        return spec.transfer_prefix + rest
    short = {squash(k): v for k, v in spec.short_forms.items()}
    if s in short:
        return short[s]
    best = max(spec.notes, key=lambda n: fuzz.ratio(squash(n), s))
    if fuzz.ratio(squash(best), s) >= NOTE_MATCH:
        return best
    return clean(text)


def split_remark(text: str | None) -> tuple[str, str | None]:
    """A project cell's name and its remark ("... *โอนงบประมาณไป...") apart."""
    raw = clean(text)
    marker = list_words().remark_marker
    if marker in raw:
        name, _, remark = raw.partition(marker)
        return name.strip(), remark.strip() or None
    return raw, None


# --- divisions and codes --------------------------------------------------------------------


def snap_to_reference(text: str, names: Sequence[str]) -> str | None:
    """The reference name ``text`` stands for, or None when it is none of them.

    An exact (space-less) match, else a close one (DIVISION_MATCH); below that, a
    misspelt name no office has ("ฝ่ายเทคนิค", "สำนักเทคนิค") is the one reference name
    it is close to (DIVISION_SNAP), when it is DIVISION_MARGIN points closer to it than
    to any other; when two are about as close, it stays unmatched (a finding).
    """
    s = squash(text)
    if not s or not names:
        return None
    for name in names:
        if squash(name) == s:
            return name
    scored = sorted(((fuzz.ratio(squash(n), s), n) for n in names), reverse=True)
    (best_score, best), runner_up = scored[0], (scored[1][0] if len(scored) > 1 else 0.0)
    if best_score >= DIVISION_MATCH:
        return best
    if best_score >= DIVISION_SNAP and best_score - runner_up >= DIVISION_MARGIN:
        return best
    return None


def division_name(piece: str) -> str:
    """One responsible unit in the plan's normalised printed form (space-less, reference spelling)."""
    s = squash(piece)
    names, schools = divisions().names, divisions().schools
    exact = next((n for n in names if squash(n) == s), None)
    if exact is not None:
        return exact
    if any(p.match(s) for p in schools):
        return s
    return snap_to_reference(s, names) or s


def agency_name(text: str) -> str:
    """An agency cell's name: as printed when it is a known agency (or one followed by more
    words, "สำนักดิจิทัล กรุงเทพมหานคร"), the reference spelling when it is a misspelt one
    ("สำนักเทคนิค" -> "สำนักเทศกิจ"), else as printed (an unknown agency is a finding)."""
    printed = clean(text)
    s = squash(printed)
    for name in agencies():
        known = squash(name)
        if s == known:
            return printed
        if s.startswith(known):
            extra = s[len(known) :]
            # The name's last line read twice ("…กรุงเทพมหานครมหานคร") is the name itself.
            return name if known.endswith(extra) else printed
    return snap_to_reference(printed, agencies()) or printed


def split_divisions(text: str | None) -> list[str]:
    """The units a division cell names, one per marker word ("ฝ่ายการศึกษา ฝ่ายการคลัง" -> two)."""
    s = squash(text)
    if not s.strip("-–"):
        return []
    markers = "|".join(re.escape(squash(m)) for m in list_words().division_markers)
    starts = [m.start() for m in re.finditer(markers, s)]
    if not starts or starts[0] != 0:
        starts = [0] + starts
    pieces: list[str] = []
    bare = {squash(m) for m in list_words().division_markers}
    for a, b in zip(starts, starts[1:] + [len(s)], strict=True):
        piece = s[a:b]
        if piece in bare and pieces:
            pieces[-1] += piece  # "ทุกฝ่าย": the marker ends a name instead of starting one
        elif piece:
            pieces.append(piece)
    return [division_name(p) for p in pieces]


def kr_code(text: str | None) -> str | None:
    """A KR code from its cell: the digits, joined across a wrap ("4110 1" -> "41101")."""
    d = re.sub(r"\D", "", clean(text))
    return d if len(d) == KR_CODE_DIGITS else None


def policy_codes(*cells: Cell | None) -> list[str]:
    """Policy codes of a cell, or of the cells of one row continued ("108 109 110"; "-" is none).

    Codes on one line are separate; a code wrapped over two lines ("10" / "8") has a
    short digit group at the end of one line and the start of the next, which are joined.
    Codes printed with more digits than usual are kept as printed.
    """
    lines = [t for c in cells if c is not None for t in ([t for t, _ in c.lines] if c.lines else [c.text])]
    groups: list[list[str]] = [re.findall(r"\d+", clean(t)) for t in lines]
    codes: list[str] = []
    for tokens in groups:
        for i, token in enumerate(tokens):
            if i == 0 and codes and len(codes[-1]) < POLICY_CODE_DIGITS:
                codes[-1] += token  # the previous line ended with a wrapped piece
            else:
                codes.append(token)
    # Short pieces on one line (a wrap the line grouping missed): join neighbours.
    out: list[str] = []
    for code in codes:
        if out and len(out[-1]) < POLICY_CODE_DIGITS and len(out[-1]) + len(code) <= POLICY_CODE_DIGITS:
            out[-1] += code
        else:
            out.append(code)
    return out


def seq_number(text: str | None) -> int | None:
    """The list's own number when the cell holds just a number ("12", "12.")."""
    m = re.fullmatch(r"\s*(\d+)\s*\.?\s*", clean(text))
    return int(m.group(1)) if m else None


# --- total rows and stated totals -----------------------------------------------------------


def count_in(text: str | None) -> int | None:
    """The count of a "47 โครงการ" cell, else None."""
    words = "|".join(re.escape(squash(w)) for w in list_words().count_words)
    m = re.fullmatch(rf"(\d+)(?:{words})", squash(text))
    return int(m.group(1)) if m else None


def is_total_text(text: str | None) -> bool:
    """True when a cell starts a printed total ("รวมงบประมาณทั้งสิ้น", "รวม", "47 โครงการ")."""
    s = squash(text)
    if not s:
        return False
    return any(s.startswith(squash(m)) for m in list_words().total_markers) or count_in(s) is not None


def table_end(table: Table) -> tuple[int, float]:
    """Page and bottom of a table's last piece."""
    last = table.pages[-1]
    bottoms = [c.bbox[3] for row in table.rows for c in row if c is not None and c.page == last]
    return last, max(bottoms, default=table.bbox[3])


@dataclass
class Stated:
    """A list's stated count and total, and where they were read."""

    count: int | None = None
    amount: int | None = None
    page: int | None = None


def stated_after(lines: list[TextLine], end: tuple[int, float], stop: tuple[int, float] | None) -> Stated:
    """The stated count and total in the text just after a list.

    Looks at the first ``STATED_LINES`` lines after ``end`` (and before ``stop``, the
    next table) for "จำนวน ...71... โครงการ" and "ทั้งสิ้น ...16,867,765... บาท";
    only the first statement counts (a second one is about another list).
    """
    after = [
        ln for ln in lines if (ln.page, ln.bbox[1]) >= end and (stop is None or (ln.page, ln.bbox[1]) < stop)
    ]
    after = after[:STATED_LINES]
    if not after:
        return Stated()
    text = compose_sara_am(" ".join(clean(ln.text) for ln in after))
    v = list_words()
    words = "|".join(re.escape(w) for w in v.count_words)
    filler = r"[^\d\u0e00-\u0e7f]*"
    stated = Stated()
    m = re.search(rf"{re.escape(v.count_marker)}{filler}(\d[\d,]*)?{filler}(?:{words})", text)
    if m and m.group(1):
        stated.count = int(m.group(1).replace(",", ""))
    baht = re.escape(v.currency_word)
    m = re.search(rf"{re.escape(v.amount_marker)}{filler}(\d[\d,\s]*\d|\d)?{filler}{baht}", text)
    if m and m.group(1):
        stated.amount = parse_amount(m.group(1))
    if stated.count is not None or stated.amount is not None:
        stated.page = after[0].page
    return stated


def next_table_start(tables: list[Table], end: tuple[int, float]) -> tuple[int, float] | None:
    """Where the first table after ``end`` begins (bounds the text that belongs to a list)."""
    starts = [(t.pages[0], t.bbox[1]) for t in tables if (t.pages[0], t.bbox[1]) > end]
    return min(starts, default=None)


def first_cell(table: Table, row: int) -> tuple[int, BBox | None]:
    """Page and bbox of a row's first cell (provenance)."""
    for cell in table.rows[row]:
        if cell is not None:
            return cell.page, cell.bbox
    return table.pages[0], None


def row_text(table: Table, row: int) -> str:
    """The texts of a row's cells (each merged cell once), for rejects."""
    seen: set[int] = set()
    parts = []
    for cell in table.rows[row]:
        if cell is not None and id(cell) not in seen:
            seen.add(id(cell))
            parts.append(cell.text)
    return " | ".join(parts)


@dataclass
class ListRow:
    """One numbered row of a list, with the cells of any continuation row appended."""

    seq: int
    page: int
    bbox: BBox | None
    cells: dict[str, list[Cell]]  # field -> its distinct cells, top to bottom
    raw: str

    def text(self, name: str) -> str:
        """The field's text over all its cells."""
        return " ".join(c.text for c in self.cells.get(name, []) if c.text.strip())


def list_rows(ctx, table: Table, fields: tuple[str, ...], kind: str) -> tuple[list[ListRow], Stated]:
    """The numbered rows of a list table and what its printed total row states.

    A row without a number that is not a total continues the row above (a project
    drawn over two ruled rows): its own cells are appended to that row's.  Anything
    else without a number is rejected.
    """
    rows: list[ListRow] = []
    stated = Stated()
    numbers = [seq_number(cell_text_of(table, r, "seq")) for r in range(len(table.rows))]
    for r in range(len(table.rows)):
        page, bbox = first_cell(table, r)
        labels = [cell_text_of(table, r, "seq"), cell_text_of(table, r, "project_name")]
        seq = numbers[r]
        if seq is None and rows:
            seq = seq_in_sequence(table, r, numbers, rows[-1].seq)
            if seq is not None:
                ctx.changes.append(TextChange(page, SEQ_IN_SEQUENCE, clean(labels[0]), str(seq)))
        raw = row_text(table, r)
        if seq is None and any(is_total_text(t) for t in labels):
            stated.amount = parse_amount(cell_text_of(table, r, "budget"))
            stated.count = next((count_in(t) for t in labels if count_in(t) is not None), None)
            stated.page = page
            continue
        if seq is not None:
            cells = {f: [c] for f in fields if (c := _cell(table, r, f)) is not None}
            rows.append(ListRow(seq, page, bbox, cells, raw))
            continue
        added = False
        if rows:
            prev = rows[-1]
            for f in fields:
                c = _cell(table, r, f)
                if c is not None and c.text.strip() and all(c is not o for o in prev.cells.get(f, [])):
                    prev.cells.setdefault(f, []).append(c)
                    added = True
        if not added and raw.strip(" |"):
            ctx.reject("list row without a sequence number", raw, page, bbox, kind)
    return rows, stated


def seq_in_sequence(table: Table, r: int, numbers: list[int | None], before: int) -> int | None:
    """Rule ``SEQ_IN_SEQUENCE``: the number of a row whose sequence cell OCR misread, from its neighbours.

    A scan's "4" read as "q" would make row 4 a continuation of row 3.  The row gets
    ``before + 1`` when its sequence cell holds a few characters that are no number (not
    blank: a blank cell is a continuation row), its project cell starts a new name on this
    row, and the next numbered row is ``before + 2`` with no other such row between, or,
    for the list's last row, the total row after it counts ``before + 1`` projects
    ("47 โครงการ").
    """
    text = clean(cell_text_of(table, r, "seq")).replace(" ", "")
    if not text or len(text) > SEQ_MISREAD_CHARS or is_total_text(text):
        return None
    name = _cell(table, r, "project_name")
    if name is None or name.row != r or not name.text.strip():
        return None
    for later in range(r + 1, len(numbers)):
        if numbers[later] is not None:
            return before + 1 if numbers[later] == before + 2 else None
        labels = [cell_text_of(table, later, "seq"), cell_text_of(table, later, "project_name")]
        if any(is_total_text(t) for t in labels):
            counts = {count_in(t) for t in labels} - {None}
            return before + 1 if counts == {before + 1} else None
        if clean(cell_text_of(table, later, "seq")).strip():
            return None  # two unreadable numbers in a row: the sequence cannot tell them apart
    return None


def _cell(table: Table, row: int, name: str) -> Cell | None:
    col = table.columns.get(name)
    return None if col is None or row >= len(table.rows) else table.rows[row][col]


def cell_text_of(table: Table, row: int, name: str) -> str:
    """Text of the cell covering (row, field); empty when the column is absent."""
    c = _cell(table, row, name)
    return c.text if c is not None else ""
