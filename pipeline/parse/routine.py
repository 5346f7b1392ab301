"""Routine projects: "บัญชีโครงการ/กิจกรรมประจำพื้นฐาน" joined with the work groups of
"ส่วนที่ 3 งานประจำพื้นฐาน".

The numbered list (kind ``routine_list``) gives seq, name, budget and division;
the Part-3 table (kind ``routine_groups``) numbers projects per work group (งาน)
under a merged group cell.  A list project takes the work group of the group
item whose name is most alike (rapidfuzz; equal amounts break ties), never of
the item at the same position.  Without a list, the group items alone are the
projects, numbered in order.  Printed totals ("รวม 47 โครงการ 148,449,240") and the
sentence under the list become the ``stated_totals`` row; yearly amounts of a
multi-year project become ``budgets`` rows (section ``routine``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..records import BBox, Table
from .amounts import flag_budget_cell, flag_copies
from .base import ParseContext, Parser, ParseResult, cell_at, cell_text, parse_amount
from .lists import (
    Budget,
    Stated,
    count_in,
    is_total_text,
    list_rows,
    match_note,
    next_table_start,
    parse_budget,
    split_divisions,
    split_remark,
    squash,
    stated_after,
    table_end,
)

LIST_KIND = "routine_list"
GROUPS_KIND = "routine_groups"
# The fields a list row is read from.
LIST_FIELDS = ("seq", "project_name", "budget", "division")
TABLE = "routine_projects"
# A list project and a group item are the same project at or above this name similarity.
JOIN_MATCH = 70
# Added to the similarity when the two print the same amount (breaks near-ties like "ซอย 1"/"ซอย 2").
SAME_AMOUNT_BONUS = 5
# A group item's number: "12. โครงการ…" or "12 โครงการ…".
ITEM_NUMBER = re.compile(r"^\s*(\d+)\s*(?:\.\s*|\s+(?=\D))")


@dataclass
class Item:
    """One project as one of the two tables prints it."""

    name: str  # as printed, remark and item number removed
    remark: str | None
    budget_text: str
    division_text: str
    page: int
    bbox: BBox | None
    budget_page: int | None = None  # where the budget cell is (the flagged cell of a bad amount)
    budget_bbox: BBox | None = None
    seq: int | None = None  # the list's number
    number: int | None = None  # the number within a work group
    work_group: str | None = None
    work_group_page: int | None = None
    lines: list[str] = field(default_factory=list)  # raw project-cell texts (a split row has two)
    match: Item | None = None  # the same project in the other table


class RoutineParser(Parser):
    """routine_projects rows, their ``budgets`` (section routine) and ``stated_totals``."""

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        """Read the routine list and the work-group tables of the document and join them."""
        lists, groups = ctx.of_kind(LIST_KIND), ctx.of_kind(GROUPS_KIND)
        if not lists and not groups:
            return
        if ctx.doc.fiscal_year is None:
            ctx.reject(
                "fiscal year unknown: amounts without a printed year get no budgets row",
                "",
                None,
                None,
                TABLE,
            )
        group_items: list[Item] = []
        stated: list[Stated] = []
        for table in groups:
            stated.extend(_group_items(ctx, table, group_items))
        list_items: list[Item] = []
        for table in lists:
            stated.extend(_list_items(ctx, table, list_items))
        if list_items:
            _join(ctx, list_items, group_items)
            projects = list_items
        else:
            projects = group_items
            for i, item in enumerate(projects, start=1):
                item.seq = i
        fy = ctx.doc.fiscal_year
        total = 0
        for item, other in ((p, p.match) for p in projects):
            budget = parse_budget(item.budget_text, fy)
            _flag_amounts(ctx, item, other, budget)
            if budget.amount is None and not budget.yearly and other is not None:
                budget = parse_budget(other.budget_text, fy)
            name = ctx.text(item.name, item.page, TABLE, "project_name")
            note = _note(item, other, budget)
            divisions = split_divisions(item.division_text) or (
                split_divisions(other.division_text) if other is not None else []
            )
            work_group = item.work_group if item.work_group else (other.work_group if other else None)
            wg_page = item.work_group_page or (other.work_group_page if other else None) or item.page
            out.add(
                TABLE,
                {
                    "page": item.page,
                    "seq": item.seq,
                    "work_group": ctx.text(work_group, wg_page, TABLE, "work_group"),
                    "project_name": name,
                    "budget_baht": budget.amount,
                    "budget_note": ctx.text(note, item.page, TABLE, "budget_note"),
                    "division": " ".join(divisions) or None,
                    "bbox": list(item.bbox) if item.bbox else None,
                },
            )
            total += budget.amount or 0
            for year, amount in budget.yearly.items():
                out.add(
                    "budgets",
                    {
                        "page": item.page,
                        "section": "routine",
                        "seq": item.seq,
                        "project_name": name,
                        "budget_year": year,
                        "amount_baht": amount,
                    },
                )
        final = _agree(ctx, stated, {"count": len(projects), "amount": total})
        out.add(
            "stated_totals",
            {
                "page": final.page if final.page is not None else (lists or groups)[-1].pages[-1],
                "section": TABLE,
                "stated_count": final.count,
                "stated_total_baht": final.amount,
                "computed_count": len(projects),
                "computed_total_baht": total,
            },
        )


def _flag_amounts(ctx: ParseContext, item: Item, other: Item | None, budget: Budget) -> None:
    """Flag the project's amount where its cell, or its copy in the other table, disagrees."""
    page, bbox = item.budget_page or item.page, item.budget_bbox or item.bbox
    flag_budget_cell(ctx, budget, item.budget_text, page, bbox, TABLE)
    if other is not None:
        theirs = parse_budget(other.budget_text, ctx.doc.fiscal_year)
        flag_copies(ctx, budget, theirs, item.budget_text, "the work-group table", page, bbox, TABLE)


def _note(item: Item, other: Item | None, budget: Budget) -> str | None:
    """The budget note: a remark in the project cell (either table), else the budget cell's note."""
    for remark in (item.remark, other.remark if other is not None else None):
        if remark:
            return match_note(remark)
    return budget.note if budget.amount is None else None


def _stated_row(table: Table, r: int, labels: list[str], page: int) -> Stated:
    return Stated(
        count=next((count_in(t) for t in labels if count_in(t) is not None), None),
        amount=parse_amount(cell_text(table, r, "budget")),
        page=page,
    )


def _stated_text(ctx: ParseContext, table: Table) -> Stated:
    end = table_end(table)
    return stated_after(ctx.tables.lines, end, next_table_start(ctx.tables.tables, end))


def _list_items(ctx: ParseContext, table: Table, items: list[Item]) -> list[Stated]:
    """Items of the numbered list; returns what its total row and the text under it state."""
    found, in_table = list_rows(ctx, table, LIST_FIELDS, TABLE)
    for row in found:
        cell = row.text("project_name")
        name, remark = split_remark(cell)
        if not name:
            ctx.reject("routine project without a name", row.raw, row.page, row.bbox, TABLE)
            continue
        budget_cell = next(iter(row.cells.get("budget", [])), None)
        items.append(
            Item(
                name=name,
                remark=remark,
                budget_text=row.text("budget"),
                division_text=row.text("division"),
                page=row.page,
                bbox=row.bbox,
                budget_page=budget_cell.page if budget_cell else None,
                budget_bbox=budget_cell.bbox if budget_cell else None,
                seq=row.seq,
                lines=[cell],
            )
        )
    return [in_table, _stated_text(ctx, table)]


def _group_items(ctx: ParseContext, table: Table, items: list[Item]) -> list[Stated]:
    """Items of the work-group table, rows split by a page break rejoined.

    The work group is carried down over blank group cells (a group's merged cell may
    be drawn as several cells).  A row whose project cell does not start with the
    next item number, on a new page (or without an amount), continues the item above.
    """
    stated: list[Stated] = []
    work_group, wg_page = None, None
    first_item = len(items)
    for r in range(len(table.rows)):
        wg_cell = cell_at(table, r, "work_group")
        project = cell_at(table, r, "project_name")
        text = project.text if project is not None else ""
        labels = [wg_cell.text if wg_cell is not None else "", text]
        # "รวม" in the group column, or "47 โครงการ" alone; a project named "รวม…" has its number.
        total = is_total_text(labels[0]) or count_in(text) is not None
        if total or (is_total_text(text) and not ITEM_NUMBER.match(text)):
            stated.append(_stated_row(table, r, labels, project.page if project else table.pages[-1]))
            continue
        if wg_cell is not None and wg_cell.text.strip():
            work_group, wg_page = wg_cell.text, wg_cell.page
        if not text.strip():
            continue
        m = ITEM_NUMBER.match(text)
        number = int(m.group(1)) if m else None
        budget_text = cell_text(table, r, "budget")
        budget_cell = cell_at(table, r, "budget")
        prev = items[-1] if len(items) > first_item else None
        if prev is not None and prev.number is not None and number not in (prev.number + 1, 1):
            if project.page != prev.page or not budget_text.strip():
                prev.lines.append(text)
                prev.name, prev.remark = split_remark(_strip_number(" ".join(prev.lines)))
                prev.budget_text = f"{prev.budget_text} {budget_text}".strip()
                prev.division_text = prev.division_text or cell_text(table, r, "division")
                continue
        name, remark = split_remark(_strip_number(text))
        items.append(
            Item(
                name=name,
                remark=remark,
                budget_text=budget_text,
                division_text=cell_text(table, r, "division"),
                page=project.page,
                bbox=project.bbox,
                budget_page=budget_cell.page if budget_cell else None,
                budget_bbox=budget_cell.bbox if budget_cell else None,
                number=number,
                work_group=work_group,
                work_group_page=wg_page,
                lines=[text],
            )
        )
    stated.append(_stated_text(ctx, table))
    return stated


def _strip_number(text: str) -> str:
    return ITEM_NUMBER.sub("", text, count=1)


def _join(ctx: ParseContext, list_items: list[Item], group_items: list[Item]) -> None:
    """Give each list project the work group of its most alike group item (each used once)."""
    if not group_items:
        return
    fy = ctx.doc.fiscal_year
    amounts = [parse_budget(g.budget_text, fy).amount for g in group_items]
    pairs = []
    for i, item in enumerate(list_items):
        a = squash(item.name)
        amount = parse_budget(item.budget_text, fy).amount
        for j, g in enumerate(group_items):
            score = fuzz.ratio(a, squash(g.name))
            if amount is not None and amount == amounts[j]:
                score += SAME_AMOUNT_BONUS
            pairs.append((score, -i, -j, i, j))
    used_i: set[int] = set()
    used_j: set[int] = set()
    for score, _, _, i, j in sorted(pairs, reverse=True):
        if score < JOIN_MATCH or i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        item, g = list_items[i], group_items[j]
        item.work_group, item.work_group_page = g.work_group, g.work_group_page
        item.match = g
    for i, item in enumerate(list_items):
        if i not in used_i:
            ctx.reject(
                "routine project not found in the work-group table", item.name, item.page, item.bbox, TABLE
            )
    for j, g in enumerate(group_items):
        if j not in used_j:
            ctx.reject("work-group item not found in the routine list", g.name, g.page, g.bbox, TABLE)


def _agree(ctx: ParseContext, stated: list[Stated], computed: dict[str, int]) -> Stated:
    """One stated count/total from the sources that state them; a disagreement is recorded.

    Where the copies disagree (a scan's "47" read "67" in one of them), the copy that equals
    what the rows add up to (``computed``) is taken: two printed figures, one confirmed by
    the rows; else the first.
    """
    final = Stated()
    for what in ("count", "amount"):
        values = [(getattr(s, what), s.page) for s in stated if getattr(s, what) is not None]
        if not values:
            continue
        value, page = next((v for v in values if v[0] == computed.get(what)), values[0])
        setattr(final, what, value)
        final.page = final.page if final.page is not None else page
        if len({v for v, _ in values}) > 1:
            ctx.reject(
                f"stated {what}s disagree: {sorted({v for v, _ in values})}", "", values[0][1], None, TABLE
            )
    return final
