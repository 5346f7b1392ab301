"""Stage 5, parse: typed rows of the contract tables from recognised tables.

Each module in this package is one parsing strategy (a ``Parser``); they are
listed in ``PARSERS`` in the order they run.
"""

from __future__ import annotations

import importlib

from ..rows import RowError
from .base import ParseContext, Parser, ParseResult, Row

# (module, class) of each parsing strategy, in the order they run.
PARSERS: list[tuple[str, str]] = [
    ("key_projects", "KeyProjectsParser"),
    ("routine", "RoutineParser"),
    ("okr", "OkrParser"),
    ("krs", "KrsParser"),
    ("profile", "ProfileParser"),
]


def parse_document(ctx: ParseContext, parsers: list[tuple[str, str]] | None = None) -> ParseResult:
    """Run parsers over one document's tables; a parser that fails becomes a reject.

    A row that does not fit its table (``rows.RowError``) is not input a PDF can cause: it is
    raised, so the document fails with the table and field named instead of losing its rows.

    ``parsers`` are (module, class) pairs, modules relative to this package unless
    dotted (a document type's own); by default the action plan's ``PARSERS``, followed
    by the spacing reconciliation (a document type lists that as a finishing step).
    """
    out = ParseResult()
    for module_name, class_name in parsers if parsers is not None else PARSERS:
        try:
            path = module_name if "." in module_name else f"{__name__}.{module_name}"
            module = importlib.import_module(path)
            parser: Parser = getattr(module, class_name)()
            parser.parse(ctx, out)
        except RowError:
            raise  # a row that does not fit its table is the parser's bug, not the document's
        except Exception as exc:  # one broken table type must not lose the others
            ctx.reject(
                reason=f"{class_name} failed: {type(exc).__name__}: {exc}",
                raw_text="",
                page=None,
                bbox=None,
                table=module_name,
            )
    if parsers is None:
        # Names printed in several sections get the spaces all their copies agree on.
        from .reconcile import reconcile_spacing

        reconcile_spacing(ctx, out)
    return out


__all__ = ["ParseContext", "ParseResult", "Parser", "Row", "parse_document"]
