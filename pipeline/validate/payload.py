"""The per-document content of results.json (the HTML report renders from the same dict)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from ..schema import contract_tables, row_class
from .results import CheckResult

MAX_REPAIRS_LISTED = 100


def _sum(df: pd.DataFrame | None, col: str) -> float | None:
    if df is None or col not in df.columns or df.empty:
        return None
    v = pd.to_numeric(df[col], errors="coerce").sum()
    return float(v)


def _key_numbers(table: str, df: pd.DataFrame | None) -> dict[str, Any]:
    nums: dict[str, Any] = {"rows": 0 if df is None else len(df)}
    for col in row_class(table).summed_columns():
        s = _sum(df, col)
        if s is not None:
            nums[f"sum_{col}"] = round(s, 3) if not float(s).is_integer() else int(s)
    return nums


def printed_totals(df: pd.DataFrame | None) -> dict[str, int]:
    """How many of the totals the document prints equal the sum computed from its rows."""
    if df is None or df.empty or "stated_total_baht" not in df.columns:
        return {"checked": 0, "reconciled": 0}
    stated = pd.to_numeric(df["stated_total_baht"], errors="coerce")
    computed = pd.to_numeric(df["computed_total_baht"], errors="coerce")
    checked = stated.notna()
    return {"checked": int(checked.sum()), "reconciled": int((checked & (stated == computed)).sum())}


def _status(checks: list[CheckResult]) -> str:
    failed = {c.severity for c in checks if c.failed}
    return "error" if "error" in failed else "warning" if "warning" in failed else "ok"


def _verdict(status: str) -> str:
    return {
        "ok": "trust: every check passed",
        "warning": "use with care: warnings below (kept, not rejected)",
        "error": "do not trust yet: blocking checks failed (rows copied to rejects)",
    }[status]


def _repairs(df: pd.DataFrame | None) -> dict[str, Any]:
    if df is None or df.empty:
        return {"available": df is not None, "count": 0, "by_rule": {}, "listed": []}
    by_rule = Counter(df["rule"].fillna("?").astype(str)) if "rule" in df.columns else Counter()
    # Distinct changes, word-level ones (typos, spacing) before the glyph fixes that repeat on
    # every page; each with how often it was made and the first page it was made on.
    df = df.assign(
        rule=df["rule"].fillna("?").astype(str), page=pd.to_numeric(df.get("page"), errors="coerce")
    )
    distinct = (
        df.groupby(["rule", "before", "after"], dropna=False)
        .agg(times=("page", "size"), page=("page", "min"))
        .reset_index()
    )
    distinct["glyph_level"] = distinct["rule"].str.startswith("glyph:")
    distinct = distinct.sort_values(["glyph_level", "times"], ascending=[True, False])
    listed = [
        {
            "page": None if pd.isna(r.page) else int(r.page),
            "rule": r.rule,
            "before": str(r.before),
            "after": str(r.after),
            "times": int(r.times),
        }
        for r in distinct.head(MAX_REPAIRS_LISTED).itertuples()
    ]
    return {"available": True, "count": len(df), "by_rule": dict(by_rule.most_common()), "listed": listed}


def _scan(df: pd.DataFrame | None) -> dict[str, Any] | None:
    """How a document's scanned pages were read (the ``pages`` table); None without scanned pages."""
    if df is None or df.empty or "source" not in df.columns:
        return None
    scanned = df[df["source"] == "ocr"]
    if scanned.empty:
        return None
    words = pd.to_numeric(scanned["ocr_words"], errors="coerce").fillna(0)
    conf = pd.to_numeric(scanned["ocr_mean_conf"], errors="coerce").fillna(0)
    with_tables = df[(df["tables"].fillna(0) > 0) | (df["tables_rejected"].fillna(0) > 0)]
    return {
        "ocr_pages": len(scanned),
        "mean_conf": round(float((words * conf).sum() / words.sum()), 1) if words.sum() else None,
        "max_skew_deg": round(float(pd.to_numeric(scanned["skew_deg"], errors="coerce").abs().max()), 2),
        "turned_pages": int((pd.to_numeric(scanned["rotation"], errors="coerce").fillna(0) != 0).sum()),
        "table_pages": len(with_tables),
        "recognised_pages": int((with_tables["tables"].fillna(0) > 0).sum()),
    }


def _text_quality(df: pd.DataFrame | None) -> dict[str, Any]:
    if df is None or df.empty:
        return {"available": df is not None, "cells": 0, "per_column": []}
    df = df.copy()
    df["dictionary_share"] = pd.to_numeric(df.get("dictionary_share"), errors="coerce")
    df["broken"] = df["broken"].fillna(False).astype(bool) if "broken" in df.columns else False
    per = []
    for (t, c), g in df.groupby([df.get("table", "?"), df.get("column", "?")], sort=True):
        per.append(
            {
                "table": str(t),
                "column": str(c),
                "cells": len(g),
                "mean_share": None
                if g["dictionary_share"].isna().all()
                else round(float(g["dictionary_share"].mean()), 3),
                "min_share": None
                if g["dictionary_share"].isna().all()
                else round(float(g["dictionary_share"].min()), 3),
                "broken": int(g["broken"].sum()),
            }
        )
    return {
        "available": True,
        "cells": len(df),
        "mean_share": round(float(df["dictionary_share"].mean()), 3),
        "broken": int(df["broken"].sum()),
        "per_column": per,
    }


def _extraction_rejects(df: pd.DataFrame | None) -> dict[str, Any]:
    if df is None or df.empty or "stage" not in df.columns:
        return {"count": 0, "by_stage": {}, "listed": []}
    old = df[df["stage"] != "validate"]
    cols = [c for c in ("page", "stage", "severity", "reason", "raw_text") if c in old.columns]
    listed = [
        {
            k: (
                None
                if v is None or (not isinstance(v, str) and pd.isna(v))
                else (int(v) if k == "page" else str(v)[:160])
            )
            for k, v in rec.items()
        }
        for rec in old[cols].head(50).to_dict("records")
    ]
    return {"count": len(old), "by_stage": dict(Counter(old["stage"].astype(str))), "listed": listed}


def document_payload(
    doc_id: str,
    meta: dict[str, Any],
    frames: dict[str, pd.DataFrame],
    results: list[CheckResult],
    new_rejects: list[dict[str, Any]],
) -> dict[str, Any]:
    """Everything the report shows about one document, JSON-serialisable."""
    tables = {}
    order = contract_tables()
    for t in order:
        mine = [r for r in results if r.table == t]
        df = frames.get(t)
        if not mine and not row_class(t).ALWAYS_SHOWN and (df is None or df.empty):
            continue  # a table of another document type (shown when checked or not empty)
        st = _status(mine)
        tables[t] = {
            "status": st,
            "verdict": _verdict(st),
            "numbers": _key_numbers(t, frames.get(t)),
            "checks": [r.to_dict() for r in mine],
        }
    other = sorted({r.table for r in results} - set(order))
    for t in other:  # results about tables outside the contract list (should not happen)
        mine = [r for r in results if r.table == t]
        tables[t] = {"status": _status(mine), "verdict": _verdict(_status(mine)), "numbers": {}, "checks": [
            r.to_dict() for r in mine]}  # fmt: skip
    findings = [
        {
            "severity": r.severity,
            "check_id": r.check_id,
            "table": r.table,
            "about": r.about,
            "expected": r.expected,
            "observed": r.observed,
            "pages": sorted({fr.page for fr in r.failing_rows if fr.page is not None}),
            "rows": r.unexpected_count,
        }
        for r in sorted(
            (r for r in results if r.failed), key=lambda r: (r.severity != "error", r.table, r.check_id)
        )
    ]
    counts = Counter((r.status, r.severity) for r in results)
    return {
        "doc_id": doc_id,
        **meta,
        "status": _status(results),
        "counts": {
            "checks": len(results),
            "passed": sum(v for (s, _), v in counts.items() if s == "passed"),
            "failed_error": counts[("failed", "error")],
            "failed_warning": counts[("failed", "warning")],
            "skipped": sum(v for (s, _), v in counts.items() if s == "skipped"),
        },
        "findings": findings,
        "totals": printed_totals(frames.get("stated_totals")),
        "tables": tables,
        "validate_rejects": len(new_rejects),
        "extraction_rejects": _extraction_rejects(frames.get("rejects")),
        "repairs": _repairs(frames.get("text_repairs")),
        "text_quality": _text_quality(frames.get("text_quality")),
        "scan": _scan(frames.get("pages")),
    }
