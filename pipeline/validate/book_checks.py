"""Checks of the budget book's tables (registered with the other pandas checks)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .checks import DocContext, Outcome, _fmt, _num, _skip, check, from_rows


@check("printed_totals")
def printed_totals(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    """Every stated_totals row whose section starts with ``prefix``: stated equals computed."""
    st = ctx.frame("stated_totals")
    if st is None or "section" not in st.columns:
        return _skip("no stated_totals")
    mine = st[st["section"].astype(str).str.startswith(kw["prefix"])]
    if mine.empty:
        return _skip(f"no stated totals of {kw['prefix']}")
    rows = []
    for i, r in mine.iterrows():
        stated, computed = _num(r.get("stated_total_baht")), _num(r.get("computed_total_baht"))
        if stated is None or computed is None or int(stated) != int(computed):
            diff = "" if stated is None or computed is None else f" (diff {int(computed) - int(stated):+,})"
            rows.append(
                (
                    "stated_totals",
                    int(i),
                    f"p{r.get('page')} {r['section']}: printed {_fmt(stated)}, sum {_fmt(computed)}{diff}",
                )
            )
    return Outcome(
        success=not rows,
        table="stated_totals",
        expected="every printed total equals the sum of what it totals",
        observed=f"{len(mine) - len(rows)} of {len(mine)} totals reconcile",
        rows=rows,
        element_count=len(mine),
    )


@check("rows_per_key")
def rows_per_key(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    """Every key of ``table`` (e.g. a programme) has rows in ``other`` (e.g. its indicators)."""
    df, other = ctx.frame(table), ctx.frame(kw["other"])
    key = kw["column"]
    if df is None or df.empty:
        return _skip(f"no {table} rows")
    have = set() if other is None or key not in other.columns else set(other[key].dropna().astype(str))
    rows = [
        (table, int(i), f"{key}={v}: no {kw['other']} rows")
        for i, v in df[key].astype(str).items()
        if v not in have
    ]
    observed = f"{len(rows)} of {len(df)} without" if rows else f"all {len(df)} have"
    return from_rows(rows, f"each {key} has rows in {kw['other']}", observed, len(df), column=key)


@check("parent_in_table")
def parent_in_table(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    """``parent`` values name an ``id`` of the same table one level up."""
    df = ctx.frame(table)
    if df is None or df.empty:
        return _skip(f"no {table} rows")
    level = dict(zip(df[kw["id"]], df[kw["level"]], strict=True))
    rows = []
    for i, r in df.iterrows():
        p = r[kw["parent"]]
        if pd.isna(p):
            if int(r[kw["level"]]) != 0:
                rows.append((table, int(i), f"{kw['id']}={r[kw['id']]}: no parent at level {r[kw['level']]}"))
        elif p not in level or int(level[p]) != int(r[kw["level"]]) - 1:
            rows.append((table, int(i), f"{kw['id']}={r[kw['id']]}: parent {int(p)} is not one level up"))
    return Outcome(
        success=not rows,
        expected="each line's parent is a line one level up",
        observed=f"{len(rows)} of {len(df)} lines misplaced"
        if rows
        else f"{len(df)} lines in one tree per programme",
        rows=rows,
        element_count=len(df),
    )
