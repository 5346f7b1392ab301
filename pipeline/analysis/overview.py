"""The numbers the report draws and the changes it lists, from the dataset's tables (pandas frames
as the validation stage reads them); plain data for results.json, drawn by ``pipeline/report.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from . import database, yearly

CHANGES_LISTED = 40  # changes of each kind listed in the report (the changes table keeps all)
LISTED_KINDS = ("added", "dropped", "renamed", "rebudgeted", "moved", "kr_target", "kr_added", "kr_dropped")


def _int(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def money_by_division(plans: dict[str, yearly.Plan]) -> list[dict[str, Any]]:
    """This year's money per division of each plan (key + routine projects)."""
    return [
        {"doc_id": d, "division": div, "baht": round(float(v))}
        for d, plan in sorted(plans.items())
        for div, v in yearly.division_money(plan).items()
    ]


def money_by_year(budgets: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Money per document and year it is spent in, key and routine lists (the okr rows repeat them)."""
    if budgets is None or budgets.empty:
        return []
    b = budgets[budgets["section"].isin(["key", "routine"])]
    sums = b.groupby(["doc_id", "budget_year"], as_index=False)["amount_baht"].sum()
    return [
        {"doc_id": r.doc_id, "budget_year": int(r.budget_year), "baht": int(r.amount_baht)}
        for r in sums.itertuples()
    ]


def totals(frames: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """Every printed total beside its computed sum, reconciled or not."""
    out = []
    st = frames.get("stated_totals")
    if st is not None:
        for r in st.itertuples():
            for what, stated, computed in (
                ("total", r.stated_total_baht, r.computed_total_baht),
                ("count", r.stated_count, r.computed_count),
            ):
                if not pd.isna(stated):
                    out.append(
                        {
                            "doc_id": r.doc_id,
                            "total_of": f"{r.section} {what}",
                            "stated": float(stated),
                            "computed": None if pd.isna(computed) else float(computed),
                        }
                    )
    pt = frames.get("profile_totals")
    if pt is not None:
        for r in pt.itertuples():
            out.append(
                {
                    "doc_id": r.doc_id,
                    "total_of": f"{r.table}.{r.column}",
                    "stated": float(r.stated_value),
                    "computed": None if pd.isna(r.computed_value) else float(r.computed_value),
                }
            )
    for t in out:
        t["reconciled"] = t["computed"] is not None and abs(t["stated"] - t["computed"]) < 1e-6
    return out


def pages(documents: pd.DataFrame | None, per_page: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Pages of each document by where their text came from: counted from the pages table (one
    row per page, its source digital or ocr), else the document's text_source for all its pages."""
    if documents is None or documents.empty:
        return []
    if per_page is not None and not per_page.empty and "source" in per_page.columns:
        counts = per_page.groupby(["doc_id", per_page["source"].fillna("digital")]).size()
        counted = [{"doc_id": d, "pages": int(n), "text_source": s} for (d, s), n in counts.items()]
        seen = {c["doc_id"] for c in counted}
        documents = documents[~documents["doc_id"].isin(seen)]
    else:
        counted = []
    return counted + [
        {"doc_id": r.doc_id, "pages": _int(r.n_pages) or 0, "text_source": r.text_source or "digital"}
        for r in documents.sort_values("doc_id").itertuples()
    ]  # documents without per-page rows (written before the pages table existed)


def changes(plans: dict[str, yearly.Plan]) -> list[dict[str, Any]]:
    """For each district with plans of two years: counts per kind of change and the first of each."""
    out = []
    for old, new in yearly.consecutive_pairs(plans):
        df = yearly.compare(old, new)
        listed = {}
        for kind in LISTED_KINDS:
            part = df[df["change"] == kind].head(CHANGES_LISTED)
            listed[kind] = [
                {k: (None if pd.isna(v) else v) for k, v in r.items()}
                for r in part[["name_before", "name_after", "key", "value_before", "value_after", "division"]]
                .astype(object)
                .to_dict("records")
            ]
        money = df[df["change"] == "division_money"]
        out.append(
            {
                "district": new.district,
                "from_doc_id": old.doc_id,
                "to_doc_id": new.doc_id,
                "from_year": old.fiscal_year,
                "to_year": new.fiscal_year,
                "counts": {k: int((df["change"] == k).sum()) for k in LISTED_KINDS},
                "listed": listed,
                "division_money": [
                    {"division": r.division, "before": _int(r.amount_before), "after": _int(r.amount_after)}
                    for r in money.itertuples()
                ],
            }
        )
    return out


REPORT_TABLES = (*yearly.PLAN_TABLES, "budgets", "stated_totals", "profile_totals", "pages")


def dataset_frames(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables the report's charts need, every document of the dataset."""
    con = database.connect(data_dir)
    try:
        return {t: con.sql(f'SELECT * FROM "{t}"').df() for t in REPORT_TABLES}
    finally:
        con.close()


def report_data(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """What the report's charts and its year-over-year section show."""
    plans = yearly.plans_from_frames(frames)
    return {
        "money_by_division": money_by_division(plans),
        "money_by_year": money_by_year(frames.get("budgets")),
        "totals": totals(frames),
        "pages": pages(frames.get("documents"), frames.get("pages")),
        "changes": changes(plans),
    }
