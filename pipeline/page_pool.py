"""A long document's pages read by several processes at once, handed on as one reader would.

Pages are independent until their tables are joined: helper processes (forked, so they start
with the stages loaded, their memory capped as the document's) each open the PDF once and read
chunks of pages while the document's own process repairs, cuts into tables and parses the pages
before them.  Chunks come back in page order, at most a few ahead per helper (memory stays flat).

Font names are unique per document in the order one reader first meets each font (a merged PDF
reuses subset names, ``pages.unique_font_name``); helpers name fonts their own way, so each page
comes with the fonts it draws with, first use first, by an identity every process agrees on (the
font's PDF object), and ``PagePool`` names them again in page order.  Its pages and its ``fonts``
are then the same as one ``PageReader``'s, page after page: the output does not depend on how
many processes read it.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

from .pages import PageReader, unique_font_name
from .records import FontProgram, Glyph, PageContent

# Pages per chunk a helper reads in one go: enough to pay for the round trip, few enough to
# keep what waits in memory small.
CHUNK_PAGES = 8
# Chunks queued per helper ahead of the one being handed on.
AHEAD_PER_HELPER = 2
# A document shorter than this is read in its own process: a helper's start costs more than it gains.
MIN_PAGES = 40


@dataclass(frozen=True, slots=True)
class FontUse:
    """A font a page draws with: its identity, names, and its program the first time a helper sends it."""

    identity: object
    fontname: str  # as the PDF names it
    local: str  # as the helper named it (what the page's glyphs carry)
    program: FontProgram | None


_reader: PageReader | None = None  # in a helper: the document, opened once
_sent: set = set()  # in a helper: fonts whose program was sent already


def _die_with_parent() -> None:
    """A helper stops when the document's process does (killed at its time limit, say)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the pool's shutdown does it
        pass


def _open(path: str, doc_id: str) -> None:
    global _reader
    _die_with_parent()
    _reader = PageReader(path, doc_id).__enter__()


def _read_chunk(numbers: list[int]) -> list[tuple[PageContent, list[FontUse]]]:
    assert _reader is not None
    out = []
    for page in _reader.pages(numbers):
        uses = []
        for local in _reader.page_fonts:
            identity, fontname = _reader.font_origin(local)
            program = None if identity in _sent else _reader.fonts[local]
            _sent.add(identity)
            uses.append(FontUse(identity, fontname, local, program))
        out.append((page, uses))
    return out


class PagePool:
    """``PageReader``'s ``pages`` and ``fonts`` over ``helpers`` processes."""

    def __init__(self, path: str, doc_id: str, helpers: int, n_pages: int):
        self.path = path
        self.doc_id = doc_id
        self.helpers = helpers
        self.n_pages = n_pages
        self.fonts: dict[str, FontProgram] = {}
        self._names: dict[object, str] = {}  # font identity -> name in the document
        self._programs: dict[object, FontProgram] = {}

    def pages(self, numbers: list[int] | None = None) -> Iterator[PageContent]:
        """PageContent of the 1-based page numbers (all by default), in order."""
        wanted = list(numbers or range(1, self.n_pages + 1))
        chunks = iter([wanted[i : i + CHUNK_PAGES] for i in range(0, len(wanted), CHUNK_PAGES)])
        pool = ProcessPoolExecutor(
            self.helpers, mp_context=multiprocessing.get_context("fork"), initializer=_open,
            initargs=(self.path, self.doc_id),
        )  # fmt: skip
        pending: deque[Future] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_read_chunk, chunk))
                if len(pending) >= self.helpers * AHEAD_PER_HELPER:
                    break
            while pending:
                done = pending.popleft().result()
                chunk = next(chunks, None)
                if chunk is not None:
                    pending.append(pool.submit(_read_chunk, chunk))
                for page, uses in done:
                    yield self._adopt(page, uses)
                del done
        finally:
            pool.shutdown(cancel_futures=True)

    def _adopt(self, page: PageContent, uses: list[FontUse]) -> PageContent:
        """The page with its fonts named as one reader names them (in the order it meets them)."""
        renamed: dict[str, str] = {}
        for use in uses:
            if use.program is not None:
                self._programs.setdefault(use.identity, use.program)
            name = self._names.get(use.identity)
            if name is None:
                name = unique_font_name(use.fontname, self.fonts)
                self._names[use.identity] = name
                self.fonts[name] = replace(self._programs[use.identity], fontname=name)
            if name != use.local:
                renamed[use.local] = name
        if renamed:
            page.glyphs = [_renamed(g, renamed) for g in page.glyphs]
        return page


def _renamed(glyph: Glyph, names: dict[str, str]) -> Glyph:
    name = names.get(glyph.fontname)
    return glyph if name is None else replace(glyph, fontname=name)


def helpers_for(n_pages: int, page_workers: int) -> int:
    """How many helper processes to read a document of ``n_pages`` with ``page_workers`` cores
    (0: it is read in its own process)."""
    if page_workers <= 1 or n_pages < MIN_PAGES:
        return 0
    return min(page_workers - 1, max(1, n_pages // (CHUNK_PAGES * AHEAD_PER_HELPER)))
