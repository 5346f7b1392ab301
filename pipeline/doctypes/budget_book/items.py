"""The detailed budget (รายละเอียดงบประมาณจำแนกตามงบรายจ่าย) as a tree of lines.

The detail pages have no ruling lines; a line's place in the tree comes from what it
prints, in this order of evidence:

- an outline number (``2.1.3``) is a child of the open line numbered ``2.1`` or of a
  group printed without a number inside it;
- a budget code (``01101-2``) is a leaf under the nearest open group;
- a line without a number naming an expense category (``ค่าครุภัณฑ์``) goes under the
  open line of its parent category in the BMA chart (``vocabulary.json``: categories);
- any other line is a leaf; a line without an amount is a description of the open
  group, or the wrapped rest of a numbered or coded line still waiting for its amount.

Amounts are never used to decide the structure: they are what validation checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ...parse.base import ParseContext, Parser, ParseResult
from ...thaitext import drop_spaces
from .layout import LayoutSet, Line, words
from .programs import book_parts, in_detail, read_programs
from .words import amount, compact, pattern, vocabulary

TABLE = "budget_items"
# A detail line names a programme when it is this similar (0-100) to a programme heading.
PROGRAM_MATCH = 90
# Amounts of the tree are right-aligned in a few columns: right edges this close are one column,
# and a column holds at least this share of the detail's amounts.
COLUMN_TOLERANCE = 6.0
COLUMN_SHARE = 0.03


@dataclass(slots=True)
class Item:
    item_id: int
    program_code: str | None
    level: int
    code: str | None
    label: str
    amount: int | None
    line: Line
    parent: Item | None = None
    kind: str = "leaf"  # "program", "number", "category", "code", "leaf", "text"
    depth: int = 0  # outline depth of the nearest number at or above it
    category: str | None = None  # vocabulary category the label names
    children: list[Item] = field(default_factory=list)
    waiting: bool = False  # a numbered/coded line whose amount is on a wrapped next line

    @property
    def is_group(self) -> bool:
        return self.kind in ("program", "number", "category")


def _word(entry: str) -> str:
    """The word of a vocabulary entry (the currency, the programme word)."""
    return vocabulary()[entry]["word"]


def _amount_of(line: Line) -> tuple[int | None, float | None, int]:
    """(amount, the right edge of its number, words it takes) printed at the end of a line."""
    ws = words(line)
    if len(ws) > 2 and compact(ws[-1].text) == _word("currency") and amount(ws[-2].text) is not None:
        return amount(ws[-2].text), ws[-2].x1, 2
    if len(ws) > 1 and amount(ws[-1].text) is not None and ws[-1].x0 - ws[-2].x1 > line.size:
        return amount(ws[-1].text), ws[-1].x1, 1
    return None, None, 0


def amount_columns(lines: list[Line]) -> list[float]:
    """Right edges of the columns the tree's amounts are printed in (learnt from the book)."""
    edges = sorted(x for ln in lines if (x := _amount_of(ln)[1]) is not None)
    clusters: list[list[float]] = []
    for x in edges:
        if clusters and x - clusters[-1][-1] <= COLUMN_TOLERANCE:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    keep = max(3, COLUMN_SHARE * len(edges))
    return [sum(c) / len(c) for c in clusters if len(c) >= keep]


def _split(line: Line, columns: list[float]) -> tuple[str | None, str, int | None, bool]:
    """(code, label, amount, whether the code is an outline number) of a detail line.

    An amount outside the tree's amount columns (a multi-year project's funding
    schedule printed inside its description) is part of the text, not a line amount.
    """
    value, right, taken = _amount_of(line)
    if right is not None and not any(abs(right - c) <= COLUMN_TOLERANCE for c in columns):
        value, taken = None, 0
    ws = words(line)
    segs = [w.text for w in ws[: len(ws) - taken]]
    text = compact(" ".join(segs))
    number = pattern("item_code", "number").match(text)
    if number:
        return number.group(1).rstrip("."), text[number.end() :].strip(), value, True
    code = pattern("item_code", "budget_code").match(text)
    if code:
        return code.group(1), text[code.end() :].strip(), value, False
    return None, text, value, False


def _category(label: str) -> str | None:
    """The vocabulary category a label names (spaces aside: producers space them differently)."""
    key = drop_spaces(label)
    variants = {drop_spaces(k): v for k, v in vocabulary()["category_variants"].items() if k != "_about"}
    names = {drop_spaces(k): k for k in vocabulary()["categories"] if k != "_about"}
    return names.get(key) or variants.get(key)


class ItemsParser(Parser):
    """budget_items from the detail pages."""

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        layout: LayoutSet = ctx.tables  # type: ignore[assignment]
        annex = [ln for ln, part in zip(layout.rows, book_parts(layout.rows), strict=True) if part == "annex"]
        if annex:
            pages = (
                f"{annex[0].page}–{annex[-1].page}" if annex[-1].page != annex[0].page else f"{annex[0].page}"
            )
            ctx.reject(
                f"a cross table after the detailed budget is not read (pages {pages}, {len(annex)} lines)",
                annex[0].text, annex[0].page, annex[0].bbox, TABLE,
            )  # fmt: skip
        for item in read_items(layout, ctx.doc.fiscal_year or 0, ctx):
            page, bbox = item.line.page, item.line.bbox
            out.add(
                TABLE,
                {
                    "page": page,
                    "bbox": list(bbox),
                    "program_code": item.program_code,
                    "item_id": item.item_id,
                    "parent_id": item.parent.item_id if item.parent else None,
                    "level": item.level,
                    "code": item.code,
                    "label": ctx.text(item.label, page, TABLE, "label"),
                    "amount_baht": item.amount,
                    "category": _category_of(item),
                },
            )


def _category_of(item: Item) -> str | None:
    node = item
    while node.parent is not None and node.level > 1:
        node = node.parent
    return node.label if node.level == 1 else None


def read_items(layout: LayoutSet, fiscal_year: int, ctx: ParseContext | None = None) -> list[Item]:
    """Every line of the detailed budget, with its parent."""
    detail = [ln for ln, inside in zip(layout.rows, in_detail(layout.rows), strict=True) if inside]
    if not detail:
        return []
    programs = read_programs(layout, fiscal_year)
    names = {p.name: p.code for p in programs}
    skip = [re.compile(p) for p in vocabulary()["page_headings"]["patterns"]]
    columns = amount_columns(detail)
    margin = _margins(detail, columns)
    items: list[Item] = []
    stack: list[Item] = []
    for ln in detail:
        text = compact(ln.text)
        if any(p.match(text) for p in skip):
            continue
        code, label, value, numbered = _split(ln, columns)
        program = _program_of(label, names) if code is None and value is not None else None
        if program is None and code is None and value is not None and _looks_like_program(label, ln, margin):
            # Named otherwise than on its programme page (abbreviated there): the detail
            # follows the programme pages' order, so it is the next programme not yet seen.
            seen = {it.program_code for it in items if it.kind == "program"}
            program = next((p.code for p in programs if p.code not in seen), None)
            if ctx is not None:
                ctx.reject(
                    f"detail programme line not named as any programme page; taken as {program}",
                    ln.text, ln.page, ln.bbox, TABLE,
                )  # fmt: skip
        if program is not None or (
            code is None and value is not None and not stack and label.startswith(_word("detail_program"))
        ):
            item = Item(len(items) + 1, program, 0, None, label, value, ln, kind="program")
            items.append(item)
            stack = [item]
            continue
        if not stack:
            if ctx is not None:
                ctx.reject("detail line before any programme line", ln.text, ln.page, ln.bbox, TABLE)
            continue
        last = items[-1]
        if code is None and last.waiting and (value is not None or ln.x0 > last.line.x0):
            last.label = compact(f"{last.label} {label}")
            last.amount, last.waiting = value, value is None
            continue
        item = _place(stack, items, ln, code, label, value, numbered)
        items.append(item)
    return items


def _margins(lines: list[Line], columns: list[float]) -> dict[int, float]:
    """Per page, the left edge of the detail's priced lines (where programme lines start)."""
    out: dict[int, float] = {}
    for ln in lines:
        if _amount_of(ln)[0] is not None:
            out[ln.page] = min(out.get(ln.page, ln.x0), ln.x0)
    return out


def _looks_like_program(label: str, ln: Line, margin: dict[int, float]) -> bool:
    """A priced line at the left margin naming a work (งาน…) is a programme line."""
    return bool(pattern("detail_program", "pattern").match(label)) and ln.x0 <= margin.get(ln.page, ln.x0) + 3


def _program_of(label: str, names: dict[str, str]) -> str | None:
    key = pattern("detail_program", "pattern").sub(_word("detail_program"), compact(label), count=1)
    best = max(names, key=lambda n: fuzz.ratio(n, key), default=None)
    return names[best] if best is not None and fuzz.ratio(best, key) >= PROGRAM_MATCH else None


def _place(stack: list[Item], items: list[Item], ln: Line, code, label, value, numbered: bool) -> Item:
    """Put a line under its parent (popping the stack to it) and return it."""
    category = _category(label) if code is None else None
    if numbered:
        depth = code.count(".") + 1
        while len(stack) > 1 and (not stack[-1].is_group or stack[-1].depth >= depth):
            stack.pop()
        kind = "number"
    elif code is not None:
        depth = stack[-1].depth
        while len(stack) > 1 and not stack[-1].is_group:
            stack.pop()
        kind = "code"
    elif category is not None and value is not None:
        parent_cat = vocabulary()["categories"][category]
        at = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].category == parent_cat), None)
        if parent_cat is None:
            at = 0
        if at is not None:
            del stack[at + 1 :]
        else:
            while len(stack) > 1 and not stack[-1].is_group:
                stack.pop()
        kind = "category"
        depth = stack[-1].depth
    else:
        while len(stack) > 1 and not stack[-1].is_group:
            stack.pop()
        kind = "leaf" if value is not None else "text"
        depth = stack[-1].depth
    parent = stack[-1]
    item = Item(
        len(items) + 1,
        parent.program_code,
        parent.level + 1,
        code,
        label,
        value,
        ln,
        parent=parent,
        kind=kind,
        depth=depth,
        category=category if category is not None else (_category(label) if kind == "number" else None),
        waiting=value is None and code is not None,
    )
    parent.children.append(item)
    if kind in ("number", "category", "code") or kind == "leaf":
        stack.append(item)
    return item
