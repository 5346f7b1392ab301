"""Stage 4, tables: find ruled tables, build cell grids, recognise headers, join pages.

A table is found from its ruling lines (pdfplumber's edge -> intersection -> cell
functions), turned into a dense grid in which a merged cell covers every grid
position it spans, and its header rows are recognised *by meaning* against the
header lexicon in ``pipeline/data/tables/*.json``.  Pieces of one table on
consecutive pages are joined: repeated header rows are dropped, a row split by
the page break is rejoined, and merged cells are carried across the break.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from . import ruling, thai
from .headers import column_texts, norm_header, recognise
from .records import BBox, Cell, Char, Reject, RepairedPage, Table, TableKind, TableSet, TextLine
from .settings import Settings, TableSettings
from .vocabulary import json_folder

log = logging.getLogger(__name__)

# The tolerances (grid, cell padding, lines, confidence, running headers) are a TableSettings.


def load_kinds(package: str = "pipeline", *folder: str) -> list[TableKind]:
    """The table kinds of a header lexicon (default ``pipeline/data/tables/*.json``)."""
    kinds = []
    for _name, spec in json_folder(package, *(folder or ("data", "tables"))):
        kinds.append(
            TableKind(
                name=spec["name"],
                fields={k: list(v) for k, v in spec["fields"].items()},
                required=tuple(spec.get("required", [])),
                row_key=tuple(spec.get("row_key", [])),
                carry_down=tuple(spec.get("carry_down", [])),
                after=dict(spec.get("after", {})),
                content=dict(spec.get("content", {})),
            )
        )
    return kinds


# --- finding tables on a page ---------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    page: int
    bbox: BBox
    rows: list[list[Cell | None]]
    page_height: float
    kind: TableKind | None = None
    header_rows: int = 0
    header: list[str] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)


def _cluster(values: Iterable[float], tolerance: float) -> list[float]:
    points: list[float] = []
    for v in sorted(values):
        if points and v - points[-1] <= tolerance:
            continue
        points.append(v)
    return points


def _index(points: list[float], value: float) -> int:
    return min(range(len(points)), key=lambda i: abs(points[i] - value))


def _lines_of(chars: Sequence[Char], tolerance: float) -> list[list[Char]]:
    """Chars grouped into lines: a char joins the last line when its centre lies within
    ``tolerance`` (x its size) of the line's mean centre (thai.lines_of without the x sort)."""
    lines: list[list[Char]] = []
    total = 0.0  # of the last line's centres, added in order (as sum() would: the same float)
    for ch in sorted(chars, key=lambda c: (c.top + c.bottom) / 2):
        mid = (ch.top + ch.bottom) / 2
        if lines:
            last = lines[-1]
            if abs(mid - total / len(last)) <= tolerance * max(ch.size, 1.0):
                last.append(ch)
                total += mid
                continue
        lines.append([ch])
        total = 0.0 + mid
    return lines


def _bbox_of(chars: Sequence[Char]) -> BBox:
    return (
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        max(c.x1 for c in chars),
        max(c.bottom for c in chars),
    )


def _centred(chars: Iterable[Char]) -> list[tuple[float, float, Char]]:
    """Each char with its centre, computed once (a page's chars are tested against every cell)."""
    return [((ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2, ch) for ch in chars]


def _chars_in(placed: list[tuple[float, float, Char]], bbox: BBox, pad: float) -> list[Char]:
    """The chars whose centre lies inside ``bbox`` grown by ``pad``, in their order."""
    x0, top, x1, bottom = bbox
    left, right, up, down = x0 - pad, x1 + pad, top - pad, bottom + pad
    return [ch for cx, cy, ch in placed if left <= cx <= right and up <= cy <= down]


class _CharIndex:
    """A table's chars sorted by centre height, so each cell scans only the band of rows it spans.

    ``within`` gives what ``_chars_in`` gives (same test, chars in their original order);
    scanning every char of the table for every cell was quadratic in a dense page.
    """

    __slots__ = ("_cys", "_rows")

    def __init__(self, placed: list[tuple[float, float, Char]]):
        order = sorted(range(len(placed)), key=lambda i: placed[i][1])
        self._rows = [(placed[i][0], i, placed[i][2]) for i in order]
        self._cys = [placed[i][1] for i in order]

    def within(self, bbox: BBox, pad: float) -> list[Char]:
        x0, top, x1, bottom = bbox
        left, right = x0 - pad, x1 + pad
        lo, hi = bisect_left(self._cys, top - pad), bisect_right(self._cys, bottom + pad)
        hits = [(i, ch) for cx, i, ch in self._rows[lo:hi] if left <= cx <= right]
        hits.sort(key=lambda h: h[0])
        return [ch for _, ch in hits]


def grid_shape(spans, n_rows: int, n_cols: int) -> list[list[bool]]:
    """Which grid positions a ruled cell covers."""
    covered = [[False] * n_cols for _ in range(n_rows)]
    for _, r0, r1, c0, c1 in spans:
        for r in range(r0, r1):
            for c in range(c0, c1):
                covered[r][c] = True
    return covered


def _open_cells(covered: list[list[bool]], xs: list[float], ys: list[float], placed: _CharIndex, pad: float):
    """Cells whose box is not closed (a merged cell cut by the page break has no bottom rule).

    Grid positions no ruled cell covers but text lies in are one cell per column, as tall as
    the run of uncovered rows the text is in.
    """
    found = []
    for c in range(len(xs) - 1):
        r = 0
        while r < len(ys) - 1:
            if covered[r][c]:
                r += 1
                continue
            end = r
            while end < len(ys) - 1 and not covered[end][c]:
                end += 1
            box = (xs[c], ys[r], xs[c + 1], ys[end])
            if placed.within(box, pad):
                found.append((box, r, end, c, c + 1))
            r = end
    return found


def _pieces_on_page(page: RepairedPage, settings: Settings) -> tuple[list[_Piece], list[Char]]:
    """Tables found on one page, and the chars that lie outside all of them."""
    ts, pad = settings.tables, settings.tables.cell_padding
    groups = ruling.table_groups(page.edges)
    pieces = []
    remaining = _centred(page.chars)
    for boxes in sorted(groups, key=lambda g: min(b[1] for b in g)):
        if len(boxes) < 2:
            continue
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        xs = _cluster([v for b in boxes for v in (b[0], b[2])], ts.grid_tolerance)
        ys = _cluster([v for b in boxes for v in (b[1], b[3])], ts.grid_tolerance)
        grid: list[list[Cell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        within = {id(ch) for ch in _chars_in(remaining, bbox, pad)}
        inside = [placed for placed in remaining if id(placed[2]) in within]
        remaining = [placed for placed in remaining if id(placed[2]) not in within]
        spans = []
        for b in sorted(boxes, key=lambda b: (b[1], b[0])):
            c0, c1 = _index(xs, b[0]), _index(xs, b[2])
            r0, r1 = _index(ys, b[1]), _index(ys, b[3])
            if c1 > c0 and r1 > r0:
                spans.append((b, r0, r1, c0, c1))
        covered = grid_shape(spans, len(ys) - 1, len(xs) - 1)
        index = _CharIndex(inside)
        for b, r0, r1, c0, c1 in spans + _open_cells(covered, xs, ys, index, pad):
            cell_chars = index.within(b, pad)
            cell = Cell(
                row=r0,
                col=c0,
                text=thai.text_from_chars(cell_chars, settings.repair) if cell_chars else "",
                bbox=(float(b[0]), float(b[1]), float(b[2]), float(b[3])),
                page=page.page_number,
                rowspan=r1 - r0,
                colspan=c1 - c0,
                lines=[
                    (thai.text_from_chars(line, settings.repair), _bbox_of(line))
                    for line in _lines_of(cell_chars, ts.line_tolerance)
                ],
            )
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if grid[r][c] is None:
                        grid[r][c] = cell
        pieces.append(_Piece(page.page_number, bbox, grid, page.height))
    return pieces, [ch for _, _, ch in remaining]


# --- header recognition: see headers.py ---------------------------------------------------


def _is_header_repeat(piece: _Piece, kind: TableKind, columns: dict[str, int]) -> int:
    """How many top rows of ``piece`` repeat the header of a table of ``kind``."""
    rec = recognise(piece.rows, [kind])
    if rec.kind is None:
        return 0
    return rec.header_rows if len(rec.columns) >= len(columns) - 1 else 0


def _repeats_previous_header(piece: _Piece, table: Table, least: float) -> int:
    """How many top rows of ``piece`` read like ``table``'s header (its first page's), 0 if none.

    A continuation page repeats the header of its table; on a scan OCR may read it too badly
    for the header lexicon (``รหัส KRs`` as ``รหัส KRS``, a lost mark, a junk prefix), yet it
    still reads much like the header read on the page before, column by column.  The rows are
    compared as the header was taken (``column_texts``), each column weighted by its header's
    length; the most rows (up to the table's header rows) whose similarity reaches ``least``.
    """
    if not table.header or not piece.rows or len(piece.rows[0]) != len(table.header):
        return 0
    keys = [norm_header(h) for h in table.header]
    weight = sum(len(k) for k in keys)
    if not weight:
        return 0
    for n in range(min(table.header_rows, len(piece.rows)), 0, -1):
        texts = [norm_header(t) for t in column_texts(piece.rows, n)]
        score = sum(len(k) * fuzz.ratio(k, t) / 100 for k, t in zip(keys, texts, strict=True) if k) / weight
        if score >= least:
            return n
    return 0


# --- joining pieces across pages -------------------------------------------------------------


def _running_texts(
    lines_by_page: dict[int, list[TextLine]], heights: dict[int, float], ts: TableSettings
) -> set[str]:
    counts: Counter[str] = Counter()
    for page, lines in lines_by_page.items():
        seen = set()
        for line in lines:
            near_edge = line.bbox[1] < ts.running_margin or line.bbox[3] > heights[page] - ts.running_margin
            if near_edge:
                seen.add(_running_key(line.text))
        counts.update(seen)
    threshold = max(2, ts.running_share * len(lines_by_page))
    return {t for t, n in counts.items() if n >= threshold}


def _running_key(text: str) -> str:
    # Page numbers ("- 61 -") differ on every page; compare them as one shape.
    return re.sub(r"\d+", "#", norm_header(text))


def _content_between(lines: list[TextLine], top: float, bottom: float, running: set[str]) -> bool:
    return any(
        top <= (ln.bbox[1] + ln.bbox[3]) / 2 <= bottom and _running_key(ln.text) not in running
        for ln in lines
    )


def _lines_between(
    lines_by_page: dict[int, list[TextLine]],
    start: tuple[int, float],
    end: tuple[int, float],
    running: set[str],
    most: int,
) -> list[TextLine]:
    """The text lines between two positions (page, y) of the document: a table's headings and caption.

    Taken back to the end of the table before, over page breaks (a heading may close the page
    before its table), at most ``most`` of them.
    """
    found = [
        ln
        for page in range(start[0], end[0] + 1)
        for ln in lines_by_page.get(page, [])
        if start < (page, ln.bbox[1]) and (page, ln.bbox[3]) <= end and _running_key(ln.text) not in running
    ]
    return found[-most:]


def _blank_row_key(rows: list[list[Cell | None]], r: int, kind: TableKind, columns: dict[str, int]) -> bool:
    keys = [columns[k] for k in kind.row_key if k in columns]
    if not keys:
        return False
    return all(rows[r][c] is None or not rows[r][c].text.strip() for c in keys)


def _join(table: Table, piece: _Piece, kind: TableKind) -> None:
    """Append ``piece`` (header rows already removed) to ``table``, mending the page break."""
    rows = piece.rows
    if not rows:
        return
    if not table.rows:  # the table's header closed the page before: these are its first rows
        cells = {id(c): c for row in rows for c in row if c is not None and c.page == piece.page}
        base = min((c.row for c in cells.values()), default=0)
        for cell in cells.values():
            cell.row -= base
        table.rows.extend(rows)
        table.pages.append(piece.page)
        return
    width = len(table.rows[0])
    if len(rows[0]) != width:
        rows = _align_columns(rows, piece.columns, table.columns, width)
    last = table.rows[-1]
    first = rows[0]
    split_row = _blank_row_key(rows, 0, kind, table.columns)
    carry = {table.columns[f] for f in kind.carry_down if f in table.columns}
    for c in range(width):
        below, above = first[c], last[c]
        if below is None or above is None or below is above:
            continue
        if split_row or (c in carry and not below.text.strip()):
            # The cell continues the one above the page break: same object from now on.
            if below.text.strip():
                above.text = thai.text_from_lines([above.text, below.text])
                above.lines.extend(below.lines)
            above.rowspan += below.rowspan - (1 if split_row else 0)
            for r in range(len(rows)):
                for cc in range(width):
                    if rows[r][cc] is below:
                        rows[r][cc] = above
    if split_row:
        rows = rows[1:]
    offset = len(table.rows)
    for r, row in enumerate(rows):
        for cell in row:
            if cell is not None and cell.page == piece.page and cell.row == (r + (1 if split_row else 0)):
                cell.row = offset + r
    table.rows.extend(rows)
    table.pages.append(piece.page)


def _align_columns(rows, piece_columns: dict[str, int], columns: dict[str, int], width: int):
    """Re-index a piece's columns onto the table's by field name (headers differ in count)."""
    moved = {piece_columns[f]: columns[f] for f in columns if f in piece_columns}
    out = []
    for row in rows:
        new: list[Cell | None] = [None] * width
        for c, cell in enumerate(row):
            if c in moved:
                new[moved[c]] = cell
        out.append(new)
    return out


def extract_tables(
    doc_id: str,
    pages: Iterable[RepairedPage],
    kinds: Sequence[TableKind] | None = None,
    settings: Settings | None = None,
) -> TableSet:
    """All tables of a document, recognised and joined across pages, plus the text around them.

    ``settings`` are the run's tolerances (``settings.tables``, ``settings.repair``; default: the defaults).
    """
    kinds = list(kinds) if kinds is not None else load_kinds()
    settings = settings or Settings()
    ts = settings.tables
    pieces: list[_Piece] = []
    lines_by_page: dict[int, list[TextLine]] = {}
    heights: dict[int, float] = {}
    for page in pages:
        found, outside = _pieces_on_page(page, settings)
        pieces.extend(found)
        heights[page.page_number] = page.height
        lines_by_page[page.page_number] = [
            TextLine(page.page_number, thai.text_from_chars(line, settings.repair), _bbox_of(line))
            for line in _lines_of(outside, ts.line_tolerance)
        ]
    running = _running_texts(lines_by_page, heights, ts)

    tables: list[Table] = []
    rejects: list[Reject] = []
    previous: _Piece | None = None
    current: Table | None = None
    last_end = (0, 0.0)  # where the table before ended: the text after it heads the next one
    for piece in pieces:
        rec = recognise(piece.rows, kinds)
        kind, n_header, columns = rec.kind, rec.header_rows, rec.columns
        continues = like_last = False
        if current is not None and previous is not None and piece.page == previous.page + 1:
            prev_kind = next((k for k in kinds if k.name == current.kind), None)
            quiet_after = not _content_between(
                lines_by_page.get(previous.page, []), previous.bbox[3], heights[previous.page], running
            )
            quiet_before = not _content_between(lines_by_page.get(piece.page, []), 0, piece.bbox[1], running)
            if prev_kind is not None and quiet_after and quiet_before:
                if kind is not None and kind.name == prev_kind.name:
                    continues = True
                elif kind is None and len(piece.rows[0]) == len(current.header):
                    # the page's rows go on the table; its header, read too badly to be
                    # recognised, still reads like the one before (a scan): not a data row
                    repeat = _repeats_previous_header(piece, current, ts.repeated_header_similarity)
                    if repeat:
                        log.info("page %d: %d header row(s) like the last page's dropped", piece.page, repeat)
                    continues, n_header, columns = True, repeat, current.columns
                elif kind is None:
                    repeat = _is_header_repeat(piece, prev_kind, current.columns)
                    continues, n_header = repeat > 0, repeat
        if kind is None and not continues and tables and tables[-1].pages[-1] >= piece.page - 1:
            # a new table (a title above it) whose header OCR read too badly to be recognised
            # (a junk prefix, lost marks), yet read like the header of the table just before:
            # it is that kind, with that table's columns
            last = tables[-1]
            repeat = _repeats_previous_header(piece, last, ts.repeated_header_similarity)
            last_kind = next((k for k in kinds if k.name == last.kind), None)
            if repeat and last_kind is not None:
                log.info("page %d: header read like the %s table's before it", piece.page, last.kind)
                kind, n_header, columns, like_last = last_kind, repeat, last.columns, True
        if continues and current is not None:
            kind_obj = next(k for k in kinds if k.name == current.kind)
            piece.columns = columns
            piece.rows = piece.rows[n_header:]
            # the rows below a repeated header are numbered from 0 like a first page's, so
            # _join gives them their row in the table (a cell's row tells it from a cell above)
            for cell in {id(c): c for row in piece.rows for c in row if c is not None}.values():
                if cell.page == piece.page and cell.row >= n_header:
                    cell.row -= n_header
            _join(current, piece, kind_obj)
            previous = piece
            last_end = (piece.page, piece.bbox[3])
            continue
        if kind is None or (rec.confidence < ts.kind_confident and not like_last):
            header = " | ".join(t for t in column_texts(piece.rows, min(2, len(piece.rows))) if t)
            reason = (
                "table type not recognised from its header"
                if kind is None
                else f"table type {kind.name} decided with low confidence ({rec.describe()})"
            )
            rejects.append(
                Reject(
                    doc_id=doc_id,
                    stage="tables",
                    reason=reason,
                    raw_text=header[:500],
                    page=piece.page,
                    bbox=piece.bbox,
                )
            )
            current, previous = None, None
            last_end = (piece.page, piece.bbox[3])
            continue
        header = column_texts(piece.rows, n_header)
        above = _lines_between(
            lines_by_page, last_end, (piece.page, piece.bbox[1] + 1), running, ts.context_lines
        )
        last_end = (piece.page, piece.bbox[3])
        current = Table(
            doc_id=doc_id,
            pages=[piece.page],
            bbox=piece.bbox,
            rows=piece.rows[n_header:],
            header=header,
            header_rows=n_header,
            kind=kind.name,
            columns=columns,
            context="\n".join(ln.text for ln in above),
        )
        for r, row in enumerate(current.rows):
            for cell in row:
                if cell is not None and cell.row == r + n_header and cell.page == piece.page:
                    cell.row = r
        tables.append(current)  # a header alone (its rows on the next page) is kept until the end
        previous = piece
    text_lines = [ln for p in sorted(lines_by_page) for ln in lines_by_page[p]]
    text_lines = [ln for ln in text_lines if _running_key(ln.text) not in running]
    return TableSet(tables=[t for t in tables if t.rows], lines=text_lines, rejects=rejects)
