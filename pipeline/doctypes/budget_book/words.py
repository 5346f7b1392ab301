"""The budget book's vocabulary (``vocabulary.json``), loaded once, and the amount reader."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ...thaitext import fold_spaces
from ...vocabulary import load_json

_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")


def vocabulary() -> dict[str, Any]:
    """vocabulary.json as a dict (the ``_about`` notes included), read once."""
    return load_json(__package__, "vocabulary.json")


@cache
def pattern(*path: str) -> re.Pattern[str]:
    """The compiled regular expression at ``path`` in the vocabulary."""
    node: Any = vocabulary()
    for key in path:
        node = node[key]
    return re.compile(node)


def compact(text: str) -> str:
    """Spaces collapsed, as the vocabulary patterns expect."""
    return fold_spaces(text)


def amount(text: str) -> int | None:
    """A baht amount printed alone ('7,921,885', '7,921,885 บาท'); None otherwise."""
    text = compact(text)
    if not pattern("amount").match(text):
        return None
    return int(round(float(_NUMBER.search(text).group(0).replace(",", ""))))


def is_nil(text: str) -> bool:
    """A dash printed where there is no money ('-')."""
    return bool(pattern("nil").match(compact(text)))


def single_number(text: str) -> float | None:
    """The value of a cell holding exactly one number ('25,742', '36 จุด'); else None."""
    found = _NUMBER.findall(compact(text))
    if len(found) != 1:
        return None
    return float(found[0].replace(",", ""))
