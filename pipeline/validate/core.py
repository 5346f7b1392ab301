"""validate_dataset: read extracted/, run the suites per document, route rejects, write the report."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..schema import all_tables, row_class, schema_of
from ..settings import recorded as recorded_settings
from . import (  # noqa: F401  (book_checks, cross_checks register their checks)
    book_checks,
    by_type,
    cross_checks,
    dataset,
    rejects,
    text_gate,  # noqa: F401  (registers the document text-quality check)
)
from . import checks as custom
from .dataset import ValidationInputError
from .results import CheckResult, FailingRow
from .suites import TEXT_SUITE, Suite, load_divisions, load_suites, suites_digest

SNIPPET_CHARS = 160


@dataclass(slots=True)
class ValidationOutcome:
    """What validate_dataset returns to the CLI."""

    exit_code: int  # 0 = all good or warnings only; 1 = blocking (error-severity) failures
    summary: dict[str, Any]
    results: list[CheckResult] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    rejects_written: dict[str, int] = field(default_factory=dict)  # doc_id -> validate rejects rows
    report_path: Path | None = None
    results_path: Path | None = None
    seconds: float = 0.0

    def summary_text(self) -> str:
        """One line for the console, e.g. ``312 checks: 305 passed, 2 failed (error 0, warning 2) ...``."""
        s = self.summary
        return (
            f"{s['checks']} checks on {len(self.doc_ids)} document(s): {s['passed']} passed, "
            f"{s['failed']['error'] + s['failed']['warning']} failed (error {s['failed']['error']}, "
            f"warning {s['failed']['warning']}), {s['skipped']} skipped; report {self.report_path}"
        )


_RUNNER = None


def _runner():
    # GE context built once per process: re-validation in the same process pays it once.
    global _RUNNER
    if _RUNNER is None:
        from .gx import GxRunner

        _RUNNER = GxRunner()
    return _RUNNER


def warm() -> None:
    """Import Great Expectations and build its context, suites and batch definitions now (a
    worker fork server does, once, so that every document's validation starts ready)."""
    _runner().prepare(load_suites().values())


# --- rows -> snippets ------------------------------------------------------------------------------


def _cell(v: Any) -> str:
    if isinstance(v, (list, tuple, np.ndarray)):
        return "[" + ", ".join(map(str, v)) + "]"
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "—"
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return f"{int(v):,}"
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool) and abs(int(v)) >= 10000:
        return f"{int(v):,}"
    return str(v)


def _failing_row(frames, suites: dict[str, Suite], table: str, row: int | None, value: Any) -> FailingRow:
    df = frames.get(table)
    if row is None or df is None or row >= len(df):
        return FailingRow(
            table=table, row=None, page=None, snippet="", value=None if value is None else str(value)
        )
    rec = df.iloc[row]
    cols = suites[table].snippet_columns if table in suites else []
    if table == "text_quality":
        cols = ["table", "column", "tokens", "dictionary_share"]
    cols = [c for c in cols if c in df.columns] or [c for c in df.columns if c not in ("doc_id", "district")][
        :4
    ]
    snippet = " | ".join(f"{c}={_cell(rec[c])}" for c in cols)
    page = rec.get("page")
    bbox = rec.get("bbox")
    return FailingRow(
        table=table,
        row=int(row),
        page=None if page is None or pd.isna(page) else int(page),
        snippet=snippet[:SNIPPET_CHARS],
        value=None if value is None else _cell(value)[:SNIPPET_CHARS],
        bbox=None if bbox is None or not isinstance(bbox, (list, np.ndarray)) else [float(x) for x in bbox],
    )


# --- running -----------------------------------------------------------------------------------


def _run_doc(doc_id, frames, schemas, suites, divisions, runner, fiscal_year) -> list[CheckResult]:
    results: list[CheckResult] = []
    ctx = custom.DocContext(doc_id, fiscal_year, frames, schemas, divisions)
    doc_type = by_type.document_type(frames)
    results.append(by_type.required_tables(doc_id, doc_type, frames))
    for name, suite in suites.items():
        if name == TEXT_SUITE or not by_type.runs(suite.table, doc_type):
            continue  # another document type's suite
        table = suite.table
        df = frames.get(table)
        if df is None:
            # The contract says every table exists (rejects may be empty); a missing folder is an error.
            results.append(
                CheckResult(
                    f"{table}.present",
                    doc_id,
                    table,
                    "pandas",
                    "table_present",
                    "error",
                    "failed",
                    about="The table exists in the dataset.",
                    expected="a parquet dataset",
                    observed="table folder missing or empty",
                )  # fmt: skip
            )
            continue
        if not row_class(table).MAY_BE_EMPTY and df.empty:
            results.append(
                CheckResult(
                    f"{table}.rows",
                    doc_id,
                    table,
                    "pandas",
                    "rows_present",
                    "warning",
                    "failed",
                    about="The document has rows in this table.",
                    expected="≥ 1 row",
                    observed="0 rows",
                )  # fmt: skip
            )
        for cr, pairs in runner.run(suite, df, doc_id):
            cr.failing_rows = [_failing_row(frames, suites, table, int(i), v) for i, v in pairs]
            results.append(cr)
        results.extend(_run_custom(suite, ctx, frames, suites))
    if TEXT_SUITE in suites:
        results.extend(_run_custom(suites[TEXT_SUITE], ctx, frames, suites))
    return results


def _run_custom(suite: Suite, ctx, frames, suites) -> list[CheckResult]:
    out = []
    for spec in suite.custom_checks:
        fn = custom.REGISTRY[spec["check"]]
        got = fn(ctx, suite.table, spec.get("kwargs", {}))
        for oc in got if isinstance(got, list) else [got]:
            table = oc.table or suite.table
            cid = spec["id"] if oc.table is None or suite.table == oc.table else f"{spec['id']}[{table}]"
            cr = CheckResult(
                check_id=cid,
                doc_id=ctx.doc_id,
                table=table,
                engine="pandas",
                check=spec["check"],
                severity=spec["severity"],
                status="skipped" if oc.skipped else ("passed" if oc.success else "failed"),
                about=spec.get("about", ""),
                column=oc.column or spec.get("kwargs", {}).get("column"),
                expected=oc.expected,
                observed=oc.skipped if oc.skipped else oc.observed,
                element_count=oc.element_count,
                unexpected_count=len(oc.rows),
            )
            cr.failing_rows = [_failing_row(frames, suites, t, r, v) for t, r, v in oc.rows]
            out.append(cr)
    return out


# --- summary ---------------------------------------------------------------------------------------


def summarize(results: list[CheckResult]) -> dict[str, Any]:
    """Counts of checks passed / failed by severity / skipped."""
    return summarize_checks((r.status, r.severity) for r in results)


def summarize_checks(checks: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The same counts from (status, severity) pairs (e.g. a report entry's checks)."""
    s = {
        "checks": 0,
        "passed": 0,
        "failed": {"error": 0, "warning": 0},
        "skipped": 0,
        "passed_by_severity": {"error": 0, "warning": 0},
    }
    for status, severity in checks:
        s["checks"] += 1
        if status == "passed":
            s["passed"] += 1
            s["passed_by_severity"][severity] += 1
        elif status == "skipped":
            s["skipped"] += 1
        else:
            s["failed"][severity] += 1
    return s


@dataclass(slots=True)
class DocumentValidation:
    """One document validated: its entry of results.json and the rows it adds to rejects.

    Made where the document was read (a worker), so a batch's main process only gathers
    these records (``record``, JSON) and writes the report; ``results`` stays in that process.
    """

    doc_id: str
    payload: dict[str, Any]  # the document's entry of results.json (checks by table, findings...)
    rejects: list[dict[str, Any]]  # rows for rejects (stage validate), one per failing row
    seconds: float = 0.0
    results: list[CheckResult] = field(default_factory=list)
    suites: str = ""  # suites_digest() of the suites it ran

    def record(self) -> dict[str, Any]:
        """What is kept beside the document's tables: enough to write the report again."""
        return {"doc_id": self.doc_id, "seconds": round(self.seconds, 3), "suites": self.suites,
                "payload": self.payload}  # fmt: skip


def record_checks(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(status, severity) of every check of a stored record (each sits under exactly one table)."""
    return [(c["status"], c["severity"]) for t in record["payload"]["tables"].values() for c in t["checks"]]


def rekeyed(record: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """A stored record under another doc_id (a renamed file whose rows were re-keyed)."""
    payload = dict(record["payload"], doc_id=doc_id)
    payload["tables"] = {
        t: {**entry, "checks": [{**c, "doc_id": doc_id} for c in entry["checks"]]}
        for t, entry in payload["tables"].items()
    }
    return {**record, "doc_id": doc_id, "payload": payload}


def validate_frames(
    doc_id: str, dframes, doc_schemas, suites=None, divisions=None, suites_dir: Path | None = None
) -> DocumentValidation:
    """Run every suite on one document's frames (``dataset.doc_frames``) and file schemas."""
    t0 = time.perf_counter()
    suites = suites if suites is not None else load_suites(suites_dir)
    divisions = divisions if divisions is not None else load_divisions()
    meta = dataset.doc_meta(dframes, doc_id)
    results = _run_doc(doc_id, dframes, doc_schemas, suites, divisions, _runner(), meta["fiscal_year"])
    new_rejects = rejects.reject_rows(results, meta)
    payload = _doc_payload(doc_id, meta, dframes, results, suites, new_rejects)
    return DocumentValidation(doc_id, payload, new_rejects, time.perf_counter() - t0, results,
                              suites_digest(suites_dir))  # fmt: skip


def validate_tables(doc_id: str, tables: Mapping[str, pa.Table]) -> DocumentValidation:
    """Validate one document's tables as read, before they are written (in its worker).

    The same checks as on the written files: every per-document table (an absent one as the
    store writes it, empty), schemas as the files will have them.
    """
    frames, schemas = {}, {}
    for table in all_tables():
        data = tables.get(table)
        data = data if data is not None else schema_of(table).empty_table()
        frames[table] = data.to_pandas()
        schemas[table] = [(f"{table}/{doc_id}.parquet", data.schema)]
    return validate_frames(doc_id, frames, schemas)


def validate_dataset(
    out_dir: Path,
    doc_ids: list[str] | None = None,
    *,
    suites_dir: Path | None = None,
    write_report: bool = True,
) -> ValidationOutcome:
    """Validate every table of ``out_dir`` (or only ``doc_ids``) against data/expectations/*.json.

    Error-severity failing rows are copied to ``out_dir/rejects/<doc_id>.parquet`` (stage
    ``validate``; earlier validate rows are replaced, other stages' rows kept); the data tables are
    not modified.  Writes ``out_dir/report/index.html`` and ``results.json``.  Raises
    :class:`ValidationInputError` when the folder is missing or holds no table.
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    validations = validate_stored(out_dir, doc_ids, suites_dir=suites_dir)
    all_results = [r for v in validations for r in v.results]
    outcome = ValidationOutcome(
        0, summarize(all_results), all_results, [v.doc_id for v in validations],
        {v.doc_id: len(v.rejects) for v in validations},
    )  # fmt: skip
    outcome.exit_code = 1 if outcome.summary["failed"]["error"] else 0
    outcome.seconds = time.perf_counter() - t0
    if write_report:
        write_validation_report(out_dir, [v.record() for v in validations], outcome)
    return outcome


def validate_stored(
    out_dir: Path, doc_ids: list[str] | None = None, *, suites_dir: Path | None = None
) -> list[DocumentValidation]:
    """Validate documents already written to ``out_dir`` (all, or ``doc_ids``), one by one; each
    one's validate rejects replace its earlier ones in ``rejects``."""
    out_dir = Path(out_dir)
    frames, schemas = dataset.load(out_dir, doc_ids)
    suites = load_suites(suites_dir)
    divisions = load_divisions()
    ids = dataset.doc_ids(frames, doc_ids)
    if not ids:
        raise ValidationInputError(
            f"{out_dir} holds no rows" + (f" for {', '.join(doc_ids)}" if doc_ids else "")
        )
    validations = []
    for doc_id in ids:
        dframes = dataset.doc_frames(frames, doc_id)
        doc_schemas = dataset.doc_schemas(schemas, doc_id, ids)
        v = validate_frames(doc_id, dframes, doc_schemas, suites, divisions, suites_dir)
        rejects.write_rejects(out_dir, doc_id, v.rejects)
        validations.append(v)
    return validations


def gathered_outcome(records: list[dict[str, Any]]) -> ValidationOutcome:
    """The outcome of documents validated elsewhere (their stored records), in this order."""
    checks = [c for r in records for c in record_checks(r)]
    summary = summarize_checks(checks)
    return ValidationOutcome(
        1 if summary["failed"]["error"] else 0, summary, [], [r["doc_id"] for r in records],
        {r["doc_id"]: int(r["payload"].get("validate_rejects", 0)) for r in records},
        seconds=sum(float(r.get("seconds", 0.0)) for r in records),
    )  # fmt: skip


def write_validation_report(out_dir: Path, records: list[dict[str, Any]], outcome: ValidationOutcome) -> None:
    """Write ``report/results.json`` and ``report/index.html`` from the documents' records."""
    from .. import report

    payload = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dataset": str(out_dir.resolve()),
        "exit_code": outcome.exit_code,
        "summary": outcome.summary,
        "validation_seconds": round(outcome.seconds, 3),
        "documents": [r["payload"] for r in records],
        "analysis": _analysis(out_dir),
        "settings": recorded_settings(out_dir),
    }
    report_dir = out_dir / "report"
    outcome.results_path = report.write_results_json(payload, report_dir)
    outcome.report_path = report.write_html(payload, report_dir)


# --- per-document payload (results.json and the report render from this) ----------------------------


def _analysis(out_dir: Path) -> dict[str, Any]:
    """The report's charts and year-over-year changes, over every document of the dataset; an
    error there leaves the charts out, never the validation results."""
    import logging

    from ..analysis import overview

    try:
        return overview.report_data(overview.dataset_frames(out_dir))
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).exception("report charts left out")
        return {}


def _doc_payload(doc_id, meta, frames, results, suites, new_rejects) -> dict[str, Any]:
    from . import payload

    return payload.document_payload(doc_id, meta, frames, results, new_rejects)


def dumps(obj: Any) -> str:
    """JSON with Thai kept readable."""
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)
