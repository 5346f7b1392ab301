"""Stage 6, emit: one Parquet file per table and document, written atomically.

``extracted/<table>/<doc_id>.parquet``: re-running a document replaces its file,
so rows are never duplicated; a temp file in the same folder is renamed over the
old one, so a crash never leaves a half-written table behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .records import Reject, SourceDocument
from .schema import all_tables, schema_of


def write_table(out_dir: Path, table: str, doc_id: str, rows: Sequence[Mapping[str, object]]) -> Path:
    """Write ``rows`` as ``out_dir/table/doc_id.parquet`` with the table's contract schema."""
    schema = schema_of(table)
    names = set(schema.names)
    clean = [{k: v for k, v in row.items() if k in names} for row in rows]
    data = pa.Table.from_pylist(clean, schema=schema)
    folder = out_dir / table
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{doc_id}.parquet"
    fd, tmp = tempfile.mkstemp(prefix=f".{doc_id}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        pq.write_table(data, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def reject_rows(rejects: Sequence[Reject]) -> list[dict[str, object]]:
    """Rejects as rows of the rejects table."""
    return [
        {
            "page": r.page,
            "stage": r.stage,
            "reason": r.reason,
            "raw_text": r.raw_text,
            "bbox": list(r.bbox) if r.bbox else None,
            "table": r.table,
            "severity": "error",
            "check": None,
        }
        for r in rejects
    ]


def emit_document(
    out_dir: Path, doc: SourceDocument, tables: Mapping[str, Sequence[Mapping[str, object]]]
) -> dict[str, int]:
    """Write every table for one document (empty ones too, so stale rows disappear).

    Returns the row count per table.
    """
    common = {"doc_id": doc.doc_id, "district": doc.district, "fiscal_year": doc.fiscal_year}
    counts = {}
    for table in all_tables():
        rows = [{**common, **row} for row in tables.get(table, [])]
        write_table(out_dir, table, doc.doc_id, rows)
        counts[table] = len(rows)
    return counts


def remove_document(out_dir: Path, doc_id: str, keep: Sequence[str] = ("rejects", "documents")) -> None:
    """Drop a document's files (a failed re-run must not leave its old rows looking current)."""
    for table in all_tables():
        if table in keep:
            continue
        (out_dir / table / f"{doc_id}.parquet").unlink(missing_ok=True)
