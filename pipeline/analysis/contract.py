"""The contract's meaning in data form (``pipeline/data/contract.json``): what each table and
column means, keys and allowed values; the types are ``pipeline/rows.py``'s."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .. import schema
from ..vocabulary import divisions, load_json


def _contract() -> dict[str, Any]:
    return load_json("pipeline", "data", "contract.json")


def table_info(table: str) -> dict[str, Any]:
    """The table's entry (description, columns, primary_key, foreign_keys, enums); {} if unknown."""
    return _contract()["tables"].get(table, {})


def describe(table: str, column: str) -> str | None:
    """What a column means; None when the contract file does not say."""
    common = _contract()["common"]
    if column in common:
        return common[column]
    return table_info(table).get("columns", {}).get(column)


def division_aliases() -> dict[str, str]:
    """Every name a plan prints for a division (ฝ่ายรักษาความสะอาดฯ) -> its full name, from the
    reference list ``pipeline/data/divisions.json`` (a full name maps to itself)."""
    return dict(divisions().full_names)


def known_tables() -> list[str]:
    """Tables with a row class in pipeline/rows.py (extracted, then derived)."""
    return [*schema.ALL_TABLES, *schema.DERIVED_TABLES]


def arrow_schema(table: str) -> pa.Schema | None:
    """The table's Arrow schema (its row class's); None for a table no row class defines."""
    return schema.schema_of(table) if table in known_tables() else None


def type_name(t: pa.DataType) -> str:
    """A short type name for people: string, int16, float64, list<string>, timestamp (UTC)…"""
    if pa.types.is_list(t):
        return f"list<{type_name(t.value_type)}>"
    if pa.types.is_timestamp(t):
        return "timestamp (UTC)" if t.tz else "timestamp"
    return {"double": "float64", "bool": "boolean"}.get(str(t), str(t))
