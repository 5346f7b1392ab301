"""Section 1.1 OKR tables: strategy -> issue -> Super OKR -> KR lines (BMA, district) -> projects.

Three parts, data flowing one way:

* ``cells``: reading cells (stacked targets, agencies, budgets, KR names);
* ``rules``: the ordered registry of named structural rules (banner rows, rows cut by a
  page break, values carried down, a KR line drawn in the wrong column, …), each
  switchable in ``data/okr.json`` and logging what it changed to ``text_repairs``;
* ``levels``: KR blocks, their lines and projects, the Super OKR, issue and strategy
  above them, and the rows.
"""

from __future__ import annotations

from ..base import ParseContext, Parser, ParseResult
from ..krs import KrsParser
from ..lists import squash
from . import levels, rules
from .cells import (
    count_agencies,
    count_targets,
    cut_kr_name,
    rejoin_digits,
    split_budgets,
    split_kr_items,
    split_targets,
    value_starts,
)
from .levels import Block, Line, SuperOkr, Unit
from .rules import RuleLog

KIND = "okr"

__all__ = [
    "Line",
    "OkrParser",
    "Unit",
    "count_agencies",
    "count_targets",
    "cut_kr_name",
    "reassign_district_lines",
    "rejoin_digits",
    "split_budgets",
    "split_kr_items",
    "split_targets",
    "value_starts",
]


class _NoLog:
    def __call__(self, page: int, before: str, after: str) -> None:
        pass


def reassign_district_lines(units: list[Unit], known: list[tuple[str, str]]) -> None:
    """District lines printed under a sibling KR moved to the KR they measure (rule, unlogged)."""
    rules.district_line_under_sibling_kr(units, known, _NoLog())


class OkrParser(Parser):
    """okr_rows, and budgets rows (section okr) for the rows with an amount."""

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        """Read every OKR table in document order."""
        summary = levels.summary_names(ctx)
        known = self._district_krs(ctx)
        known_names = [name for name, _ in known]
        strategy_names: dict[int, str] = {}
        row_rules = rules.active("row")
        block_rules = rules.active("block")
        issue: tuple[str, str] | None = None
        prev: Block | None = None
        above: SuperOkr | None = None
        units: list[Unit] = []
        for table in ctx.of_kind(KIND):
            title = levels.strategy_title(ctx, table)
            table = rules.run_table_rules(ctx, table)
            kr_rows: list[int] = []
            segments: list[tuple[tuple[str, str] | None, list[int]]] = []
            for r in range(len(table.rows)):
                found = (rr.apply(table, r, RuleLog(ctx, rr.name)) for rr in row_rules)
                banner = next((b for b in found if b is not None), None)
                if banner is not None:
                    segments.append((banner, []))
                elif segments:
                    segments[-1][1].append(r)
                else:
                    kr_rows.append(r)
            segments.insert(0, (None, kr_rows))
            for banner, rows_ in segments:
                issue = banner or issue
                for block in levels.kr_blocks(table, rows_):
                    levels.fill(ctx, table, block)
                    if prev is not None:
                        for br in block_rules:
                            br.apply(prev, block, RuleLog(ctx, br.name))
                    levels.name_levels(block, known_names)
                    above = levels.super_okr_of(table, block, above)
                    units.append(self._unit(ctx, table, block, above, issue, title, summary, strategy_names))
                    prev = block
        for rule in rules.active("units"):
            rule.apply(units, known, RuleLog(ctx, rule.name))
        self._add_rows(ctx, out, [row for u in units for row in levels.emit_rows(ctx, u)])

    @staticmethod
    def _unit(ctx, table, block: Block, sup: SuperOkr, issue, title, summary, strategy_names) -> Unit:
        page = block.kr_cell.page if block.kr_cell is not None else table.pages[0]
        bbox = block.kr_cell.bbox if block.kr_cell is not None else None
        issue_code, issue_name = issue or (None, None)
        code_src = issue_code or sup.code or ""
        head = code_src.split(".")[0]
        strategy_no = int(head) if head.isdigit() else None
        sname = None
        if strategy_no is not None:
            sname = strategy_names.get(strategy_no) or levels.strategy_name(strategy_no, title, summary)
            if sname:
                strategy_names[strategy_no] = sname
        common = {
            "strategy_no": strategy_no,
            "strategy_name": ctx.text(sname, page, "okr_rows", "strategy_name"),
            "issue_code": issue_code,
            "issue_name": ctx.text(issue_name, page, "okr_rows", "issue_name"),
            "super_okr_code": sup.code,
            "super_okr_name": ctx.text(sup.name, page, "okr_rows", "super_okr_name"),
            "super_okr_target": ctx.text(sup.target, page, "okr_rows", "super_okr_target"),
            "lead_agency": ctx.text(sup.lead, page, "okr_rows", "lead_agency"),
        }
        return Unit(common, block.lines, block.projects, page, bbox, sup.code, block.district_name)

    @staticmethod
    def _add_rows(ctx: ParseContext, out: ParseResult, rows: list) -> None:
        fiscal_year = ctx.doc.fiscal_year
        for seq, row in enumerate(rows, start=1):
            out.add("okr_rows", row)
            if row["budget_baht"] is not None and fiscal_year is not None:
                out.add(
                    "budgets",
                    {
                        "page": row["page"],
                        "section": "okr",
                        "seq": seq,
                        "project_name": row["project_name"],
                        "budget_year": fiscal_year,
                        "amount_baht": row["budget_baht"],
                    },
                )

    @staticmethod
    def _district_krs(ctx: ParseContext) -> list[tuple[str, str]]:
        """KR names and targets of the evaluation tables (the district's own KRs), spaces left out.

        Read by the KR parser on a scratch context (its rows split by page breaks are
        rejoined there; nothing it records is kept).
        """
        scratch = ParseContext(ctx.doc, ctx.tables)
        out = ParseResult()
        KrsParser().parse(scratch, out)
        return [
            (squash(r["kr_name"]), squash(r.get("target_text") or ""))
            for r in out.rows.get("krs", [])
            if r.get("kr_name")
        ]
