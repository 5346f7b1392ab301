"""Checks GE has no built-in for (cross-table, aggregate, list columns, arrow types), run with pandas.

Each check takes the document's frames and the suite's kwargs and returns one or more
:class:`Outcome`; the runner turns them into the same :class:`CheckResult` as GE expectations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
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


@check("list_items_match_regex")
def list_items_match_regex(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    df, col = ctx.frame(table), kw["column"]
    if df is None or col not in df.columns:
        return _skip(f"column {col} absent", column=col)
    pat = re.compile(kw["regex"])
    rows = _failing_items(df, table, col, lambda x: x is not None and bool(pat.match(str(x))))
    return Outcome(
        success=not rows,
        expected=f"every item matches {kw['regex']}",
        observed=f"{len(rows)} of {len(df)} rows have a non-matching item" if rows else "all items match",
        rows=rows,
        element_count=len(df),
        column=col,
    )


@check("divisions_in_reference")
def divisions_in_reference(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    df, col = ctx.frame(table), kw["column"]
    if df is None or col not in df.columns:
        return _skip(f"column {col} absent", column=col)
    rows = _failing_items(df, table, col, lambda x: x is None or ctx.divisions.is_valid(str(x)))
    unknown = sorted({v for _, _, v in rows})
    return Outcome(
        success=not rows,
        expected="names or printed variants of pipeline/data/divisions.json, or ^โรงเรียน…",
        observed=f"unknown: {', '.join(unknown[:10])}" if rows else "all divisions known",
        rows=rows,
        element_count=len(df),
        column=col,
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


# --- cross-table and aggregate checks -------------------------------------------------


@check("foreign_key")
def foreign_key(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    df, ref = ctx.frame(table), ctx.frame(kw["ref_table"])
    cols, rcols = kw["columns"], kw["ref_columns"]
    expected = f"({', '.join(cols)}) is a ({', '.join(rcols)}) of {kw['ref_table']}"
    if df is None or any(c not in df.columns for c in cols):
        return _skip("columns absent", expected=expected, column=cols[0])
    if ref is None or any(c not in ref.columns for c in rcols):
        return Outcome(False, expected, f"{kw['ref_table']} absent", column=cols[0])
    local = _filter(df, kw.get("where")).dropna(subset=cols)
    keys = set(map(tuple, ref[rcols].dropna().astype(str).to_numpy().tolist()))
    rows = []
    for i, key in zip(local.index, local[cols].astype(str).to_numpy().tolist(), strict=True):
        if tuple(key) not in keys:
            rows.append((table, int(i), "/".join(key)))
    missing = sorted({v for _, _, v in rows})
    return Outcome(
        success=not rows,
        expected=expected,
        observed=f"{len(rows)} of {len(local)} rows refer to unknown {', '.join(missing[:10])}"
        if rows
        else f"all {len(local)} rows resolve",
        rows=rows,
        element_count=len(local),
        column=cols[0],
    )


def _stated_row(ctx: DocContext, section: str) -> tuple[int, pd.Series] | None:
    st = ctx.frame("stated_totals")
    if st is None or "section" not in st.columns:
        return None
    hit = st.index[st["section"] == section]
    return (int(hit[0]), st.loc[hit[0]]) if len(hit) else None


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


@check("stated_totals")
def stated_totals(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    section, amount = kw["section"], kw["amount_column"]
    df = ctx.frame(table)
    hit = _stated_row(ctx, section)
    if hit is None:
        return _skip(f"no stated_totals row with section {section}")
    i, row = hit
    n = 0 if df is None else len(df)
    total = 0 if df is None or amount not in df.columns else int(pd.to_numeric(df[amount]).fillna(0).sum())
    s_count, s_total = _num(row.get("stated_count")), _num(row.get("stated_total_baht"))
    problems = []
    if s_count is not None and int(s_count) != n:
        problems.append(f"count {n} ≠ stated {int(s_count)}")
    if s_total is not None and int(s_total) != total:
        problems.append(f"sum {total:,} ≠ stated {int(s_total):,} (diff {total - int(s_total):+,})")
    # emit also records what it computed; a mismatch with the rows means the table changed after emit.
    c_count, c_total = _num(row.get("computed_count")), _num(row.get("computed_total_baht"))
    note = ""
    if (c_count is not None and int(c_count) != n) or (c_total is not None and int(c_total) != total):
        note = f"; emit's computed_* ({_fmt(c_count)} / {_fmt(c_total)}) differ from the rows"
    return Outcome(
        success=not problems,
        expected=f"{_fmt(s_count)} rows, {_fmt(s_total)} baht (stated in the document)",
        observed=f"{n} rows, {total:,} baht" + (f" — {'; '.join(problems)}" if problems else "") + note,
        rows=[("stated_totals", i, "; ".join(problems))] if problems else [],
        element_count=n,
        column=amount,
    )


@check("stated_value")
def stated_value(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    """The rows of ``table`` add up to the total row the document prints (``profile_totals``)."""
    col = kw["column"]
    df = ctx.frame(table)
    printed = ctx.frame("profile_totals")
    if printed is None or not {"table", "column", "stated_value"} <= set(printed.columns):
        return _skip("no printed totals (profile_totals) for this document", column=col)
    hit = printed.index[(printed["table"] == table) & (printed["column"] == col)]
    if not len(hit):
        return _skip(f"the document prints no total of {table}.{col}", column=col)
    if df is None or col not in df.columns:
        return _skip(f"column {col} absent", column=col)
    i = int(hit[0])
    stated = _num(printed.loc[i, "stated_value"])
    if stated is None:
        return _skip(f"the printed total of {table}.{col} is not a number", column=col)
    total = float(pd.to_numeric(df[col]).sum())
    ok = abs(total - stated) <= kw.get("tolerance", 0) + 1e-9
    return Outcome(
        success=ok,
        expected=f"sum of {col} = {_fmt(stated)} (printed total row)",
        observed=f"rows sum to {_fmt(total)}" + ("" if ok else f" (diff {total - stated:+,.3f})"),
        rows=[] if ok else [("profile_totals", i, f"stated {_fmt(stated)} vs rows {_fmt(total)}")],
        element_count=len(df),
        column=col,
    )


def _budget_sums(ctx: DocContext, section: str) -> pd.DataFrame | None:
    b = ctx.frame("budgets")
    if b is None or not {"section", "seq", "budget_year", "amount_baht"} <= set(b.columns):
        return None
    return b[b["section"] == section]


@check("budget_year_amount")
def budget_year_amount(ctx: DocContext, table: str, kw: dict[str, Any]) -> list[Outcome]:
    out = []
    for section, list_table in kw["lists"].items():
        df, b = ctx.frame(list_table), _budget_sums(ctx, section)
        amount = kw["amount_column"]
        if df is None or b is None or amount not in df.columns or ctx.fiscal_year is None:
            out.append(_skip(f"{list_table} or budgets absent", table=list_table))
            continue
        fy = b[b["budget_year"] == ctx.fiscal_year].groupby("seq")["amount_baht"].sum()
        with_money = df[pd.to_numeric(df[amount], errors="coerce").fillna(0) > 0]
        rows = []
        for i, seq, amt in zip(with_money.index, with_money["seq"], with_money[amount], strict=True):
            got = fy.get(seq)
            if got is None or int(got) != int(amt):
                rows.append((list_table, int(i), f"row {_fmt(amt)} vs budgets {_fmt(got)}"))
        out.append(
            Outcome(
                success=not rows,
                table=list_table,
                expected=f"budgets[{section}, year {ctx.fiscal_year}] = {list_table}.{amount}",
                observed=f"{len(rows)} of {len(with_money)} rows differ"
                if rows
                else f"{len(with_money)} rows agree",
                rows=rows,
                element_count=len(with_money),
                column=amount,
            )
        )
    return out


@check("multi_year_total")
def multi_year_total(ctx: DocContext, table: str, kw: dict[str, Any]) -> list[Outcome]:
    out = []
    for section, list_table in kw["lists"].items():
        df, b = ctx.frame(list_table), _budget_sums(ctx, section)
        total_col = next((c for c in kw["total_columns"] if df is not None and c in df.columns), None)
        if df is None or b is None or total_col is None:
            out.append(_skip(f"{list_table} states no project total column", table=list_table))
            continue
        sums = b.groupby("seq")["amount_baht"].sum()
        years = b.groupby("seq")["budget_year"].nunique()
        stated = df[pd.to_numeric(df[total_col], errors="coerce").notna()]
        rows = []
        for i, seq, tot in zip(stated.index, stated["seq"], stated[total_col], strict=True):
            got = sums.get(seq)
            if got is None or int(got) != int(tot):
                rows.append((list_table, int(i), f"years sum {_fmt(got)} ≠ stated total {_fmt(tot)}"))
        multi = int((years > 1).sum())
        out.append(
            Outcome(
                success=not rows,
                table=list_table,
                expected=f"sum of budgets years = {list_table}.{total_col}",
                observed=(
                    f"{len(rows)} of {len(stated)} rows differ" if rows else f"{len(stated)} rows agree"
                )
                + f" ({multi} multi-year projects)",
                rows=rows,
                element_count=len(stated),
                column=total_col,
            )
        )
    return out


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b))


@check("name_correspondence")
def name_correspondence(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    df, ref = ctx.frame(table), ctx.frame(kw["ref_table"])
    col, rcol, min_score = kw["column"], kw["ref_column"], float(kw["min_score"])
    expected = f"each name has a {kw['ref_table']}.{rcol} with similarity ≥ {min_score:g}"
    if df is None or ref is None or col not in df.columns or rcol not in ref.columns:
        return _skip("tables absent", expected=expected, column=col)
    local = _filter(df, kw.get("where")).dropna(subset=[col])
    ref_names = [str(x) for x in ref[rcol].dropna().unique()]
    names = [str(x) for x in local[col].unique()]
    rows, matched_ref = [], set()
    for name in names:
        scores = [_similarity(name, r) for r in ref_names]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= min_score:
            matched_ref.add(ref_names[best])
            continue
        i = int(local.index[local[col] == name][0])
        rows.append(
            (table, i, f"best {scores[best]:.0f}: {ref_names[best][:60]}" if best >= 0 else "no names")
        )
    unmatched_ref = len(ref_names) - len(matched_ref)
    return Outcome(
        success=not rows,
        expected=expected,
        observed=(
            f"{len(rows)} of {len(names)} names unmatched" if rows else f"all {len(names)} names matched"
        )
        + f"; {unmatched_ref} of {len(ref_names)} {kw['ref_table']} names have no row here "
        "(reported, not failed)",
        rows=rows,
        element_count=len(names),
        column=col,
    )


# --- text quality ---------------------------------------------------------------------------


def text_columns(df: pd.DataFrame) -> list[str]:
    """String and list-of-string columns of a frame."""
    cols = []
    for c in df.columns:
        if c in ("bbox",):
            continue
        s = df[c].dropna()
        if s.empty:
            continue
        first = s.iloc[0]
        if isinstance(first, str) or (
            isinstance(first, (list, np.ndarray)) and any(isinstance(x, str) for x in first)
        ):
            cols.append(c)
    return cols


@check("forbidden_text")
def forbidden_text(ctx: DocContext, table: str, kw: dict[str, Any]) -> list[Outcome]:
    pats = {name: re.compile(p) for name, p in kw["patterns"].items()}
    out = []
    for tname, df in ctx.frames.items():
        if tname in kw.get("skip_tables", []) or tname in ("text_repairs", "text_quality") or df.empty:
            continue
        cols = text_columns(df)
        rows, cells = [], 0
        for col in cols:
            for i, cell in enumerate(df[col].tolist()):
                for item in _items(cell):
                    if not isinstance(item, str):
                        continue
                    cells += 1
                    hits = [name for name, p in pats.items() if p.search(item)]
                    if hits:
                        rows.append((tname, i, f"{col}: {', '.join(hits)}: {item[:80]}"))
        out.append(
            Outcome(
                success=not rows,
                table=tname,
                expected=f"no {', '.join(pats)} in text columns",
                observed=f"{len(rows)} bad cells of {cells}" if rows else f"{cells} text cells clean",
                rows=rows,
                element_count=cells,
            )
        )
    return out


def _quality_frame(ctx: DocContext) -> pd.DataFrame | None:
    tq = ctx.frame("text_quality")
    if tq is None or tq.empty:
        return None
    return tq


def _per_table(tq: pd.DataFrame) -> Iterable[tuple[str, pd.DataFrame]]:
    key = tq["table"].fillna("?") if "table" in tq.columns else pd.Series("?", index=tq.index)
    return tq.groupby(key, sort=True)


@check("dictionary_share")
def dictionary_share(ctx: DocContext, table: str, kw: dict[str, Any]) -> list[Outcome] | Outcome:
    tq = _quality_frame(ctx)
    min_share, min_tokens = float(kw["min_share"]), int(kw.get("min_tokens", 1))
    expected = f"dictionary_share ≥ {min_share:g} in cells of ≥ {min_tokens} tokens"
    if tq is None or "dictionary_share" not in tq.columns:
        return _skip("text_quality table absent (repair stage did not write it)", expected=expected)
    out = []
    for tname, g in _per_table(tq):
        judged = g[pd.to_numeric(g.get("tokens"), errors="coerce").fillna(0) >= min_tokens]
        bad = judged[pd.to_numeric(judged["dictionary_share"], errors="coerce") < min_share]
        out.append(
            Outcome(
                success=bad.empty,
                table=str(tname),
                expected=expected,
                observed=f"{len(bad)} of {len(judged)} cells below (mean share "
                f"{pd.to_numeric(judged['dictionary_share']).mean():.2f})"
                if len(judged)
                else "no cell long enough to judge",
                rows=[("text_quality", int(i), f"{judged.at[i, 'dictionary_share']:.2f}") for i in bad.index],
                element_count=len(judged),
                column="dictionary_share",
            )
        )
    return out


@check("broken_cells")
def broken_cells(ctx: DocContext, table: str, kw: dict[str, Any]) -> list[Outcome] | Outcome:
    tq = _quality_frame(ctx)
    if tq is None or "broken" not in tq.columns:
        return _skip("text_quality table absent or without a broken column")
    out = []
    for tname, g in _per_table(tq):
        bad = g[g["broken"].fillna(False).astype(bool)]
        out.append(
            Outcome(
                success=bad.empty,
                table=str(tname),
                expected="no cell flagged broken by the repair stage",
                observed=f"{len(bad)} of {len(g)} cells flagged broken"
                if len(bad)
                else f"{len(g)} cells fine",
                rows=[("text_quality", int(i), "broken") for i in bad.index],
                element_count=len(g),
                column="broken",
            )
        )
    return out
