"""Build a fake ``extracted/`` from the Bang Na gold tables, as emit would write it.

Adds ``page`` (int16) and, for the four provenance tables, ``bbox``; fills the documents columns the
gold leaves out; writes the document's printed totals (subdistricts/staffing) as stated_totals rows,
including the printed area 17.789 km² (the rows sum to 18.789: a finding the validator must report).
Tests break the frames with ``mutate`` before they are written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "bangna-2569"
DOC_ID = "bangna-2569"
TABLES = (
    "documents", "krs", "okr_rows", "key_projects", "routine_projects",
    "budgets", "stated_totals", "subdistricts", "staffing",
)  # fmt: skip
# The printed total rows of the profile tables, as the profile parser writes them.
PROVENANCE = ("krs", "okr_rows", "key_projects", "routine_projects")
# Printed total rows of the population and staffing tables (seed text, lines 148 and 165).
PRINTED_TOTALS = {
    ("subdistricts", "area_km2"): 17.789,
    ("subdistricts", "households"): 83281,
    ("subdistricts", "male"): 38914,
    ("subdistricts", "female"): 45739,
    ("subdistricts", "total"): 84653,
    ("staffing", "positions"): 1073,
    ("staffing", "filled"): 998,
    ("staffing", "vacant"): 75,
}
# A plausible page per table, so failing rows carry a real-looking page number.
FIRST_PAGE = {"documents": 1, "subdistricts": 5, "staffing": 6, "krs": 20, "okr_rows": 10,
              "key_projects": 30, "routine_projects": 45, "budgets": 45, "stated_totals": 30}  # fmt: skip


def gold_frames() -> dict[str, pd.DataFrame]:
    """The gold tables plus page/bbox/documents columns and printed-total stated_totals rows."""
    frames = {}
    for t in TABLES:
        df = pd.read_parquet(GOLD / f"{t}.parquet")
        df["page"] = pd.array([FIRST_PAGE[t] + i // 10 for i in range(len(df))], dtype="int16")
        if t in PROVENANCE:
            df["bbox"] = [[50.0, 100.0 + (i % 10) * 40, 300.0, 120.0 + (i % 10) * 40] for i in range(len(df))]
        frames[t] = df
    docs = frames["documents"]
    docs["source_path"] = f"raw/{DOC_ID}.pdf"
    docs["sha256"] = "0" * 64
    docs["n_pages"] = pd.array([75], dtype="int16")
    docs["text_source"] = "digital"
    docs["pipeline_version"] = "0.1.0"
    docs["extracted_at"] = pd.Timestamp("2025-11-24T05:00:00Z")
    for t in ("key_projects", "routine_projects"):
        frames[t]["budget_baht"] = frames[t]["budget_baht"].astype("Int64")
    st = frames["stated_totals"]
    for c in ("stated_count", "stated_total_baht", "computed_count", "computed_total_baht"):
        st[c] = st[c].astype("Int64")
    frames["profile_totals"] = pd.DataFrame(
        {
            "doc_id": DOC_ID,
            "district": "บางนา",
            "fiscal_year": pd.array([2569] * len(PRINTED_TOTALS), dtype="int16"),
            "page": pd.array([5] * 5 + [6] * 3, dtype="int16"),
            "table": [t for t, _ in PRINTED_TOTALS],
            "column": [c for _, c in PRINTED_TOTALS],
            "stated_value": [float(v) for v in PRINTED_TOTALS.values()],
            "computed_value": [float(frames[t][c].sum()) for t, c in PRINTED_TOTALS],
        }
    )
    return frames


def write_dataset(
    out_dir: Path,
    mutate: Callable[[dict[str, pd.DataFrame]], None] | None = None,
    *,
    text_quality: pd.DataFrame | None = None,
    text_repairs: pd.DataFrame | None = None,
    doc_id: str = DOC_ID,
) -> Path:
    """Write ``out_dir/<table>/<doc_id>.parquet`` for every table (rejects empty); a ``doc_id`` other
    than bangna-2569 relabels the rows (``mutate`` may change their fiscal_year too)."""
    frames = gold_frames()
    if doc_id != DOC_ID:
        for df in frames.values():
            df["doc_id"] = doc_id
    if mutate:
        mutate(frames)
    for t, df in frames.items():
        _write(out_dir / t, df, doc_id=doc_id)
    rejects = pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype="str"), "district": pd.Series([], dtype="str"),
            "fiscal_year": pd.Series([], dtype="int16"), "page": pd.Series([], dtype="Int16"),
            "stage": pd.Series([], dtype="str"), "reason": pd.Series([], dtype="str"),
            "raw_text": pd.Series([], dtype="str"), "bbox": pd.Series([], dtype="object"),
            "table": pd.Series([], dtype="str"), "severity": pd.Series([], dtype="str"),
            "check": pd.Series([], dtype="str"),
        }
    )  # fmt: skip
    _write(out_dir / "rejects", rejects, {"bbox": pa.list_(pa.float64())}, doc_id=doc_id)
    if text_quality is not None:
        _write(out_dir / "text_quality", text_quality, doc_id=doc_id)
    if text_repairs is not None:
        _write(out_dir / "text_repairs", text_repairs, doc_id=doc_id)
    return out_dir


def _write(
    folder: Path, df: pd.DataFrame, types: dict[str, pa.DataType] | None = None, doc_id: str = DOC_ID
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    list_cols = {"divisions", "projects", "policy_codes"}
    fields = []
    for c in df.columns:
        if types and c in types:
            typ = types[c]
        elif c in list_cols:
            typ = pa.list_(pa.string())
        elif c == "bbox":
            typ = pa.list_(pa.float64())
        else:
            typ = None
        fields.append((c, typ))
    table = pa.Table.from_pandas(df, preserve_index=False)
    for c, typ in fields:
        if typ is not None:
            i = table.schema.get_field_index(c)
            table = table.set_column(
                i, c, pa.array([None if v is None else list(v) for v in df[c]], type=typ)
            )
    pq.write_table(table, folder / f"{doc_id}.parquet")


def add_reject(out_dir: Path, **row) -> None:
    """Append an extraction-stage reject row (stage != validate) to the document's rejects file."""
    path = out_dir / "rejects" / f"{DOC_ID}.parquet"
    old = pq.read_table(path)
    base = {"doc_id": DOC_ID, "district": "บางนา", "fiscal_year": 2569, "page": 3, "stage": "parse",
            "reason": "unparsed row", "raw_text": "x", "bbox": None, "table": "key_projects",
            "severity": "error", "check": None}  # fmt: skip
    base.update(row)
    new = pa.Table.from_pylist([base], schema=old.schema)
    pq.write_table(pa.concat_tables([old, new]), path)
