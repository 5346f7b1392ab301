"""The output contract (../shared/SCHEMA.md) as Arrow schemas and table lists.

Everything here is derived from the row classes of ``pipeline/rows.py`` (and those a registered
document type adds, ``DocumentType.tables``): a table is named once, where its row is defined.
"""

from __future__ import annotations

import pyarrow as pa

from . import rows
from .rows import CONTRACT, DERIVED, RUN, Row, RowError


def row_classes() -> list[type[Row]]:
    """Every table's row class: the built-in ones, then those the registered document types add."""
    from . import doctypes

    known = {c.TABLE for c in rows.BUILT_IN}
    added = [c for t in doctypes.all_types() for c in t.tables if c.TABLE not in known]
    return [*rows.BUILT_IN, *dict.fromkeys(added)]


def row_class(table: str) -> type[Row]:
    """The row class of ``table``; :class:`RowError` for a table no class defines."""
    for cls in row_classes():
        if cls.TABLE == table:
            return cls
    raise RowError(f"unknown table {table!r} (tables: {', '.join(c.TABLE for c in row_classes())})")


def _of(*groups: str) -> list[str]:
    return [c.TABLE for c in row_classes() if c.GROUP in groups]


def contract_tables() -> list[str]:
    """The tables of SCHEMA.md: the built-in ones, then those the document types add."""
    return _of(CONTRACT)


def run_tables() -> list[str]:
    """What a run records about itself beside the contract (repair log, text quality, printed
    profile totals, pages): written per document and read by validation."""
    return _of(RUN)


def all_tables() -> list[str]:
    """Every table run writes per document (the contract and the run's own), in dataset order."""
    return _of(CONTRACT, RUN)


def derived_tables() -> list[str]:
    """Tables made from the others after a batch (pipeline/analysis), not by emit per document."""
    return _of(DERIVED)


def schema_of(table: str) -> pa.Schema:
    """The Arrow schema of a table: the document columns, the row's page, then the table's own."""
    return row_class(table).arrow_schema()


def __getattr__(name: str) -> list[str]:
    # Computed on each use: a document type registered later adds its tables.
    lists = {"ALL_TABLES": all_tables, "CONTRACT_TABLES": contract_tables, "DERIVED_TABLES": derived_tables}
    if name in lists:
        return lists[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
