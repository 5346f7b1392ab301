"""What a document type declares, and how its title pages are recognised.

Recognition is data: each type's ``title.json`` holds the regular expressions of its
title (with named groups ``year`` and ``district`` where the title prints them), of
the district and fiscal year elsewhere in the title pages, and the words a header
drawn without spaces glues onto the district name.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .. import rows
from ..thaitext import arabic_digits, fold_spaces
from ..vocabulary import load_json


@dataclass(frozen=True, slots=True)
class Identity:
    """What a document's title pages say it is."""

    position: int  # where the type's title starts in the title text (earliest wins)
    title: str | None
    district: str | None
    fiscal_year: int | None


@dataclass(frozen=True, slots=True)
class TitleSpec:
    """The recognition data of one type (``title.json``)."""

    titles: tuple[re.Pattern[str], ...]
    district: re.Pattern[str]
    years: tuple[re.Pattern[str], ...]
    district_stops: re.Pattern[str] | None
    pages: int
    fallback: bool  # district and year alone (no title) are enough, at the lowest priority

    @classmethod
    def from_json(cls, spec: Mapping[str, Any]) -> TitleSpec:
        stops = spec.get("district_stops") or []
        return cls(
            titles=tuple(re.compile(p) for p in spec["titles"]),
            district=re.compile(spec["district"]),
            years=tuple(re.compile(p) for p in spec["years"]),
            district_stops=re.compile("|".join(map(re.escape, stops))) if stops else None,
            pages=int(spec.get("title_pages", 4)),
            fallback=bool(spec.get("fallback", False)),
        )


@dataclass(frozen=True)
class DocumentType:
    """A kind of document the pipeline reads (an action plan, a budget book…).

    ``package`` is the type's folder, holding its ``title.json``; ``kinds`` names the
    folder of its header vocabulary (JSON table kinds as in ``pipeline/data/tables``).
    ``parsers`` are ``(module, class)`` pairs of ``parse.Parser`` strategies, run in order;
    ``finish`` are ``module:function`` steps run after them on ``(ctx, result)``.
    ``tables`` are the row classes (``rows.table``) of the tables the type adds beyond
    ``pipeline/rows.py``'s, ``fills`` every table it writes rows to, ``required`` those a
    document of the type must yield rows for (else validation fails, blocking).  The suites
    of the tables it fills (``data/expectations/<table>.json``) check its documents; a suite of a
    table no type fills checks every document.
    """

    name: str
    label: str  # for messages: "district action plan"
    package: str
    parsers: Sequence[tuple[str, str]]
    fills: tuple[str, ...]
    required: tuple[str, ...]
    tables: tuple[type[rows.Row], ...] = ()
    kinds: tuple[str, str] | None = None  # (package, folder) of the header vocabulary
    read_tables: str = "pipeline.tables:extract_tables"
    finish: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        known = {c.TABLE for c in (*rows.BUILT_IN, *self.tables)}
        unknown = [t for t in (*self.fills, *self.required) if t not in known]
        if unknown:
            raise rows.RowError(f"document type {self.name}: unknown table(s) {', '.join(unknown)}")
        if not set(self.required) <= set(self.fills):
            raise ValueError(f"document type {self.name}: it must fill every table it requires")

    @cached_property
    def title_spec(self) -> TitleSpec:
        return TitleSpec.from_json(load_json(self.package, "title.json"))

    def recognise(self, text: str) -> Identity | None:
        """The identity the title pages' text gives this type, or None when it is not one."""
        spec = self.title_spec
        text = fold_spaces(arabic_digits(text))
        hits = [m for p in spec.titles if (m := p.search(text))]
        first = min(hits, key=lambda m: m.start()) if hits else None
        if first is None and not spec.fallback:
            return None
        groups = first.groupdict() if first is not None else {}
        districts = Counter(self._district(m.group(1)) for m in spec.district.finditer(text))
        district = self._district(groups["district"]) if groups.get("district") else None
        district = district or (districts.most_common(1)[0][0] if districts else None)
        years: Counter[int] = Counter()
        for pattern in spec.years:
            years = years or Counter(int(m.group(1)) for m in pattern.finditer(text))
        year = int(groups["year"]) if groups.get("year") else (years.most_common(1)[0][0] if years else None)
        if first is None and (district is None or year is None):
            return None
        title = None
        if first is not None:
            # The title ends with the district's name, without words glued onto it.
            end = (
                first.start("district") + len(district)
                if groups.get("district") and district
                else first.end()
            )
            title = fold_spaces(text[first.start() : end])
        return Identity(
            position=first.start() if first is not None else len(text) + 1,
            title=title,
            district=district,
            fiscal_year=year,
        )

    def _district(self, word: str) -> str:
        stops = self.title_spec.district_stops
        return (stops.split(word, maxsplit=1)[0] if stops else word) or word

    def table_kinds(self) -> list:
        """The table kinds of the type's header vocabulary."""
        from ..tables import load_kinds

        if self.kinds is None:
            return []
        package, folder = self.kinds
        return load_kinds(package, *folder.split("/"))

    def reader(self) -> Callable:
        """The tables stage of this type: ``(doc_id, pages, kinds) -> TableSet``."""
        return _resolve(self.read_tables)

    def parse(self, ctx):
        """Run the type's parsers (then its finishing steps) over one document."""
        from ..parse import parse_document

        result = parse_document(ctx, self.parsers)
        for step in self.finish:
            _resolve(step)(ctx, result)
        return result


def _resolve(spec: str) -> Callable:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)
