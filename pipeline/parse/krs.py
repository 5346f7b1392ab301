"""KR evaluation tables: "แบบสรุปการจัดลำดับตัววัดผลหลัก (KRs)".

One row per numbered KR.  The component (``agenda`` / ``function``) comes from the
table's title (keywords in ``data/okr.json``); a table without a title continues
the component of the one before.  The KR code is read from digits (a code wrapped
"4110 / 1" is one code); a row split by the page break (no number in the "ที่"
column) continues the row above.  The common KPIs (2.1, 2.2 …) are another kind
and are not read here.
"""

from __future__ import annotations

import re

from ..records import Cell, Table, TextChange
from ..vocabulary import okr_words
from .base import ParseContext, Parser, ParseResult, Row
from .lists import KR_CODE_DIGITS, clean, split_divisions, squash

KIND = "krs"
FIELDS = ("no", "kr_code", "kr_name", "target", "responsibility", "projects", "divisions")
RESPONSIBILITY_FROM_OKR = "krs:responsibility-from-okr"
# The responsibility a district's KR line in the OKR tables names after its agency: "สำนักงานเขต (R)".
_AGENCY_CODE = re.compile(r"\(\s*([A-Za-z][A-Za-z\s\-–]*)\s*\)")


def component_of(context: str) -> str | None:
    """The component a title names: the keyword found last in it (the heading nearest the table).

    The headings are the text between the table before and this one, over page breaks.
    """
    s = squash(context).lower()
    best: tuple[int, str | None] = (-1, None)
    for component, words in okr_words().components.items():
        for word in words:
            pos = s.rfind(squash(word).lower())
            if pos > best[0]:
                best = (pos, component)
    return best[1]


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def target_value(text: str | None) -> tuple[float | None, str | None]:
    """The one value of a target and its unit ("4,900 ต้น" -> 4900, "ต้น"; "ร้อยละ 60 (2 แห่ง)" -> 60, "ร้อยละ").

    Parenthesised remarks, years ("จากปี 2568") and ordinals ("กลุ่มที่ 1") are not values;
    a target naming two different values ("100 แห่ง 15.13 ตัน/วัน") has no single value.
    """
    v = okr_words()
    s = clean(text)
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"(?<=\d),\s+(?=\d{3})", ",", s)  # "300, 000" wrapped
    skip_before = tuple(v.year_words + v.ordinal_words)
    found: list[tuple[float, str | None]] = []
    for m in _NUMBER.finditer(s):
        before = s[: m.start()].rstrip()
        if before.endswith(skip_before):
            continue
        value = float(m.group(0).replace(",", ""))
        if before.endswith(tuple(v.percent_words)):
            unit: str | None = v.percent_words[0]
        else:
            after = re.match(r"\s*([^\s(]+)", s[m.end() :])
            unit = after.group(1) if after and not _NUMBER.fullmatch(after.group(1)) else None
        if (value, unit) not in found:
            found.append((value, unit))
    if len(found) != 1:
        return None, None
    return found[0]


def responsibility(text: str | None) -> str | None:
    """R / H / CO-H from a cell ("CO - H" printed with spaces)."""
    s = squash(text).upper().replace("–", "-")
    for code in okr_words().responsibilities:
        if s == code.replace(" ", ""):
            return code
    return None


def okr_responsibilities(out: ParseResult) -> list[tuple[str, str]]:
    """(KR name without spaces, responsibility) of each OKR row whose KR agency names one."""
    found = []
    for row in out.rows.get("okr_rows", []):
        m = _AGENCY_CODE.search(row["kr_agency"] or "")
        code = responsibility(m.group(1)) if m else None
        if code is not None and row["kr_name"]:
            found.append((squash(row["kr_name"]), code))
    return found


def responsibility_from_okr(name: str | None, okr: list[tuple[str, str]]) -> str | None:
    """Rule ``RESPONSIBILITY_FROM_OKR``: the responsibility the OKR tables give the KR of this name.

    For a cell that reads no code (a scan's "R" read as "ค"): the KR's district line in the
    OKR tables names it after the agency, "สำนักงานเขต (R)".  None unless the KR name matches
    (``KR_NAME_MATCH``) and every matching line names the same code.
    """
    from rapidfuzz import fuzz

    from .okr.cells import KR_NAME_MATCH

    s = squash(name)
    codes = {code for kr, code in okr if s and fuzz.ratio(s, kr) >= KR_NAME_MATCH}
    return codes.pop() if len(codes) == 1 else None


def split_numbered(text: str | None) -> list[str]:
    """Items of a cell listing "1. … 2. …" (numbers in sequence from 1), else the whole text."""
    s = clean(text)
    if not s:
        return []
    marks = [m for m in re.finditer(r"(?<!\S)(\d{1,2})\s?\.\s*(?=\D)", s)]
    seq = []
    for m in marks:
        if int(m.group(1)) == len(seq) + 1 and (seq or s[: m.start()].strip() == ""):
            seq.append(m)
    if len(seq) < 2:
        return [s]
    bounds = [m.start() for m in seq] + [len(s)]
    return [
        s[seq[i].end() : bounds[i + 1]].strip()
        for i in range(len(seq))
        if s[seq[i].end() : bounds[i + 1]].strip()
    ]


def _cell(table: Table, r: int, field: str) -> Cell | None:
    col = table.columns.get(field)
    return None if col is None else table.rows[r][col]


class KrsParser(Parser):
    """krs rows from the KR evaluation tables."""

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        """Read every KR table in document order."""
        component: str | None = None
        okr = okr_responsibilities(out)
        for table in ctx.of_kind(KIND):
            component = component_of(table.context) or component
            for record in self._records(table):
                if "_component" in record:  # a caption row inside the table starts another list
                    component = record["_component"]
                    continue
                row = self._row(ctx, record, component, okr)
                if row is not None:
                    out.add("krs", row)

    @staticmethod
    def _records(table: Table) -> list[dict]:
        """Logical rows: grid rows, with a row lacking its number joined to the one above."""
        records: list[dict] = []
        width = len(table.rows[0]) if table.rows else 0
        for r in range(len(table.rows)):
            first = table.rows[r][0]
            if first is not None and first.colspan >= width - 1 and width > 2 and component_of(first.text):
                if first.row == r:
                    records.append({"_component": component_of(first.text)})
                continue
            cells = {f: _cell(table, r, f) for f in FIELDS}
            no_text = clean(cells["no"].text) if cells["no"] is not None else None
            code_text = clean(cells["kr_code"].text) if cells["kr_code"] is not None else ""
            if "no" in table.columns:
                continues = not no_text
            else:  # no number column: an incomplete code continues the row above
                continues = (
                    bool(records)
                    and "_component" not in records[-1]
                    and len(re.sub(r"\D", "", records[-1]["kr_code"])) < KR_CODE_DIGITS
                )
            if continues and records and "_component" not in records[-1]:
                last = records[-1]
                for f, cell in cells.items():
                    if cell is not None and cell is not last["_cells"].get(f) and cell.text.strip():
                        last[f] = (last[f] + " " + cell.text).strip()
                        last["_cells"][f] = cell
                continue
            if not any(c is not None and c.text.strip() for c in cells.values()):
                continue
            first = next((c for c in table.rows[r] if c is not None), None)
            records.append(
                {
                    **{f: (c.text if c is not None else "") for f, c in cells.items()},
                    "_cells": dict(cells),
                    "_page": first.page if first else table.pages[0],
                    "_bbox": first.bbox if first else None,
                    "_raw": code_text,
                }
            )
        return records

    @staticmethod
    def _row(ctx: ParseContext, rec: dict, component: str | None, okr: list[tuple[str, str]]) -> Row | None:
        page, bbox = rec["_page"], rec["_bbox"]
        code = re.sub(r"\D", "", clean(rec["kr_code"]))
        if len(code) != KR_CODE_DIGITS:
            ctx.reject(
                f"KR code is not {KR_CODE_DIGITS} digits",
                " | ".join(str(rec[f]) for f in FIELDS),
                page,
                bbox,
                "krs",
            )
            return None
        target = ctx.text(clean(rec["target"]), page, "krs", "target_text")
        value, unit = target_value(target)
        projects = [ctx.text(p, page, "krs", "projects") for p in split_numbered(rec["projects"])]
        kr_name = ctx.text(clean(rec["kr_name"]), page, "krs", "kr_name")
        code_read = clean(rec["responsibility"])
        role = responsibility(code_read)
        if role is None and code_read:
            role = responsibility_from_okr(kr_name, okr)
            if role is not None:
                ctx.changes.append(TextChange(page, RESPONSIBILITY_FROM_OKR, code_read, role))
        return {
            "page": page,
            "kr_code": code,
            "kr_name": kr_name,
            "target_text": target,
            "target_value": value,
            "target_unit": unit,
            "responsibility": role,
            "component": component,
            "projects": [p for p in projects if p],
            "divisions": split_divisions(rec["divisions"]),
            "bbox": list(bbox) if bbox else None,
        }
