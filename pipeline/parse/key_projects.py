"""Key projects: the ranked list "โครงการ/กิจกรรมสำคัญตามแผนปฏิบัติราชการกรุงเทพมหานคร".

One row per numbered project; the printed total row and the sentence under the
table ("รวมจำนวน...71...โครงการ/กิจกรรม จำนวนเงินทั้งสิ้น...16,867,765...บาท") are
not projects: they become the list's ``stated_totals`` row.  Each project with
money also gives ``budgets`` rows (section ``key``).
"""

from __future__ import annotations

from ..records import Table
from .amounts import flag_budget_cell
from .base import ParseContext, Parser, ParseResult, Row
from .lists import (
    KR_CODE_DIGITS,
    Stated,
    kr_code,
    list_rows,
    next_table_start,
    parse_budget,
    policy_codes,
    split_divisions,
    stated_after,
    table_end,
)

KIND = "key_projects"
# The fields a key-project row is read from.
FIELDS = ("seq", "project_name", "budget", "divisions", "kr_code", "policy_codes")


class KeyProjectsParser(Parser):
    """key_projects rows, their ``budgets`` (section key) and ``stated_totals`` (key_projects)."""

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        """Read every key-project table of the document (usually one, joined over pages)."""
        tables = ctx.of_kind(KIND)
        if not tables:
            return
        if ctx.doc.fiscal_year is None:
            ctx.reject(
                "fiscal year unknown: amounts without a printed year get no budgets row", "", None, None, KIND
            )
        rows: list[Row] = []
        stated = Stated()
        for table in tables:
            stated = _merge_stated(stated, self._table(ctx, table, rows))
        for row in rows:
            yearly = row.pop("_yearly")
            out.add("key_projects", row)
            for year, amount in yearly.items():
                out.add(
                    "budgets",
                    {
                        "page": row["page"],
                        "section": "key",
                        "seq": row["seq"],
                        "project_name": row["project_name"],
                        "budget_year": year,
                        "amount_baht": amount,
                    },
                )
        out.add(
            "stated_totals",
            {
                "page": stated.page if stated.page is not None else tables[-1].pages[-1],
                "section": "key_projects",
                "stated_count": stated.count,
                "stated_total_baht": stated.amount,
                "computed_count": len(rows),
                "computed_total_baht": sum(r["budget_baht"] or 0 for r in rows),
            },
        )

    def _table(self, ctx: ParseContext, table: Table, rows: list[Row]) -> Stated:
        """Add the table's project rows to ``rows``; return what its total row/text state."""
        fy = ctx.doc.fiscal_year
        found, in_table = list_rows(ctx, table, FIELDS, KIND)
        for item in found:
            page, bbox = item.page, item.bbox
            name = ctx.text(item.text("project_name"), page, KIND, "project_name")
            if not name:
                ctx.reject("key project without a name", item.raw, page, bbox, KIND)
                continue
            budget = parse_budget(item.text("budget"), fy)
            budget_cell = next(iter(item.cells.get("budget", [])), None)
            flag_budget_cell(
                ctx,
                budget,
                item.text("budget"),
                budget_cell.page if budget_cell else page,
                budget_cell.bbox if budget_cell else bbox,
                KIND,
            )
            code_text = item.text("kr_code")
            code = kr_code(code_text)
            if code is None and code_text.strip(" -"):
                ctx.reject(f"KR code not {KR_CODE_DIGITS} digits: {code_text!r}", item.raw, page, bbox, KIND)
            note = None
            if budget.amount is None:
                note = ctx.text(budget.note, page, KIND, "budget_note")
            rows.append(
                {
                    "page": page,
                    "seq": item.seq,
                    "project_name": name,
                    "budget_baht": budget.amount,
                    "budget_note": note,
                    "divisions": split_divisions(item.text("divisions")),
                    "kr_code": code,
                    "policy_codes": policy_codes(*item.cells.get("policy_codes", [])),
                    "bbox": list(bbox) if bbox else None,
                    "_yearly": budget.yearly,
                }
            )
        end = table_end(table)
        text = stated_after(ctx.tables.lines, end, next_table_start(ctx.tables.tables, end))
        _check_agree(ctx, in_table, text, table)
        return _merge_stated(in_table, text)


def _merge_stated(first: Stated, second: Stated) -> Stated:
    """Each value from ``first`` when it has one, else from ``second``."""
    return Stated(
        count=first.count if first.count is not None else second.count,
        amount=first.amount if first.amount is not None else second.amount,
        page=first.page if first.page is not None else second.page,
    )


def _check_agree(ctx: ParseContext, a: Stated, b: Stated, table: Table) -> None:
    """The total row and the sentence under the list should state the same numbers."""
    for what, x, y in (("count", a.count, b.count), ("total", a.amount, b.amount)):
        if x is not None and y is not None and x != y:
            ctx.reject(
                f"stated {what} differs between the total row ({x}) and the text under the list ({y})",
                "",
                a.page,
                None,
                table.kind or KIND,
            )
