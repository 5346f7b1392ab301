"""Time and memory of each stage on a plan PDF (default: raw/bangna-2569.pdf).

usage: python benchmarks/bench_pipeline.py [PDF] [--repeat N]

Prints seconds per stage (best of N), pages/s, and the peak resident memory of
the process, so a change that slows a stage or makes memory grow with the page
count shows up here rather than in a timed test.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", default=str(ROOT / "raw" / "bangna-2569.pdf"))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from pipeline import ingest, thai
    from pipeline.pages import PageReader
    from pipeline.parse import ParseContext, parse_document
    from pipeline.tables import extract_tables

    path = Path(args.pdf)
    best: dict[str, float] = {}

    def clock(name: str, started: float) -> None:
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - started)

    for _ in range(args.repeat):
        t = time.perf_counter()
        with PageReader(str(path), path.stem) as reader:
            pages = list(reader.pages())
            fonts = dict(reader.fonts)
        clock("pages", t)
        t = time.perf_counter()
        repaired = [thai.repair_page(p, fonts) for p in pages]
        clock("thai (repair)", t)
        t = time.perf_counter()
        doc = ingest.identify(path, len(pages), ingest.has_text(pages), repaired[:4], ingest.sha256_of(path))
        tableset = extract_tables(doc.doc_id, repaired)
        clock("tables", t)
        t = time.perf_counter()
        parse_document(ParseContext(doc, tableset))
        clock("parse", t)

    with tempfile.TemporaryDirectory() as out:
        from pipeline.run import run

        t = time.perf_counter()
        run([path], Path(out), progress=False, validate=False)
        clock("run without validation", t)
        t = time.perf_counter()
        import great_expectations  # noqa: F401  (import cost measured apart from validation)

        clock("great_expectations import", t)
        from pipeline.run import validate_output

        t = time.perf_counter()
        validate_output(Path(out))
        clock("validate", t)

    n = len(pages)
    print(f"{path.name}: {n} pages, best of {args.repeat}")
    for name, seconds in best.items():
        print(f"  {name:<28} {seconds:7.2f} s")
    print(f"  pages stage                  {n / best['pages']:7.1f} pages/s")
    print(f"  repair / pages time          {100 * best['thai (repair)'] / best['pages']:7.1f} %")
    print(f"  validate / run time          {100 * best['validate'] / best['run without validation']:7.1f} %")
    print(f"  peak memory                  {peak_rss_mb():7.0f} MB")


if __name__ == "__main__":
    main()
