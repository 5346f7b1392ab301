"""Stage 5, parse: typed rows of the contract tables from recognised tables.

Each module in this package is one parsing strategy (a ``Parser``); they are
listed in ``PARSERS`` in the order they run.
"""

from __future__ import annotations

from .base import ParseContext, Parser, ParseResult, Row

PARSERS: list[Parser] = []


def _load_parsers() -> list[Parser]:
    """Parsers are imported lazily so a broken one cannot stop the package import."""
    from .key_projects import KeyProjectsParser
    from .okr import OkrParser
    from .krs import KrsParser
    from .profile import ProfileParser
    from .routine import RoutineParser

    return [KeyProjectsParser(), RoutineParser(), OkrParser(), KrsParser(), ProfileParser()]


def parse_document(ctx: ParseContext) -> ParseResult:
    """Run every parser over one document's tables; a parser that fails becomes a reject."""
    out = ParseResult()
    for parser in PARSERS or _load_parsers():
        try:
            parser.parse(ctx, out)
        except Exception as exc:  # one broken table type must not lose the others
            ctx.reject(
                reason=f"{type(parser).__name__} failed: {type(exc).__name__}: {exc}",
                raw_text="",
                page=None,
                bbox=None,
                table=",".join(parser.produces),
            )
    return out


__all__ = ["ParseContext", "ParseResult", "Parser", "Row", "parse_document"]
