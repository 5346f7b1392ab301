"""Every printed total of a budget book next to the sum of what it totals (stated_totals).

Rows are stated, never corrected: validation compares ``stated_total_baht`` with
``computed_total_baht`` and reports each mismatch with its page and both numbers.
``section`` names what is totalled:

- ``budget_items <item_id>: <program_code> <code> <label>``: a detail line and the sum of
  its priced lines below (only lines that have priced children);
- ``budget_programs <code>: total``: a programme's รวมทั้งสิ้น and its budget plus
  off-budget money; ``budget_programs <code>: detail``: the same total and the amount the
  detailed budget prints on the programme's line;
- ``budget_summary <table> | <row> | <column>``: a summary-table total (a row's รวม
  column, a row over the rows indented under it, a รวม row over the table's rows);
- ``budget_summary district: programmes``: the summary's total of the work-structure
  budget (รวมงบประมาณตามโครงสร้างงาน) and the sum of the programmes' totals.
"""

from __future__ import annotations

from collections import defaultdict

from ...parse.base import ParseContext, ParseResult
from .summary import read_summary, summary_totals
from .words import pattern


def _row(page, section: str, stated: int | None, computed: int | None, count: int | None = None) -> dict:
    return {
        "page": page,
        "section": section[:300],
        "stated_count": None,
        "stated_total_baht": stated,
        "computed_count": count,
        "computed_total_baht": computed,
    }


def state_totals(ctx: ParseContext, result: ParseResult) -> None:
    """Add the book's stated totals to ``result`` (a finishing step of the budget book type)."""
    _item_totals(result)
    _program_totals(result)
    _summary_totals(ctx, result)


def _item_totals(result: ParseResult) -> None:
    items = result.rows.get("budget_items", [])
    children: dict[int, list[dict]] = defaultdict(list)
    for it in items:
        if it["parent_id"] is not None:
            children[it["parent_id"]].append(it)
    for it in items:
        priced = [c for c in children.get(it["item_id"], []) if c["amount_baht"] is not None]
        if it["amount_baht"] is None or not priced:
            continue
        label = " ".join(x for x in (it["program_code"], it["code"], it["label"]) if x)
        result.add(
            "stated_totals",
            _row(
                it["page"],
                f"budget_items {it['item_id']}: {label}",
                it["amount_baht"],
                sum(c["amount_baht"] for c in priced),
                len(priced),
            ),
        )


def _program_totals(result: ParseResult) -> None:
    program_lines = {}
    for it in result.rows.get("budget_items", []):
        if it["level"] == 0 and it["program_code"]:
            program_lines.setdefault(it["program_code"], it)
    for prog in result.rows.get("budget_programs", []):
        code, total = prog["program_code"], prog["total_baht"]
        if total is None:
            continue
        if prog["budget_baht"] is not None:
            money = prog["budget_baht"] + (prog["off_budget_baht"] or 0)
            result.add(
                "stated_totals", _row(prog["page"], f"budget_programs {code}: total", total, money, None)
            )
        line = program_lines.get(code)
        result.add(
            "stated_totals",
            _row(
                prog["page"], f"budget_programs {code}: detail", total, line["amount_baht"] if line else None
            ),
        )


def _summary_totals(ctx: ParseContext, result: ParseResult) -> None:
    tables = read_summary(ctx.tables)  # type: ignore[arg-type]
    seen: dict[str, int] = defaultdict(int)
    for line, section, stated, computed in summary_totals(tables):
        seen[section] += 1
        name = section if seen[section] == 1 else f"{section} #{seen[section]}"
        result.add("stated_totals", _row(line.page, f"budget_summary {name}", stated, computed))
    programs = [
        p["total_baht"] for p in result.rows.get("budget_programs", []) if p["total_baht"] is not None
    ]
    for t in tables:
        for row in t.rows:
            if pattern("summary", "structure_total").match(row.label) and row.cells and programs:
                stated = row.cells.get(t.columns[-1][0]) or next(iter(row.cells.values()))
                result.add(
                    "stated_totals",
                    _row(
                        row.line.page,
                        "budget_summary district: programmes",
                        stated,
                        sum(programs),
                        len(programs),
                    ),
                )
                return
