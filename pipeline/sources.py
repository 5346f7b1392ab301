"""Page sources: where a page's glyphs and ruling lines come from, chosen per page in one place.

Two interchangeable backends give the same ``PageContent``:

- ``DigitalSource``: the PDF's text layer and drawn lines (``pages.PageReader``, pdfplumber);
- ``OcrSource``: the rendered page image, prepared and read by Tesseract (``ocr``).

``read_pages`` is the page loop of both ``bkkplan run`` and ``bkkplan text``: every page is
opened by the digital source; a page without a usable text layer (a scan) goes to the OCR
source when Tesseract is installed.  Scanned pages are OCRed in parallel, one process per
core, while the digital pages are read; pages come back in order, each repaired by the
Thai stage (``thai.repair_pages``: a page showing a glyph the document's words have not yet
decided waits, on disk, until they have).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import ocr, thai
from .records import PageContent, RepairedPage, ScanQuality, Table

# Scanned pages queued ahead of the one being handed back, per worker.
LOOKAHEAD_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class PageInfo:
    """Which source read a page and, for a scan, what preparation and Tesseract found."""

    page: int
    source: str
    scan: ScanQuality | None = None


@dataclass(frozen=True, slots=True)
class SourcedPage:
    """A page as its source read it, and the same page repaired by the Thai stage."""

    content: PageContent
    repaired: RepairedPage

    @property
    def source(self) -> str:
        return self.content.source

    @property
    def info(self) -> PageInfo:
        return PageInfo(self.content.page_number, self.content.source, self.content.scan)


class DigitalSource:
    """The text layer: glyphs with glyph ids and fonts, drawn ruling lines."""

    name = "digital"

    @staticmethod
    def can_read(page: PageContent) -> bool:
        return page.has_text


class OcrSource:
    """The page image, read by Tesseract after page preparation."""

    name = "ocr"

    def __init__(self, settings: ocr.OcrSettings = ocr.DEFAULT) -> None:
        self.settings = settings

    def available(self) -> bool:
        return ocr.tesseract_available(self.settings.languages)

    def read(self, path: str, page: PageContent) -> PageContent:
        """The page read from its image (``page`` is what the digital source found on it)."""
        return ocr.ocr_page(*self._args(path, page))

    def submit(self, pool: ProcessPoolExecutor, path: str, page: PageContent) -> Future:
        """The page read in a worker process (which imports only the ``ocr`` package)."""
        return pool.submit(ocr.ocr_page, *self._args(path, page))

    def _args(self, path: str, page: PageContent) -> tuple:
        return path, page.page_number, page.width, page.height, page.doc_id, self.settings


class LineReader:
    """A line's box of a digital page rendered (pypdfium2) and read by Tesseract, as a single line.

    The Thai stage's last resort for a line whose text layer stays unreadable
    (``thai.fallback``).  The document is opened at the first line asked for, so a document
    whose lines are all readable never opens it.
    """

    # Pixels per em the line is rendered at (Thai letters ~25 px high: Tesseract's best range).
    PX_PER_EM = 48.0
    # Tesseract's page segmentation mode for one line of text.
    SINGLE_LINE = 7

    def __init__(self, path: str, settings: ocr.OcrSettings = ocr.DEFAULT) -> None:
        self.path, self.settings = path, settings
        self._pdf = None
        self._available: bool | None = None
        self.lines_read = 0

    def __call__(
        self, page_number: int, box: tuple[float, float, float, float, float]
    ) -> tuple[str, float] | None:
        """(text, mean word confidence) of the box (x0, top, x1, bottom, text size; points from top-left).

        None when Tesseract is not installed or the box cannot be rendered.
        """
        from dataclasses import replace

        import numpy as np

        from .ocr.tesseract import TesseractCall
        from .thai.fallback import PAD_ABOVE, PAD_BELOW, PAD_SIDE

        if self._available is None:
            self._available = ocr.tesseract_available(self.settings.languages)
        if not self._available:
            return None
        import pypdfium2 as pdfium

        if self._pdf is None:
            self._pdf = pdfium.PdfDocument(self.path)
        x0, top, x1, bottom, size = box
        page = self._pdf[page_number - 1]
        try:
            width, height = page.get_size()
            left, right = max(0.0, x0 - PAD_SIDE * size), min(width, x1 + PAD_SIDE * size)
            upper, lower = max(0.0, top - PAD_ABOVE * size), min(height, bottom + PAD_BELOW * size)
            if right - left < 1 or lower - upper < 1:
                return None
            scale = self.PX_PER_EM / max(size, 1.0)
            bitmap = page.render(
                scale=scale, crop=(left, height - lower, width - right, upper), grayscale=True
            )
            gray = np.asarray(bitmap.to_pil().convert("L"))
        except pdfium.PdfiumError:
            return None
        finally:
            page.close()
        # a white margin as Tesseract likes it, the size it is rendered at as its resolution
        gray = np.pad(gray, round(0.5 * self.PX_PER_EM), constant_values=255)
        settings = replace(self.settings, dpi=round(72 * scale))
        try:
            words = TesseractCall(gray, self.SINGLE_LINE, settings).words()
        except ocr.OcrError:
            return None
        self.lines_read += 1
        if not words:
            return None
        letters = sum(len(w.text) for w in words)
        conf = sum(w.conf * len(w.text) for w in words) / letters
        return " ".join(w.text for w in words), conf

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """A process pool for the scanned pages; None (read in this process) when one cannot start."""
    if workers <= 1:
        return None
    try:
        # fork: the workers start with the stages imported, and are this process's children (their
        # CPU time counts as its own once they are reaped, as time(1) sees it).
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ValueError, AssertionError):
        return None


def read_pages(
    path: Path,
    doc_id: str,
    numbers: list[int] | None = None,
    settings: ocr.OcrSettings = ocr.DEFAULT,
    on_count: Callable[[int], None] = lambda n: None,
    on_scan: Callable[[int], None] = lambda n: None,
    page_workers: int = 1,
) -> Iterator[SourcedPage]:
    """The document's pages (1-based ``numbers``, default all) in order, each from its source.

    ``on_count`` is told the number of pages the document has before the first is read;
    ``on_scan`` is told of each page sent to OCR as it is queued (the time limit grows with them).
    With ``page_workers`` > 1, a long document's text layer is read by helper processes
    (``page_pool``) while this one repairs the pages before.
    Raises what the sources raise (pdfminer errors for damaged files, ``ocr.OcrError``).
    """
    from .page_pool import PagePool, helpers_for
    from .pages import PageReader

    ocr_source = OcrSource(settings)
    use_ocr: bool | None = None  # decided at the first scanned page
    pool: ProcessPoolExecutor | None = None
    pending: deque[PageContent | Future] = deque()
    with PageReader(str(path), doc_id) as reader:
        on_count(reader.n_pages)
        helpers = helpers_for(len(numbers) if numbers else reader.n_pages, page_workers)
        digital = PagePool(str(path), doc_id, helpers, reader.n_pages) if helpers else reader

        def resolve(item: PageContent | Future) -> PageContent:
            return item.result() if isinstance(item, Future) else item

        def in_order() -> Iterator[PageContent]:
            nonlocal use_ocr, pool
            for page in digital.pages(numbers):
                item: PageContent | Future = page
                if not DigitalSource.can_read(page):
                    if use_ocr is None:
                        use_ocr = ocr_source.available()
                        if use_ocr and settings.restore_marks:
                            ocr.lexicon()  # built once, before the workers fork
                        pool = _pool(settings.n_workers()) if use_ocr else None
                    if use_ocr:
                        on_scan(1)
                    if use_ocr and pool is not None:
                        item = ocr_source.submit(pool, str(path), page)
                    elif use_ocr:
                        item = ocr_source.read(str(path), page)
                pending.append(item)
                while len(pending) > LOOKAHEAD_PER_WORKER * settings.n_workers():
                    yield resolve(pending.popleft())
            while pending:
                yield resolve(pending.popleft())

        line_reader = LineReader(str(path), settings)
        try:
            # the Thai stage repairs them in order, its doubtful glyphs decided by the whole document,
            # a line its text layer leaves unreadable read again from the image
            for page, repaired in thai.repair_pages(in_order(), digital.fonts, read_box=line_reader):
                repaired.changes[:0] = page.changes  # the source's own corrections (OCR) come first
                yield SourcedPage(page, repaired)
        finally:
            line_reader.close()
            if pool is not None:
                pool.shutdown(cancel_futures=True)


def page_rows(infos: list[PageInfo], tables: list[Table], rejects: list) -> list[dict]:
    """Rows of the ``pages`` table: each page's source, scan quality and tables recognised."""
    recognised: dict[int, int] = {}
    for table in tables:
        if table.kind is not None:
            for page in set(table.pages):
                recognised[page] = recognised.get(page, 0) + 1
    rejected: dict[int, int] = {}
    for reject in rejects:
        if reject.stage == "tables" and reject.page is not None:
            rejected[reject.page] = rejected.get(reject.page, 0) + 1
    rows = []
    for info in infos:
        scan = info.scan
        rows.append(
            {
                "page": info.page,
                "source": info.source,
                "rotation": scan.rotation if scan else None,
                "skew_deg": scan.skew_deg if scan else None,
                "noise": scan.noise if scan else None,
                "contrast": scan.contrast if scan else None,
                "sharpness": scan.sharpness if scan else None,
                "ocr_words": scan.words if scan else None,
                "ocr_mean_conf": scan.mean_conf if scan else None,
                "tables": recognised.get(info.page, 0),
                "tables_rejected": rejected.get(info.page, 0),
            }
        )
    return rows


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """How well a document's scanned pages were read, for the run's summary."""

    ocr_pages: int
    mean_conf: float | None  # word-weighted mean OCR confidence
    table_pages: int  # pages with a table, recognised or not
    recognised_pages: int  # of those, pages with at least one recognised table

    def text(self) -> str:
        conf = "no words" if self.mean_conf is None else f"mean confidence {self.mean_conf:.0f}/100"
        return (
            f"OCR on {self.ocr_pages} page(s), {conf}; tables recognised on "
            f"{self.recognised_pages} of {self.table_pages} page(s) with tables"
        )


def scan_summary(rows: list[dict]) -> ScanSummary | None:
    """The summary of the ``pages`` rows; None for a document without scanned pages."""
    scanned = [r for r in rows if r["source"] == "ocr"]
    if not scanned:
        return None
    words = sum(r["ocr_words"] or 0 for r in scanned)
    conf = sum((r["ocr_mean_conf"] or 0) * (r["ocr_words"] or 0) for r in scanned)
    with_tables = [r for r in rows if r["tables"] or r["tables_rejected"]]
    return ScanSummary(
        ocr_pages=len(scanned),
        mean_conf=conf / words if words else None,
        table_pages=len(with_tables),
        recognised_pages=sum(1 for r in with_tables if r["tables"]),
    )
