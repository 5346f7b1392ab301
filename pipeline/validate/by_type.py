"""Validation by document type: which suites run on a document, and the tables it must yield."""

from __future__ import annotations

import pandas as pd

from .. import doctypes
from .results import CheckResult


def runs(table: str, doc_type: doctypes.DocumentType) -> bool:
    """Whether the suite of ``table`` runs on a document of this type: on the types that fill the
    table (the suites of tables no type fills, such as documents and rejects, run on all)."""
    claimed = {f for t in doctypes.all_types() for f in t.fills}
    return table not in claimed or table in doc_type.fills


def document_type(frames: dict[str, pd.DataFrame]) -> doctypes.DocumentType:
    """The document's registered type (``documents.doc_type``; datasets older than it: a plan)."""
    docs = frames.get("documents")
    name = None
    if docs is not None and len(docs) and "doc_type" in docs.columns and pd.notna(docs["doc_type"].iloc[0]):
        name = str(docs["doc_type"].iloc[0])
    return doctypes.get(name or "action_plan") or doctypes.get("action_plan")


def required_tables(doc_id: str, doc_type: doctypes.DocumentType, frames) -> CheckResult:
    """Blocking: a document yields rows in every table its type must yield (issue 11)."""
    empty = [t for t in doc_type.required if frames.get(t) is None or frames[t].empty]
    return CheckResult(
        f"{doc_type.name}.required_tables",
        doc_id,
        "documents",
        "pandas",
        "required_tables",
        "error",
        "failed" if empty else "passed",
        about=f"A {doc_type.label} yields rows in each of its tables ({', '.join(doc_type.required)}).",
        expected=f"rows in {', '.join(doc_type.required)}",
        observed=(
            f"no rows in {', '.join(empty)}: the document's {doc_type.label} tables were not found"
            if empty
            else "every required table has rows"
        ),
    )
