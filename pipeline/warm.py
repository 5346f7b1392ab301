"""Imported once by the worker fork server: the stages loaded and their caches built.

Every document runs in a fresh process forked from that server, so what is built here
(the Thai word trie, the reference-font indexes) is built once per run, not once per
document (about 10 s each on this machine).

What is built here lives as long as the server and its workers, so it is then moved out of
the cyclic garbage collector's reach (rule: frozen_warm_objects): half a million objects that
every full collection would otherwise walk again, in each worker (about 0.4 s a collection,
twice or more per plan) and in the server's own exit (over 1 s, which the run waits for).
"""

from __future__ import annotations

import gc

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


def freeze_built() -> None:
    """Collect what warming up left as garbage, then freeze the rest (``gc.freeze``): the
    collector no longer walks it (nor writes to its pages, which a forked worker then keeps
    sharing with the server).  Nothing frozen is freed by a cycle collection again: only what
    lives until the process ends belongs here."""
    gc.collect()
    gc.freeze()


warm_caches()
freeze_built()
