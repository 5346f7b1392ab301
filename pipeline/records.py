"""Typed records passed between the pipeline's stages.

Data flows one way: ingest -> pages -> thai -> tables -> parse -> emit -> validate.
Each stage takes the records of the stage before it and returns its own; no stage
reads another stage's internals.  Coordinates are PDF points with pdfplumber's
convention (origin top-left, ``top`` grows downwards).
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


# --- ingest -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A PDF found by ingest, identified before any page is read in depth."""

    doc_id: str  # file name without .pdf
    path: str
    sha256: str
    n_pages: int
    text_pages: int  # pages with a usable text layer
    title: str | None = None
    district: str | None = None
    fiscal_year: int | None = None
    doc_type: str | None = None  # the registered document type its title pages say (doctypes)

    @property
    def text_source(self) -> str:
        if self.text_pages == self.n_pages:
            return "digital"
        return "ocr" if self.text_pages == 0 else "mixed"


# --- pages ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as drawn in the content stream, before any repair.

    ``text`` is what the font's ToUnicode map says (pdfminer writes ``(cid:N)``
    when there is no mapping); ``cid`` is the glyph/character id the content
    stream used, which is the evidence the Thai repair stage works from.
    """

    text: str
    cid: int
    fontname: str
    size: float
    x0: float
    top: float
    x1: float
    bottom: float
    seq: int  # drawing order on the page
    upright: bool = True
    visible: bool = True  # False for white / invisible text


@dataclass(frozen=True, slots=True)
class FontProgram:
    """An embedded font of the document, as the repair stage needs it."""

    fontname: str  # the name chars carry, e.g. "CAAAAA+Laksaman"
    program: bytes | None  # FontFile2 / FontFile3 bytes, None when not embedded
    to_unicode: dict[int, str] = field(default_factory=dict)  # cid -> text from ToUnicode
    simple: bool = False  # a simple (one-byte code) font: codes go through the font's cmap, not cid = gid


@dataclass(frozen=True, slots=True)
class Edge:
    """A ruling line segment (from a line, a rect side or a curve)."""

    x0: float
    top: float
    x1: float
    bottom: float
    orientation: str  # "h" or "v"


@dataclass(frozen=True, slots=True)
class ScanQuality:
    """What page preparation found on a scanned page, and how sure OCR was of its words."""

    rotation: int  # degrees clockwise the page was turned (0/90/180/270), undone
    skew_deg: float  # the page's skew, undone (counter-clockwise positive)
    noise: float  # spread of the paper's grey levels after evening out the light
    contrast: float  # grey levels between paper and ink before preparation
    sharpness: float  # variance of the Laplacian of the prepared page, seen at 100 dpi
    ink_share: float  # share of ink pixels
    threshold: float  # Otsu's ink threshold on the prepared page
    words: int = 0  # words Tesseract read
    mean_conf: float | None = None  # their mean confidence (0-100)


@dataclass(slots=True)
class PageContent:
    """What the pages stage read from one page."""

    doc_id: str
    page_number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    edges: list[Edge]
    has_text: bool
    source: str = "digital"  # the page source that read it: "digital" or "ocr"
    scan: ScanQuality | None = None  # for an OCRed page: its preparation and read quality
    changes: list[TextChange] = field(default_factory=list)  # what the source corrected (OCR)


# --- thai -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Char:
    """A repaired character cluster: a base letter with its marks, in logical order."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    fontname: str
    seq: int


@dataclass(frozen=True, slots=True)
class TextChange:
    """One change the repair stage made, kept so the report can show it."""

    page: int
    rule: str
    before: str
    after: str


@dataclass(slots=True)
class RepairedPage:
    """A page whose characters are repaired and ordered, ready for layout."""

    doc_id: str
    page_number: int
    width: float
    height: float
    chars: list[Char]
    edges: list[Edge]
    changes: list[TextChange] = field(default_factory=list)


# --- tables -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableKind:
    """A type of table the plans contain, described as data in ``data/tables/`` (a header lexicon)."""

    name: str
    fields: dict[str, list[str]]  # field -> header variants, in left-to-right order
    required: tuple[str, ...]
    row_key: tuple[str, ...] = ()  # empty in every one of these => a row split by a page break
    carry_down: tuple[str, ...] = ()  # blank cells continue the cell above across a page break
    after: dict[str, str] = field(default_factory=dict)  # field -> field it sits right of
    content: dict[str, str] = field(default_factory=dict)  # field -> content type of its cells


@dataclass(slots=True)
class Cell:
    """A table cell; merged cells span several grid rows/columns."""

    row: int
    col: int
    text: str
    bbox: BBox
    page: int
    rowspan: int = 1
    colspan: int = 1
    lines: list[tuple[str, BBox]] = field(default_factory=list)  # text lines inside the cell


@dataclass(slots=True)
class Table:
    """A table, possibly joined from consecutive pages.

    ``rows`` is a dense grid: ``rows[r][c]`` is the Cell covering (r, c), so a merged
    cell is the same object at every position it spans (carried down and across);
    ``cell.row``/``cell.col`` say where it starts. None where no ruled cell is.
    ``header`` holds the column headings (joined over the header rows), one per
    column; ``kind`` is the table type the header lexicon recognised.
    """

    doc_id: str
    pages: list[int]
    bbox: BBox  # on the first page
    rows: list[list[Cell | None]]
    header: list[str]
    header_rows: int
    kind: str | None = None
    columns: dict[str, int] = field(default_factory=dict)  # field name -> column index
    context: str = ""  # text just above the table on its first page (titles, section names)


@dataclass(frozen=True, slots=True)
class Reject:
    """Something that could not be parsed, or failed a blocking check."""

    doc_id: str
    stage: str
    reason: str
    raw_text: str = ""
    page: int | None = None
    bbox: BBox | None = None
    table: str | None = None


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line of repaired text outside every table."""

    page: int
    text: str
    bbox: BBox


@dataclass(slots=True)
class TableSet:
    """What the tables stage found in one document: its tables, the text lines outside them
    and what it could not read."""

    tables: list[Table]
    lines: list[TextLine]
    rejects: list[Reject]
