"""The budget book's tables stage: pages as positioned text lines cut into segments.

The detail pages have no ruling lines and the summary and indicator tables are ruled
differently by every producer, so the book is read from the text's own geometry: chars
grouped into lines by their vertical centre, each line cut into segments where the
blank between two chars is wider than a column gap.  A segment's position says which
column it is in; the parsers never look at ruling lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ... import thai
from ...records import BBox, Char, RepairedPage, TableSet
from ...settings import Settings, TableSettings
from .words import pattern

# A blank wider than this share of the size separates two segments (columns).
SEGMENT_GAP = 1.2
# A blank wider than this share of the size is a word gap (a space is ~0.25-0.33 em).
WORD_GAP = 0.22
# Lines this close to the top or bottom edge can be running headers/footers or page numbers.
MARGIN = 60.0
_TABLES = TableSettings()  # the default tolerances, for pages read without a run's settings
_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,4}[-–\s]*$")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text on one line with no column gap inside it."""

    text: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Line:
    """One line of a page, its segments left to right."""

    page: int
    top: float
    bottom: float
    segments: list[Segment]
    size: float
    chars: list[Char] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(slots=True)
class LayoutSet(TableSet):
    """What the budget book's tables stage gives the parsers: every line of the book."""

    rows: list[Line] = field(default_factory=list)
    rules: dict[int, list[tuple[float, float, float]]] = field(default_factory=dict)  # page -> (y, x0, x1)

    def rule_between(self, page: int, top: float, bottom: float, x0: float, x1: float) -> bool:
        """Whether a horizontal rule crossing x0..x1 lies between heights top and bottom."""
        return any(top < y < bottom and rx0 <= x1 and rx1 >= x0 for y, rx0, rx1 in self.rules.get(page, []))


def _segments(chars: Sequence[Char], gap: float = SEGMENT_GAP) -> list[Segment]:
    size = Counter(round(c.size) for c in chars).most_common(1)[0][0] or 1.0
    groups: list[list[Char]] = []
    right = 0.0  # right edge of the current group
    for ch in chars:
        if ch.text.isspace():
            continue
        if groups and ch.x0 - right <= gap * size:
            groups[-1].append(ch)
            right = max(right, ch.x1)
        else:
            groups.append([ch])
            right = ch.x1
    out = []
    for g in groups:
        text = thai.text_from_chars(g).strip()
        if text:
            out.append(Segment(text, min(c.x0 for c in g), max(c.x1 for c in g)))
    return out


def words(line: Line) -> list[Segment]:
    """The line cut at every word gap (a space), for assigning words to columns."""
    return list(_words_of(tuple(line.chars)))


@lru_cache(maxsize=4096)  # the parsers ask for a line's words ~5 times (a book: 8,100 calls, 1,600 lines)
def _words_of(chars: tuple[Char, ...]) -> tuple[Segment, ...]:
    return tuple(_segments(chars, WORD_GAP))


def split_at(line: Line, bounds: Sequence[float]) -> list[str]:
    """The line's text in each column between ``bounds`` (x boundaries, left to right).

    A char goes to the column its centre lies in, so text two producers draw with
    different gaps (a unit glued to its indicator, "9 5" for 95) falls apart the same way.
    """
    columns: list[list[Char]] = [[] for _ in range(len(bounds) + 1)]
    for ch in line.chars:
        centre = (ch.x0 + ch.x1) / 2
        columns[sum(1 for b in bounds if centre >= b)].append(ch)
    return [thai.text_from_chars(c).strip() if c else "" for c in columns]


def page_lines(page: RepairedPage, tolerance: float = _TABLES.line_tolerance) -> list[Line]:
    """The lines of one page, top to bottom, with their segments (chars within ``tolerance``)."""
    out = []
    for chars in thai.lines_of(page.chars, tolerance):
        segments = _segments(chars)
        if not segments:
            continue
        size = Counter(round(c.size, 1) for c in chars).most_common(1)[0][0]
        top = min(c.top for c in chars)
        bottom = max(c.bottom for c in chars)
        out.append(Line(page.page_number, top, bottom, segments, size, chars))
    return out


def _running(
    lines_by_page: dict[int, list[Line]], heights: dict[int, float], share: float
) -> set[tuple[int, str]]:
    """(page, text) of page numbers and running headers/footers, to leave out."""
    counts: Counter[str] = Counter()
    near: dict[int, list[Line]] = {}
    for page, lines in lines_by_page.items():
        near[page] = [ln for ln in lines if ln.top < MARGIN or ln.bottom > heights[page] - MARGIN]
        counts.update({re.sub(r"\d+", "#", ln.text) for ln in near[page]})
    threshold = max(2, share * len(lines_by_page))
    drop = set()
    # A heading that opens a part of the book (the detailed budget, an indicator table) is
    # kept however often it is repeated: the parsers find the parts by it.
    keep = (pattern("detail_start"), pattern("kpi_table", "start"))
    for page, lines in near.items():
        for ln in lines:
            structural = any(k.match(ln.text) for k in keep)
            repeated = counts[re.sub(r"\d+", "#", ln.text)] >= threshold and not structural
            if _PAGE_NUMBER.match(ln.text) or repeated:
                drop.add((page, ln.text))
    return drop


def read_lines(
    doc_id: str, pages: Iterable[RepairedPage], kinds=(), settings: Settings | None = None
) -> LayoutSet:
    """Every line of the book in reading order, running headers and page numbers left out.

    Lines and running headers follow the run's ``settings.tables`` (line tolerance, running share).
    """
    ts = settings.tables if settings is not None else _TABLES
    lines_by_page: dict[int, list[Line]] = {}
    heights: dict[int, float] = {}
    rules: dict[int, list[tuple[float, float, float]]] = {}
    for page in pages:
        lines_by_page[page.page_number] = page_lines(page, ts.line_tolerance)
        heights[page.page_number] = page.height
        rules[page.page_number] = [
            ((e.top + e.bottom) / 2, e.x0, e.x1) for e in page.edges if e.orientation == "h"
        ]
    drop = _running(lines_by_page, heights, ts.running_share)
    rows = [ln for p in sorted(lines_by_page) for ln in lines_by_page[p] if (p, ln.text) not in drop]
    return LayoutSet(tables=[], lines=[], rejects=[], rows=rows, rules=rules)
