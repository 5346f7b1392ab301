"""Amounts that do not reconcile with the document's other figures: flagged, never changed.

A misread amount (a scan's dropped digit, two figures run together) must not pass as a
number.  Each rule below compares an amount with what else the document prints about it;
when they disagree the amount is kept as read and a ``rejects`` row names its cell (stage
``parse``, the cell's page and bbox, its raw text, a reason starting ``FLAG_PREFIX``), and
validation warns about every such row (``rejects.amount_flags``):

- ``run_together``: the cell's digits hold more figures than the amount read from them
  ("281,000,00 14,050,000" read as 281,000,001), or a thousands group short of 3 digits;
- ``years_sum``: a multi-year cell whose years do not add up to its printed total;
- ``fiscal_year_missing``: a multi-year cell that names other years but not the plan's
  fiscal year, so no amount is read for it (a scan that lost the first year's figures:
  "ปี 2570 - 210,750,000" read from "281,000,000 ปี 2569 - 14,050,000 ปี 2570 - …");
- ``copies_disagree``: the same project printed with another amount elsewhere in the plan
  (the routine list and its work-group table).
"""

from __future__ import annotations

import re

from ..records import BBox
from ..thaitext import arabic_digits
from .lists import Budget

FLAG_PREFIX = "amount not reconciled"
# A run of digits, commas and the spaces between them: one printed figure, or several run together.
_DIGIT_RUN = re.compile(r"\d[\d,.]*(?:\s+[\d,.]+)*")
# One well-formed figure: thousands in groups of three, optional decimals.
_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?")


def _malformed(text: str) -> str | None:
    """Why the cell's digits are not well-formed figures, or None when they are.

    Spaces inside a run are taken out first, as ``parse_amount`` does (a figure wrapped in
    its cell, "3,622,00 0", is one figure).
    """
    plain = arabic_digits(text or "")
    for run in _DIGIT_RUN.finditer(plain):
        compact = re.sub(r"\s+", "", run.group(0)).strip(",.")
        if "," in compact and not _FIGURE.fullmatch(compact):
            return f"{run.group(0)!r} is no well-formed figure (a digit lost, or figures run together)"
    return None


def flag_budget_cell(ctx, budget: Budget, raw: str, page: int, bbox: BBox | None, table: str) -> int:
    """Flag a budget cell whose own figures do not reconcile; returns the flags raised."""
    flags = 0
    why = _malformed(raw)
    if why is not None:
        ctx.reject(f"{FLAG_PREFIX} (run_together): {why}; kept as {budget.amount}", raw, page, bbox, table)
        flags += 1
    if len(budget.yearly) > 1 and budget.total is not None and sum(budget.yearly.values()) != budget.total:
        years = " + ".join(f"{v:,}" for v in budget.yearly.values())
        added = sum(budget.yearly.values())
        ctx.reject(
            f"{FLAG_PREFIX} (years_sum): {years} = {added:,} ≠ printed total {budget.total:,}",
            raw,
            page,
            bbox,
            table,
        )
        flags += 1
    if budget.amount is None and budget.yearly:
        years = ", ".join(str(y) for y in budget.yearly)
        ctx.reject(
            f"{FLAG_PREFIX} (fiscal_year_missing): the cell gives years {years}, not the plan's;"
            " no amount read",
            raw,
            page,
            bbox,
            table,
        )
        flags += 1
    return flags


def flag_copies(
    ctx, budget: Budget, other: Budget, raw: str, where: str, page: int, bbox: BBox | None, table: str
) -> int:
    """Flag a project whose amount differs from its copy elsewhere (``where`` names it)."""
    mine, theirs = budget.total, other.total
    if mine is None or theirs is None or mine == theirs:
        return 0
    reason = f"{FLAG_PREFIX} (copies_disagree): {mine:,} here, {theirs:,} in {where}"
    ctx.reject(reason, raw, page, bbox, table)
    return 1
