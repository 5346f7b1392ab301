"""Reading the cells of an OKR table: agencies, stacked targets, budgets, KR names.

Pure functions of cell text (and its wrapped lines), decided from structure and the
vocabulary of ``data/okr.json``: where a value starts in a cell stacking several, how
many agencies an agency cell names, where a BMA KR name ends and the district's begins.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ... import thai
from ...headers import norm_header
from ...records import BBox, Cell, Table
from ...vocabulary import budget_notes, okr_words
from ..base import thousands_points
from ..lists import agency_name, clean, match_note, parse_amount, squash

SUPER_OKR_CODE = re.compile(r"^\s*(\d+\.\d+\.\d+)\.?\s*")
ISSUE_CODE = re.compile(r"(\d+\.\d+)\.?\s*")
# A district KR name of the evaluation tables matches the end of a KR cell at least this closely (0-100).
KR_NAME_MATCH = 88
# Share of that name's length by which the cut-off piece may be longer or shorter.
KR_NAME_SLACK = 0.15
# Letters the BMA KR name before the cut has at least.
KR_NAME_MIN = 6
# A thousands group of one or two digits followed by a gap: the number goes on after a wrap.
WRAPPED_GROUP = re.compile(r"(?<=,\d)\s+(?=\d)|(?<=,\d\d)\s+(?=\d)")
# A marker word read through OCR noise matches a cell's opening letters at least this closely
# (0-100), at most this many signs after the cell's start.
MARKER_MATCH = 85
MARKER_JUNK_PREFIX = 3
# "(1) … (2) …": numbered KR names in one cell.
KR_ITEM = re.compile(r"\((\d{1,2})\)")


def covering(table: Table, r: int, field_name: str) -> Cell | None:
    col = table.columns.get(field_name)
    return None if col is None or r >= len(table.rows) else table.rows[r][col]


def lines_of(cell: Cell | None) -> list[tuple[str, BBox, int]]:
    if cell is None:
        return []
    if cell.lines:
        return [(t, b, cell.page) for t, b in cell.lines]
    return [(cell.text, cell.bbox, cell.page)] if cell.text.strip() else []


def join(texts: list[str]) -> str:
    texts = [t for t in texts if t and t.strip()]
    return thai.text_from_lines(texts) if texts else ""


def is_district(agency: str) -> bool:
    s = squash(agency)
    return any(s.startswith(squash(d)) for d in okr_words().district_agencies)


def starts_agency(text: str) -> bool:
    s = squash(text)
    return any(s.startswith(squash(a)) for a in okr_words().agency_starts)


def _thai_letters(text: str) -> str:
    return "".join(c for c in norm_header(text) if "\u0e01" <= c <= "\u0e4e")


def opens_with_marker(text: str, marker: str) -> bool:
    """Whether a cell opens with a marker word ("ประเด็นการพัฒนา"), read through OCR noise.

    Only Thai letters and marks are compared (a scan's specks come out as Latin letters,
    digits and dots inside the word: "ประเด็นการพั7,ฒ นา"); the marker must match the
    cell's opening letters at least ``MARKER_MATCH`` (0-100), starting within
    ``MARKER_JUNK_PREFIX`` signs of its start (a speck read as a letter before it).
    """
    want, have = _thai_letters(marker), _thai_letters(text)
    if not want:
        return False
    if have.startswith(want):
        return True
    n = len(want)
    return any(
        fuzz.ratio(want, have[start : start + n + extra]) >= MARKER_MATCH
        for start in range(MARKER_JUNK_PREFIX + 1)
        for extra in range(-MARKER_JUNK_PREFIX, MARKER_JUNK_PREFIX + 1)
    )


def starts_project(text: str) -> bool:
    s = squash(text)
    return bool(re.match(r"\d", s)) or any(s.startswith(squash(w)) for w in okr_words().project_starts)


def agency_form(text: str) -> str:
    """An agency in the reference spelling, its code in brackets written tight: "(CO - H)" -> "(CO-H)"."""
    text = re.sub(r"\(\s*([^)]*?)\s*\)", lambda m: "(" + re.sub(r"\s+", "", m.group(1)) + ")", clean(text))
    name, code = re.match(r"(.*?)\s*(\([^)]*\))?$", text).groups()
    name = agency_name(name)
    return f"{name} {code}" if code else name


def value_starts(text: str, wraps: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Offsets where a target value starts in a cell stacking several ("250,000 ต้น 4,900 ต้น").

    A value starts at a number or a value word after a space or a line wrap (``wraps``:
    offsets where a wrapped line begins) outside brackets, unless a year/ordinal word or
    another value word leads it ("ไม่น้อยกว่า ร้อยละ 80" is one value) or the piece before
    it holds no number yet.
    """
    v = okr_words()
    words = tuple(v.value_words)
    skip = tuple(v.year_words + v.ordinal_words) + words
    starts: list[int] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth or (i and text[i - 1] != " " and i not in wraps):
            continue
        rest, before = text[i:], text[:i].rstrip()
        if not (rest.startswith(words) or rest[:1].isdigit()) or before.endswith(skip):
            continue
        if starts and not has_value(text[starts[-1] : i]):
            continue
        starts.append(i)
    return starts


def has_value(piece: str) -> bool:
    return bool(re.search(r"\d", piece))


def wrapped(text: str | list[str]) -> tuple[str, set[int]]:
    """A cell's lines joined as wrapped text, and the offsets where a wrapped line begins."""
    lines = [clean(t) for t in ([text] if isinstance(text, str) else text) if clean(t)]
    s, wraps = "", set()
    for line in lines:
        if s:
            s = thai.join_lines([s, line])
            wraps.add(len(s) - len(line))
        else:
            s = line
    return s, wraps


def count_targets(text: str | list[str]) -> int:
    """How many target values a cell (or its lines) stacks: 0 when blank.

    Counted at value starts, plus the text before the first one; a value holding
    numbers of its own may count more than once, never less.
    """
    s, wraps = wrapped(text)
    if not s:
        return 0
    starts = value_starts(s, wraps)
    return len(starts) + (0 if starts[:1] == [0] else 1)


def count_agencies(lines: list[str]) -> int:
    """How many agencies an agency cell's lines name (a line starting an agency starts one)."""
    starts = "|".join(re.escape(w) for w in okr_words().agency_starts)
    groups: list[list[str]] = []
    for line in lines:
        if groups and not starts_agency(line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return sum(len(re.split(rf"\s+(?={starts})", join(g))) for g in groups)


def split_targets(text: str | list[str], n: int) -> list[str] | None:
    """A cell's text (or its lines) cut into ``n`` targets at its value starts; None when it does not.

    The lines are joined as wrapped text (a value word wrapped inside, "ไม่ต่ำ / กว่า", is
    whole again) and a value may start where a line does.  When the cell shows more value
    starts than targets, the text before the first is the first target and the last
    ``n - 1`` starts cut the others: a stacked cell ends with the lower lines' values,
    while a long upper value may hold numbers of its own ("… ISO 37001 อย่างน้อย 1 หน่วยงาน").
    """
    s, wraps = wrapped(text)
    starts = value_starts(s, wraps)
    if n < 2 or len(starts) < n - 1 or (len(starts) == n - 1 and starts[:1] == [0]):
        return None
    cuts = [0] + [i for i in starts if i > 0][-(n - 1) :]
    if len(cuts) != n:
        return None
    bounds = cuts + [len(s)]
    return [s[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def cut_kr_name(text: str, known: list[str]) -> tuple[str, str] | None:
    """A KR cell holding the BMA KR name then the district one, cut where the district name starts.

    ``known`` are the district's KR names as the evaluation tables print them (spaces
    left out): the cell is cut where the rest of it reads as one of them (fuzzily: the
    two tables may word or spell a name a little apart).  None when no known name ends
    the cell, or when it is the whole cell.
    """
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    s = "".join(text[i] for i in pos)
    best: tuple[float, int] | None = None
    for name in known:
        if fuzz.ratio(s, name) >= KR_NAME_MATCH:
            continue  # the cell is that name, no more
        tol = int(len(name) * KR_NAME_SLACK) + 1
        for p in range(max(KR_NAME_MIN, len(s) - len(name) - tol), len(s) - len(name) + tol + 1):
            if p >= len(s):
                break
            score = fuzz.ratio(s[p:], name)
            if score >= KR_NAME_MATCH and (best is None or score > best[0]):
                best = (score, p)
    if best is None:
        return None
    cut = pos[best[1]]
    return text[:cut].strip(), text[cut:].strip()


def split_kr_items(text: str, n: int) -> tuple[str, list[str]] | None:
    """A KR cell listing ``n`` numbered KR names ("… (1) … (2) …"): the text before them and the items.

    The markers must count 1..n in order; None otherwise.
    """
    marks = [m for m in KR_ITEM.finditer(text)]
    numbered = [m for m in marks if m.group(1).isdigit()]
    starts, k = [], 1
    for m in numbered:
        if int(m.group(1)) == k:
            starts.append(m.start())
            k += 1
    if n < 2 or len(starts) != n:
        return None
    bounds = starts + [len(text)]
    return text[: starts[0]].strip(), [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def rejoin_digits(text: str) -> str:
    """A number cut by a line wrap made whole: a wrap inside leaves a short last group ("15,000,00 0")."""
    return WRAPPED_GROUP.sub("", text)


def split_budgets(text: str | None) -> list[tuple[int | None, str | None]]:
    """The items of a budget cell in order: amounts and notes ("ไม่ใช้งบประมาณ 2,522,500 ไม่ใช้งบประมาณ")."""
    s = thousands_points(rejoin_digits(clean(text)))
    if not s:
        return []
    items: list[tuple[int | None, str | None]] = []
    pos = 0
    for m in re.finditer(r"\d{1,3}(?:,\d{3})+|\d+", s):
        items.extend((None, n) for n in split_notes(s[pos : m.start()].strip(" -")))
        items.append((parse_amount(m.group(0)), None))
        pos = m.end()
    items.extend((None, n) for n in split_notes(s[pos:].strip(" -")))
    return items


def split_notes(text: str) -> list[str | None]:
    """The budget notes a piece of a budget cell holds: several vocabulary notes run together
    (two projects' "ไม่ใช้งบประมาณ" on one wrapped line) are several; none when blank."""
    if not text:
        return []
    rest, found = squash(text), []
    forms = sorted(budget_notes().notes, key=lambda n: -len(squash(n)))
    while rest:
        form = next((n for n in forms if rest.startswith(squash(n))), None)
        if form is None:
            return [match_note(text)]
        found.append(form)
        rest = rest[len(squash(form)) :]
    return found if len(found) > 1 else [match_note(text)]


def known_kr(name: str, known: list[tuple[str, str]]) -> int | None:
    """The evaluation-table KR (index into ``known``) a KR name reads as, fuzzily; None if none."""
    s = squash(name)
    best = max(range(len(known)), key=lambda i: fuzz.ratio(s, known[i][0]), default=None)
    return best if best is not None and s and fuzz.ratio(s, known[best][0]) >= KR_NAME_MATCH else None
