"""The batch: every stage, document by document; one bad file never stops the others."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from . import __version__, doctypes, emit, ingest, ocr, sources, store
from .limits import LimitExceeded, Limits
from .parse import ParseContext
from .records import RepairedPage, SourceDocument

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


def _read_pdf(path: Path, on_pages: Callable[[int], None], on_page: PageHook):
    """Pages read (each from its source) and repaired; raises DocumentError for unreadable files."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        ingest.check_pdf(path)
        repaired: list[RepairedPage] = []
        infos: list[sources.PageInfo] = []
        text_pages = 0
        for page in sources.read_pages(path, path.stem, on_count=on_pages):
            repaired.append(page.repaired)
            infos.append(page.info)
            if page.source == "digital":
                text_pages += page.content.has_text  # digital pages only: documents.text_source
            on_page(1)
        return repaired, text_pages, infos
    except ingest.InputError as exc:
        raise DocumentError(str(exc)) from exc
    except (LimitExceeded, MemoryError):
        raise  # the worker words these
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
) -> Extracted:
    """Run ingest -> pages -> thai -> tables -> parse for one PDF; raises DocumentError."""
    started = time.perf_counter()
    if digest is None:
        digest = ingest.sha256_of(path) if path.exists() else ""
    repaired, text_pages, infos = _read_pdf(path, on_pages, on_page)
    doc = ingest.identify(path, len(repaired), text_pages, repaired[: ingest.TITLE_PAGES], digest, doc_id)
    if text_pages == 0 and not any(p.chars for p in repaired):
        raise DocumentError(
            f"{path.name}: no text layer on any of its {len(repaired)} pages (a scan); "
            + (
                "OCR found no text on them"
                if ocr.tesseract_available()
                else "OCR is needed to read it: install tesseract-ocr-tha (scripts/system-deps.sh)"
            )
        )
    doc_type = doctypes.get(doc.doc_type)
    if doc_type is None or doc.district is None or doc.fiscal_year is None:
        raise DocumentError(
            f"{path.name}: not a district action plan or budget book "
            "(no 'สำนักงานเขต…' and 'ประจำปี พ.ศ. …' in its title pages"
            + (", read by OCR: no text layer)" if text_pages == 0 else ")")
        )

    # The document type decides how its pages become tables and rows.
    tableset = doc_type.reader()(doc.doc_id, repaired, doc_type.table_kinds())
    ctx = ParseContext(doc, tableset, repaired)
    parsed = doc_type.parse(ctx)
    tables: dict[str, list[dict]] = {name: list(rows) for name, rows in parsed.rows.items()}
    tables["documents"] = [_document_row(doc)]
    tables["rejects"] = emit.reject_rows([*tableset.rejects, *ctx.rejects])
    changes = [c for p in repaired for c in p.changes] + ctx.changes
    tables["text_repairs"] = [
        {"page": c.page, "rule": c.rule, "before": c.before, "after": c.after} for c in changes
    ]
    tables["text_quality"] = ctx.quality
    tables["pages"] = sources.page_rows(infos, tableset.tables, [*tableset.rejects, *ctx.rejects])
    arrow = emit.document_tables(doc, tables)
    counts = emit.row_counts(arrow)
    checked = [t for t in tables.get("stated_totals", []) if t.get("stated_total_baht") is not None]
    result = DocumentResult(
        doc.doc_id,
        ok=True,
        rows=counts,
        rejects=counts.get("rejects", 0),
        seconds=time.perf_counter() - started,
        dictionary_share=_dictionary_share(ctx.quality),
        cells=len(ctx.quality),
        scan=sources.scan_summary(tables["pages"]),
        broken=sum(int(q["broken"]) for q in ctx.quality),
        doc_type=doc.doc_type,
        totals_checked=len(checked),
        totals_reconciled=sum(t["stated_total_baht"] == t.get("computed_total_baht") for t in checked),
    )
    return Extracted(result, arrow, len(repaired))


def _dictionary_share(quality: list[dict]) -> float | None:
    """Share of Thai tokens found in the dictionary, weighted by each cell's tokens."""
    tokens = sum(int(q["tokens"]) for q in quality)
    if not tokens:
        return None
    return sum(q["dictionary_share"] * int(q["tokens"]) for q in quality) / tokens


def _document_row(doc: SourceDocument) -> dict:
    return {
        "page": 1,
        "source_path": doc.path,
        "sha256": doc.sha256,
        "title": doc.title,
        "n_pages": doc.n_pages,
        "text_source": doc.text_source,
        "doc_type": doc.doc_type,
        "pipeline_version": __version__,
        "extracted_at": datetime.now(UTC),
    }


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
) -> RunResult:
    """Process every PDF under ``paths`` into ``out_dir``; then validate what was written.

    Documents run ``jobs`` at a time in capped worker processes (or on Dask); each is
    committed as it finishes, so a killed run restarted redoes only the unfinished ones.
    ``echo`` gets a line per finished document.  Holds the output folder's lock throughout.
    """
    from .batch import Batch

    started = time.perf_counter()
    with store.output_lock(out_dir, timeout=lock_timeout):
        batch = Batch(out_dir, limits or Limits(), force=force, echo=echo)
        results = batch.process(ingest.find_inputs(paths), executor, jobs, scheduler, progress)
        result = RunResult(results, time.perf_counter() - started)
        batch.finish(result, validate)
    result.seconds = time.perf_counter() - started
    return result


def validate_output(out_dir: Path, doc_ids: list[str] | None = None) -> int:
    """Run the validation stage over ``out_dir``; its exit code (0 fine/warnings, 1 blocking)."""
    from .validate import validate_dataset

    return validate_dataset(out_dir, doc_ids).exit_code
