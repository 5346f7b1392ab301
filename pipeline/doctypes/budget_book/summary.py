"""The summary tables (ก) … ช)): cells of (table, row, column, amount), and their totals.

Columns come from the heading words (stacked words whose extents overlap are one
column: "เงินเดือนและ / ค่าจ้างประจำ"), each amount goes to the column whose heading it
sits under.  Rows are indented under the row they add up to (ฝ่าย over its งาน); a row
or column named "รวม…" is a printed total.  ``totals`` are the sums to check them by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...parse.base import ParseContext, Parser, ParseResult
from .layout import LayoutSet, Line, Segment, words
from .words import amount, compact, is_nil, pattern, vocabulary

TABLE = "budget_summary"
# Rows whose labels start within this many points are at one level of indentation.
INDENT_TOLERANCE = 3.0
# A line without amounts starting at most this far left of the amount line below is its
# wrapped start; one further left is a heading over the rows below.
LEAD_TOLERANCE = 6.0
# An amount belongs to the nearest column within this many points (or 0.6 of the column spacing).
COLUMN_REACH = 25.0


@dataclass(slots=True)
class Row:
    label: str
    line: Line
    x0: float
    cells: dict[str, int | None] = field(default_factory=dict)  # column label -> amount (None for '-')
    parent: Row | None = None
    children: list[Row] = field(default_factory=list)

    @property
    def is_total(self) -> bool:
        return bool(pattern("summary", "total").match(self.label))


@dataclass(slots=True)
class SummaryTable:
    title: str
    line: Line
    columns: list[tuple[str, float]] = field(default_factory=list)  # label, centre
    rows: list[Row] = field(default_factory=list)


def _is_amount(text: str) -> bool:
    return amount(text) is not None or is_nil(text)


def _columns(header: list[Line], label_edge: float) -> list[tuple[str, float]]:
    """Column labels and centres from stacked heading words right of the row labels."""
    groups: list[list[Segment]] = []
    for ln in header:
        for w in words(ln):
            if w.x1 < label_edge:
                continue
            hit = next((g for g in groups if any(w.x0 < o.x1 and o.x0 < w.x1 for o in g)), None)
            if hit is None:
                groups.append([w])
            else:
                hit.append(w)
    cols = []
    for g in sorted(groups, key=lambda g: min(w.x0 for w in g)):
        label = compact(" ".join(w.text for w in g))
        cols.append((label, (min(w.x0 for w in g) + max(w.x1 for w in g)) / 2))
    return cols


def read_summary(layout: LayoutSet) -> list[SummaryTable]:
    """The summary tables, from the first titled one to the first programme page."""
    tables: list[SummaryTable] = []
    current: SummaryTable | None = None
    header: list[Line] = []
    pending: list[Line] = []
    for ln in layout.rows:
        text = compact(ln.text)
        if pattern("program", "pattern").match(text) or pattern("division", "description").match(text):
            break
        if pattern("summary", "title").match(text):
            current = SummaryTable(text, ln)
            tables.append(current)
            header, pending = [], []
            continue
        if current is None or pattern("summary", "unit").match(text) or is_nil(text):
            continue  # outside a table, the unit line, or a lone dash standing for "no rows"
        amounts = _amount_words(ln, current.columns)
        if not amounts:
            if header and text in {compact(h.text) for h in header}:
                continue  # the heading repeated on the next page
            if current.rows or header and not _is_heading_continuation(header, ln):
                pending.append(ln)
            else:
                header.append(ln)
            continue
        if not header:
            continue  # a line of amounts before the table's heading (a lead-in sentence)
        label_edge = min(w.x0 for w in amounts)
        if not current.columns:
            current.columns = _columns(header, label_edge)
        if not current.columns:
            continue
        if pending and current.rows and pattern("summary", "total").match(text):
            current.rows[-1].label = compact(" ".join([current.rows[-1].label, *(p.text for p in pending)]))
            pending = []  # the wrapped rest of the row above the total
        if pending and current.rows and _starts_row(ln):
            # Plain lines between two rows, indented like the row above: its wrapped rest.
            above = current.rows[-1]
            while pending and not _starts_row(pending[0]) and pending[0].x0 >= above.line.x0 - LEAD_TOLERANCE:
                above.label = compact(f"{above.label} {pending.pop(0).text}")
        _add_row(current, ln, pending, label_edge)
        pending = []
    for t in tables:
        _nest(t)
    return tables


def _amount_words(ln: Line, columns: list[tuple[str, float]] | None = None) -> list[Segment]:
    """The line's amounts ('-' for none), not counting a bullet dash that starts it, nor,
    once the columns are known, a number of the label far from every column."""
    ws = words(ln)
    found = [
        w for i, w in enumerate(ws) if _is_amount(w.text) and not (i == 0 and is_nil(w.text) and len(ws) > 1)
    ]
    if columns:
        centres = sorted(c for _, c in columns)
        spacing = min((b - a for a, b in zip(centres, centres[1:], strict=False)), default=80.0)
        reach = max(COLUMN_REACH, 0.6 * spacing)
        found = [w for w in found if min(abs(w.centre - c) for c in centres) <= reach]
    return found


def _starts_row(ln: Line) -> bool:
    """A line that begins a row by what it prints: a bullet, or a division/programme/project name."""
    return bool(re.match(r"^[-–]\s", ln.text)) or _level(compact(ln.text)) is not None


def _lead(pending: list[Line], ln: Line) -> list[Line]:
    """The lines without amounts that begin the row of ``ln`` (its label wrapped upwards).

    A line that starts a row itself (a bullet, a division, programme or project name)
    has none.  Scanning up from ``ln``: a line further left (but a hanging bullet) is a
    heading over the rows; a bullet or a ranked name begins the row and ends the lead;
    a plain line indented like ``ln`` continues it.
    """
    if _starts_row(ln):
        return []
    lead: list[Line] = []
    for p in reversed(pending):
        bullet = bool(re.match(r"^[-–]\s", p.text))
        starts = bullet or _level(compact(p.text)) is not None
        if not bullet and p.x0 < ln.x0 - LEAD_TOLERANCE:
            break  # a heading further left (a programme named over its items)
        lead.insert(0, p)
        if starts:
            break
    return lead


def _is_heading_continuation(header: list[Line], ln: Line) -> bool:
    return ln.top - header[-1].bottom < 2 * ln.size


def _add_row(table: SummaryTable, ln: Line, pending: list[Line], label_edge: float) -> None:
    # Lines indented deeper than this row and right after the row above are its wrapped rest.
    while (
        pending
        and table.rows
        and pending[0].x0 > ln.x0 + INDENT_TOLERANCE
        and not re.match(r"^[-–]\s", pending[0].text)
        and not pattern("summary", "total").match(pending[0].text)
    ):
        table.rows[-1].label = compact(f"{table.rows[-1].label} {pending.pop(0).text}")
    label_words = [w.text for w in words(ln) if w.x1 <= label_edge]
    first = ln
    lead = _lead(pending, ln)
    if lead:
        first = lead[0]
        label_words = [*(p.text for p in lead), *label_words]
    row = Row(compact(" ".join(label_words)), first, first.x0)
    for w in _amount_words(ln, table.columns):
        col = min(table.columns, key=lambda c: abs(c[1] - w.centre))[0]
        row.cells[col] = None if is_nil(w.text) else amount(w.text)
    table.rows.append(row)


def _level(label: str) -> int | None:
    levels = vocabulary()["summary"]["levels"]
    return next((i for i, p in enumerate(levels) if re.match(p, label)), None)


def _nest(table: SummaryTable) -> None:
    """Rows under the row above them of a higher rank: a division over its programmes and
    projects, those over their items (``levels``); a table whose rows name no rank nests by
    indentation, measured from each page's margin (producers indent inconsistently, so the
    names decide where they can)."""
    ranks = [_level(r.label) for r in table.rows if not r.is_total]
    if any(r is not None for r in ranks):
        deepest = len(vocabulary()["summary"]["levels"]) - 1
        for row in table.rows:
            level = _level(row.label)
            row.x0 = float(deepest if level is None else level) * 100  # rank as an indent
    else:
        margin: dict[int, float] = {}
        for row in table.rows:
            margin[row.line.page] = min(margin.get(row.line.page, row.x0), row.x0)
        for row in table.rows:
            row.x0 -= margin[row.line.page]
    stack: list[Row] = []
    for row in table.rows:
        if row.is_total:
            stack = []
            continue
        while stack and stack[-1].x0 >= row.x0 - INDENT_TOLERANCE:
            stack.pop()
        if stack:
            row.parent = stack[-1]
            stack[-1].children.append(row)
        stack.append(row)


def _value(v: int | None) -> int:
    return v or 0


def summary_totals(tables: list[SummaryTable]) -> list[tuple[Line, str, int, int]]:
    """(line, section, stated, computed) of every total the summary tables print."""
    out = []
    for t in tables:
        total_cols = [c for c, _ in t.columns if pattern("summary", "total").match(c)]
        parts = [c for c, _ in t.columns if c not in total_cols]
        for row in t.rows:
            for tc in total_cols:
                if tc in row.cells and any(p in row.cells for p in parts):
                    computed = sum(_value(row.cells.get(p)) for p in parts)
                    out.append((row.line, f"{t.title} | {row.label} | {tc}", _value(row.cells[tc]), computed))
            priced = [c for c in row.children if c.cells]
            if priced and row.cells:
                for col, v in row.cells.items():
                    computed = sum(_value(c.cells.get(col)) for c in priced)
                    out.append((row.line, f"{t.title} | {row.label} | {col}", _value(v), computed))
        top = [r for r in t.rows if r.parent is None and not r.is_total and r.cells]
        for row in t.rows:
            if row.is_total and top:
                for col, v in row.cells.items():
                    computed = sum(_value(r.cells.get(col)) for r in top)
                    out.append((row.line, f"{t.title} | {row.label} | {col} (column)", _value(v), computed))
    return out


class SummaryParser(Parser):
    """budget_summary from the summary tables."""

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        layout: LayoutSet = ctx.tables  # type: ignore[assignment]
        for t in read_summary(layout):
            title = ctx.text(re.sub(r"^[ก-ฮ]\s*\)\s*", "", t.title), t.line.page, TABLE, "table_title")
            for row in t.rows:
                label = ctx.text(row.label, row.line.page, TABLE, "row_label")
                for col, v in row.cells.items():
                    out.add(
                        TABLE,
                        {
                            "page": row.line.page,
                            "bbox": list(row.line.bbox),
                            "table_title": title,
                            "row_label": label,
                            "column_label": ctx.text(col, row.line.page, TABLE, "column_label"),
                            "amount_baht": v,
                            "is_total": row.is_total or bool(pattern("summary", "total").match(col)),
                        },
                    )
