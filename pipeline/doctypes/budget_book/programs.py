"""Work programmes (งาน … – รหัส …): code, division, objective, activities, indicators, money.

Each programme's page prints its heading, ``วัตถุประสงค์ :`` and ``กิจกรรมหลัก :``
paragraphs, then the indicator table: one row per indicator with its unit and a value
per year, then the money rows (รวมทั้งสิ้น / เงินงบประมาณ / เงินนอกงบประมาณ).  The
table's columns are found from its heading words (unit, past year, current year, the
book's year, forward years), whatever the producer's ruling; each word of a row goes to
the column whose heading it sits under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ... import thai
from ...parse.base import ParseContext, Parser, ParseResult
from .layout import LayoutSet, Line, words
from .words import amount, compact, is_nil, pattern, single_number, vocabulary

TABLE = "budget_programs"
# A line with this many amounts side by side is a row of a cross table, not of the detail tree.
CROSS_TAB_AMOUNTS = 3


@dataclass(slots=True, eq=False)  # compared and hashed by identity: a table's own column
class Column:
    name: str  # "unit", "past", "current", "plan", "forward"
    centre: float
    year: int | None = None


@dataclass(slots=True)
class Program:
    code: str
    name: str
    division: str | None
    line: Line
    objective: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    kpis: list[tuple[Line, str, str | None, dict[str, tuple[Column, str]]]] = field(default_factory=list)
    money: dict[str, tuple[str, Line]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what was read by a fallback, for rejects


def _is_heading(text: str) -> bool:
    """A line of the indicator table's heading: nothing but heading words and years."""
    text = compact(text)
    if pattern("kpi_table", "start").match(text):
        return True
    rest = re.sub(vocabulary()["kpi_table"]["heading"], "", text)
    return bool(text) and not re.sub(r"[\s/().\-]|25\d\d", "", rest)


def _opens_heading(text: str) -> bool:
    """A line that starts the table's heading: its title, or several column names at once
    (a wrapped note "ของปีที่ / ผ่านมา)" under a unit is made of heading words too)."""
    if pattern("kpi_table", "start").match(text):
        return True
    return len(re.findall(vocabulary()["kpi_table"]["heading"], text)) >= 3


def _columns(header: list[Line], fiscal_year: int) -> list[Column]:
    """The value columns named by the heading words, left to right."""
    kpi = vocabulary()["kpi_table"]
    found: list[Column] = []
    for ln in header:
        for w in words(ln):
            t = compact(w.text)
            year = pattern("kpi_table", "year_word").match(t) or re.search(kpi["year"], t)
            if re.match(kpi["unit"], t):
                found.append(Column("unit", w.centre))
            elif re.match(kpi["past"], t):
                found.append(Column("past", w.centre))
            elif re.match(kpi["current"], t):
                found.append(Column("current", w.centre))
            elif year:
                y = int(year.group(1))
                kind = "plan" if y == fiscal_year else "forward" if y > fiscal_year else "current"
                found.append(Column("past" if y < fiscal_year - 1 else kind, w.centre, y))
    # Words of one heading stacked on two lines ("หน่วย" / "นับ") are one column.
    merged: list[Column] = []
    for col in sorted(found, key=lambda c: c.centre):
        same = next((m for m in merged if m.name == col.name and m.year == col.year), None)
        if same is not None:
            same.centre = (same.centre + col.centre) / 2
        else:
            merged.append(col)
    merged.sort(key=lambda c: c.centre)
    plan = next((c.year for c in merged if c.name == "plan"), fiscal_year)
    for col in merged:
        if col.name == "past" and col.year is None:
            col.year = plan - 2
        elif col.name == "current" and col.year is None:
            col.year = plan - 1
    return merged


def _assign(line: Line, columns: list[Column]) -> tuple[list[str], dict[Column, list[str]]]:
    """The line's label words (left of the unit column) and its words per column."""
    label: list[str] = []
    cells: dict[Column, list[str]] = {}
    if not columns:
        return [line.text], cells
    first = columns[0]
    step = (columns[1].centre - first.centre) if len(columns) > 1 else 40.0
    label_edge = first.centre - step / 2
    for w in words(line):
        if w.centre < label_edge:
            label.append(w.text)
            continue
        col = min(columns, key=lambda c: abs(c.centre - w.centre))
        cells.setdefault(col, []).append(w.text)
    return label, cells


class ProgramsParser(Parser):
    """budget_programs and budget_kpis from the programme pages."""

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        layout: LayoutSet = ctx.tables  # type: ignore[assignment]
        for prog in read_programs(layout, ctx.doc.fiscal_year or 0, ctx):
            self._emit(ctx, out, prog)

    def _emit(self, ctx: ParseContext, out: ParseResult, prog: Program) -> None:
        page, bbox = prog.line.page, prog.line.bbox
        money = {k: (amount(v) if not is_nil(v) else None) for k, (v, _) in prog.money.items()}
        for note in prog.notes:
            ctx.reject(f"programme {prog.code}: {note}", prog.name, page, bbox, TABLE)
        for key in ("total_baht", "budget_baht"):
            if key not in prog.money:
                ctx.reject(
                    f"programme {prog.code}: no {key} row under its indicators", prog.name, page, bbox, TABLE
                )
        out.add(
            TABLE,
            {
                "page": page,
                "bbox": list(bbox),
                "program_code": prog.code,
                "program_name": ctx.text(prog.name, page, TABLE, "program_name"),
                "division": ctx.text(prog.division, page, TABLE, "division"),
                "objective": ctx.text(_objective(prog.objective), page, TABLE, "objective"),
                "activities": [
                    a
                    for a in (ctx.text(x, page, TABLE, "activities") for x in _activities(prog.activities))
                    if a
                ],
                "budget_baht": money.get("budget_baht"),
                "off_budget_baht": money.get("off_budget_baht"),
                "total_baht": money.get("total_baht"),
            },
        )
        for line, indicator, unit, values in prog.kpis:
            name = ctx.text(indicator, line.page, "budget_kpis", "indicator")
            unit_text = ctx.text(unit, line.page, "budget_kpis", "unit")
            for col, text in values.values():
                out.add(
                    "budget_kpis",
                    {
                        "page": line.page,
                        "bbox": list(line.bbox),
                        "program_code": prog.code,
                        "indicator": name,
                        "unit": unit_text,
                        "year": col.year,
                        "kind": col.name,
                        "value_text": text,
                        "value": None if is_nil(text) else single_number(text),
                    },
                )


def _objective(lines: list[str]) -> str | None:
    text = compact(" ".join(lines))
    text = pattern("objective").sub("", text, count=1)
    return text.strip().strip('“”"').strip() or None


def _activities(lines: list[str]) -> list[str]:
    spec = vocabulary()["activity_split"]
    text = pattern("activities").sub("", compact(" ".join(lines)), count=1)
    if re.search(spec["separators"], text):
        return [a.strip() for a in re.split(spec["separators"], text) if a.strip()]
    parts: list[str] = []
    for word in text.split(" "):
        if parts and (
            re.match(spec["keep_together"], word) or re.match(spec["keep_together"], parts[-1].split(" ")[-1])
        ):
            parts[-1] += " " + word
        elif word:
            parts.append(word)
    return parts


def in_detail(lines: list[Line]) -> list[bool]:
    """Which lines belong to a detailed budget: from its heading to the next programme page.

    Books print the detail after all programmes, or after each division's programmes;
    a programme heading (with its รหัส) or a division's description ends a detail part.
    """
    return [part == "detail" for part in book_parts(lines)]


def book_parts(lines: list[Line]) -> list[str]:
    """Per line: "detail" (the detailed budget), "annex" (a cross table printed after it,
    which no parser reads: reported, not dropped silently) or "" (the rest)."""
    parts, part = [], ""
    for i, ln in enumerate(lines):
        text = compact(ln.text)
        if pattern("detail_start").match(text):
            part = "detail"
        elif part and (pattern("program", "pattern").match(text) or _division_heading(lines, i)):
            part = ""
        elif part == "detail" and _cross_tab_row(ln):
            part = "annex"
        parts.append(part)
    return parts


def _cross_tab_row(ln: Line) -> bool:
    """A row of several amounts side by side (an annex table), never a line of the tree."""
    return sum(1 for w in words(ln) if amount(w.text) is not None) >= CROSS_TAB_AMOUNTS


def _division_heading(lines: list[Line], i: int) -> bool:
    nxt = compact(lines[i + 1].text) if i + 1 < len(lines) else ""
    return (
        len(lines[i].segments) == 1
        and bool(pattern("division", "pattern").match(compact(lines[i].text)))
        and bool(pattern("division", "description").match(nxt))
    )


def read_programs(layout: LayoutSet, fiscal_year: int, ctx: ParseContext | None = None) -> list[Program]:
    """Every programme of the book, read from its page(s), wherever its detail is printed."""
    lines = layout.rows
    detail = in_detail(lines)
    programs: list[Program] = []
    division: str | None = None
    prog: Program | None = None
    state = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        text = compact(ln.text)
        if detail[i]:
            state = None
            i += 1
            continue
        m = pattern("program", "pattern").match(text)
        if m:
            prog = Program(m.group("code"), compact(m.group("name")), division, ln)
            programs.append(prog)
            state = None
        elif _division_heading(lines, i):
            division, prog, state = text, None, None
        elif prog is not None and pattern("objective").match(text):
            state = "objective"
            prog.objective.append(text)
        elif prog is not None and pattern("activities").match(text):
            state = "activities"
            prog.activities.append(text)
        elif prog is not None and pattern("kpi_table", "start").match(text):
            i = _read_table(layout, i, prog, fiscal_year)
            state = None
            continue
        elif prog is not None and state == "objective":
            prog.objective.append(text)
        elif prog is not None and state == "activities":
            prog.activities.append(text)
        i += 1
    return programs


def _ends_table(text: str) -> bool:
    return bool(
        pattern("program", "pattern").match(text)
        or pattern("detail_start").match(text)
        or pattern("objective").match(text)
        or pattern("activities").match(text)
    )


def _has_values(cells: dict[Column, list[str]]) -> bool:
    """A row's line: a unit, or a number or dash under a year."""
    for c, ws in cells.items():
        if c.name == "unit" or re.search(r"\d|^[-–—]$", " ".join(ws)):
            return True
    return False


def _money_key(label: str) -> str | None:
    rows = vocabulary()["money_rows"]
    return next((k for k, pat in rows.items() if k != "_about" and re.match(pat, label)), None)


def _read_table(layout: LayoutSet, i: int, prog: Program, fiscal_year: int) -> int:
    """Read the indicator table starting at line ``i`` (and its continuation pages).

    Returns the index of the first line after it.
    """
    lines = layout.rows
    columns: list[Column] = []
    header: list[Line] = []
    in_header = False
    pending: list[tuple[Line, list[str]]] = []  # label lines without values
    rows: list[tuple[list[Line], list[str], dict[Column, list[str]]]] = []
    while i < len(lines):
        ln = lines[i]
        text = compact(ln.text)
        if _ends_table(text):
            break
        if _is_heading(text) and (in_header or _opens_heading(text)):
            # A heading repeated after a page break starts the columns afresh.
            header = [*header, ln] if in_header else [ln]
            columns = _columns(header, fiscal_year)
            in_header = True
            i += 1
            continue
        in_header = False
        label_words, cells = _assign(ln, columns)
        label = [" ".join(label_words)] if label_words else []  # one text per printed line
        i += 1
        if not _has_values(cells) and not _money_key(compact(" ".join(label))):
            # A wrapped label, or a note under the unit ("(จากจำนวนรายของปีที่ผ่านมา)").
            extra = " ".join(w for _, ws in sorted(cells.items(), key=lambda kv: kv[0].centre) for w in ws)
            pending.append((ln, [t for t in (*label, extra) if t]))
            continue
        if not label and not pending and rows and not _money_key(compact(" ".join(rows[-1][1]))):
            # No label of its own: the rest of the row above (a unit wrapped, "เมตร/" over "ลบ.ม.").
            for c, ws in cells.items():
                rows[-1][2].setdefault(c, []).extend(ws)
            rows[-1][0].append(ln)
            continue
        before: list[tuple[Line, list[str]]] = []
        for p_line, p_label in pending:
            if rows and not before and _belongs_above(layout, rows[-1][0][-1], p_line, ln):
                rows[-1][0].append(p_line)
                rows[-1][1].extend(p_label)
            else:
                before.append((p_line, p_label))
        pending = []
        rows.append(([*(p for p, _ in before), ln], [*(w for _, ws in before for w in ws), *label], cells))
        if _money_key(compact(" ".join(rows[-1][1]))) == "off_budget_baht":
            break
    if pending and rows:  # label lines after the last row: its wrapped rest
        for p_line, p_label in pending:
            rows[-1][0].append(p_line)
            rows[-1][1].extend(p_label)
    elif pending:
        i -= len(pending)  # not the table's: read them again outside it
    keys = [_money_key(compact(thai.text_from_lines(label))) for _, label, _ in rows]
    if "total_baht" not in keys and "budget_baht" in keys:
        # The total row comes right before the budget row; its label can be hidden under
        # an indicator's overflowing text (drawn over it): take it by its place.
        k = keys.index("budget_baht")
        if k > 0 and keys[k - 1] is None:
            keys[k - 1] = "total_baht"
            prog.notes.append(
                f"total row read by its place above เงินงบประมาณ (label printed over: {rows[k - 1][1]})"
            )
    for (row_lines, label, cells), key in zip(rows, keys, strict=True):
        label_text = compact(thai.text_from_lines(label))  # wrapped lines joined as Thai is
        if key is not None:
            plan = next((" ".join(ws) for c, ws in cells.items() if c.name == "plan"), "")
            prog.money[key] = (plan, row_lines[0])
            continue
        unit = next((compact("".join(ws)) for c, ws in cells.items() if c.name == "unit"), None)
        values = {
            c: (c, compact(" ".join(ws)))
            for c, ws in sorted(cells.items(), key=lambda kv: kv[0].centre)
            if c.name != "unit"
        }
        prog.kpis.append((row_lines[0], label_text, unit, values))
    return i


def _belongs_above(layout: LayoutSet, above: Line, line: Line, below: Line) -> bool:
    """Whether a label line without values continues the row above (else starts the one below).

    Ruled tables say it with the rule between rows; unruled ones by which row is closer.
    """
    if line.page != below.page:
        return line.page == above.page
    ruled = layout.rules.get(line.page)
    if ruled:
        x0, x1 = line.x0, line.x1
        if layout.rule_between(line.page, line.bottom - 1, below.top + 1, x0, x1):
            return True
        if line.page == above.page and layout.rule_between(line.page, above.bottom - 1, line.top + 1, x0, x1):
            return False
    gap_above = line.top - above.bottom if above.page == line.page else float("inf")
    gap_below = below.top - line.bottom
    return gap_above < gap_below
