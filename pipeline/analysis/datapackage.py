"""A Frictionless Data Package (``datapackage.json``) for the CSV export, generated from the
contract: field types from ``pipeline/rows.py``, descriptions, keys and allowed values from
``pipeline/data/contract.json``. ``frictionless validate extracted/datapackage.json`` checks the
files against it (types, primary keys unique, every doc_id a document of the dataset)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from . import contract, database, export

PACKAGE_NAME = "bkkplan"


def field_type(t: pa.DataType) -> dict[str, Any]:
    """The Table Schema type of an Arrow type (a list is one cell joined with ``; ``)."""
    if pa.types.is_list(t):
        item = field_type(t.value_type)["type"]
        return {"type": "list", "delimiter": export.LIST_SEPARATOR, "itemType": item}
    if pa.types.is_integer(t):
        return {"type": "integer"}
    if pa.types.is_floating(t):
        return {"type": "number"}
    if pa.types.is_boolean(t):
        return {"type": "boolean"}
    if pa.types.is_timestamp(t):
        return {"type": "datetime"}
    return {"type": "string"}


def _arrow_fields(data_dir: Path, table: str) -> list[pa.Field]:
    known = contract.arrow_schema(table)
    files = database.parquet_files(data_dir, table)
    found = pq.read_schema(files[0]) if files else None
    fields = list(known) if known is not None else []
    names = {f.name for f in fields}
    if found is not None:  # columns a stage writes beyond the contract, typed as written
        fields += [f for f in found if f.name not in names and not f.name.startswith("__")]
    return fields


def table_schema(data_dir: Path, table: str, present: set[str]) -> dict[str, Any]:
    """The resource's Table Schema: fields, primary key and foreign keys to resources present."""
    info = contract.table_info(table)
    enums = info.get("enums", {})
    fields = []
    for f in _arrow_fields(data_dir, table):
        field: dict[str, Any] = {"name": f.name, **field_type(f.type)}
        about = contract.describe(table, f.name)
        if about:
            field["description"] = about
        if f.name in enums:
            field["constraints"] = {"enum": enums[f.name]}
        fields.append(field)
    out: dict[str, Any] = {"fields": fields}
    if info.get("primary_key"):
        out["primaryKey"] = info["primary_key"]
    fks = []
    if table not in ("documents", "rejects") and "documents" in present:
        # rejects also holds the files that failed before a documents row was written
        fks.append({"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}})
    for fk in info.get("foreign_keys", []):
        if fk["resource"] in present:
            ref = contract.table_info(fk["resource"]).get("primary_key", fk["fields"])
            fks.append({"fields": fk["fields"], "reference": {"resource": fk["resource"], "fields": ref}})
    if fks:
        out["foreignKeys"] = fks
    return out


def descriptor(data_dir: Path, csv_files: dict[str, Path], package_dir: Path) -> dict[str, Any]:
    """The datapackage.json content for ``csv_files`` (table -> CSV path) read from ``package_dir``."""
    present = set(csv_files)
    resources = []
    for table, path in csv_files.items():
        resource = {
            "name": table,
            "path": os.path.relpath(path, package_dir).replace(os.sep, "/"),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": export.CSV_ENCODING,
            "schema": table_schema(data_dir, table, present),
        }
        about = contract.table_info(table).get("description")
        if about:
            resource["description"] = about
        resources.append(resource)
    return {
        "name": PACKAGE_NAME,
        "title": "Bangkok district action plans and budget books as tables",
        "description": (
            "Extracted by bkkplan from the PDFs of Bangkok's district offices; see docs/data-dictionary.md."
        ),
        "version": __version__,
        "profile": "tabular-data-package",
        "resources": resources,
    }


def write(data_dir: Path, csv_dir: Path | None = None, target: Path | None = None) -> Path:
    """Export every table to CSV (default ``data_dir/csv/``) and describe them in ``target``
    (default ``data_dir/datapackage.json``); both written atomically."""
    data_dir = Path(data_dir)
    csv_dir = Path(csv_dir) if csv_dir else data_dir / "csv"
    target = Path(target) if target else data_dir / "datapackage.json"
    files = {p.stem: p for p in export.write_csv(data_dir, csv_dir)}
    text = json.dumps(descriptor(data_dir, files, target.parent), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return target
