"""A toy document type for the plug-in test: a district canteen's menu card.

It is what adding a document type takes: this folder (title.json, one table kind,
one parser) and one line in ``pipeline.doctypes.REGISTRY``.
"""

from __future__ import annotations

import pyarrow as pa

from pipeline.doctypes import DocumentType

DOC_TYPE = DocumentType(
    name="menu_card",
    label="district canteen menu",
    package=__name__,
    parsers=(("tests.toy_doctype.menu", "MenuParser"),),
    kinds=(__name__, "tables"),
    tables={"menu_items": [("dish", pa.string()), ("price_baht", pa.int64())]},
    fills=("menu_items",),
    required=("menu_items",),
    expectations=(),
)
