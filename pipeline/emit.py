"""Stage 6, emit: a document's rows as Arrow tables of the contract, committed all at once.

``extracted/<table>/<doc_id>.parquet`` holds one document's rows of one table; re-running a
document replaces all its files in one step (``store.Store.commit``), so rows are never
duplicated and a crash never leaves a half-written or half-replaced document behind.
Conversion to Arrow happens where the document was read (a worker process); only the
process holding the output folder's lock writes.
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
from .store import Manifest, Store


def to_arrow(table: str, rows: Sequence[Mapping[str, object]]) -> pa.Table:
    """``rows`` as an Arrow table with the table's contract schema (unknown keys dropped)."""
    schema = schema_of(table)
    names = set(schema.names)
    return pa.Table.from_pylist([{k: v for k, v in row.items() if k in names} for row in rows], schema=schema)


def write_table(out_dir: Path, table: str, doc_id: str, rows: Sequence[Mapping[str, object]]) -> Path:
    """Write a derived table's file ``out_dir/table/doc_id.parquet`` alone (0644, temp file renamed).

    For tables made from the dataset after the documents are committed (analysis' ``changes``);
    a document's own tables go through ``emit.document_tables`` and one ``Store.commit``.
    """
    folder = out_dir / table
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{doc_id}.parquet"
    fd, tmp = tempfile.mkstemp(prefix=f".{doc_id}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        pq.write_table(to_arrow(table, rows), tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the dataset is readable by all
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


def document_tables(
    doc: SourceDocument, tables: Mapping[str, Sequence[Mapping[str, object]]]
) -> dict[str, pa.Table]:
    """Every contract table of one document (empty ones too, so stale rows disappear)."""
    common = {"doc_id": doc.doc_id, "district": doc.district, "fiscal_year": doc.fiscal_year}
    return {t: to_arrow(t, [{**common, **row} for row in tables.get(t, [])]) for t in all_tables()}


def failure_tables(doc_id: str, source: str, message: str) -> dict[str, pa.Table]:
    """A document that could not be read: no rows anywhere but one reject saying why."""
    reject = Reject(doc_id=doc_id, stage="ingest", reason=message, raw_text=source)
    return {"rejects": to_arrow("rejects", [{"doc_id": doc_id, **row} for row in reject_rows([reject])])}


def row_counts(tables: Mapping[str, pa.Table]) -> dict[str, int]:
    return {t: tables[t].num_rows if t in tables else 0 for t in all_tables()}


def with_doc_id(tables: Mapping[str, pa.Table], doc_id: str, source_path: str) -> dict[str, pa.Table]:
    """The same tables under another doc_id (a renamed file), without reading the PDF again."""
    out = {}
    for name, data in tables.items():
        ids = pa.array([doc_id] * len(data), pa.string())
        data = data.set_column(data.schema.get_field_index("doc_id"), "doc_id", ids)
        if name == "documents":
            i = data.schema.get_field_index("source_path")
            data = data.set_column(i, "source_path", pa.array([source_path] * len(data), pa.string()))
        out[name] = data
    return out


def emit_document(
    out_dir: Path, doc: SourceDocument, tables: Mapping[str, Sequence[Mapping[str, object]]]
) -> dict[str, int]:
    """Write every table of one document into ``out_dir`` at once; the row count per table.

    For callers outside a run (tests, tools); a run commits through its own Store and lock.
    """
    arrow = document_tables(doc, tables)
    manifest = Manifest(doc.doc_id, doc.path, doc.sha256, "", ok=True, rows=row_counts(arrow))
    Store(out_dir).commit(manifest, arrow)
    return manifest.rows
