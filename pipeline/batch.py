"""One run over a set of input files: identify, skip what is unchanged, read the rest, commit.

Only this module writes a run's output (through ``store.Store``, under the folder's lock);
executors only read documents.  Results come back in input order.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from . import emit, incremental, ingest
from .executors import make_executor
from .limits import Limits
from .run import DocumentResult, RunResult
from .settings import Settings
from .store import Manifest, Store
from .worker import Outcome, Task

# Each generation keeps its document's validation record (made by the worker that read it):
# the report of a later run over unchanged documents is written from these, without validating.
VALIDATION = "validation.json"


class Batch:
    """The documents of one run and the store they go to."""

    def __init__(
        self,
        out_dir: Path,
        limits: Limits,
        force: bool = False,
        echo: Callable[[str], None] | None = None,
        settings: Settings | None = None,
    ):
        self.store = Store(out_dir)
        self.store.clean()  # what a killed run left half-made
        self.limits = limits
        self.force = force
        self.echo = echo
        self.settings = settings or Settings()
        # Documents read with other settings are read again: the settings are part of the fingerprint.
        self.fingerprint = incremental.pipeline_fingerprint() + self.settings.digest()
        self.settings.write(out_dir)
        self._importing: threading.Thread | None = None

    def known(self) -> list[ingest.KnownDocument]:
        docs = []
        for doc_id in self.store.doc_ids():
            m = self.store.manifest(doc_id)
            if m is not None:
                docs.append(ingest.KnownDocument(doc_id, m.source_path, m.sha256))
        return docs

    def process(
        self,
        files: Sequence[ingest.InputFile],
        executor: str = "process",
        jobs: int | None = None,
        scheduler: str | None = None,
        progress: bool = True,
        validate: bool = True,
    ) -> list[DocumentResult]:
        """Every input file's result, in input order; unchanged documents are not read again.

        With ``validate``, each document is validated by the worker that reads it.
        """
        from tqdm import tqdm

        planned = ingest.plan_documents(files, self.known())
        results: dict[int, DocumentResult] = {}
        todo: dict[str, tuple[int, ingest.PlannedDocument]] = {}
        for i, item in enumerate(planned):
            done = self._without_reading(item)
            if done is not None:
                results[i] = done
            else:
                todo[item.doc_id] = (i, item)
        tasks = [Task(str(p.file.path), p.doc_id, p.file.sha256, self.limits, self.settings,
                      validate=validate) for _, p in todo.values()]  # fmt: skip

        # disable=None: tqdm draws the bar on a terminal only, not into logs.  No monitor thread:
        # the pool forks its validator from this process, and a fork copies no other thread
        # (nor releases a lock one holds).
        tqdm.monitor_interval = 0
        bar = tqdm(total=0, unit="page", desc=f"0/{len(tasks)} documents", disable=None if progress else True)

        def on_progress(doc_id: str, kind: str, n: int) -> None:
            if kind == "pages" and validate and executor == "process" and self._importing is None:
                # A document is being read: the pool has forked its validator, so a thread may
                # import now what the report needs (this process idles while workers read).
                self._importing = _import_report_meanwhile()
            if kind == "pages":
                bar.total += n
                bar.refresh()
            elif kind == "page":
                bar.update(n)

        for finished, outcome in enumerate(make_executor(
            executor, jobs, scheduler, self.limits.memory_mb
        ).run(tasks, on_progress), start=1):  # fmt: skip
            i, item = todo[outcome.doc_id]
            results[i] = self._commit(item, outcome)
            bar.set_description(f"{finished}/{len(tasks)} documents")
            self._say(results[i], bar)
        bar.close()
        for i in sorted(set(range(len(planned))) - set(results)):  # pragma: no cover - executor lost one
            results[i] = DocumentResult(
                planned[i].doc_id, False, "no result from the executor", status="failed"
            )
        ordered = [results[i] for i in range(len(planned))]
        read = {r.doc_id: r for r in ordered if r.status != "same"}
        for r in ordered:  # a copy fares as the document it is a copy of
            if r.status == "same":
                m = self.store.manifest(r.doc_id)
                r.ok = read[r.doc_id].ok if r.doc_id in read else bool(m and m.ok)
        return ordered

    def _without_reading(self, item: ingest.PlannedDocument) -> DocumentResult | None:
        """The result of a document that needs no reading (a copy, unchanged, renamed); else None."""
        source = str(item.file.path)
        if item.same_as is not None:
            return DocumentResult(item.doc_id, True, f"same file as document {item.same_as}", status="same",
                                  source=source)  # fmt: skip
        if self.force:
            return None
        sha = item.file.sha256
        current = self.store.manifest(item.doc_id)
        if incremental.unchanged(current, sha, self.fingerprint) and current.source_path == source:
            return self._stored(current, "unchanged")
        old = self.store.manifest(item.renamed_from) if item.renamed_from else None
        if incremental.unchanged(current, sha, self.fingerprint) or incremental.unchanged(
            old, sha, self.fingerprint
        ):
            # Same bytes under another name or place: the rows are re-keyed, not re-extracted.
            base = current if incremental.unchanged(current, sha, self.fingerprint) else old
            tables = {t: self.store.read(base.doc_id, t) for t in base.rows}
            manifest = Manifest(item.doc_id, source, sha, self.fingerprint, True, base.rows)
            record = self._validation(base.doc_id)
            files = {}
            if record is not None:
                from .validate.core import rekeyed

                files[VALIDATION] = json.dumps(rekeyed(record, item.doc_id), ensure_ascii=False)
            self.store.commit(manifest, emit.with_doc_id(tables, item.doc_id, source), files)
            if old is not None and old.doc_id != item.doc_id:
                self.store.remove(old.doc_id)
            return self._stored(manifest, "renamed" if base is old else "unchanged")
        return None

    @staticmethod
    def _stored(m: Manifest, status: str) -> DocumentResult:
        rows = dict(m.rows)
        return DocumentResult(
            m.doc_id, True, rows=rows, rejects=rows.get("rejects", 0), status=status, source=m.source_path
        )

    def _commit(self, item: ingest.PlannedDocument, outcome: Outcome) -> DocumentResult:
        source = str(item.file.path)
        if outcome.ok and outcome.tables is not None:
            tables = outcome.tables
        else:
            tables = emit.failure_tables(item.doc_id, source, outcome.message)
        rows = outcome.rows if outcome.ok and outcome.rows is not None else emit.row_counts(tables)
        manifest = Manifest(item.doc_id, source, item.file.sha256, self.fingerprint, outcome.ok, rows,
                            outcome.message)  # fmt: skip
        files = {VALIDATION: json.dumps(outcome.validation, ensure_ascii=False)} if outcome.validation else {}
        self.store.commit(manifest, tables, files)
        if item.renamed_from and item.renamed_from != item.doc_id:
            self.store.remove(item.renamed_from)
        return DocumentResult(
            item.doc_id, outcome.ok, outcome.message, rows=rows, rejects=rows.get("rejects", 0),
            seconds=outcome.seconds, dictionary_share=outcome.dictionary_share, broken=outcome.broken,
            status="done" if outcome.ok else "failed", source=source, pages=outcome.n_pages,
            peak_rss_mb=outcome.peak_rss_mb, cpu_seconds=outcome.cpu_seconds, doc_type=outcome.doc_type,
            totals_checked=outcome.totals_checked, totals_reconciled=outcome.totals_reconciled,
            cells=outcome.cells, scan=outcome.scan,
        )  # fmt: skip

    def _say(self, r: DocumentResult, bar) -> None:
        if self.echo is None:
            return
        if r.ok:
            line = (
                f"done   {r.doc_id}: {r.pages} pages, {sum(r.rows.values())} rows, {r.seconds:.1f} s "
                f"(cpu {r.cpu_seconds:.1f} s), peak {r.peak_rss_mb:.0f} MB"
            )
        else:
            line = f"REJECT {r.doc_id}: {r.message}"
            line += f" (peak {r.peak_rss_mb:.0f} MB)" if r.peak_rss_mb else ""
        with bar.external_write_mode():
            self.echo(line)

    def _validation(self, doc_id: str) -> dict | None:
        """The validation record kept with the document's current generation, if any."""
        text = self.store.read_text(doc_id, VALIDATION)
        try:
            record = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(record, dict) or record.get("doc_id") != doc_id:
            return None
        from .validate.suites import suites_digest

        return record if record.get("suites") == suites_digest() else None  # else: other suites

    def finish(self, result: RunResult, validate: bool = True) -> None:
        """Write the validation report of this run's documents and refresh the analysis files
        (DuckDB, CSV, changes), unless exactly this state was validated and refreshed before.

        Documents were validated by the workers that read them; only one without a record (read
        without validation, or by an older version) is validated here, from its written files."""
        if self._importing is not None:
            self._importing.join()
        ids = list(dict.fromkeys(d.doc_id for d in result.documents if d.ok))
        if not ids:
            return
        saved = incremental.validated_exit(self.store, ids) if validate else None
        if saved is not None:
            result.validation_exit, result.validation_rejects = saved
            result.validation_skipped = True
            return
        from . import analysis  # imported only when there is something to validate and refresh

        if validate:
            from .validate import core

            records = {d: self._validation(d) for d in ids}
            missing = [d for d, r in records.items() if r is None]
            if missing:  # imports Great Expectations in this process
                for v in core.validate_stored(self.store.out, missing):
                    records[v.doc_id] = v.record()
                    self.store.add_text(v.doc_id, VALIDATION, json.dumps(v.record(), ensure_ascii=False))
            outcome = core.gathered_outcome([records[d] for d in ids])
            result.validation_exit = outcome.exit_code
            result.validation_rejects = sum(outcome.rejects_written.values())
        from .analysis import database

        with database.shared(self.store.out):  # the report and the analysis files: one set of views
            if validate:
                core.write_validation_report(self.store.out, [records[d] for d in ids], outcome)
            analysis.refresh(self.store.out)  # changes table, bkkplan.duckdb, CSV + datapackage.json
        if validate:  # written last: a run killed before this point writes the report again
            incremental.record_validated(self.store, ids, outcome.exit_code, result.validation_rejects)


REPORT_MODULES = (
    "pipeline.validate.core",
    "pipeline.report",
    "pipeline.analysis.charts",
    "pipeline.analysis.overview",
    "pipeline.analysis.database",
    "pipeline.analysis.datapackage",
    "pipeline.analysis.yearly",
)


def _import_report_meanwhile() -> threading.Thread:
    """Import what gathering the records and writing the report and analysis files need (pandas,
    matplotlib, DuckDB: about a second of CPU) while the documents are read, so that the run's
    serial tail after its last document is shorter.  Not Great Expectations: the validator has it."""
    import importlib

    def imports() -> None:
        for module in REPORT_MODULES:
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 - the report itself says what cannot be imported
                return

    thread = threading.Thread(target=imports, name="bkkplan-import-report", daemon=True)
    thread.start()
    return thread
