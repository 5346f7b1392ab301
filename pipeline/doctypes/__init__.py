"""Document types as plug-ins: what a PDF is decides how it is read.

A document type (``base.DocumentType``) declares how it is recognised from its title
pages, its header vocabulary (table kinds), its parsers, the contract tables it fills
(and the row classes, ``pipeline.rows.table``, of those it adds) and the tables it must
yield; the expectation suites of the tables it fills validate it.  Each type lives in its
own folder; adding one is that folder plus one line in ``REGISTRY``.
"""

from __future__ import annotations

import importlib
from functools import cache

from .base import DocumentType, Identity

# One line per document type: the module whose ``DOC_TYPE`` declares it.
REGISTRY: list[str] = [
    "pipeline.doctypes.action_plan",
    "pipeline.doctypes.budget_book",
]


@cache
def _load(module: str) -> DocumentType:
    return importlib.import_module(module).DOC_TYPE


def all_types() -> list[DocumentType]:
    """Every registered document type, in registry order."""
    return [_load(m) for m in REGISTRY]


def get(name: str | None) -> DocumentType | None:
    """The registered type called ``name`` (None when unknown)."""
    return next((t for t in all_types() if t.name == name), None)


def identify(text: str) -> tuple[DocumentType, Identity] | None:
    """The type whose title the leading pages print first, with what its title says.

    A plan may mention the budget (and a budget book the plan) in its text; the type
    whose own title comes first in the title pages is the document's.
    """
    found = [(ident.position, i, t, ident) for i, t in enumerate(all_types()) if (ident := t.recognise(text))]
    if not found:
        return None
    _, _, doc_type, ident = min(found, key=lambda f: (f[0], f[1]))
    return doc_type, ident


def names() -> list[str]:
    """The names of the registered types (the values of ``documents.doc_type``)."""
    return [t.name for t in all_types()]


__all__ = ["REGISTRY", "DocumentType", "Identity", "all_types", "get", "identify", "names"]
