"""Reading a dataset for validation: its tables (``pipeline.schema``'s lists), per document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import contract_tables, run_tables


class ValidationInputError(Exception):
    """The folder is missing or holds none of the contract's tables (the CLI maps this to exit 2)."""


def parquet_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.parquet") if not p.name.startswith((".", "_")))


def _read_table(folder: Path, doc_ids: list[str] | None) -> pd.DataFrame:
    try:
        df = pd.read_parquet(folder)
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError):
        # Files with diverging schemas: read one by one; the schema check reports the divergence.
        df = pd.concat([pd.read_parquet(p) for p in parquet_files(folder)], ignore_index=True)
    if doc_ids is not None and "doc_id" in df.columns:
        df = df[df["doc_id"].isin(doc_ids)]
    return df.reset_index(drop=True)


def load(out_dir: Path, doc_ids: list[str] | None):
    if not out_dir.is_dir():
        raise ValidationInputError(f"{out_dir} is not a folder")
    frames, schemas = {}, {}
    tables = contract_tables()  # the core tables and those the document types add
    for table in tables + run_tables():  # the run's own tables (repair log, text quality…) for checks
        folder = out_dir / table
        if not folder.is_dir() or not parquet_files(folder):
            continue
        frames[table] = _read_table(folder, doc_ids)
        schemas[table] = [(str(p.relative_to(out_dir)), pq.read_schema(p)) for p in parquet_files(folder)]
    if not any(t in frames for t in tables if t != "rejects"):
        raise ValidationInputError(f"{out_dir} holds none of the tables {', '.join(tables)}")
    return frames, schemas


def doc_ids(frames: dict[str, pd.DataFrame], wanted: list[str] | None) -> list[str]:
    ids: set[str] = set()
    contract = contract_tables()
    for t, df in frames.items():
        if t in contract and t != "rejects" and "doc_id" in df.columns:
            ids.update(df["doc_id"].dropna().astype(str))
    if wanted is not None:
        missing = [d for d in wanted if d not in ids]
        if missing:
            raise ValidationInputError(f"no rows for document(s) {', '.join(missing)}")
        return list(dict.fromkeys(wanted))
    return sorted(ids)


def doc_frames(frames: dict[str, pd.DataFrame], doc_id: str) -> dict[str, pd.DataFrame]:
    out = {}
    for t, df in frames.items():
        sub = df[df["doc_id"] == doc_id] if "doc_id" in df.columns else df.iloc[0:0]
        out[t] = sub.reset_index(drop=True)
    return out


def doc_schemas(schemas, doc_id: str, all_ids: list[str]) -> dict[str, list[tuple[str, pa.Schema]]]:
    # <table>/<doc_id>.parquet is the layout; files not named after a document (hive partitions)
    # are checked for every document.
    out = {}
    for t, files in schemas.items():
        mine = [f for f in files if Path(f[0]).stem == doc_id]
        out[t] = mine or [f for f in files if Path(f[0]).stem not in all_ids]
    return out


def doc_meta(frames: dict[str, pd.DataFrame], doc_id: str) -> dict[str, Any]:
    for t in contract_tables():  # documents first; every contract table has the document columns
        df = frames.get(t)
        if df is not None and len(df) and {"district", "fiscal_year"} <= set(df.columns):
            row = df.iloc[0]
            title = row.get("title") if t == "documents" else None
            fy = row["fiscal_year"]
            return {
                "district": None if pd.isna(row["district"]) else str(row["district"]),
                "fiscal_year": None if pd.isna(fy) else int(fy),
                "title": None if title is None or pd.isna(title) else str(title),
            }
    return {"district": None, "fiscal_year": None, "title": None}
