"""Checks GE has no built-in for (cross-table, aggregate, list columns, arrow types), run with pandas.

Each check takes the document's frames and the suite's kwargs and returns one or more
:class:`Outcome`; the runner turns them into the same :class:`CheckResult` as GE expectations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..vocabulary import Divisions


@dataclass(slots=True)
class DocContext:
    """What a check may look at: one document's rows of every table, plus file schemas."""

    doc_id: str
    fiscal_year: int | None
    frames: dict[str, pd.DataFrame]
    schemas: dict[str, list[tuple[str, pa.Schema]]]
    divisions: Divisions

    def frame(self, table: str) -> pd.DataFrame | None:
        return self.frames.get(table)


@dataclass(slots=True)
class Outcome:
    """Result of a pandas check before it is attached to a check id and severity."""

    success: bool
    expected: str = ""
    observed: str = ""
    table: str | None = None  # the table the outcome is about (defaults to the suite's table)
    rows: list[tuple[str, int | None, Any]] = field(default_factory=list)  # (table, row, value)
    element_count: int | None = None
    skipped: str | None = None  # reason, when the check could not run
    column: str | None = None


CheckFn = Callable[[DocContext, str, dict[str, Any]], Outcome | list[Outcome]]
REGISTRY: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        REGISTRY[name] = fn
        return fn

    return register


def _skip(reason: str, **kw: Any) -> Outcome:
    return Outcome(success=True, skipped=reason, **kw)


def from_rows(rows: list, expected: str, observed: str, element_count: int, **kw: Any) -> Outcome:
    """The outcome of a check that failed on ``rows`` (passed when there are none)."""
    return Outcome(
        success=not rows, expected=expected, observed=observed, rows=rows, element_count=element_count, **kw
    )


def _items(value: Any) -> list[Any]:
    """Items of a list cell (pyarrow lists come back as numpy arrays); [] for null."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return [value]


def _fmt(n: Any) -> str:
    if n is None or (isinstance(n, float) and np.isnan(n)):
        return "—"
    if isinstance(n, (int, np.integer)) or (
        isinstance(n, float) and float(n).is_integer() and abs(n) >= 1000
    ):
        return f"{int(n):,}"
    return f"{n:,.3f}".rstrip("0").rstrip(".") if isinstance(n, float) else str(n)


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


def _filter(df: pd.DataFrame, where: dict[str, Any] | None) -> pd.DataFrame:
    for col, val in (where or {}).items():
        if col not in df.columns:
            return df.iloc[0:0]
        df = df[df[col] == val]
    return df


# --- schema -------------------------------------------------------------------------

_TYPE_TESTS: dict[str, Callable[[pa.DataType], bool]] = {
    "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "int16": lambda t: t == pa.int16(),
    "int64": lambda t: t == pa.int64(),
    "int": pa.types.is_integer,
    "float": pa.types.is_floating,
    "number": lambda t: pa.types.is_integer(t) or pa.types.is_floating(t),
    "timestamp": pa.types.is_timestamp,
    "bool": pa.types.is_boolean,
}


def type_matches(dtype: pa.DataType, want: str) -> bool:
    """Does an arrow type satisfy the contract's type name? (all-null columns are accepted)."""
    if pa.types.is_null(dtype):
        return True
    if want.startswith("list<"):
        if not (pa.types.is_list(dtype) or pa.types.is_large_list(dtype)):
            return False
        return type_matches(dtype.value_type, want[5:-1])
    return _TYPE_TESTS[want](dtype)


@check("arrow_schema")
def arrow_schema(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    files = ctx.schemas.get(table, [])
    want = {**kw.get("columns", {}), **kw.get("optional", {})}
    expected = ", ".join(f"{c}: {t}" for c, t in kw.get("columns", {}).items())
    if not files:
        return _skip(f"no parquet file of {table} for this document", expected=expected)
    bad = []
    for fname, schema in files:
        for col, typ in want.items():
            if col not in schema.names:
                if col in kw.get("columns", {}):
                    bad.append(f"{fname}: {col} missing")
                continue
            dtype = schema.field(col).type
            if not type_matches(dtype, typ):
                bad.append(f"{fname}: {col} is {dtype} (expected {typ})")
    return Outcome(
        success=not bad,
        expected=expected,
        observed="; ".join(bad) if bad else "all columns have the contract's types",
        rows=[(table, None, b) for b in bad],
        element_count=len(want) * len(files),
    )


# --- value checks on one table ------------------------------------------------------


def _failing_items(df: pd.DataFrame, table: str, col: str, ok) -> list[tuple[str, int, str]]:
    """(table, row, bad items) for each row of a list (or scalar) column with items ``ok`` rejects."""
    rows = []
    for i, cell in enumerate(df[col].tolist()):
        bad = [str(x) for x in _items(cell) if not ok(x)]
        if bad:
            rows.append((table, i, ", ".join(bad)))
    return rows


def _items_check(ctx: DocContext, table: str, kw: dict[str, Any], ok, expected: str, observed) -> Outcome:
    """Every item of the list (or scalar) column ``kw["column"]`` passes ``ok``; ``observed`` says how."""
    df, col = ctx.frame(table), kw["column"]
    if df is None or col not in df.columns:
        return _skip(f"column {col} absent", column=col)
    rows = _failing_items(df, table, col, ok)
    return from_rows(rows, expected, observed(rows, len(df)), len(df), column=col)


@check("list_items_match_regex")
def list_items_match_regex(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    pat = re.compile(kw["regex"])
    return _items_check(
        ctx,
        table,
        kw,
        lambda x: x is not None and bool(pat.match(str(x))),
        f"every item matches {kw['regex']}",
        lambda rows, n: f"{len(rows)} of {n} rows have a non-matching item" if rows else "all items match",
    )


@check("divisions_in_reference")
def divisions_in_reference(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    return _items_check(
        ctx,
        table,
        kw,
        lambda x: x is None or ctx.divisions.is_valid(str(x)),
        "names or printed variants of pipeline/data/divisions.json, or ^โรงเรียน…",
        lambda rows, n: (
            f"unknown: {', '.join(sorted({v for _, _, v in rows})[:10])}" if rows else "all divisions known"
        ),
    )


@check("columns_sum")
def columns_sum(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    df = ctx.frame(table)
    cols, target = kw["columns"], kw["equals"]
    expected = f"{' + '.join(cols)} = {target}"
    if df is None or any(c not in df.columns for c in [*cols, target]):
        return _skip("columns absent", expected=expected)
    parts = df[cols].apply(pd.to_numeric, errors="coerce")
    tot = pd.to_numeric(df[target], errors="coerce")
    known = parts.notna().all(axis=1) & tot.notna()
    diff = parts.sum(axis=1) - tot
    bad = known & (diff.abs() > kw.get("tolerance", 0))
    rows = [
        (
            table,
            int(i),
            f"{' + '.join(_fmt(parts.at[i, c]) for c in cols)} = {_fmt(parts.loc[i].sum())} ≠ "
            f"{_fmt(tot.at[i])}",
        )
        for i in df.index[bad]
    ]
    return Outcome(
        success=not rows,
        expected=expected,
        observed=f"{len(rows)} of {int(known.sum())} rows differ"
        if rows
        else f"holds in {int(known.sum())} rows",
        rows=rows,
        element_count=int(known.sum()),
    )
