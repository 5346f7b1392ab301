"""Amounts that do not reconcile are flagged with their cell, and kept as read (parse/amounts.py)."""

from __future__ import annotations

from pipeline.parse.amounts import FLAG_PREFIX, flag_budget_cell, flag_copies
from pipeline.parse.lists import parse_budget


class Ctx:
    def __init__(self):
        self.rejects = []

    def reject(self, reason, raw_text, page, bbox, table):
        self.rejects.append((reason, raw_text, page, bbox, table))


BOX = (86.6, 222.5, 154.8, 393.5)


def test_figures_run_together_are_flagged_not_changed():
    """A multi-year cell whose year markers OCR lost reads as one wrong figure: flagged."""
    raw = "281,000,00 14,050,000 210,750,00 56,200,000"
    budget = parse_budget(raw, 2569)
    ctx = Ctx()
    assert flag_budget_cell(ctx, budget, raw, 100, BOX, "routine_projects") == 1
    [(reason, text, page, bbox, table)] = ctx.rejects
    assert reason.startswith(f"{FLAG_PREFIX} (run_together)") and f"kept as {budget.amount}" in reason
    assert (text, page, bbox, table) == (raw, 100, BOX, "routine_projects")


def test_years_that_do_not_add_up_to_the_total_are_flagged():
    raw = "281,000,000 ปี 2569 - 14,050,000 ปี 2570 - 210,750,000 ปี 2571 - 56,200,001"
    ctx = Ctx()
    budget = parse_budget(raw, 2569)
    assert budget.amount == 14_050_000  # kept as read
    assert flag_budget_cell(ctx, budget, raw, 100, BOX, "routine_projects") == 1
    assert "(years_sum)" in ctx.rejects[0][0] and "≠ printed total 281,000,000" in ctx.rejects[0][0]


def test_well_formed_cells_raise_nothing():
    ctx = Ctx()
    for raw in [
        "281,000,000 ปี 2569 - 14,050,000 ปี 2570 - 210,750,000 ปี 2571 - 56,200,000",
        "2,522,500",
        "3,622,00 0",  # wrapped in its cell: one figure
        "ไม่ใช้งบประมาณ",
        "",
    ]:
        assert flag_budget_cell(ctx, parse_budget(raw, 2569), raw, 1, BOX, "key_projects") == 0
    assert ctx.rejects == []


def test_copies_with_other_amounts_are_flagged():
    ctx = Ctx()
    mine = parse_budget("64,100", 2569)
    assert flag_copies(ctx, mine, parse_budget("64,100", 2569), "64,100", "x", 1, BOX, "t") == 0
    assert flag_copies(ctx, mine, parse_budget("61,100", 2569), "64,100", "x", 1, BOX, "t") == 1
    assert "64,100 here, 61,100 in x" in ctx.rejects[0][0]


def test_a_multi_year_cell_without_the_fiscal_year_is_flagged():
    """The photocopy read only the later years of a multi-year cell: no amount for the plan's year."""
    raw = "ปี 2570 - 210,750,000 ปี 2571 - 56,200,000"
    budget = parse_budget(raw, 2569)
    assert budget.amount is None  # nothing invented
    ctx = Ctx()
    assert flag_budget_cell(ctx, budget, raw, 68, BOX, "routine_projects") == 1
    assert "(fiscal_year_missing)" in ctx.rejects[0][0] and "2570, 2571" in ctx.rejects[0][0]
    # The same cell read whole names the fiscal year: nothing to flag.
    whole = "281,000,000 ปี 2569 - 14,050,000 ปี 2570 - 210,750,000 ปี 2571 - 56,200,000"
    assert flag_budget_cell(Ctx(), parse_budget(whole, 2569), whole, 68, BOX, "routine_projects") == 0


def test_a_year_whose_marker_the_scan_misread_is_still_a_year():
    """ "ปี" read as "i}" before 2569 (html photocopy, routine seq 1): the year is read, and adds up."""
    raw = "281,000,000 i} 2569 -14,050,000ปี 2570 -210,750,000 i 2571 -56,200,000"
    budget = parse_budget(raw, 2569)
    assert budget.amount == 14_050_000 and budget.total == 281_000_000
    assert budget.yearly == {2569: 14_050_000, 2570: 210_750_000, 2571: 56_200_000}
    assert flag_budget_cell(Ctx(), budget, raw, 68, BOX, "routine_projects") == 0
    # A cell marking no year is one amount, whatever figures it holds.
    assert parse_budget("2569", 2569).amount == 2569


def test_a_comma_read_as_a_point_still_groups_thousands():
    """The office scan read key seq 59's "1,037,800" as "1.037,800" (an amount of 1 before):
    a point followed by a thousands group is no decimal point. The cell stays flagged."""
    from pipeline.parse.okr.cells import split_budgets

    budget = parse_budget("1.037,800", 2569)
    assert budget.amount == 1_037_800
    ctx = Ctx()
    assert flag_budget_cell(ctx, budget, "1.037,800", 96, BOX, "key_projects") == 1
    assert "kept as 1037800" in ctx.rejects[0][0]
    assert parse_budget("12.500.000", 2569).amount == 12_500_000
    assert split_budgets("1.037,800") == [(1_037_800, None)]
    # A digit lost ("1.037,80") or a plain decimal: not read as thousands.
    assert parse_budget("1.037,80", 2569).amount == 1
    assert parse_budget("2,522,500.50", 2569).amount == 2_522_500
