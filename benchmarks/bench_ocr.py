"""Time the OCR page source: seconds per page, wall and CPU, pages read in parallel as a run reads them.

usage: python benchmarks/bench_ocr.py [FILE.pdf [PAGES [PROFILE [ENGINE [CONFIG.toml]]]]]
       (PAGES like 89-91, default all; "-" for any argument's default)

FILE is an image-only PDF (a scan), or a digital one that is first degraded by a profile of
tests/scangen.py (PROFILE, default ``office``: 200 dpi, skew, blur, noise, uneven light, JPEG).
Without a file, four copies of the test plan page (tests/test_ocr.py) degraded as ``office``.
Pages go through ``sources.read_pages``, the page loop of ``bkkplan run``: scanned pages are
OCRed in a process pool, one worker per core.  CPU seconds count this process and its
children (the workers and their Tesseract calls).  The machine may be shared: wall time then
says less than CPU time (at load 25 on 2 cores, repeated runs of one tree differed by 0.1-0.2
s/page: alternate the trees compared).  ENGINE is ``api`` (Tesseract in-process, the default) or
``command``.  CONFIG is a settings file as ``bkkplan run --config`` takes; its ``[ocr]`` section
is read (e.g. ``dpi = 240``), so a setting is timed before it becomes a default.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import ocr, sources  # noqa: E402
from pipeline.cli import parse_pages  # noqa: E402
from pipeline.settings import Settings  # noqa: E402


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _scan(folder: Path, path: Path | None, pages: str | None, profile: str) -> tuple[Path, list[int] | None]:
    """An image-only PDF to read, and the pages of it to read."""
    import pdfplumber

    from tests.pdfgen import write_pdf
    from tests.scangen import PROFILES, degrade_pdf
    from tests.test_ocr import plan_page

    if path is None:
        path = write_pdf(folder / "digital.pdf", [plan_page()] * 4)
    with pdfplumber.open(path) as pdf:
        n_pages = len(pdf.pages)
        scanned = not any(len(p.chars) for p in pdf.pages[:3])
    numbers = parse_pages(pages, n_pages) if pages else None
    if scanned:
        return path, numbers
    return degrade_pdf(path, folder / "scan.pdf", PROFILES[profile], numbers), None


def main() -> None:
    if not ocr.tesseract_available():
        sys.exit("tesseract-ocr with tesseract-ocr-tha is not installed (scripts/system-deps.sh)")
    args = sys.argv[1:]
    path = Path(args[0]) if args and args[0] != "-" else None
    pages = args[1] if len(args) > 1 and args[1] != "-" else None
    profile = args[2] if len(args) > 2 and args[2] != "-" else "office"
    settings = Settings.from_toml(Path(args[4])).ocr if len(args) > 4 and args[4] != "-" else ocr.DEFAULT
    if len(args) > 3 and args[3] != "-":
        settings = replace(settings, engine=args[3])
    with tempfile.TemporaryDirectory() as tmp:
        scan, numbers = _scan(Path(tmp), path, pages, profile)
        cpu, start = _cpu(), time.perf_counter()
        read = list(sources.read_pages(scan, scan.stem, numbers, settings))
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
    n = len(read)
    chars = sum(sum(1 for c in p.repaired.chars if not c.text.isspace()) for p in read)
    confs = [p.content.scan.mean_conf for p in read if p.content.scan and p.content.scan.mean_conf]
    zoom = f"letters {settings.letter_px:g} px" if settings.letter_px > 0 else f"x{settings.ocr_zoom}"
    print(
        f"{(path or scan).name}: {n} page(s) | {wall / n:.2f} s/page wall | {cpu / n:.2f} s/page CPU | "
        f"{settings.n_workers()} worker(s) | {chars / n:.0f} chars/page | "
        f"mean conf {sum(confs) / max(1, len(confs)):.1f} | {settings.dpi} dpi, read at {zoom} | "
        f"engine {settings.engine}"
    )


if __name__ == "__main__":
    main()
