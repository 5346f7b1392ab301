"""Validation's rows in ``rejects``: a failed blocking check's rows, written beside the extraction
stages' rejects of the same document (their schema is ``pipeline.rows.RejectRow``'s)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..rows import RejectRow
from .results import CheckResult, FailingRow

SCHEMA = RejectRow.arrow_schema()


def reject_rows(results: list[CheckResult], meta: dict[str, Any]) -> list[dict[str, Any]]:
    """The rejects rows of a document's failed error-severity checks, one per failing row."""
    rows, seen = [], set()
    for cr in results:
        if not cr.failed or cr.severity != "error" or cr.table == "rejects":
            continue
        targets = cr.failing_rows or [FailingRow(cr.table, None, None, "", None)]
        for fr in targets:
            key = (cr.check_id, fr.table, fr.row, fr.value)
            if key in seen:
                continue
            seen.add(key)
            detail = f" — {fr.value}" if fr.value else f" — observed {cr.observed}"
            row = RejectRow(
                page=fr.page,
                stage="validate",
                reason=f"{cr.check_id}: {cr.about or cr.expected}{detail}"[:500],
                raw_text=fr.snippet or cr.observed,
                bbox=fr.bbox,
                table=fr.table,
                severity="error",
                check=cr.check_id,
            )
            district, year = meta.get("district"), meta.get("fiscal_year")
            rows.append({"doc_id": cr.doc_id, "district": district, "fiscal_year": year, **row})
    return rows


def write_rejects(out_dir: Path, doc_id: str, new_rows: list[dict[str, Any]]) -> None:
    """Replace this document's validate rejects, keeping the extraction stages' rows; atomic rename."""
    folder = out_dir / "rejects"
    folder.mkdir(parents=True, exist_ok=True)
    # The file is a link into the document's current generation (store.py): write behind it.
    path = (folder / f"{doc_id}.parquet").resolve()
    folder = path.parent
    table = merged_rejects(pq.read_table(path) if path.exists() else None, new_rows)
    fd, tmp = tempfile.mkstemp(prefix=f".{doc_id}.", suffix=".parquet.tmp", dir=folder)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; keep the dataset's usual permissions
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def merged_rejects(current: pa.Table | None, new_rows: list[dict[str, Any]]) -> pa.Table:
    """A document's rejects with ``new_rows`` as its validate rows: the extraction stages' rows
    kept, earlier validate rows replaced (a worker merges before the commit, ``bkkplan validate``
    in the written file)."""
    keep = pd.DataFrame(columns=SCHEMA.names)
    if current is not None:
        old = current.to_pandas()
        if "stage" in old.columns:
            keep = old[old["stage"] != "validate"]
        else:
            keep = old
    new = pd.DataFrame(new_rows, columns=SCHEMA.names)
    merged = pd.concat([df for df in (keep, new) if not df.empty] or [new], ignore_index=True)
    for col in SCHEMA.names:
        if col not in merged.columns:
            merged[col] = None
    extra = [c for c in merged.columns if c not in SCHEMA.names]
    if extra:  # keep columns other stages added, typed as arrow infers them
        schema = SCHEMA
        for c in extra:
            schema = schema.append(
                pa.field(c, pa.Table.from_pandas(merged[[c]], preserve_index=False).schema[0].type)
            )
    else:
        schema = SCHEMA
    return pa.Table.from_arrays(
        [pa.array([_arrow_value(v, f.type) for v in merged[f.name].tolist()], type=f.type) for f in schema],
        schema=schema,
    )


def _arrow_value(v: Any, typ: pa.DataType) -> Any:
    """Normalise a pandas cell (NaN, numpy arrays, numpy scalars) for pa.array of type ``typ``."""
    if isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, list):
        return v
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if pa.types.is_integer(typ):
        return int(v)
    if isinstance(v, np.generic):
        return v.item()
    return v
