"""The structural rules of the OKR tables: an ordered registry of named, switchable repairs.

Each rule is a function of what it repairs, registered with a scope that says when it runs:

* ``table``: the grid of one table, before it is read (``(table, log) -> table``);
* ``row``: whether one grid row is a banner, not a KR row (``(table, r, log) -> issue | None``);
* ``block``: a KR block next to the block before it, before its levels are named
  (``(prev, cur, log) -> None``);
* ``units``: all KRs of the document once read (``(units, known, log) -> None``).

A rule is switched on or off in ``pipeline/data/okr.json`` (``"rules": {name: bool}``;
a rule not listed is on).  Every change a rule makes is logged to ``text_repairs`` as
rule ``okr.<name>`` with the page and the text before and after, so the report shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ...records import Cell, Table, TextChange
from ...vocabulary import okr_words
from ..base import ParseContext
from ..lists import clean, squash
from .cells import (
    ISSUE_CODE,
    SUPER_OKR_CODE,
    has_value,
    is_district,
    join,
    known_kr,
    opens_with_marker,
    starts_agency,
    starts_project,
    value_starts,
)

# Columns whose blank cell at the top of a page continues the cell above.
CARRY_FIELDS = ("super_okr", "super_okr_target", "lead_agency", "kr")
# Name columns whose text a page break may cut inside a bracket.
BRACKET_FIELDS = ("super_okr", "kr")
# Logged texts are cut to this many characters.
LOG_TEXT = 160


@dataclass(frozen=True)
class Rule:
    """A named structural rule and the scope it runs in."""

    name: str
    scope: str
    apply: Callable
    about: str


RULES: list[Rule] = []


def rule(name: str, scope: str) -> Callable:
    """Register a rule under ``name``, in definition order."""

    def register(fn: Callable) -> Callable:
        RULES.append(Rule(name, scope, fn, (fn.__doc__ or "").strip().split("\n")[0]))
        return fn

    return register


def enabled(name: str) -> bool:
    """Whether a rule is switched on in ``data/okr.json`` (on unless listed as false)."""
    return bool(okr_words().rule(name))


class RuleLog:
    """Writes one rule's changes to the document's text repairs."""

    def __init__(self, ctx: ParseContext, name: str) -> None:
        self.ctx, self.name = ctx, name

    def __call__(self, page: int, before: str, after: str) -> None:
        self.ctx.changes.append(TextChange(page, f"okr.{self.name}", before[:LOG_TEXT], after[:LOG_TEXT]))


def active(scope: str) -> list[Rule]:
    """The switched-on rules of one scope, in order."""
    return [r for r in RULES if r.scope == scope and enabled(r.name)]


def run_table_rules(ctx: ParseContext, table: Table) -> Table:
    """The table after every switched-on table rule."""
    for r in active("table"):
        table = r.apply(table, RuleLog(ctx, r.name))
    return table


# --- table rules ------------------------------------------------------------------------------


@rule("kr_line_in_wrong_column", "table")
def kr_line_in_wrong_column(table: Table, log: RuleLog) -> Table:
    """A KR line typed some columns too far left is put back under its headings.

    A row whose agency cell is blank, whose rightmost filled cell (left of the agency
    column) starts an agency and whose cell before that holds a value, is a KR line
    drawn shifted ("… | ร้อยละ 80 | สำนักงานเขต (R) | | |"): its cells move right so the
    agency lands in the agency column, and the columns it leaves carry the cells above
    (the line belongs to the block above).
    """
    acol = table.columns.get("kr_agency")
    if acol is None:
        return table
    grid = [list(row) for row in table.rows]
    for r in range(1, len(grid)):
        row, above = grid[r], grid[r - 1]

        def new(c: int, row=row, above=above) -> Cell | None:
            cell = row[c]
            return cell if cell is not None and cell is not above[c] and cell.text.strip() else None

        if new(acol) is not None:
            continue
        filled = [c for c in range(len(row)) if new(c) is not None]
        if not filled or filled[-1] >= acol or filled[-1] < 1:
            continue
        j = filled[-1]
        value = new(j - 1)
        if not starts_agency(new(j).text) or value is None or not has_value(value.text):
            continue
        shift = acol - j
        log(new(j).page, " | ".join(row[c].text for c in filled), f"moved {shift} columns right")
        moved = {c + shift: row[c] for c in filled}
        for c in range(len(row)):
            if c in moved:
                row[c] = moved[c]
            elif c < acol and above[c] is not None:
                row[c] = above[c]  # a vacated column: the block above goes on
    return replace(table, rows=grid)


def _page_top(grid: list[list[Cell | None]], r: int) -> bool:
    """Whether row ``r`` is the first row of a page: its new cells all lie on a later page than
    the row above (checked on the grid as mended so far), and it is no banner row."""
    width = len(grid[0]) if grid else 0
    new = [c for i, c in enumerate(grid[r]) if c is not None and c is not grid[r - 1][i]]
    old = [c for c in grid[r - 1] if c is not None]
    if not new or not old or min(c.page for c in new) <= max(c.page for c in old):
        return False
    first = grid[r][0]
    return not (first is not None and first.colspan >= width - 1)


def _starts_new_line(table: Table, grid: list[list[Cell | None]], r: int) -> bool:
    """Whether a page-top row starts a KR line of its own (its agency cell starts an agency).

    A project cell there that starts no project is the rest of the list above: no new line.
    """
    col = table.columns.get("kr_agency")
    agency = grid[r][col] if col is not None else None
    starts = (
        agency is not None
        and agency is not grid[r - 1][col]
        and bool(agency.text.strip())
        and starts_agency(agency.text)
    )
    pcol = table.columns.get("project")
    project = grid[r][pcol] if pcol is not None else None
    if project is not None and project is not grid[r - 1][pcol] and project.text.strip():
        starts = starts and starts_project(project.text)
    return starts


def _merge_up(grid: list[list[Cell | None]], r: int, i: int, log: RuleLog) -> None:
    """The cell at (r, i) joined to the cell above it, the same object everywhere both were."""
    below, above = grid[r][i], grid[r - 1][i]
    if below is None or above is None or below is above:
        return
    merged = replace(above, text=join([above.text, below.text]), lines=list(above.lines) + list(below.lines))
    if below.text.strip():
        log(below.page, f"{above.text} | {below.text}", merged.text)
    for row in grid:
        for j, cell in enumerate(row):
            if cell is above or cell is below:
                row[j] = merged


@rule("rows_cut_by_page_break", "table")
def rows_cut_by_page_break(table: Table, log: RuleLog) -> Table:
    """A page-top row that starts no KR line of its own continues the row above, every cell of it."""
    grid = [list(row) for row in table.rows]
    for r in range(1, len(grid)):
        if not _page_top(grid, r):
            continue
        if not _starts_new_line(table, grid, r):
            for i in range(len(grid[r])):
                _merge_up(grid, r, i, log)
    return replace(table, rows=grid)


@rule("values_carried_down", "table")
def values_carried_down(table: Table, log: RuleLog) -> Table:
    """Blank page-top cells of the spanning columns (Super OKR, its target, lead agency, KR)
    continue the cells above; so does a Super OKR cell that opens with no code."""
    grid = [list(row) for row in table.rows]
    carry = {table.columns[f] for f in CARRY_FIELDS if f in table.columns}
    scol = table.columns.get("super_okr")
    for r in range(1, len(grid)):
        if not _page_top(grid, r):
            continue
        for i in sorted(carry):
            below = grid[r][i]
            if below is None or below is grid[r - 1][i]:
                continue
            if not below.text.strip() or (i == scol and not SUPER_OKR_CODE.match(clean(below.text))):
                _merge_up(grid, r, i, log)
    return replace(table, rows=grid)


@rule("text_cut_inside_brackets", "table")
def text_cut_inside_brackets(table: Table, log: RuleLog) -> Table:
    """A page-top name cell (Super OKR, KR) that closes a bracket the cell above left open
    is the rest of that cell: the page break fell inside the name."""
    grid = [list(row) for row in table.rows]
    cols = sorted(table.columns[f] for f in BRACKET_FIELDS if f in table.columns)
    for r in range(1, len(grid)):
        if not _page_top(grid, r):
            continue
        for i in cols:
            above, below = grid[r - 1][i], grid[r][i]
            if above is None or below is None or above is below:
                continue
            if _open_brackets(above.text) > 0 and _closes_first(below.text):
                _merge_up(grid, r, i, log)
    return replace(table, rows=grid)


def _open_brackets(text: str) -> int:
    """How many brackets a text leaves open at its end."""
    depth = 0
    for ch in text:
        depth = depth + 1 if ch == "(" else max(0, depth - 1) if ch == ")" else depth
    return depth


def _closes_first(text: str) -> bool:
    """Whether a text closes a bracket before it opens one (it goes on inside a bracket)."""
    close, open_ = text.find(")"), text.find("(")
    return close >= 0 and (open_ < 0 or close < open_)


# --- row rules --------------------------------------------------------------------------------


@rule("banner_rows", "row")
def banner_rows(table: Table, r: int, log: RuleLog) -> tuple[str, str] | None:
    """A row one cell spans whole that opens with the issue marker names a development issue
    ("ประเด็นการพัฒนา 1.1 …"): it sets the issue of the KRs below and is no KR row.

    The marker is recognised through OCR noise (``opens_with_marker``): a scan's banner read
    "ะ. ประเด็นการพัฒนา 1.4 …" or "ประเด็นการพั7,ฒ นา 3.2 …" was taken for a KR row, which
    shifted every okr budget after it."""
    width = len(table.rows[0]) if table.rows else 0
    first = table.rows[r][0]
    if first is None or first.colspan < width - 1:
        return None
    if not opens_with_marker(first.text, okr_words().issue_marker):
        return None
    text = clean(first.text)
    m = ISSUE_CODE.search(text)
    code = m.group(1) if m else ""
    name = text[m.end() :].strip() if m else text
    if first.row == r:
        log(first.page, text, f"issue {code}")
    return code, name


# --- block rules ------------------------------------------------------------------------------


@rule("district_line_before_own_kr", "block")
def district_line_before_own_kr(prev, cur, log: RuleLog) -> None:
    """District lines drawn in a KR's rows before that KR's own BMA line belong to the KR above."""
    if not cur.lines or all(is_district(ln.agency) for ln in cur.lines):
        return
    while cur.lines and is_district(cur.lines[0].agency):
        moved = cur.lines.pop(0)
        moved.kr_name = prev.district_name
        prev.lines.append(moved)
        before = f"{moved.agency} {moved.target} under '{cur.kr_name[:60]}'"
        log(moved.page, before, f"under '{prev.district_name[:60]}'")


@rule("target_in_kr_column", "block")
def target_in_kr_column(prev, cur, log: RuleLog) -> None:
    """A KR line whose target was typed into the KR column: the value is its target and the
    KR is the one above."""
    if not cur.lines or any(ln.target for ln in cur.lines) or value_starts(cur.kr_name)[:1] != [0]:
        return
    for ln in cur.lines:
        ln.target = cur.kr_name
    log(cur.lines[0].page, f"KR '{cur.kr_name}'", f"target '{cur.kr_name}' of KR '{prev.district_name[:60]}'")
    cur.kr_name = prev.district_name


@rule("projects_shared_with_kr_above", "block")
def projects_shared_with_kr_above(prev, cur, log: RuleLog) -> None:
    """A KR without a project of its own serves the projects of the KR above."""
    if cur.projects or not prev.projects:
        return
    cur.projects = prev.projects
    page = cur.kr_cell.page if cur.kr_cell is not None else 0
    log(page, f"KR '{cur.kr_name[:60]}' without projects", f"{len(prev.projects)} projects of the KR above")


# --- document rules ---------------------------------------------------------------------------


@rule("district_line_under_sibling_kr", "units")
def district_line_under_sibling_kr(units: list, known: list[tuple[str, str]], log: RuleLog) -> None:
    """District lines printed under a sibling KR moved to the KR they measure.

    The evaluation tables list the district's own KRs with their targets.  A KR of one
    Super OKR that is one of them but shows no district line has its line printed under
    another KR of the Super OKR: the line whose target is that KR's target moves to it,
    taken from a KR whose own target it is not, else from one with more district lines
    than one (its last such line).  A line named on its own ("(1) …") stays.
    """
    groups: list[list] = []
    for u in units:
        if groups and groups[-1][0].super_code == u.super_code:
            groups[-1].append(u)
        else:
            groups.append([u])
    for group in groups:
        own = [known_kr(u.district_name, known) for u in group]
        for ci, c in enumerate(group):
            if own[ci] is None or any(is_district(ln.agency) for ln in c.lines):
                continue
            want = known[own[ci]][1]
            best = None
            for bi, b in enumerate(group):
                mine = [ln for ln in b.lines if is_district(ln.agency) and ln.kr_name == b.district_name]
                if b is c:
                    continue
                for k, ln in enumerate(mine):
                    if not want or squash(ln.target) != want:
                        continue
                    fits_own = own[bi] is not None and known[own[bi]][1] == want
                    if fits_own and len(mine) < 2:
                        continue
                    rank = (not fits_own, k)
                    if best is None or rank > best[0]:
                        best = (rank, b, ln)
            if best is not None:
                _, b, ln = best
                b.lines[:] = [x for x in b.lines if x is not ln]  # by identity: equal lines may repeat
                before = f"{ln.agency} {ln.target} under '{ln.kr_name[:60]}'"
                log(ln.page, before, f"under '{c.district_name[:60]}'")
                ln.kr_name = c.district_name
                c.lines.append(ln)


def split_agencies(text: str) -> list[str]:
    """Two agencies wrapped onto one line ("สำนักการระบายน้ำ สำนักงานเขต (R)") cut apart."""
    starts = "|".join(re.escape(w) for w in okr_words().agency_starts)
    return re.split(rf"\s+(?={starts})", text)
