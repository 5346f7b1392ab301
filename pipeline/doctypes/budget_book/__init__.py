"""The district budget book (งบประมาณรายจ่ายประจำปี … ของสำนักงานเขต…): the second type.

Its pages are read as positioned text lines (``layout``), not ruled grids: the detail
pages have no ruling lines and the summary tables have horizontal rules only or full
grids.  ``programs`` reads each work programme's page (code, objective, activities,
indicator table, money rows), ``items`` the detailed budget tree, ``summary`` the
summary tables; ``totals`` puts every printed total next to the sum it states.
Vocabulary (headings, labels, expense categories) is ``vocabulary.json``.
"""

from __future__ import annotations

import pyarrow as pa

from ..base import DocumentType

STR = pa.string()
BBOX = pa.list_(pa.float64())

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
    tables={
        "budget_programs": [
            ("program_code", STR),
            ("program_name", STR),
            ("division", STR),
            ("objective", STR),
            ("activities", pa.list_(STR)),
            ("budget_baht", pa.int64()),
            ("off_budget_baht", pa.int64()),
            ("total_baht", pa.int64()),
            ("bbox", BBOX),
        ],
        "budget_kpis": [
            ("program_code", STR),
            ("indicator", STR),
            ("unit", STR),
            ("year", pa.int16()),
            ("kind", STR),
            ("value_text", STR),
            ("value", pa.float64()),
            ("bbox", BBOX),
        ],
        "budget_items": [
            ("program_code", STR),
            ("item_id", pa.int32()),
            ("parent_id", pa.int32()),
            ("level", pa.int16()),
            ("code", STR),
            ("label", STR),
            ("amount_baht", pa.int64()),
            ("category", STR),
            ("bbox", BBOX),
        ],
        "budget_summary": [
            ("table_title", STR),
            ("row_label", STR),
            ("column_label", STR),
            ("amount_baht", pa.int64()),
            ("is_total", pa.bool_()),
            ("bbox", BBOX),
        ],
    },
    fills=("budget_programs", "budget_kpis", "budget_items", "budget_summary", "stated_totals"),
    required=("budget_programs", "budget_kpis", "budget_items"),
    expectations=("budget_programs", "budget_kpis", "budget_items", "budget_summary"),
)
