"""One document, read where an executor puts it: a capped worker process or a Dask worker.

``run_task`` never raises for a bad document: whatever happens (a damaged file, a limit, a
bug) comes back as an ``Outcome`` whose message is the reject reason.  The Arrow tables are
built here, in parallel; the batch only commits them.
"""

from __future__ import annotations

import resource
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from . import limits as limits_mod
from .limits import LimitExceeded, Limits
from .settings import Settings


@dataclass(frozen=True)
class Task:
    """Read the PDF at ``path`` as document ``doc_id``."""

    path: str
    doc_id: str
    sha256: str
    limits: Limits = field(default_factory=Limits)
    settings: Settings | None = None  # the run's tolerances (None: the defaults)
    page_workers: int = 1  # cores its pages may be read on (idle ones the batch has no document for)
    validate: bool = False  # run the document's suites here, before its tables are committed


@dataclass
class Outcome:
    """What became of a task; ``tables`` is None when the document was rejected."""

    doc_id: str
    ok: bool
    message: str = ""
    tables: dict[str, pa.Table] | None = None
    n_pages: int = 0
    seconds: float = 0.0
    dictionary_share: float | None = None
    broken: int = 0
    doc_type: str | None = None
    totals_checked: int = 0
    totals_reconciled: int = 0
    peak_rss_mb: float = 0.0  # largest of the processes that read it (a fresh worker: this document's peak)
    cpu_seconds: float = 0.0  # of those processes (the worker since its fork, and its page readers)
    cells: int = 0  # parsed text cells the dictionary share is over
    scan: object = None  # sources.ScanSummary of a document with scanned pages
    validation: dict | None = None  # validate.core.DocumentValidation.record(), when validated here
    rows: dict[str, int] | None = None  # rows per table as extracted (before validate rejects)


# ("pages", total) once, then ("page", 1) per page; ("scanned", 1) per page queued for OCR
Progress = Callable[[str, int], None]


def run_task(task: Task, progress: Progress = lambda kind, n: None) -> Outcome:
    """Read one document; every failure becomes an Outcome with a clear reason."""
    from .run import DocumentError, extract_document

    started = time.perf_counter()
    name = Path(task.path).name
    pages = [0]

    def on_pages(n: int) -> None:
        pages[0] = n
        progress("pages", n)

    try:
        _check_images(task.path)
        extracted = extract_document(
            Path(task.path),
            task.doc_id,
            task.sha256,
            on_pages,
            lambda n: progress("page", n),
            on_scan=lambda n: progress("scanned", n),
            settings=task.settings,
            page_workers=task.page_workers,
        )
        r = extracted.result
        tables, validation, rows = extracted.tables, None, None
        if task.validate:
            tables, validation, rows = _validated(task.doc_id, tables)
        return Outcome(
            task.doc_id, True, tables=tables, n_pages=extracted.n_pages, validation=validation, rows=rows,
            seconds=time.perf_counter() - started, dictionary_share=r.dictionary_share, broken=r.broken,
            doc_type=r.doc_type, totals_checked=r.totals_checked, totals_reconciled=r.totals_reconciled,
            cells=r.cells, scan=r.scan,
        )  # fmt: skip
    except DocumentError as exc:
        message = str(exc)
    except LimitExceeded as exc:
        message = f"{name}: {exc}"
    except MemoryError:
        message = f"{name}: {task.limits.describe_memory()}"
    except ImportError as exc:  # a library mapped lazily past the address-space cap
        if "failed to map" not in str(exc):
            raise
        message = f"{name}: {task.limits.describe_memory()}"
    except RecursionError:
        message = f"{name}: damaged PDF (objects nested too deeply)"
    except Exception as exc:  # a bug must not stop the batch; the reason says where it is
        traceback.print_exc(file=sys.stderr)
        message = f"{name}: internal error ({type(exc).__name__}: {exc})"
    return Outcome(task.doc_id, False, message, n_pages=pages[0], seconds=time.perf_counter() - started)


def _validated(doc_id: str, tables: dict[str, pa.Table]):
    """The document's tables with its validate rejects merged in, its validation record, and its
    rows as extracted (validated where it was read: a Dask worker, or the inline executor)."""
    from .validate.core import validate_tables

    validation = validate_tables(doc_id, tables)
    return with_validation(tables, validation.record(), validation.rejects)


def with_validation(tables: dict[str, pa.Table], record: dict, reject_rows: list[dict]):
    """(tables with ``reject_rows`` merged into rejects, ``record``, rows per table as extracted)."""
    from . import emit

    rows = emit.row_counts(tables)
    if reject_rows:
        from .validate.rejects import merged_rejects

        tables = {**tables, "rejects": merged_rejects(tables.get("rejects"), reject_rows)}
    return tables, record, rows


def _check_images(path: str) -> None:
    """Image limits first; a file too damaged to scan is left to the pages stage to report."""
    try:
        limits_mod.check_images(path)
    except (LimitExceeded, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - damage is reported, with its cause, by the real read
        pass


def child_main(task: Task, conn) -> None:
    """Entry point of a capped worker process: apply the limits, run, send the Outcome."""
    limits_mod.single_threaded_env()
    limits_mod.apply(task.limits)
    try:
        outcome = run_task(task, lambda kind, n: conn.send((kind, n)))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        helpers = resource.getrusage(resource.RUSAGE_CHILDREN)  # its page and OCR readers, reaped
        outcome.peak_rss_mb = max(usage.ru_maxrss, helpers.ru_maxrss) / 1024
        outcome.cpu_seconds = usage.ru_utime + usage.ru_stime + helpers.ru_utime + helpers.ru_stime
        conn.send(("done", outcome))
    finally:
        conn.close()


def dask_main(task: Task) -> Outcome:
    """Entry point on a Dask worker: stream and image limits (Dask's own memory limit does the rest).

    A Dask task cannot be killed from outside, so the time limit is kept from inside: the clock
    is read at every page, and a document past its limit stops there with the limit's reject.
    """
    limits_mod.apply(task.limits, cap_memory=False)
    return run_task(task, _clocked(task.limits))


def _clocked(limits: Limits) -> Progress:
    """A progress callback that raises ``LimitExceeded`` once the document's time is up."""
    started = time.monotonic()
    scanned = 0

    def on_progress(kind: str, n: int) -> None:
        nonlocal scanned
        if kind == "scanned":  # a page queued for OCR: the limit grows
            scanned += n
        if time.monotonic() - started > limits.time_limit(scanned):
            raise LimitExceeded(limits.describe_time(scanned))

    return on_progress

