"""Imported once by the worker fork server: the stages loaded and their caches built.

Every document runs in a fresh process forked from that server, so what is built here
(the Thai word trie, the reference-font indexes) is built once per run, not once per
document (about 10 s each on this machine).
"""

from __future__ import annotations

from . import ocr, parse, run, tables, thai  # noqa: F401  (the stages, imported)
from .thai import outlines, spelling


def warm_caches() -> None:
    """Build the caches the stages fill lazily on first use."""
    spelling.correct_text("การพัฒนาคุณภาพชีวิต", 1)
    spelling.tokenize("การพัฒนา")
    for fam in sorted({outlines.family(p.stem) for p in outlines.reference_files()}):
        outlines.reference_index(fam)
    outlines.reference_index(None)
    tables.load_kinds()


warm_caches()
