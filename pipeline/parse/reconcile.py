"""Spacing of names the plan prints several times, decided by its own copies.

A project, a KR or a target is printed in several sections (the OKR tables, the
key-project list, the KR evaluation tables). The copies carry the same letters but
stray spaces in different places: "ส่งต่ออาหาร ให้กลุ่มเปราะบาง…" in one,
"ส่งต่ออาหารให้กลุ่มเปราะบาง อย่าง…" in another. Thai writes no space between words,
so a space that not every copy has is an artefact of typing or layout; a space all
copies agree on ("โครงการตรวจสอบ กำกับดูแล…") is the writer's. Every copy is given
the spaces its group agrees on, and each change is recorded like any text repair.
Letters are never changed here: copies that differ in letters are different groups.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..records import TextChange
from .base import ParseContext, ParseResult

# Columns holding copies of the same kind of name, across tables.
FAMILIES: dict[str, tuple[tuple[str, str], ...]] = {
    "project": (
        ("okr_rows", "project_name"),
        ("key_projects", "project_name"),
        ("budgets", "project_name"),
        ("krs", "projects"),
    ),
    "kr": (("okr_rows", "kr_name"), ("krs", "kr_name")),
}
RULE = "spacing:copies-agree"


def _latin_or_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _letters_and_gaps(text: str) -> tuple[str, frozenset[int]]:
    """The text without spaces, and the positions (in it) where a space stood."""
    letters, gaps = [], set()
    for ch in re.sub(r"\s+", " ", text.strip()):
        if ch == " ":
            gaps.add(len(letters))
        else:
            letters.append(ch)
    return "".join(letters), frozenset(gaps)


def _with_gaps(letters: str, gaps: frozenset[int]) -> str:
    return "".join((" " if i in gaps else "") + ch for i, ch in enumerate(letters))


def agreed_spacing(copies: list[str]) -> dict[str, str]:
    """For copies of one name, each distinct copy -> the text with only the shared spaces."""
    groups: dict[str, list[frozenset[int]]] = defaultdict(list)
    for text in copies:
        letters, gaps = _letters_and_gaps(text)
        groups[letters].append(gaps)
    out = {}
    for text in set(copies):
        letters, _ = _letters_and_gaps(text)
        spacings = groups[letters]
        if len(set(spacings)) < 2:
            continue  # one copy, or copies that already agree
        shared = frozenset.intersection(*spacings)
        # A gap next to a Latin letter or a digit that any copy has is the writer's
        # ("BKK Food Bank", "ปี 2569"); between Thai letters and signs only a shared one is.
        kept = {
            i
            for i in frozenset.union(*spacings)
            if _latin_or_digit(letters[i - 1]) or _latin_or_digit(letters[i])
        }
        out[text] = _with_gaps(letters, shared | kept)
    return out


def reconcile_spacing(ctx: ParseContext, out: ParseResult) -> None:
    """Give every copy of a repeated name the spaces all its copies agree on."""
    for columns in FAMILIES.values():
        copies: list[str] = []
        for table, column in columns:
            for row in out.rows.get(table, []):
                value = row[column]
                copies.extend(value if isinstance(value, list) else [value] if value else [])
        fixed = agreed_spacing(copies)
        if not fixed:
            continue
        for table, column in columns:
            rows = out.rows.get(table, [])
            for i, row in enumerate(rows):
                value = row[column]
                page = int(row.page or 0)
                if isinstance(value, list):
                    rows[i] = row.replace(**{column: [_apply(v, fixed, page, ctx) for v in value]})
                elif value:
                    rows[i] = row.replace(**{column: _apply(value, fixed, page, ctx)})


def _apply(value: str, fixed: dict[str, str], page: int, ctx: ParseContext) -> str:
    new = fixed.get(value, value)
    if new != value:
        ctx.changes.append(TextChange(page, RULE, value, new))
    return new
