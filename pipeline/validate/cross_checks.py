"""Cross-table and aggregate checks: keys that resolve, printed totals, budgets per year, names.

Registered with the other pandas checks (``checks.check``); each compares one table with
another or with what the document prints about it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .checks import DocContext, Outcome, _filter, _fmt, _num, _skip, check


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
