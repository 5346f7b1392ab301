"""Typed output rows: one frozen dataclass per table the pipeline writes (../shared/SCHEMA.md).

These classes are the one place a table and its columns are named.  The Arrow schemas
(``schema.schema_of``), the table lists of emit, store and validation, the rejects schema and
the generated data dictionary all derive from them.  A row holds the row's ``page`` and the
table's own columns; the document columns (doc_id, district, fiscal_year) are added by emit.

Parsers hand rows over as dicts or as these classes; ``make`` turns a dict into its table's row
and raises :class:`RowError`, naming the table and the field, on an unknown or a missing field,
so a misspelt key is an error where the row is made, never an empty column.

A table is one of three groups: ``contract`` (the tables of SCHEMA.md, validated and shown in the
report), ``run`` (what a run records about itself: repair log, text quality, printed profile
totals, pages) and ``derived`` (made from the dataset after a batch, by ``pipeline.analysis``).
A document type may bring its own row classes (``DocumentType.tables``), made the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, TypeVar

import pyarrow as pa

STR = pa.string()
LIST_STR = pa.list_(pa.string())
BBOX = pa.list_(pa.float64())
I16, I32, I64, F64 = pa.int16(), pa.int32(), pa.int64(), pa.float64()

CONTRACT, RUN, DERIVED = "contract", "run", "derived"
# The columns every table has before its row's own: emit fills them from the document.
DOCUMENT_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("doc_id", STR),
    ("district", STR),
    ("fiscal_year", I16),
)

R = TypeVar("R", bound="Row")
_NAMES: dict[type, tuple[str, ...]] = {}


class RowError(ValueError):
    """A row that does not fit its table: an unknown or missing field, or a value of the wrong type."""


def col(arrow: pa.DataType, *, summed: bool = False) -> Any:
    """A column of the table, of Arrow type ``arrow``; every column must be given (no default).
    ``summed``: the report shows the column's sum per document among the table's key numbers."""
    return dataclasses.field(metadata={"arrow": arrow, "summed": summed})


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """A row of one table; subclasses are made by :func:`table`.

    Rows read like read-only mappings too (``row["kr_code"]``, ``row.get("page")``), for code
    that checks rows by column name; a name the table lacks raises, as in ``make``.
    """

    TABLE: ClassVar[str] = ""
    GROUP: ClassVar[str] = CONTRACT
    MAY_BE_EMPTY: ClassVar[bool] = False  # a document may well have no rows (no warning)
    ALWAYS_SHOWN: ClassVar[bool] = False  # the report lists it even with no rows and no checks

    page: int | None = col(I16)

    @classmethod
    def columns(cls) -> list[tuple[str, pa.DataType]]:
        """The row's columns with their Arrow types, page first."""
        return [(f.name, f.metadata["arrow"]) for f in dataclasses.fields(cls)]

    @classmethod
    def summed_columns(cls) -> list[str]:
        """The columns whose per-document sum the report shows (``col(..., summed=True)``)."""
        return [f.name for f in dataclasses.fields(cls) if f.metadata.get("summed")]

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        names = _NAMES.get(cls)
        if names is None:
            names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
        return names

    @classmethod
    def arrow_schema(cls) -> pa.Schema:
        """The table's Arrow schema: the document columns, then the row's."""
        return pa.schema([pa.field(n, t) for n, t in (*DOCUMENT_COLUMNS, *cls.columns())])

    def __getitem__(self, name: str) -> Any:
        if name not in self.field_names():
            raise RowError(f"{self.TABLE}: no field {name!r} (fields: {', '.join(self.field_names())})")
        return getattr(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        """The field's value (None when empty); a name the table lacks raises, whatever ``default``."""
        return self[name]

    def keys(self) -> tuple[str, ...]:
        return self.field_names()

    def __iter__(self) -> Iterator[str]:
        return iter(self.field_names())

    def replace(self: R, **changes: Any) -> R:
        """The same row with some fields changed (rows are frozen); unknown fields raise."""
        _check_fields(type(self), changes, partial=True)
        return dataclasses.replace(self, **changes)


def table(
    name: str, group: str = CONTRACT, *, may_be_empty: bool = False, always_shown: bool = False
) -> Callable[[type], type[Row]]:
    """Class decorator: a frozen, keyword-only row dataclass of table ``name``."""

    def wrap(cls: type) -> type[Row]:
        made = dataclasses.dataclass(frozen=True, slots=True, kw_only=True)(cls)
        made.TABLE, made.GROUP = name, group
        made.MAY_BE_EMPTY, made.ALWAYS_SHOWN = may_be_empty, always_shown
        for f in dataclasses.fields(made):
            if "arrow" not in f.metadata:
                raise TypeError(f"{name}.{f.name}: a column needs its Arrow type (rows.col)")
        return made

    return wrap


def _check_fields(cls: type[Row], given: Mapping[str, Any], *, partial: bool = False) -> None:
    names = cls.field_names()
    unknown = [k for k in given if k not in names]
    if unknown:
        raise RowError(
            f"{cls.TABLE}: unknown field{'s' * (len(unknown) > 1)} {', '.join(map(repr, unknown))} "
            f"(fields: {', '.join(names)})"
        )
    missing = [] if partial else [n for n in names if n not in given]
    if missing:
        raise RowError(
            f"{cls.TABLE}: missing field{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))}"
        )


def make(cls: type[R], values: Mapping[str, Any] | Row) -> R:
    """``values`` as a row of ``cls``: a row of that class is kept, a dict must name every field
    of the table and no other (:class:`RowError` otherwise)."""
    if isinstance(values, cls):
        return values
    if isinstance(values, Row):
        raise RowError(f"{cls.TABLE}: got a row of {values.TABLE}")
    _check_fields(cls, values)
    return cls(**values)


# --- the contract (SCHEMA.md) ----------------------------------------------------------------
# Tables are listed in the order the dataset, the report and the data dictionary show them.


@table("documents", always_shown=True)
class DocumentRow(Row):
    source_path: str = col(STR)
    sha256: str = col(STR)
    title: str | None = col(STR)
    n_pages: int = col(I16)
    text_source: str = col(STR)
    doc_type: str | None = col(STR)  # the registered document type (pipeline.doctypes)
    pipeline_version: str = col(STR)
    extracted_at: dt.datetime = col(pa.timestamp("us", tz="UTC"))


@table("krs")
class KrRow(Row):
    kr_code: str | None = col(STR)
    kr_name: str | None = col(STR)
    target_text: str | None = col(STR)
    target_value: float | None = col(F64)
    target_unit: str | None = col(STR)
    responsibility: str | None = col(STR)
    component: str | None = col(STR)
    projects: list[str] = col(LIST_STR)
    divisions: list[str] = col(LIST_STR)
    bbox: list[float] | None = col(BBOX)


@table("okr_rows")
class OkrRow(Row):
    strategy_no: int | None = col(I16)
    strategy_name: str | None = col(STR)
    issue_code: str | None = col(STR)
    issue_name: str | None = col(STR)
    super_okr_code: str | None = col(STR)
    super_okr_name: str | None = col(STR)
    super_okr_target: str | None = col(STR)
    lead_agency: str | None = col(STR)
    kr_name: str | None = col(STR)
    kr_target: str | None = col(STR)
    kr_agency: str | None = col(STR)
    level: str | None = col(STR)
    project_name: str | None = col(STR)
    budget_baht: int | None = col(I64)
    budget_note: str | None = col(STR)
    divisions: list[str] = col(LIST_STR)
    bbox: list[float] | None = col(BBOX)


@table("key_projects")
class KeyProjectRow(Row):
    seq: int | None = col(I32)
    project_name: str | None = col(STR)
    budget_baht: int | None = col(I64, summed=True)
    budget_note: str | None = col(STR)
    divisions: list[str] = col(LIST_STR)
    kr_code: str | None = col(STR)
    policy_codes: list[str] = col(LIST_STR)
    bbox: list[float] | None = col(BBOX)


@table("routine_projects")
class RoutineProjectRow(Row):
    seq: int | None = col(I32)
    work_group: str | None = col(STR)
    project_name: str | None = col(STR)
    budget_baht: int | None = col(I64, summed=True)
    budget_note: str | None = col(STR)
    division: str | None = col(STR)
    bbox: list[float] | None = col(BBOX)


@table("budgets")
class BudgetRow(Row):
    section: str = col(STR)
    seq: int | None = col(I32)
    project_name: str | None = col(STR)
    budget_year: int = col(I16)
    amount_baht: int | None = col(I64, summed=True)


@table("stated_totals", always_shown=True)
class StatedTotalRow(Row):
    section: str = col(STR)
    stated_count: int | None = col(I64)
    stated_total_baht: int | None = col(I64)
    computed_count: int | None = col(I64)
    computed_total_baht: int | None = col(I64)


@table("subdistricts", may_be_empty=True)
class SubdistrictRow(Row):
    subdistrict: str | None = col(STR)
    area_km2: float | None = col(F64, summed=True)
    households: int | None = col(I64, summed=True)
    male: int | None = col(I64)
    female: int | None = col(I64)
    total: int | None = col(I64, summed=True)


@table("staffing", may_be_empty=True)
class StaffingRow(Row):
    category: str | None = col(STR)
    positions: int | None = col(I64, summed=True)
    filled: int | None = col(I64, summed=True)
    vacant: int | None = col(I64, summed=True)


@table("profile_totals", RUN)
class ProfileTotalRow(Row):
    """A total printed in the profile section (area, population, staff), for checking: kept
    apart from stated_totals, whose rows are one per project list."""

    table: str = col(STR)
    column: str = col(STR)
    stated_value: float | None = col(F64)
    computed_value: float | None = col(F64)


@table("rejects", may_be_empty=True, always_shown=True)
class RejectRow(Row):
    stage: str = col(STR)
    reason: str = col(STR)
    raw_text: str | None = col(STR)
    bbox: list[float] | None = col(BBOX)
    table: str | None = col(STR)
    severity: str = col(STR)
    check: str | None = col(STR)


@table("text_repairs", RUN)
class TextRepairRow(Row):
    """One change the repair stage (or a parser's text correction) made."""

    rule: str = col(STR)
    before: str = col(STR)
    after: str = col(STR)


@table("text_quality", RUN)
class TextQualityRow(Row):
    """How readable one parsed text cell is."""

    table: str = col(STR)
    column: str = col(STR)
    tokens: int = col(I32)
    dictionary_share: float | None = col(F64)
    broken: int = col(I32)


@table("pages", RUN)
class PageRow(Row):
    """One page: where its text came from, for a scan what page preparation found and how sure
    OCR was, and how many of the tables on it were recognised."""

    source: str = col(STR)
    rotation: int | None = col(I16)
    skew_deg: float | None = col(F64)
    noise: float | None = col(F64)
    contrast: float | None = col(F64)
    sharpness: float | None = col(F64)
    ocr_words: int | None = col(I32)
    ocr_mean_conf: float | None = col(F64)
    tables: int = col(I16)
    tables_rejected: int = col(I16)


# --- the budget book's tables (pipeline.doctypes.budget_book) ------------------------------------


@table("budget_programs")
class BudgetProgramRow(Row):
    program_code: str | None = col(STR)
    program_name: str | None = col(STR)
    division: str | None = col(STR)
    objective: str | None = col(STR)
    activities: list[str] = col(LIST_STR)
    budget_baht: int | None = col(I64)
    off_budget_baht: int | None = col(I64)
    total_baht: int | None = col(I64)
    bbox: list[float] | None = col(BBOX)


@table("budget_kpis")
class BudgetKpiRow(Row):
    program_code: str | None = col(STR)
    indicator: str | None = col(STR)
    unit: str | None = col(STR)
    year: int | None = col(I16)
    kind: str | None = col(STR)
    value_text: str | None = col(STR)
    value: float | None = col(F64)
    bbox: list[float] | None = col(BBOX)


@table("budget_items")
class BudgetItemRow(Row):
    program_code: str | None = col(STR)
    item_id: int = col(I32)
    parent_id: int | None = col(I32)
    level: int = col(I16)
    code: str | None = col(STR)
    label: str | None = col(STR)
    amount_baht: int | None = col(I64)
    category: str | None = col(STR)
    bbox: list[float] | None = col(BBOX)


@table("budget_summary")
class BudgetSummaryRow(Row):
    table_title: str | None = col(STR)
    row_label: str | None = col(STR)
    column_label: str | None = col(STR)
    amount_baht: int | None = col(I64)
    is_total: bool = col(pa.bool_())
    bbox: list[float] | None = col(BBOX)


# --- derived after a batch (pipeline.analysis) ------------------------------------------------


@table("changes", DERIVED)
class ChangeRow(Row):
    """Year over year: the later plan's rows (doc_id, fiscal_year) against the earlier plan's."""

    from_doc_id: str = col(STR)
    from_year: int | None = col(I16)
    change: str = col(STR)
    section: str | None = col(STR)
    key: str | None = col(STR)
    name_before: str | None = col(STR)
    name_after: str | None = col(STR)
    division: str | None = col(STR)
    kr_code: str | None = col(STR)
    value_before: str | None = col(STR)
    value_after: str | None = col(STR)
    amount_before: int | None = col(I64)
    amount_after: int | None = col(I64)
    similarity: float | None = col(F64)


# Every row class above, in the order defined (the dataset's table order).
BUILT_IN: tuple[type[Row], ...] = tuple(
    c for c in list(globals().values()) if isinstance(c, type) and issubclass(c, Row) and c.TABLE
)
