"""A toy document type for the plug-in test: a district canteen's menu card.

It is what adding a document type takes: this folder (title.json, one table kind,
one parser, its row class) and one line in ``pipeline.doctypes.REGISTRY``.
"""

from __future__ import annotations

import pyarrow as pa

from pipeline.doctypes import DocumentType
from pipeline.rows import Row, col, table


@table("menu_items")
class MenuItemRow(Row):
    """A dish on the menu and its price."""

    dish: str | None = col(pa.string())
    price_baht: int | None = col(pa.int64())


DOC_TYPE = DocumentType(
    name="menu_card",
    label="district canteen menu",
    package=__name__,
    parsers=(("tests.toy_doctype.menu", "MenuParser"),),
    kinds=(__name__, "tables"),
    tables=(MenuItemRow,),
    fills=("menu_items",),
    required=("menu_items",),
)
