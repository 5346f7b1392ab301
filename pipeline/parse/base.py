"""The parser interface: one strategy per module, each producing rows of contract tables.

A parser reads the recognised tables (and the text lines around them) of one
document and adds rows of contract tables: the table's row class (``pipeline.rows``) or a
dict keyed by its column names, without doc_id / district / fiscal_year, which emit adds.
``ParseResult.add`` makes the row, so an unknown or missing field is a ``RowError`` naming
the table and the field at the parser that wrote it.  Text values go through
``ParseContext.text`` so typo corrections and text quality are recorded once,
the same way, for every parser.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections import defaultdict
from dataclasses import dataclass, field

from .. import schema, thai
from ..records import BBox, Cell, Reject, SourceDocument, Table, TableSet, TextChange
from ..rows import Row as TableRow
from ..rows import TextQualityRow, make
from ..thaitext import arabic_digits, fold_spaces

Row = dict[str, object]  # a row as a parser builds it, before ParseResult.add makes it typed

# Latin presentation-form ligatures some fonts draw ("ﬃ" in "Oﬃce"): the letters they stand for.
LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
# An amount: digits with optional thousands separators, possibly split by wrap spaces.
AMOUNT = re.compile(r"\d{1,3}(?:,\s?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@dataclass
class ParseContext:
    """Per-document state shared by the parsers: the document, and what they record."""

    doc: SourceDocument
    tables: TableSet
    changes: list[TextChange] = field(default_factory=list)
    quality: list[TextQualityRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Table]:
        """The document's tables of one kind, in page order."""
        return [t for t in self.tables.tables if t.kind == kind]

    def text(self, value: str | None, page: int, table: str, column: str) -> str | None:
        """Corrected text of one field; the change and the text quality are recorded."""
        if value is None:
            return None
        value = fold_spaces(value)
        if not value:
            return None
        plain = value.translate(LIGATURES)
        if plain != value:  # a Latin ligature glyph ("Oﬃce") is its letters
            self.changes.append(TextChange(page, "latin_ligature", value, plain))
            value = plain
        corrected, changes = thai.correct_text(value, page)
        self.changes.extend(changes)
        q = thai.text_quality(corrected)
        self.quality.append(
            TextQualityRow(
                page=page,
                table=table,
                column=column,
                tokens=q.tokens,
                dictionary_share=q.dictionary_share,
                broken=q.broken,
            )
        )
        return corrected

    def reject(self, reason: str, raw_text: str, page: int | None, bbox: BBox | None, table: str) -> None:
        """Record a row or cell that could not be parsed (nothing is dropped silently)."""
        self.rejects.append(
            Reject(
                doc_id=self.doc.doc_id,
                stage="parse",
                reason=reason,
                raw_text=raw_text[:1000],
                page=page,
                bbox=bbox,
                table=table,
            )
        )


@dataclass
class ParseResult:
    """Rows per contract table (several parsers may add to one table, e.g. budgets)."""

    rows: dict[str, list[TableRow]] = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, row: Row | TableRow) -> None:
        """Add a row of ``table``; a dict is made into the table's row (``RowError`` when a
        field is unknown or missing)."""
        self.rows[table].append(make(schema.row_class(table), row))


class Parser(ABC):
    """One parsing strategy: it adds rows of the contract tables it reads to a ``ParseResult``."""

    @abstractmethod
    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        """Read ``ctx`` and add rows to ``out``; record rejects in ``ctx``."""


# --- small helpers shared by parsers ------------------------------------------------------


def cell_at(table: Table, row: int, field_name: str) -> Cell | None:
    """The cell covering (row, column of ``field_name``), or None when the column is absent."""
    col = table.columns.get(field_name)
    if col is None or row >= len(table.rows):
        return None
    return table.rows[row][col]


def cell_text(table: Table, row: int, field_name: str) -> str:
    cell = cell_at(table, row, field_name)
    return cell.text if cell is not None else ""


def digits(text: str) -> str:
    """Arabic digits of a text (Thai digits converted), everything else dropped."""
    return re.sub(r"\D", "", arabic_digits(text or ""))


# A point that separates thousands: followed by three digits and another separator, which a
# decimal fraction never is ("1.037,800": a scan's comma read as a point).
THOUSANDS_POINT = re.compile(r"(?<=\d)\.(?=\d{3}[.,]\d)")
# A figure whose every separator groups thousands ("1,037,800").
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


def thousands_points(text: str) -> str:
    """Points that can only be thousands separators read as commas (rule ``amount:thousands-point``).

    A point followed by three digits and another separator is no decimal point, so the
    figure's separators group thousands; they are all read as commas when every group then
    has three digits: "1.037,800" and "12.500.000" read 1,037,800 and 12,500,000, while
    "1.037,80" (a digit lost) is left as it is, and flagged as malformed by ``amounts``.
    """

    def fix(m: re.Match) -> str:
        figure = m.group(0)
        if not THOUSANDS_POINT.search(figure):
            return figure
        grouped = figure.replace(".", ",")
        return grouped if _GROUPED.fullmatch(grouped) else figure

    return re.sub(r"\d[\d.,]*\d", fix, text) if "." in text else text


def parse_amount(text: str) -> int | None:
    """A baht amount from a cell ("2,522,500", "3,622,00 0" wrapped, "๕๐,๐๐๐"); None when absent."""
    text = arabic_digits(text or "")
    compact = thousands_points(re.sub(r"(?<=[\d,])\s+(?=[\d,])", "", text))
    m = AMOUNT.search(compact)
    if not m:
        return None
    value = float(m.group(0).replace(",", "").replace(" ", ""))
    return int(round(value))


def row_bbox(table: Table, row: int) -> tuple[int, BBox | None]:
    """Page and bbox of the first non-empty cell of a row (the row's provenance)."""
    for cell in table.rows[row]:
        if cell is not None and cell.text.strip():
            return cell.page, cell.bbox
    first = next((c for c in table.rows[row] if c is not None), None)
    return (first.page, first.bbox) if first else (table.pages[0], None)
