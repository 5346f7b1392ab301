"""Building the levels of an OKR table: KR blocks, their lines and projects, and named KRs.

A *KR block* is the grid rows one KR-name cell spans.  Inside a block the agency cells
are cut into agencies where a line starts an agency name (a stacked "สำนักเทศกิจ /
สำนักงานเขต (R)" is two KR lines), the targets are paired with the agencies in order
(a cell stacking two values is cut at its value starts), and every KR line gives one row
per project of the block (a cell listing "1. … 2. …" is several projects, with the
budgets and divisions kept aligned).  The Super OKR a block sits under, the issue and
the strategy come from the cells spanning it, the banner rows above it and the
document's headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...records import BBox, Cell, Table
from ...vocabulary import list_words, okr_words
from ..base import ParseContext, Row
from ..krs import split_numbered
from ..lists import clean, split_divisions, squash
from .cells import (
    SUPER_OKR_CODE,
    agency_form,
    covering,
    cut_kr_name,
    is_district,
    join,
    lines_of,
    rejoin_digits,
    split_budgets,
    split_kr_items,
    split_targets,
    starts_agency,
)


@dataclass
class Line:
    """One KR line: an agency with its target (BMA or district level)."""

    agency: str
    target: str = ""
    page: int = 0
    top: float = 0.0
    kr_name: str = ""


@dataclass
class Block:
    """The grid rows of one KR-name cell, what they hold, and the KR names read from it."""

    rows: list[int]
    kr_cell: Cell | None
    lines: list[Line] = field(default_factory=list)
    projects: list = field(default_factory=list)  # (name, amount, note, divisions)
    kr_name: str = ""  # the KR cell's text, cleaned
    bma_name: str = ""
    district_name: str = ""


@dataclass
class Unit:
    """The KR lines of one KR with what they share: one row per line and project."""

    common: dict
    lines: list[Line]
    projects: list
    page: int
    bbox: BBox | None
    super_code: str | None
    district_name: str


def kr_blocks(table: Table, rows: list[int]) -> list[Block]:
    """The KR blocks of some grid rows: consecutive rows under one KR-name cell."""
    blocks: list[Block] = []
    current: Block | None = None
    for r in rows:
        kr = covering(table, r, "kr")
        if current is None or kr is not current.kr_cell:
            current = Block(rows=[r], kr_cell=kr, kr_name=clean(kr.text if kr else ""))
            blocks.append(current)
        else:
            current.rows.append(r)
    return blocks


def fill(ctx: ParseContext, table: Table, block: Block) -> None:
    """Agencies, targets and projects of one block."""
    agencies: list[list[tuple[str, BBox, int]]] = []
    targets: list[tuple[list[str], int, float]] = []  # lines, page, top
    seen: set[int] = set()
    for r in block.rows:
        cell = covering(table, r, "kr_agency")
        if cell is not None and id(cell) not in seen:
            seen.add(id(cell))
            for line in lines_of(cell):
                if agencies and not starts_agency(line[0]):
                    agencies[-1].append(line)  # the wrapped rest of the agency above
                else:
                    agencies.append([line])
        tcell = covering(table, r, "kr_target")
        if tcell is not None and id(tcell) not in seen and tcell.text.strip():
            seen.add(id(tcell))
            targets.append(([t for t, _ in tcell.lines] or [tcell.text], tcell.page, tcell.bbox[1]))
    from .rules import split_agencies

    lines: list[Line] = []
    for a in agencies:
        for name in split_agencies(join([t for t, _, _ in a])):
            lines.append(Line(agency=agency_form(name), page=a[0][2], top=a[0][1][1]))
    block.lines = lines
    _pair_targets(lines, targets)
    _fill_projects(ctx, table, block, seen)


def _pair_targets(lines: list[Line], targets: list[tuple[list[str], int, float]]) -> None:
    """Targets paired with the agencies in order: one each, else stacked values cut."""
    texts = [join(t) for t, _, _ in targets]
    if len(texts) < len(lines) and texts:
        cut: list[str] = []
        remaining = len(lines)
        for i, t in enumerate(texts):
            need = remaining - (len(texts) - i - 1)
            parts = split_targets(targets[i][0], need) if need > 1 else None
            if parts is None:
                parts = [t]
            cut.extend(parts)
            remaining -= len(parts)
        texts = cut
    for i, line in enumerate(lines):
        line.target = rejoin_digits(texts[i] if i < len(texts) else (texts[-1] if texts else ""))


def _fill_projects(ctx: ParseContext, table: Table, block: Block, seen: set[int]) -> None:
    """Projects of a block with their budgets and divisions aligned."""
    names: list[str] = []
    budget_text: list[str] = []
    division_text: list[str] = []
    for r in block.rows:
        for fname, bucket in (("project", names), ("budget", budget_text), ("divisions", division_text)):
            cell = covering(table, r, fname)
            if cell is not None and id(cell) not in seen and cell.text.strip():
                seen.add(id(cell))
                bucket.append(cell.text)
    projects = split_numbered(join(names)) if names else []
    budgets = split_budgets(" ".join(budget_text))
    page = block.kr_cell.page if block.kr_cell is not None else table.pages[0]
    # "ฝ่ายโยธา/ฝ่ายเทศกิจ": a slash separates units like a line break does.
    division_raw = " ".join(division_text).replace("/", " ")
    divisions = split_divisions(ctx.text(division_raw, page, "okr_rows", "divisions"))
    for i, name in enumerate(projects):
        if len(budgets) == len(projects):
            amount, note = budgets[i]
        elif budgets:
            amount, note = budgets[0]
        else:
            amount, note = None, None
        block.projects.append((name, amount, note, divisions))


def name_levels(block: Block, known: list[str]) -> None:
    """The BMA and the district KR name of a block; numbered district names go to their lines.

    A cell may print the BMA name and then the district's own (found by the district KR
    names of the evaluation tables), and the district part may list numbered names
    ("(1) … (2) …"), one per district line.  Lines already named (moved from another KR)
    keep their name.
    """
    own = [ln for ln in block.lines if not ln.kr_name]
    block.bma_name, block.district_name = level_names(block.kr_name, own, known)
    for ln in own:
        ln.kr_name = ln.kr_name or (block.district_name if is_district(ln.agency) else block.bma_name)


def level_names(kr_name: str, lines: list[Line], known: list[str]) -> tuple[str, str]:
    """The BMA and district names of a KR cell; numbered district names set on their lines."""
    bma_name = district_name = kr_name
    levels = {is_district(ln.agency) for ln in lines}
    cut = cut_kr_name(kr_name, known) if levels == {True, False} else None
    if cut is not None:
        bma_name, district_name = cut
    districts = [ln for ln in lines if is_district(ln.agency) and not ln.kr_name]
    items = split_kr_items(district_name, len(districts))
    if items is not None:
        head, names = items
        if head and cut is None:
            bma_name = head
        for ln, name in zip(districts, names, strict=True):
            ln.kr_name = name
    return bma_name, district_name


@dataclass
class SuperOkr:
    """The Super OKR cells spanning a block (carried to the blocks below while the code holds)."""

    code: str | None = None
    name: str | None = None
    target: str = ""
    lead: str = ""


def super_okr_of(table: Table, block: Block, above: SuperOkr | None) -> SuperOkr:
    """The Super OKR a block sits under: its own cells, else the one above goes on."""
    r0 = block.rows[0]
    cell = covering(table, r0, "super_okr")
    text = clean(cell.text if cell else "")
    m = SUPER_OKR_CODE.match(text)
    code = m.group(1) if m else (above.code if above else None)
    name = text[m.end() :] if m else (above.name if above else None)
    tcell = covering(table, r0, "super_okr_target")
    target = rejoin_digits(clean(tcell.text)) if tcell else ""
    lead_cell = covering(table, r0, "lead_agency")
    lead = agency_form(lead_cell.text) if lead_cell and lead_cell.text.strip() else ""
    if above is not None and code == above.code:
        # A blank merged cell left over from a page break: the Super OKR's values go on.
        target, lead = target or above.target, lead or above.lead
    return SuperOkr(code, name, target, lead)


# --- strategies ---------------------------------------------------------------------------------


def summary_names(ctx: ParseContext) -> list[str]:
    """Strategy names of the summary table (one row per strategy, in order), total row left out."""
    names: list[str] = []
    totals = tuple(squash(m) for m in list_words().total_markers)  # the total row
    for table in ctx.tables.tables:
        if table.kind != "strategy_summary" or "strategy" not in table.columns:
            continue
        for r in range(len(table.rows)):
            cell = covering(table, r, "strategy")
            text = clean(cell.text if cell else "")
            if text and not squash(text).startswith(totals):
                names.append(text)
    return names


def strategy_title(ctx: ParseContext, table: Table) -> str | None:
    """The strategy title printed last before the table ("ยุทธศาสตร์ด้านเดินทางดี")."""
    marker = squash(okr_words().strategy_marker)
    start = (table.pages[0], table.bbox[1])
    title = None
    for ln in ctx.tables.lines:
        if (ln.page, ln.bbox[1]) >= start:
            break
        if squash(ln.text).startswith(marker) and ln.page >= table.pages[0] - 1:
            title = clean(ln.text)
    return title


def strategy_name(no: int, title: str | None, summary: list[str]) -> str | None:
    """A strategy's name: from the summary table's row ``no``, else from the title above its table."""
    start = okr_words().strategy_name_start
    marker = squash(okr_words().strategy_marker)
    if 1 <= no <= len(summary):
        name = re.sub(r"\s+", "", summary[no - 1])
        name = name[len(marker) :] if name.startswith(marker) else name
        return name if name.startswith(start) else start + name
    if title:
        s = title.replace(" ", "")
        pos = s.find(start)
        return s[pos:] if pos >= 0 else s
    return None


def emit_rows(ctx: ParseContext, unit: Unit) -> list[Row]:
    """One okr_rows row per KR line and project of a unit."""
    rows: list[Row] = []
    page = unit.page
    for ln in unit.lines:
        level = "district" if is_district(ln.agency) else "bma"
        for name, amount, note, divisions in unit.projects or [(None, None, None, [])]:
            rows.append(
                {
                    "page": page,
                    **unit.common,
                    "kr_name": ctx.text(ln.kr_name, page, "okr_rows", "kr_name"),
                    "kr_target": ctx.text(ln.target, page, "okr_rows", "kr_target"),
                    "kr_agency": ctx.text(ln.agency, page, "okr_rows", "kr_agency"),
                    "level": level,
                    "project_name": ctx.text(name, page, "okr_rows", "project_name"),
                    "budget_baht": amount,
                    "budget_note": note if amount is None else None,
                    "divisions": list(divisions),
                    "bbox": list(unit.bbox) if unit.bbox else None,
                }
            )
    return rows
