"""Where the CPU of `bkkplan run` goes: CPU seconds per stage, and optionally the top functions.

usage: python benchmarks/profile_run.py [PDF] [--out DIR] [--top N] [--sort tottime|cumulative]
       [--no-validate] [--plumber]

Runs the whole digital path (pages -> thai -> tables -> parse -> emit -> store -> validation ->
analysis files) in this process (the inline executor), with each stage's entry point wrapped in
a CPU clock (``time.process_time``: steady on a loaded machine, unlike wall time).  The CPU of
child processes (a long document's page readers, anything the run forks) is counted too, from
``resource.getrusage(RUSAGE_CHILDREN)``, and printed on a line of its own.  ``--top N``
also runs it under cProfile and prints the N most expensive functions (cProfile roughly doubles
the time; the stage shares stay comparable).  ``--plumber`` first measures plain pdfplumber
``page.extract_tables()`` on the same pages, in this process, for the ratio.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import pstats
import resource
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (module, attribute path, stage): the entry point of each stage, none nested in another.
STAGES = [
    ("pipeline.pages", "PageReader._read", "pages (pdfminer + glyphs)"),
    ("pipeline.thai", "repair_page", "thai repair"),
    ("pipeline.tables", "extract_tables", "tables (action plan)"),
    ("pipeline.doctypes.budget_book.layout", "read_lines", "tables (budget book)"),
    ("pipeline.doctypes.base", "DocumentType.parse", "parse"),
    ("pipeline.emit", "document_tables", "emit (Arrow)"),
    ("pipeline.store", "Store.commit", "store (Parquet)"),
    ("pipeline.validate", "validate_dataset", "validation"),
    ("pipeline.analysis", "refresh", "analysis files"),
]

spent: dict[str, float] = defaultdict(float)
_active: list[str] = []  # the stages running, innermost last (pages are read inside the tables stage)


def _clocked(fn, stage: str):
    """``fn`` timed as ``stage``, exclusive: a stage run inside another is taken off the outer one."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        _active.append(stage)
        try:
            return fn(*args, **kwargs)
        finally:
            _active.pop()
            elapsed = time.process_time() - started
            spent[stage] += elapsed
            if _active:
                spent[_active[-1]] -= elapsed

    return wrapper


def _wrap_stages() -> None:
    for module_name, attr, stage in STAGES:
        owner = importlib.import_module(module_name)
        *path, name = attr.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, _clocked(getattr(owner, name), stage))


def children_cpu() -> float:
    """User + system CPU seconds of this process's finished (waited-for) children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def plumber_cpu(pdf: Path) -> float:
    """CPU seconds of plain pdfplumber extract_tables() over every page of ``pdf``."""
    import pdfplumber

    started = time.process_time()
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            page.extract_tables()
            page.close()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=ROOT / "raw" / "bangna-2569.pdf")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: a temp dir)")
    parser.add_argument("--top", type=int, default=0, help="also profile: print the N top functions")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--no-validate", action="store_true", help="leave out validation")
    parser.add_argument("--plumber", action="store_true", help="also time plain extract_tables()")
    args = parser.parse_args()

    base = time.process_time()
    base_children = children_cpu()
    plumber = plumber_cpu(args.pdf) if args.plumber else None
    started = time.process_time()
    import pipeline.warm  # noqa: F401  (what the workers' fork server imports and builds)

    spent["imports + warm caches"] = time.process_time() - started
    # Imported here, not in the thread the batch imports it in while pages are read (its CPU
    # would land in whichever stage is running).
    started = time.process_time()
    import great_expectations  # noqa: F401

    import pipeline.validate  # noqa: F401

    spent["validation imports (GX)"] = time.process_time() - started
    from pipeline.run import run

    _wrap_stages()
    out = args.out or Path(tempfile.mkdtemp(prefix="profile-run-"))
    if out.exists():
        shutil.rmtree(out)
    profile = cProfile.Profile() if args.top else None
    started = time.process_time()
    if profile:
        profile.enable()
    result = run([args.pdf], out, progress=False, validate=not args.no_validate, executor="inline")
    if profile:
        profile.disable()
    total_run = time.process_time() - started
    before_run = ("imports + warm caches", "validation imports (GX)")
    spent["other (run)"] = total_run - sum(v for k, v in spent.items() if k not in before_run)
    children = children_cpu() - base_children
    if children > 0.005:
        spent["child processes"] = children
    total = time.process_time() - base - (plumber or 0.0) + children
    pages = sum(d.pages for d in result.documents)

    print(f"{args.pdf.name}: {pages} pages, {total:.2f} s cpu in all{' (under cProfile)' if profile else ''}")
    for stage, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<28} {seconds:7.2f} s cpu  {100 * seconds / total:5.1f} %")
    if plumber is not None:
        print(f"  plain pdfplumber extract_tables() {plumber:7.2f} s cpu; ratio {total / plumber:.2f}x")
    if profile:
        print()
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    if not args.out:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
