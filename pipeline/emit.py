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
from .rows import DOCUMENT_COLUMNS, RejectRow, Row, RowError, make
from .schema import all_tables, row_class
from .store import Manifest, Store

RowLike = Row | Mapping[str, object]


def to_arrow(table: str, rows: Sequence[RowLike], document: Mapping[str, object] | None = None) -> pa.Table:
    """``rows`` as an Arrow table with the table's contract schema.

    Rows are the table's row class (``pipeline.rows``) or dicts naming exactly its fields (and
    optionally the document columns); anything else raises :class:`RowError` naming the table
    and field.  ``document`` gives the document columns of rows that do not carry them.
    """
    cls = row_class(table)
    document = document or {}
    doc_values: dict[str, list[object]] = {name: [] for name, _ in DOCUMENT_COLUMNS}
    typed = []
    for row in rows:
        if isinstance(row, Row):
            for name in doc_values:
                doc_values[name].append(document.get(name))
        else:
            for name in doc_values:
                doc_values[name].append(row.get(name, document.get(name)))
            row = {k: v for k, v in row.items() if k not in doc_values}
        typed.append(make(cls, row))
    columns = [(n, t, doc_values[n]) for n, t in DOCUMENT_COLUMNS]
    columns += [(n, t, [getattr(r, n) for r in typed]) for n, t in cls.columns()]
    arrays = []
    for name, typ, values in columns:
        try:
            arrays.append(pa.array(values, typ))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            raise RowError(f"{table}.{name}: {exc}") from exc
    return pa.Table.from_arrays(arrays, schema=cls.arrow_schema())


def write_table(out_dir: Path, table: str, doc_id: str, rows: Sequence[RowLike]) -> Path:
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


def reject_rows(rejects: Sequence[Reject]) -> list[RejectRow]:
    """Rejects as rows of the rejects table."""
    return [
        RejectRow(
            page=r.page,
            stage=r.stage,
            reason=r.reason,
            raw_text=r.raw_text,
            bbox=list(r.bbox) if r.bbox else None,
            table=r.table,
            severity="error",
            check=None,
        )
        for r in rejects
    ]


def document_tables(doc: SourceDocument, tables: Mapping[str, Sequence[RowLike]]) -> dict[str, pa.Table]:
    """Every table of one document (empty ones too, so stale rows disappear); rows of a table
    the contract lacks raise :class:`RowError`."""
    unknown = sorted(set(tables) - set(all_tables()))
    if unknown:
        raise RowError(f"{doc.doc_id}: rows for unknown table(s) {', '.join(unknown)}")
    common = {"doc_id": doc.doc_id, "district": doc.district, "fiscal_year": doc.fiscal_year}
    return {t: to_arrow(t, tables.get(t, []), common) for t in all_tables()}


def failure_tables(doc_id: str, source: str, message: str) -> dict[str, pa.Table]:
    """A document that could not be read: no rows anywhere but one reject saying why."""
    reject = Reject(doc_id=doc_id, stage="ingest", reason=message, raw_text=source)
    return {"rejects": to_arrow("rejects", reject_rows([reject]), {"doc_id": doc_id})}


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
    out_dir: Path, doc: SourceDocument, tables: Mapping[str, Sequence[RowLike]]
) -> dict[str, int]:
    """Write every table of one document into ``out_dir`` at once; the row count per table.

    For callers outside a run (tests, tools); a run commits through its own Store and lock.
    """
    arrow = document_tables(doc, tables)
    manifest = Manifest(doc.doc_id, doc.path, doc.sha256, "", ok=True, rows=row_counts(arrow))
    Store(out_dir).commit(manifest, arrow)
    return manifest.rows
