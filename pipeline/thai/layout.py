"""Text of repaired chars: lines, word gaps, wrapped lines, numbers.

Gaps are decided from geometry (the blank between two clusters relative to the
font size); only where geometry is ambiguous, or where a wrapped line is joined,
does a Thai word list decide whether the gap is inside a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from operator import attrgetter

from ..records import Char
from ..settings import RepairSettings
from ..thaitext import TO_ARABIC
from .rules import SPLIT_NUMBER, TEXT_RULES

# The default tolerances (word gaps, split numbers, lines): a run's own come as a RepairSettings.
REPAIR = RepairSettings()

# Chars of a line in reading order: left to right, drawing order among equals.
_BY_PEN = attrgetter("x0", "seq")

_THAI = re.compile(r"[\u0e01-\u0e4e]")
_THAI_NUMBER = re.compile(r"[๐-๙]+(?:[,.][๐-๙]+)*")


def lines_of(chars: Sequence[Char], tolerance: float = REPAIR.line_tolerance) -> list[list[Char]]:
    """Chars grouped into lines (top to bottom), each in left-to-right order.

    A char joins the line whose running centre lies within ``tolerance`` of its size.
    """
    lines: list[list[Char]] = []
    refs: list[tuple[float, float]] = []  # running centre sum, count
    for ch in sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0)):
        mid = (ch.top + ch.bottom) / 2
        if lines:
            total, n = refs[-1]
            if abs(mid - total / n) <= tolerance * max(ch.size, 1.0):
                lines[-1].append(ch)
                refs[-1] = (total + mid, n + 1)
                continue
        lines.append([ch])
        refs.append((mid, 1))
    for line in lines:
        line.sort(key=_BY_PEN)
    return lines


def _is_digitish(s: str) -> bool:
    return bool(s) and (s[-1].isdigit() or s[-1] in ",.")


def line_text(line: Sequence[Char], settings: RepairSettings = REPAIR) -> str:
    """Text of one line: clusters joined, a space wherever the blank is a word gap."""
    parts: list[str] = []
    prev: Char | None = None
    for ch in line:
        if ch.text.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
            prev = None if prev is None else prev
            continue
        if prev is not None and parts and parts[-1] != " ":
            gap = ch.x0 - prev.x1
            size = max(min(ch.size, prev.size), 1.0)
            if gap > settings.space_gap * size:
                # digits of one number drawn in two runs ("4 ,966.9554"): not a gap
                if not (
                    gap < settings.number_gap * size
                    and prev.text[-1:].isdigit()
                    and (ch.text[:1].isdigit() or ch.text[:1] == ",")
                    and _is_digitish(prev.text)
                ):
                    parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return finish("".join(parts).strip())


def finish(text: str) -> str:
    """Text-level rules: Unicode facts about Thai, split numbers, Thai digits, NFC."""
    for pattern, repl, _name in TEXT_RULES:
        text = pattern.sub(repl, text)
    text = _THAI_NUMBER.sub(lambda m: m.group(0).translate(TO_ARABIC), text)
    text = SPLIT_NUMBER.sub(r"\1\2", text)
    return unicodedata.normalize("NFC", re.sub(r"[ \t]+", " ", text))


def join_lines(texts: Sequence[str]) -> str:
    """Join wrapped lines: no gap where the break falls between Thai letters, a space elsewhere."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if not out:
            out = t
            continue
        out += ("" if _wrap_without_gap(out, t) else " ") + t
    return out


# A wrap right after these, or right before those, is never a word gap ("อื่น/" + "สถานที่").
GLUE_AFTER = "/(-"
GLUE_BEFORE = "/)"


def _wrap_without_gap(left: str, right: str) -> bool:
    """True when a line break between left and right stands for no space.

    Thai writes no space between words, so a wrap between two Thai letters is only a
    wrap, whether it falls inside a word or between two words; next to Latin letters
    and digits the writer's space is kept.
    """
    if left[-1] in GLUE_AFTER or right[0] in GLUE_BEFORE:
        return True
    return bool(_THAI.match(left[-1]) and _THAI.match(right[0]))
