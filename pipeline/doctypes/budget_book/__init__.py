"""The district budget book (งบประมาณรายจ่ายประจำปี … ของสำนักงานเขต…): the second type.

Its pages are read as positioned text lines (``layout``), not ruled grids: the detail
pages have no ruling lines and the summary tables have horizontal rules only or full
grids.  ``programs`` reads each work programme's page (code, objective, activities,
indicator table, money rows), ``items`` the detailed budget tree, ``summary`` the
summary tables; ``totals`` puts every printed total next to the sum it states.
Vocabulary (headings, labels, expense categories) is ``vocabulary.json``; the rows of its
tables are ``pipeline.rows``' ``Budget*Row``.
"""

from __future__ import annotations

from ..base import DocumentType

DOC_TYPE = DocumentType(
    name="budget_book",
    label="district budget book",
    package=__name__,
    read_tables="pipeline.doctypes.budget_book.layout:read_lines",
    parsers=(
        ("pipeline.doctypes.budget_book.programs", "ProgramsParser"),
        ("pipeline.doctypes.budget_book.items", "ItemsParser"),
        ("pipeline.doctypes.budget_book.summary", "SummaryParser"),
    ),
    finish=("pipeline.doctypes.budget_book.totals:state_totals",),
    fills=("budget_programs", "budget_kpis", "budget_items", "budget_summary", "stated_totals"),
    required=("budget_programs", "budget_kpis", "budget_items"),
)
