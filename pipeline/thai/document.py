"""A document's pages repaired in order, each doubtful glyph decided by all of its pages.

Pages stream: each is read, its words are added to the document's votes (``votes``) and it
is repaired and handed on.  A page showing a glyph whose vote is still open cannot be
repaired yet; it waits, and so does every page after it (pages leave in order), until the
votes it waits for close, at the latest when the last page has been read.  Waiting pages
are kept in a temporary file, not in memory: a document whose doubt stays open to its end
costs one pickle per page, never all its pages held at once.  A document without doubtful
glyphs (most) never waits.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import IO

from ..records import FontProgram, PageContent, RepairedPage
from .fallback import ReadBox, reread_lines
from .votes import DocumentVotes


class _Waiting:
    """Pages set aside on disk, in order, each with the votes it waits for."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._queue: deque[tuple[int, set]] = deque()  # offset in the file, open vote keys

    def __len__(self) -> int:
        return len(self._queue)

    def put(self, page: PageContent, keys: set) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="bkkplan-pages-")
        self._file.seek(0, 2)
        self._queue.append((self._file.tell(), keys))
        pickle.dump(page, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def head_keys(self) -> set:
        return self._queue[0][1]

    def pop(self) -> PageContent:
        offset, _keys = self._queue.popleft()
        assert self._file is not None
        self._file.seek(offset)
        return pickle.load(self._file)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def repair_pages(
    pages: Iterable[PageContent],
    fonts: Mapping[str, FontProgram],
    votes: DocumentVotes | None = None,
    read_box: ReadBox | None = None,
) -> Iterator[tuple[PageContent, RepairedPage]]:
    """``(page, repaired)`` for each page in order; doubtful glyphs decided by the whole document.

    ``fonts`` may grow as pages are read (the page reader adds each font it meets).  With
    ``read_box`` (a line's image read by OCR), lines whose text layer stays unreadable are
    read again (``fallback``).
    """
    from . import _glyph_text, page_evidence, repair_page

    votes = votes if votes is not None else DocumentVotes()
    waiting = _Waiting()

    def ready(page: PageContent) -> tuple[PageContent, RepairedPage]:
        repaired = repair_page(page, fonts, votes)
        if read_box is not None and page.source == "digital":
            repaired = reread_lines(page, repaired, fonts, votes, read_box)
        return page, repaired

    try:
        for page in pages:
            evidence = page_evidence(page, fonts)
            known = {k: v for k, v in evidence.items() if v is not None}
            if any(ev.doubts for ev in known.values()):
                votes.observe(page.glyphs, known, lambda g, e=evidence: _glyph_text(g, e, fonts, votes)[0])
            while waiting and all(votes.is_closed(k) for k in waiting.head_keys()):
                yield ready(waiting.pop())
            keys = votes.open_keys(page.glyphs, known)
            if keys or waiting:
                waiting.put(page, keys)
            else:
                yield ready(page)
        votes.close_all()
        while waiting:
            yield ready(waiting.pop())
    finally:
        waiting.close()
