"""Stage 3, thai: repair the Thai text layer from evidence.

Public API (the only names other stages use):

- ``repair_page(page, fonts, votes=None) -> RepairedPage``: glyph identities fixed from
  the embedded fonts, marks attached to their base letter, chars in logical order.
- ``repair_pages(pages, fonts) -> (page, RepairedPage), ...``: a document's pages in order,
  its doubtful glyphs decided by the votes of all its pages (``document``).
- ``text_from_chars(chars) -> str``: the text of a set of repaired chars (a cell,
  a line, a page region), lines joined without inventing gaps.
- ``page_text(page) -> str``: the whole page, one text line per line.
- ``text_from_lines(lines) -> str``: join texts of wrapped lines (a cell split by a page break).
- ``correct_text(text, page) -> (text, changes)``: lexical correction of typos.
- ``text_quality(text) -> TextQuality``: dictionary share and broken patterns left.

Modules: ``glyphs`` (font evidence, strongest first), ``names`` (glyph names and
cmaps), ``outlines`` (exact reference outlines, redrawn marks), ``shapes`` (nearest
reference shape), ``zones`` (where ink lies), ``order`` (marks onto letters), ``layout``
(lines, gaps, numbers), ``rules`` (normalisation rules as data), ``spelling``
(lexical correction), ``quality`` (how readable a text is).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

# PyThaiNLP must never fetch data at run time; its corpus ships with the wheel.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
if not (os.environ.get("PYTHAINLP_DATA") or os.environ.get("PYTHAINLP_DATA_DIR")):
    os.environ["PYTHAINLP_DATA"] = os.path.join(tempfile.gettempdir(), "bkkplan-pythainlp-data")
elif os.environ.get("PYTHAINLP_DATA") and os.environ.get("PYTHAINLP_DATA_DIR"):
    # PyThaiNLP 5.4 refuses to start when both are set; PYTHAINLP_DATA is the current name.
    os.environ.pop("PYTHAINLP_DATA_DIR")

from ..records import Char, FontProgram, Glyph, PageContent, RepairedPage, TextChange  # noqa: E402
from ..settings import RepairSettings  # noqa: E402
from .glyphs import analyse  # noqa: E402
from .layout import REPAIR, finish, join_lines, line_text, lines_of  # noqa: E402
from .order import build_clusters  # noqa: E402
from .quality import TextQuality, text_quality  # noqa: E402
from .rules import PUA_TO_THAI  # noqa: E402
from .spelling import correct_text  # noqa: E402
from .votes import DocumentVotes  # noqa: E402

__all__ = [
    "DocumentVotes",
    "TextQuality",
    "correct_text",
    "page_text",
    "repair_page",
    "repair_pages",
    "text_from_chars",
    "text_from_lines",
    "text_quality",
]

_PUA_TABLE = {k: v for k, v in PUA_TO_THAI.items()}


def page_evidence(page: PageContent, fonts: Mapping[str, FontProgram]) -> dict:
    """What the font programs say about the fonts a page draws with (None: not embedded)."""
    evidence: dict = {}
    for g in page.glyphs:
        if g.fontname not in evidence:
            fp = fonts.get(g.fontname)
            evidence[g.fontname] = analyse(fp, fonts) if fp is not None else None
    return evidence


def repair_page(
    page: PageContent, fonts: Mapping[str, FontProgram], votes: DocumentVotes | None = None
) -> RepairedPage:
    """Repair one page's glyphs into logical-order character clusters.

    Each visible glyph gets the character its font program proves it draws
    (see ``glyphs``), marks are attached to the letter their ink sits on (see
    ``order``), and each glyph-level fix is recorded once per page in ``changes``.
    ``votes`` are the document's votes on doubtful glyphs, this page's words already
    counted (``repair_pages``); without them the page is taken as the whole document.
    """
    evidence = page_evidence(page, fonts)
    known = {k: v for k, v in evidence.items() if v is not None}
    if votes is None:
        votes = DocumentVotes()
        votes.observe(page.glyphs, known, lambda g: _glyph_text(g, evidence, fonts, votes)[0])
        votes.close_all()
    fixes: Counter = Counter()
    texts = []
    read = glyph_reader(evidence, fonts, votes)
    for g in page.glyphs:
        if not g.visible:
            continue
        text, steps = read(g)
        for step in steps:
            fixes[step] += 1
        texts.append((text, g))
    chars, orphans = build_clusters(texts, known)
    changes = votes.records(page.page_number, page.glyphs, known) + [
        TextChange(page.page_number, f"glyph:{rule}", before, after)
        for (rule, before, after), _n in sorted(fixes.items(), key=lambda kv: -kv[1])
    ]
    return RepairedPage(page.doc_id, page.page_number, page.width, page.height, chars, page.edges, changes)


def glyph_reader(
    evidence: Mapping, fonts: Mapping[str, FontProgram], votes: DocumentVotes | None = None
) -> Callable[[Glyph], tuple[str, list[tuple]]]:
    """``_glyph_text`` for one page's glyphs, each (font, glyph id, layer text) worked out once.

    A glyph's reading depends on nothing else (its font's evidence, the votes, the font
    program), and a page draws the same few hundred glyphs thousands of times.  The memo is
    valid while the votes stand still: make a new reader for each page (or after observing).
    """
    memo: dict[tuple[str, int, str], tuple[str, list[tuple]]] = {}

    def read(g: Glyph) -> tuple[str, list[tuple]]:
        key = (g.fontname, g.cid, g.text)
        found = memo.get(key)
        if found is None:
            found = memo[key] = _glyph_text(g, evidence, fonts, votes)
        return found

    return read


def _glyph_text(
    g: Glyph, evidence: Mapping, fonts: Mapping[str, FontProgram], votes: DocumentVotes | None = None
) -> tuple[str, list[tuple]]:
    """The text a glyph draws as the evidence and the closed votes stand, and the fixes that got it there."""
    text = g.text
    steps = []
    ev = evidence[g.fontname]
    voted = votes.reading(ev, g.cid) if ev is not None and votes is not None else None
    if voted is not None:
        if voted != text:
            steps.append(("voted", text, voted))
        return voted, steps
    if ev is not None:
        new = ev.identity.get(g.cid)
        if new is not None and new != text and (g.cid not in ev.weak or _broken_glyph_text(text)):
            steps.append((ev.source[g.cid], text, new))
            text = new
    if text.startswith("(cid:") and fonts.get(g.fontname) is not None and fonts[g.fontname].simple:
        new = _control_code(text)
        if new is not None:
            steps.append(("control-code", text, new))
            text = new
    if text and max(text) >= "\ue000":
        new = text.translate(_PUA_TABLE)
        if new != text:
            steps.append(("pua-form", text, new))
            text = new
    return text, steps


_CID = re.compile(r"^\(cid:(\d+)\)$")


def _control_code(text: str) -> str | None:
    """A simple font's code below 0x20 is a C0 control (a tab typed into a cell): a gap."""
    m = _CID.match(text)
    return " " if m and int(m.group(1)) < 0x20 else None


def _broken_glyph_text(text: str) -> bool:
    return (
        not text
        or text.startswith("(cid:")
        or "\ufffd" in text
        or any("\ue000" <= c <= "\uf8ff" for c in text)
    )


def text_from_chars(chars: Sequence[Char], settings: RepairSettings = REPAIR) -> str:
    """Text of any set of repaired chars (a table cell, a region, a line).

    Lines are grouped top to bottom and read left to right; spaces are put where
    the blank between clusters is a word gap; wrapped lines are joined without a
    gap when the break falls inside a Thai word; split digit groups are rejoined,
    Thai digits in numbers become Arabic; the result is NFC.
    """
    return join_lines([line_text(line, settings) for line in lines_of(chars, settings.line_tolerance)])


def page_text(page: RepairedPage, settings: RepairSettings = REPAIR) -> str:
    """Whole-page text, one line of text per ``\\n``-separated line."""
    lines = lines_of(page.chars, settings.line_tolerance)
    return "\n".join(t for t in (line_text(line, settings) for line in lines) if t)


def text_from_lines(lines: Sequence[str]) -> str:
    """Join the texts of consecutive wrapped lines (e.g. a cell split by a page break)."""
    return join_lines([finish(t) for t in lines if t and t.strip()])


def repair_pages(pages, fonts: Mapping[str, FontProgram], votes: DocumentVotes | None = None, read_box=None):
    """A document's pages repaired in order, doubtful glyphs decided by the whole document.

    Yields ``(page, repaired)`` for each ``PageContent`` of ``pages`` (see ``document``);
    ``read_box`` reads a line's image (OCR), for the lines the text layer leaves unreadable
    (``fallback``).
    """
    from .document import repair_pages as _repair_pages

    return _repair_pages(pages, fonts, votes, read_box)
