"""The output contract (../shared/SCHEMA.md) as Arrow schemas, one per table."""

from __future__ import annotations

import pyarrow as pa

STR = pa.string()
LIST_STR = pa.list_(pa.string())
BBOX = pa.list_(pa.float64())

COMMON = [("doc_id", STR), ("district", STR), ("fiscal_year", pa.int16()), ("page", pa.int16())]

_TABLES: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [
        ("source_path", STR),
        ("sha256", STR),
        ("title", STR),
        ("n_pages", pa.int16()),
        ("text_source", STR),
        ("doc_type", STR),  # the registered document type (pipeline.doctypes)
        ("pipeline_version", STR),
        ("extracted_at", pa.timestamp("us", tz="UTC")),
    ],
    "krs": [
        ("kr_code", STR),
        ("kr_name", STR),
        ("target_text", STR),
        ("target_value", pa.float64()),
        ("target_unit", STR),
        ("responsibility", STR),
        ("component", STR),
        ("projects", LIST_STR),
        ("divisions", LIST_STR),
        ("bbox", BBOX),
    ],
    "okr_rows": [
        ("strategy_no", pa.int16()),
        ("strategy_name", STR),
        ("issue_code", STR),
        ("issue_name", STR),
        ("super_okr_code", STR),
        ("super_okr_name", STR),
        ("super_okr_target", STR),
        ("lead_agency", STR),
        ("kr_name", STR),
        ("kr_target", STR),
        ("kr_agency", STR),
        ("level", STR),
        ("project_name", STR),
        ("budget_baht", pa.int64()),
        ("budget_note", STR),
        ("divisions", LIST_STR),
        ("bbox", BBOX),
    ],
    "key_projects": [
        ("seq", pa.int32()),
        ("project_name", STR),
        ("budget_baht", pa.int64()),
        ("budget_note", STR),
        ("divisions", LIST_STR),
        ("kr_code", STR),
        ("policy_codes", LIST_STR),
        ("bbox", BBOX),
    ],
    "routine_projects": [
        ("seq", pa.int32()),
        ("work_group", STR),
        ("project_name", STR),
        ("budget_baht", pa.int64()),
        ("budget_note", STR),
        ("division", STR),
        ("bbox", BBOX),
    ],
    "budgets": [
        ("section", STR),
        ("seq", pa.int32()),
        ("project_name", STR),
        ("budget_year", pa.int16()),
        ("amount_baht", pa.int64()),
    ],
    "stated_totals": [
        ("section", STR),
        ("stated_count", pa.int64()),
        ("stated_total_baht", pa.int64()),
        ("computed_count", pa.int64()),
        ("computed_total_baht", pa.int64()),
    ],
    "subdistricts": [
        ("subdistrict", STR),
        ("area_km2", pa.float64()),
        ("households", pa.int64()),
        ("male", pa.int64()),
        ("female", pa.int64()),
        ("total", pa.int64()),
    ],
    "staffing": [
        ("category", STR),
        ("positions", pa.int64()),
        ("filled", pa.int64()),
        ("vacant", pa.int64()),
    ],
    # Totals printed in the profile section (area, population, staff), for checking:
    # kept apart from stated_totals, whose rows are one per project list.
    "profile_totals": [
        ("table", STR),
        ("column", STR),
        ("stated_value", pa.float64()),
        ("computed_value", pa.float64()),
    ],
    "rejects": [
        ("stage", STR),
        ("reason", STR),
        ("raw_text", STR),
        ("bbox", BBOX),
        ("table", STR),
        ("severity", STR),
        ("check", STR),
    ],
    # What the repair stage changed, and how readable each parsed text cell is.
    "text_repairs": [("rule", STR), ("before", STR), ("after", STR)],
    "text_quality": [
        ("table", STR),
        ("column", STR),
        ("tokens", pa.int32()),
        ("dictionary_share", pa.float64()),
        ("broken", pa.int32()),
    ],
    # One row per page: where its text came from, for a scan what page preparation found and how
    # sure OCR was, and how many of the tables on it were recognised.
    "pages": [
        ("source", STR),
        ("rotation", pa.int16()),
        ("skew_deg", pa.float64()),
        ("noise", pa.float64()),
        ("contrast", pa.float64()),
        ("sharpness", pa.float64()),
        ("ocr_words", pa.int32()),
        ("ocr_mean_conf", pa.float64()),
        ("tables", pa.int16()),
        ("tables_rejected", pa.int16()),
    ],
}

_CORE_CONTRACT = [
    "documents",
    "krs",
    "okr_rows",
    "key_projects",
    "routine_projects",
    "budgets",
    "stated_totals",
    "subdistricts",
    "staffing",
    "rejects",
]


def _type_tables() -> dict[str, list[tuple[str, pa.DataType]]]:
    """The contract tables the registered document types add (``DocumentType.tables``)."""
    from . import doctypes

    return {name: cols for t in doctypes.all_types() for name, cols in t.tables.items()}


def contract_tables() -> list[str]:
    """The tables of SCHEMA.md: the core ones, then those the document types add."""
    return _CORE_CONTRACT + [t for t in _type_tables() if t not in _CORE_CONTRACT]


def all_tables() -> list[str]:
    """Every table run writes (contract, repair log and quality, printed profile totals)."""
    return list(_TABLES) + [t for t in _type_tables() if t not in _TABLES]

# Tables derived from the others after a batch (pipeline/analysis), not by emit per document.
_DERIVED: dict[str, list[tuple[str, pa.DataType]]] = {
    # Year over year: the later plan's rows (doc_id, fiscal_year) against the earlier plan's.
    "changes": [
        ("from_doc_id", STR),
        ("from_year", pa.int16()),
        ("change", STR),
        ("section", STR),
        ("key", STR),
        ("name_before", STR),
        ("name_after", STR),
        ("division", STR),
        ("kr_code", STR),
        ("value_before", STR),
        ("value_after", STR),
        ("amount_before", pa.int64()),
        ("amount_after", pa.int64()),
        ("similarity", pa.float64()),
    ],
}
DERIVED_TABLES = list(_DERIVED)


def schema_of(table: str) -> pa.Schema:
    """The Arrow schema of a table: the common columns, then the table's own."""
    if table in _TABLES:
        own = _TABLES[table]
    elif table in _DERIVED:
        own = _DERIVED[table]
    else:
        own = _type_tables()[table]
    return pa.schema([pa.field(n, t) for n, t in COMMON + own])


def __getattr__(name: str) -> list[str]:
    # ALL_TABLES is computed on each use: a document type registered later adds its tables.
    if name == "ALL_TABLES":
        return all_tables()
    if name == "CONTRACT_TABLES":
        return contract_tables()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
