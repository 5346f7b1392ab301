"""District profile tables: subdistricts (area, houses, population) and staffing.

Rows are the printed rows except the total row (รวม); the printed totals become
``profile_totals`` rows next to the sums of the rows, so a document whose stated
total disagrees with its rows (Bang Na states 17.789 km² for rows summing to
18.789) keeps both as printed and validation can report it.
"""

from __future__ import annotations

import re

from ..records import Table
from ..thaitext import arabic_digits, drop_spaces
from .base import ParseContext, Parser, ParseResult, Row, cell_at, row_bbox
from .lists import clean, is_total_text, row_text, squash

SUBDISTRICT_FIELDS = ("area_km2", "households", "male", "female", "total")
STAFF_FIELDS = ("positions", "filled", "vacant")
# Float sums are compared after rounding to this many decimals (areas are printed to 3).
SUM_DECIMALS = 6


def number(text: str | None) -> float | None:
    """The one number of a numeric cell ("34,754", "5.161", "๑๒"); None when there is none."""
    s = drop_spaces(arabic_digits(text or "")).replace(",", "")
    m = re.search(r"-?\d+(?:\.\d+)?", s)
    return float(m.group(0)) if m else None


def _int(value: float | None) -> int | None:
    return None if value is None else int(round(value))


def _label_column(table: Table, fields: tuple[str, ...]) -> int | None:
    """The column naming the row: the mapped label field, else the leftmost unmapped column."""
    used = {table.columns[f] for f in fields if f in table.columns}
    free = [c for c in range(len(table.rows[0])) if c not in used] if table.rows else []
    return free[0] if free else None


def _cell(table: Table, r: int, c: int | None) -> str:
    if c is None or r >= len(table.rows) or table.rows[r][c] is None:
        return ""
    return table.rows[r][c].text


def _labelled_rows(
    ctx: ParseContext, table: Table, label_col: int | None, fields: tuple[str, ...], name: str
):
    """(page, label, values) of each data row; the printed total row comes back as ``stated``.

    Returns the rows and the total row's values; a row with neither a label nor a number
    but some text is a reject, a blank row is skipped.
    """
    rows: list[tuple[int, str, dict[str, float | None]]] = []
    stated: dict[str, float | None] = {}
    for r in range(len(table.rows)):
        label = _cell(table, r, label_col)
        values = {f: number(cell_at(table, r, f).text) if cell_at(table, r, f) else None for f in fields}
        page, _ = row_bbox(table, r)
        if is_total_text(label):
            stated = values
            continue
        if not squash(label) or all(v is None for v in values.values()):
            if squash(row_text(table, r).replace("|", "")):
                ctx.reject(f"{name} row without a label or numbers", row_text(table, r), page, None, name)
            continue
        rows.append((page, label, values))
    return rows, stated


class ProfileParser(Parser):
    """subdistricts and staffing rows, and their printed totals (``profile_totals``)."""

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        """Read the profile tables of the document."""
        areas = self._areas(ctx)
        for table in ctx.of_kind("subdistricts"):
            self._subdistricts(ctx, table, areas, out)
        if not ctx.of_kind("subdistricts"):
            # Only an area table: the subdistricts still exist, with area alone.
            for table in ctx.of_kind("subdistricts_area"):
                self._subdistricts(ctx, table, {}, out)
        for table in ctx.of_kind("staffing"):
            self._staffing(ctx, table, out)

    # --- subdistricts -----------------------------------------------------------------------

    def _areas(self, ctx: ParseContext) -> dict[str, float]:
        """Area per subdistrict (space-less name) from the area-only tables."""
        areas: dict[str, float] = {}
        for table in ctx.of_kind("subdistricts_area"):
            name_col = table.columns.get("subdistrict")
            for r in range(len(table.rows)):
                name = _cell(table, r, name_col)
                area = number(cell_at(table, r, "area_km2").text if cell_at(table, r, "area_km2") else "")
                if name and not is_total_text(name) and area is not None:
                    areas[squash(name)] = area
        return areas

    def _subdistricts(
        self, ctx: ParseContext, table: Table, areas: dict[str, float], out: ParseResult
    ) -> None:
        name_col = table.columns.get("subdistrict", _label_column(table, SUBDISTRICT_FIELDS))
        rows: list[Row] = []
        found, stated = _labelled_rows(ctx, table, name_col, SUBDISTRICT_FIELDS, "subdistricts")
        for page, label, values in found:
            # A subdistrict name is one word: a space in it is a wrap.
            name = ctx.text(drop_spaces(clean(label)), page, "subdistricts", "subdistrict")
            area = values["area_km2"]
            if area is None:
                area = areas.get(squash(label))
            rows.append(
                {
                    "page": page,
                    "subdistrict": name,
                    "area_km2": area,
                    "households": _int(values["households"]),
                    "male": _int(values["male"]),
                    "female": _int(values["female"]),
                    "total": _int(values["total"]),
                }
            )
        for row in rows:
            out.add("subdistricts", row)
        self._totals(out, "subdistricts", rows, stated, SUBDISTRICT_FIELDS, table.pages[0])

    # --- staffing ------------------------------------------------------------------------------

    def _staffing(self, ctx: ParseContext, table: Table, out: ParseResult) -> None:
        label_col = table.columns.get("category", _label_column(table, STAFF_FIELDS))
        rows: list[Row] = []
        found, stated = _labelled_rows(ctx, table, label_col, STAFF_FIELDS, "staffing")
        for page, label, values in found:
            rows.append(
                {
                    "page": page,
                    "category": ctx.text(clean(label), page, "staffing", "category"),
                    **{f: _int(values[f]) for f in STAFF_FIELDS},
                }
            )
        for row in rows:
            out.add("staffing", row)
        self._totals(out, "staffing", rows, stated, STAFF_FIELDS, table.pages[0])

    @staticmethod
    def _totals(
        out: ParseResult, name: str, rows: list[Row], stated: dict, fields: tuple[str, ...], page: int
    ) -> None:
        """One profile_totals row per column the printed total row states."""
        for f in fields:
            if stated.get(f) is None:
                continue
            values = [row[f] for row in rows if row.get(f) is not None]
            computed = round(float(sum(values)), SUM_DECIMALS) if values else None
            out.add(
                "profile_totals",
                {
                    "page": page,
                    "table": name,
                    "column": f,
                    "stated_value": float(stated[f]),
                    "computed_value": computed,
                },
            )
