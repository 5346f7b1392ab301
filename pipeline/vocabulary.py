"""The vocabulary: every data file of the package, read once into typed objects.

Word lists, header vocabularies, reference lists and recognition rules are data
(``pipeline/data/*.json``, ``pipeline/thai/data/*``, a document type's own
``title.json`` / ``vocabulary.json``, the table kinds of ``data/tables/``).  This
module is the one place that reads them: parse, thai, validate, headers and the
document types ask it, and each file is read and checked once per process.

A file of a typed vocabulary must hold exactly the fields of its class (an
``_about`` note aside): a misspelt or missing key is an error here, at load time,
not a silently empty word list later.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


class VocabularyError(ValueError):
    """A data file does not hold what its vocabulary class declares."""


# --- reading ------------------------------------------------------------------------------


def data_path(package: str, *parts: str):
    """A data file or folder inside ``package`` (works from an installed wheel too)."""
    return resources.files(package).joinpath(*parts)


@cache
def load_json(package: str, *parts: str) -> Any:
    """A JSON data file of ``package``, parsed once (treat the result as read-only)."""
    return json.loads(data_path(package, *parts).read_text(encoding="utf-8"))


@cache
def json_folder(package: str, *parts: str) -> tuple[tuple[str, Any], ...]:
    """Every ``*.json`` of a data folder, as (file name, parsed content), by name."""
    folder = data_path(package, *parts)
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".json")), key=lambda e: e.name)
    return tuple((e.name, json.loads(e.read_text(encoding="utf-8"))) for e in entries)


def word_lines(text: str) -> list[str]:
    """The entries of a word-list file: one a line, ``#`` starts a comment, blanks skipped."""
    words = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items() if k != "_about"})
    return value


def typed(cls, raw: Mapping[str, Any], source: str):
    """An instance of the frozen dataclass ``cls`` from the keys of ``raw`` (lists as tuples)."""
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - names - {"_about"})
    missing = sorted(
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in raw and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    if unknown or missing:
        raise VocabularyError(f"{source}: unknown keys {unknown}, missing keys {missing}")
    return cls(**{k: _frozen(v) for k, v in raw.items() if k in names})


# --- the package's vocabularies --------------------------------------------------------------


@dataclass(frozen=True)
class Divisions:
    """The divisions (ฝ่าย) of a district office (``data/divisions.json``)."""

    names: tuple[str, ...]  # full names and printed variants, in file order
    schools: tuple[re.Pattern[str], ...]  # school units, named by pattern
    full_names: Mapping[str, str]  # every full name and printed variant -> its full name

    def is_valid(self, name: str) -> bool:
        """Whether ``name`` is a reference name, a printed variant or a school unit."""
        name = name.strip()
        return name in self.names or any(p.match(name) for p in self.schools)


@dataclass(frozen=True)
class ListWords:
    """Words that structure the project lists (``data/lists.json``; meanings in its ``_about``)."""

    total_markers: tuple[str, ...]
    count_words: tuple[str, ...]
    year_marker: str
    amount_marker: str
    count_marker: str
    division_markers: tuple[str, ...]
    remark_marker: str
    currency_word: str


@dataclass(frozen=True)
class BudgetNotes:
    """What a budget cell says instead of an amount (``data/budget_notes.json``)."""

    notes: tuple[str, ...]
    transfer_prefix: str
    short_forms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class OkrWords:
    """Words that structure the OKR and KR tables (``data/okr.json``)."""

    components: Mapping[str, tuple[str, ...]]
    issue_marker: str
    strategy_marker: str
    strategy_name_start: str
    district_agencies: tuple[str, ...]
    agency_starts: tuple[str, ...]
    ordinal_words: tuple[str, ...]
    year_words: tuple[str, ...]
    percent_words: tuple[str, ...]
    responsibilities: tuple[str, ...]
    value_words: tuple[str, ...]
    project_starts: tuple[str, ...]
    rules: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))

    def rule(self, name: str) -> bool:
        """Whether the structural rule ``name`` is on (rules are on unless the file turns them off)."""
        return bool(self.rules.get(name, True))


@dataclass(frozen=True)
class HeaderWords:
    """How a header is read by meaning (``data/header_words.json``)."""

    concepts: Mapping[str, tuple[str, ...]]
    content: Mapping[str, tuple[str, ...]]


def _package_words(cls, name: str):
    return typed(cls, load_json("pipeline", "data", name), f"data/{name}")


@cache
def divisions() -> Divisions:
    """The division reference list."""
    raw = load_json("pipeline", "data", "divisions.json")
    names = [n for d in raw["divisions"] for n in (d["name"], *d.get("variants", []))]
    full = {v: d["name"] for d in raw["divisions"] for v in d.get("variants", [])}
    full.update({d["name"]: d["name"] for d in raw["divisions"]})
    schools = tuple(re.compile(p) for p in raw.get("schools", []))
    return Divisions(tuple(names), schools, MappingProxyType(full))


@cache
def agencies() -> tuple[str, ...]:
    """The BMA agency reference list (``data/agencies.json``)."""
    return tuple(load_json("pipeline", "data", "agencies.json")["agencies"])


@cache
def list_words() -> ListWords:
    """The project-list vocabulary."""
    return _package_words(ListWords, "lists.json")


@cache
def budget_notes() -> BudgetNotes:
    """The budget-note vocabulary."""
    return _package_words(BudgetNotes, "budget_notes.json")


@cache
def okr_words() -> OkrWords:
    """The OKR/KR vocabulary."""
    return _package_words(OkrWords, "okr.json")


@cache
def header_words() -> HeaderWords:
    """The header vocabulary."""
    return _package_words(HeaderWords, "header_words.json")


@cache
def plan_lexicon() -> frozenset[str]:
    """The domain phrases of ``thai/data/lexicon-*.txt`` (words and phrases of the plans)."""
    return _thai_word_files(r"lexicon-.*\.txt")


def _thai_word_files(pattern: str) -> frozenset[str]:
    folder = data_path("pipeline", "thai", "data")
    names = sorted(e.name for e in folder.iterdir() if re.fullmatch(pattern, e.name))
    return frozenset(w for n in names for w in word_lines((folder / n).read_text(encoding="utf-8")))


@cache
def place_prefixes() -> frozenset[str]:
    """Words a place name follows (``thai/data/place-prefixes.txt``): the name is never corrected."""
    return _thai_word_files(r"place-prefixes\.txt")


@cache
def reference_names() -> frozenset[str]:
    """Every agency and division name of the reference lists (correct spellings for the thai stage)."""
    return frozenset(agencies()) | frozenset(divisions().names)
