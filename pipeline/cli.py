"""The ``bkkplan`` command line: run, text, validate; sql, export, diff for analysts."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=(
        "Bangkok district plan PDFs to tables.\n\n"
        "bkkplan run raw/ reads the plans (แผนปฏิบัติราชการประจำปี) into extracted/; then "
        "bkkplan sql, export and diff answer questions about them."
    ),
)

DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("extracted")


class TextFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


def parse_pages(spec: str | None, n_pages: int) -> list[int]:
    """'1,3-5' -> [1, 3, 4, 5]; None -> every page. Raises ValueError on a bad spec."""
    if not spec:
        return list(range(1, n_pages + 1))
    pages: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if "-" in part:
            a, b = (int(x) for x in part.split("-", 1))
            pages.extend(range(a, b + 1))
        elif part:
            pages.append(int(part))
    bad = [p for p in pages if not 1 <= p <= n_pages]
    if bad:
        raise ValueError(f"page {bad[0]} is outside 1-{n_pages}")
    return pages


class Executor(StrEnum):
    process = "process"
    dask = "dask"
    inline = "inline"


@app.command()
def run(
    paths: Annotated[list[Path] | None, typer.Argument(help="PDF files or folders (default: raw/)")] = None,
    out: Annotated[Path, typer.Option("--out", help="output folder")] = DEFAULT_OUT,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="no progress bar")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="documents at once (all cores)")] = (
        None
    ),
    force: Annotated[bool, typer.Option("--force", help="redo documents that are unchanged")] = False,
    memory_mb: Annotated[int, typer.Option("--memory-mb", min=64, help="memory cap per document")] = 1536,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="time limit per document (s)")] = 600,
    scan_timeout: Annotated[
        float, typer.Option("--scan-timeout", min=0, help="added to the time limit per scanned page (s)")
    ] = 30,
    executor: Annotated[Executor, typer.Option("--executor", help="processes, Dask or inline")] = (
        Executor.process
    ),
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://HOST:8786")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="TOML settings file: [tables], [repair], [ocr] sections"),
    ] = None,
) -> None:
    """Extract, validate and write the tables of every plan PDF."""
    import atexit
    import gc

    # What the run imported and built (pandas, matplotlib, DuckDB, the report's frames) lives
    # until the process ends: frozen then, the interpreter's last collections do not walk it
    # again on the way out (~0.2 s CPU, after the report; rule: frozen_at_exit).
    atexit.register(gc.freeze)
    from tqdm import tqdm

    from .limits import Limits
    from .run import run as run_batch
    from .settings import Settings, SettingsError

    try:
        settings = Settings.from_toml(config) if config is not None else Settings()
    except SettingsError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None

    paths = paths or [DEFAULT_RAW]
    missing = [p for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)
    if scheduler and executor is not Executor.dask:
        typer.echo("error: --scheduler needs --executor dask", err=True)
        raise typer.Exit(2)
    from .executors import stop_fork_server

    try:
        result = run_batch(
            paths, out, progress=not no_progress, jobs=jobs, force=force,
            limits=Limits(memory_mb=memory_mb, seconds=timeout, seconds_per_scanned_page=scan_timeout),
            executor=executor.value, scheduler=scheduler,
            echo=tqdm.write, settings=settings,
        )  # fmt: skip
    finally:
        stop_fork_server()
    if not result.documents:
        typer.echo(f"error: no PDF files found in {', '.join(map(str, paths))}", err=True)
        raise typer.Exit(2)
    _summary(result, out)
    if result.failed:
        raise typer.Exit(1)
    if result.validation_exit:
        raise typer.Exit(result.validation_exit)


def _summary(result, out: Path) -> None:
    rows = result.rows()
    counts = {s: len(result.with_status(s)) for s in ("done", "failed", "unchanged", "renamed", "same")}
    said = {"done": "read", "failed": "rejected", "unchanged": "unchanged (skipped)",
            "renamed": "renamed (re-keyed)", "same": "copies of another file (skipped)"}  # fmt: skip
    parts = ", ".join(f"{n} {said[s]}" for s, n in counts.items() if n)
    typer.echo(f"{len(result.documents)} document(s) in {result.seconds:.1f} s -> {out}/: {parts}")
    for table in sorted(rows):
        typer.echo(f"  {table:<18} {rows[table]:>6} rows")
    for doc in result.documents:
        if doc.ok and doc.dictionary_share is not None:
            typer.echo(
                f"  text of {doc.doc_id}: {doc.dictionary_share:.1%} of Thai tokens in the dictionary "
                f"(over {doc.cells} cells), {doc.broken} broken patterns left"
            )
        if doc.ok and doc.totals_checked:
            typer.echo(
                f"  totals of {doc.doc_id} ({doc.doc_type}): {doc.totals_reconciled} of "
                f"{doc.totals_checked} printed totals equal the sum of what they total"
            )
        if doc.status == "same":
            typer.echo(f"  {doc.source}: {doc.message}")
        if doc.ok and doc.scan is not None:
            typer.echo(f"  scan of {doc.doc_id}: {doc.scan.text()}")
    for doc in result.failed:
        typer.echo(f"FAILED {doc.doc_id}: {doc.message}", err=True)
    if result.validation_exit is not None:
        verdict = "passed" if result.validation_exit == 0 else "found blocking failures"
        again = " (unchanged since the last validation)" if result.validation_skipped else ""
        typer.echo(f"validation {verdict}{again}: see {out}/report/index.html")


@app.command()
def text(
    file: Annotated[Path, typer.Argument(help="a PDF file")],
    pages: Annotated[str | None, typer.Option("--pages", help="pages, e.g. 1,3-5 (1-based)")] = None,
    fmt: Annotated[TextFormat, typer.Option("--format", help="text or jsonl")] = TextFormat.text,
) -> None:
    """Print the repaired text of pages."""
    from . import thai
    from .pages import PageReader
    from .sources import read_pages

    if not file.is_file():
        typer.echo(f"error: no such file: {file}", err=True)
        raise typer.Exit(2)
    with PageReader(str(file), file.stem) as reader:
        n_pages = reader.n_pages
    try:
        numbers = parse_pages(pages, n_pages)
    except ValueError as exc:
        typer.echo(f"error: --pages: {exc}", err=True)
        raise typer.Exit(2) from exc
    for page in read_pages(file, file.stem, numbers):
        body = thai.page_text(page.repaired)
        number = page.content.page_number
        if fmt is TextFormat.jsonl:
            typer.echo(json.dumps({"page": number, "text": body}, ensure_ascii=False))
        else:
            typer.echo(f"--- page {number} ---\n{body}")


@app.command()
def validate(out: Annotated[Path, typer.Option("--out", help="dataset folder")] = DEFAULT_OUT) -> None:
    """Re-validate an existing dataset and rewrite its report."""
    if not out.is_dir():
        typer.echo(f"error: no dataset folder {out}", err=True)
        raise typer.Exit(2)
    from .validate import ValidationInputError, validate_dataset

    try:
        outcome = validate_dataset(out)
    except ValidationInputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{outcome.summary_text()}\nreport: {out}/report/index.html")
    raise typer.Exit(outcome.exit_code)


from .cli_analysis import register as _register_analysis  # noqa: E402

_register_analysis(app)

if __name__ == "__main__":  # pragma: no cover
    app()
