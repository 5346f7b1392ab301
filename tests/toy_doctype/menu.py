"""The toy type's one parser: menu rows from the recognised menu tables."""

from __future__ import annotations

from pipeline.parse.base import ParseContext, Parser, ParseResult, cell_text, parse_amount, row_bbox


class MenuParser(Parser):
    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        for table in ctx.of_kind("menu"):
            for r in range(len(table.rows)):
                page, bbox = row_bbox(table, r)
                dish = ctx.text(cell_text(table, r, "dish"), page, "menu_items", "dish")
                out.add(
                    "menu_items",
                    {"page": page, "dish": dish, "price_baht": parse_amount(cell_text(table, r, "price"))},
                )
