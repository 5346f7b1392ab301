"""The batch: every stage, document by document; one bad file never stops the others."""

from __future__ import annotations

import dataclasses
import gc
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import pyarrow as pa

from . import __version__, doctypes, emit, ingest, ocr, sources, store
from .limits import LimitExceeded, Limits
from .parse import ParseContext
from .records import RepairedPage, SourceDocument, TextChange
from .rows import DocumentRow, TextQualityRow, TextRepairRow
from .settings import Settings

PageHook = Callable[[int], None]


class DocumentError(Exception):
    """A document that cannot be processed; the message says why, for the user."""


@dataclass
class DocumentResult:
    doc_id: str
    ok: bool
    message: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    rejects: int = 0
    seconds: float = 0.0
    dictionary_share: float | None = None  # token-weighted, over the parsed text cells
    broken: int = 0  # broken patterns (cid:, U+FFFD, orphan marks…) left in parsed text
    doc_type: str | None = None
    totals_checked: int = 0  # printed totals with a computed sum next to them
    totals_reconciled: int = 0  # … of which the sum equals the printed total
    status: str = "done"  # done | failed | unchanged (skipped) | same (a copy of doc_id) | renamed
    source: str = ""
    pages: int = 0
    peak_rss_mb: float = 0.0  # of the worker that read it
    cpu_seconds: float = 0.0
    cells: int = 0  # parsed text cells the dictionary share is over
    scan: sources.ScanSummary | None = None  # for a document with scanned pages


@dataclass
class RunResult:
    documents: list[DocumentResult]
    seconds: float
    validation_exit: int | None = None
    validation_rejects: int = 0  # rows validation added to rejects
    validation_skipped: bool = False  # nothing changed since the last complete validation

    @property
    def failed(self) -> list[DocumentResult]:
        return [d for d in self.documents if not d.ok]

    def with_status(self, status: str) -> list[DocumentResult]:
        return [d for d in self.documents if d.status == status]

    def rows(self) -> Counter[str]:
        """Rows per table of this run's documents (copies counted once), rejects of every kind."""
        total: Counter[str] = Counter()
        for d in self.documents:
            if d.status != "same":
                total.update(d.rows)
        total["rejects"] += self.validation_rejects
        return total


class PageStream:
    """A document's repaired pages, read one at a time and kept only as long as a stage needs them.

    Pages go from the page sources straight to the document type's tables stage, which reduces
    each to what it needs (cells, text lines); only the leading title pages are held (to tell the
    type) and, of every page, its row of ``pages`` and its text repairs.  A worker's memory so
    stays flat in the page count.  Reading errors surface as ``DocumentError``.
    """

    def __init__(
        self,
        path: Path,
        on_pages: Callable[[int], None],
        on_page: PageHook,
        on_scan: PageHook = lambda n: None,
        ocr_settings: ocr.OcrSettings = ocr.DEFAULT,
        page_workers: int = 1,
    ):
        self.path = path
        self.ocr_settings = ocr_settings
        self.page_workers = page_workers
        self.n_pages = 0
        self.read = 0  # pages handed on so far
        self.text_pages = 0  # digital pages with a usable text layer: documents.text_source
        self.any_chars = False
        self.infos: list[sources.PageInfo] = []
        self.changes: list[TextChange] = []
        self._on_pages = on_pages
        self._on_page = on_page
        self._on_scan = on_scan  # told of each page queued for OCR (the time limit grows)
        self._pages = self._repaired()
        self._head: list[RepairedPage] = []

    def _count(self, n: int) -> None:
        self.n_pages = n
        self._on_pages(n)

    def _repaired(self) -> Iterator[RepairedPage]:
        with _reading_errors(self.path):
            ingest.check_pdf(self.path)
            pages = sources.read_pages(
                self.path, self.path.stem, settings=self.ocr_settings, on_count=self._count,
                on_scan=self._on_scan, page_workers=self.page_workers,
            )  # fmt: skip
            for page in pages:
                self.infos.append(page.info)
                self.changes.extend(page.repaired.changes)
                if page.source == "digital":
                    self.text_pages += page.content.has_text
                self.any_chars = self.any_chars or bool(page.repaired.chars)
                self.read += 1
                self._on_page(1)
                yield page.repaired

    def head(self, n: int) -> list[RepairedPage]:
        """The first ``n`` pages (read now, and handed on again by ``rest``)."""
        while len(self._head) < n and (page := next(self._pages, None)) is not None:
            self._head.append(page)
        return self._head[:n]

    def rest(self) -> Iterator[RepairedPage]:
        """Every page in order, the head included; each page is dropped once handed on."""
        head, self._head = self._head, []
        yield from head
        del head
        yield from self._pages

    def drain(self) -> None:
        """Read the remaining pages for their counts alone."""
        for _ in self.rest():
            pass


@contextmanager
def _reading_errors(path: Path):
    """Translate what reading a PDF raises into DocumentError (limits are left to the worker)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        yield
    except ingest.InputError as exc:
        raise DocumentError(str(exc)) from exc
    except (LimitExceeded, MemoryError, GeneratorExit):
        raise  # the worker words these; GeneratorExit: the stream was closed early
    except ocr.OcrError as exc:
        raise DocumentError(f"{path.name}: OCR failed ({exc})") from exc
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError(f"{path.name}: encrypted PDF, cannot be read without its password") from exc
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise DocumentError(f"{path.name}: encrypted PDF, cannot be read without its password") from exc
        raise DocumentError(f"{path.name}: damaged PDF ({type(cause).__name__}: {cause})") from exc
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise DocumentError(f"{path.name}: damaged PDF ({type(exc).__name__}: {exc})") from exc


@dataclass
class Extracted:
    """One document read through every stage up to emit: its contract tables as Arrow."""

    result: DocumentResult
    tables: dict[str, pa.Table]
    n_pages: int


def extract_document(
    path: Path,
    doc_id: str | None = None,
    digest: str | None = None,
    on_pages: Callable[[int], None] = lambda n: None,
    on_page: PageHook = lambda n: None,
    on_scan: PageHook = lambda n: None,
    settings: Settings | None = None,
    page_workers: int = 1,
) -> Extracted:
    """Run ingest -> pages -> thai -> tables -> parse for one PDF; raises DocumentError.

    ``on_scan`` is told of each page queued for OCR (the worker's time limit grows with them).
    ``settings`` are the run's tolerances (default: the defaults), passed to the page sources
    (``settings.ocr``) and the document type's tables stage (``settings.tables``, ``.repair``).
    ``page_workers`` > 1: a long document's pages are read by that many processes at once.
    """
    with heap_frozen():
        return _extract_document(path, doc_id, digest, on_pages, on_page, on_scan, settings, page_workers)


@contextmanager
def heap_frozen():
    """The objects that exist now (the stages' modules and warm caches: the word trie, the
    reference-font indexes) left out of the cyclic garbage collector's full passes until the end.

    A document builds some hundreds of thousands of objects (chars, glyphs, cells); each time
    their number grows by a quarter of the long-lived ones, Python traverses every object it
    tracks, the caches included: two such passes per 125-page plan, 0.6-0.9 s CPU of its ~4.5 s
    in a worker, against about 0.06 s with the caches frozen.  A forked worker also keeps the
    caches' pages shared (a full pass writes to every object's header).  Nothing frozen is
    lost: they are handed back to the collector afterwards (``gc.unfreeze``).  When something
    else froze the heap already, it is left as it is.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _extract_document(path, doc_id, digest, on_pages, on_page, on_scan, settings, page_workers) -> Extracted:
    started = time.perf_counter()
    settings = settings or Settings()
    if digest is None:
        digest = ingest.sha256_of(path) if path.exists() else ""
    stream = PageStream(path, on_pages, on_page, on_scan, settings.ocr, page_workers)
    title_pages = stream.head(ingest.TITLE_PAGES)  # read now, handed on again by ``rest``
    doc = ingest.identify(path, stream.n_pages, stream.text_pages, title_pages, digest, doc_id)
    del title_pages
    doc_type = doctypes.get(doc.doc_type)
    if doc_type is None or doc.district is None or doc.fiscal_year is None:
        stream.drain()  # a scan is told from a document of another kind by all of its pages
        _refuse(path, stream)

    # The document type decides how its pages become tables and rows; pages stream through.
    tableset = doc_type.reader()(doc.doc_id, stream.rest(), doc_type.table_kinds(), settings)
    doc = dataclasses.replace(doc, n_pages=stream.read, text_pages=stream.text_pages)
    ctx = ParseContext(doc, tableset)
    parsed = doc_type.parse(ctx)
    tables: dict[str, list] = {name: list(rows) for name, rows in parsed.rows.items()}
    tables["documents"] = [_document_row(doc)]
    tables["rejects"] = emit.reject_rows([*tableset.rejects, *ctx.rejects])
    changes = stream.changes + ctx.changes
    tables["text_repairs"] = [
        TextRepairRow(page=c.page, rule=c.rule, before=c.before, after=c.after) for c in changes
    ]
    tables["text_quality"] = ctx.quality
    tables["pages"] = sources.page_rows(stream.infos, tableset.tables, [*tableset.rejects, *ctx.rejects])
    arrow = emit.document_tables(doc, tables)
    counts = emit.row_counts(arrow)
    checked = [t for t in tables.get("stated_totals", []) if t.stated_total_baht is not None]
    result = DocumentResult(
        doc.doc_id,
        ok=True,
        rows=counts,
        rejects=counts.get("rejects", 0),
        seconds=time.perf_counter() - started,
        dictionary_share=_dictionary_share(ctx.quality),
        cells=len(ctx.quality),
        scan=sources.scan_summary(tables["pages"]),
        broken=sum(q.broken for q in ctx.quality),
        doc_type=doc.doc_type,
        totals_checked=len(checked),
        totals_reconciled=sum(t.stated_total_baht == t.computed_total_baht for t in checked),
    )
    return Extracted(result, arrow, stream.read)


def _refuse(path: Path, stream: PageStream) -> NoReturn:
    """Why a document whose title pages name no known type (or no district, no year) is not read."""
    if stream.text_pages == 0 and not stream.any_chars:
        raise DocumentError(
            f"{path.name}: no text layer on any of its {stream.read} pages (a scan); "
            + (
                "OCR found no text on them"
                if ocr.tesseract_available()
                else "OCR is needed to read it: install tesseract-ocr-tha (scripts/system-deps.sh)"
            )
        )
    raise DocumentError(
        f"{path.name}: not a district action plan or budget book "
        "(no 'สำนักงานเขต…' and 'ประจำปี พ.ศ. …' in its title pages"
        + (", read by OCR: no text layer)" if stream.text_pages == 0 else ")")
    )


def _dictionary_share(quality: list[TextQualityRow]) -> float | None:
    """Share of Thai tokens found in the dictionary, weighted by each cell's tokens."""
    tokens = sum(q.tokens for q in quality)
    if not tokens:
        return None
    return sum(q.dictionary_share * q.tokens for q in quality) / tokens


def _document_row(doc: SourceDocument) -> DocumentRow:
    return DocumentRow(
        page=1,
        source_path=doc.path,
        sha256=doc.sha256,
        title=doc.title,
        n_pages=doc.n_pages,
        text_source=doc.text_source,
        doc_type=doc.doc_type,
        pipeline_version=__version__,
        extracted_at=datetime.now(UTC),
    )


def run(
    paths: Sequence[Path],
    out_dir: Path,
    progress: bool = True,
    validate: bool = True,
    *,
    jobs: int | None = None,
    force: bool = False,
    limits: Limits | None = None,
    executor: str = "process",
    scheduler: str | None = None,
    echo: Callable[[str], None] | None = None,
    lock_timeout: float | None = None,
    settings: Settings | None = None,
) -> RunResult:
    """Process every PDF under ``paths`` into ``out_dir``; then validate what was written.

    Documents run ``jobs`` at a time in capped worker processes (or on Dask); each is
    committed as it finishes, so a killed run restarted redoes only the unfinished ones.
    ``echo`` gets a line per finished document.  Holds the output folder's lock throughout.
    ``settings`` (default: the defaults) go to every document and into the report.
    """
    from .batch import Batch

    started = time.perf_counter()
    with store.output_lock(out_dir, timeout=lock_timeout):
        batch = Batch(out_dir, limits or Limits(), force=force, echo=echo, settings=settings)
        results = batch.process(ingest.find_inputs(paths), executor, jobs, scheduler, progress, validate)
        result = RunResult(results, time.perf_counter() - started)
        batch.finish(result, validate)
    result.seconds = time.perf_counter() - started
    return result


def validate_output(out_dir: Path, doc_ids: list[str] | None = None) -> int:
    """Run the validation stage over ``out_dir``; its exit code (0 fine/warnings, 1 blocking)."""
    from .validate import validate_dataset

    return validate_dataset(out_dir, doc_ids).exit_code
