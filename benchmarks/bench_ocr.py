"""Time the OCR pages stage: seconds per page (render, ruling lines, Tesseract, glyphs).

usage: python benchmarks/bench_ocr.py [FILE.pdf [PAGES]]   (PAGES like 89-91; default: every page)
Without a file, OCRs the test scan (a ruled Thai routine list drawn by tests/pdfgen.py and
rasterised).  A digital PDF is OCRed from its rendered image, its text layer ignored, so
any plan serves as a scan.  Prints seconds per page and the characters read.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import ocr  # noqa: E402
from pipeline.cli import parse_pages  # noqa: E402


def test_scan(folder: Path) -> Path:
    """The scan of tests/test_ocr.py: a ruled Thai table as an image-only PDF."""
    from tests.pdfgen import write_pdf
    from tests.test_ocr import plan_page, rasterise

    return rasterise(write_pdf(folder / "digital.pdf", [plan_page()]), folder / "scan.pdf")


def main() -> None:
    import pdfplumber

    if not ocr.tesseract_available():
        sys.exit("tesseract-ocr with tesseract-ocr-tha is not installed (scripts/system-deps.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(sys.argv[1]) if len(sys.argv) > 1 else test_scan(Path(tmp))
        with pdfplumber.open(path) as pdf:
            sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
        numbers = parse_pages(sys.argv[2] if len(sys.argv) > 2 else None, len(sizes))
        ocr.ocr_page(str(path), numbers[0], *sizes[numbers[0] - 1])  # warm the page cache once
        start = time.perf_counter()
        chars = 0
        for n in numbers:
            page = ocr.ocr_page(str(path), n, *sizes[n - 1])
            chars += sum(1 for g in page.glyphs if not g.text.isspace())
        seconds = time.perf_counter() - start
    print(
        f"{path.name}: {len(numbers)} page(s) | {seconds / len(numbers):.2f} s/page | "
        f"{chars / len(numbers):.0f} chars/page | DPI {ocr.DPI}, read at x{ocr.OCR_ZOOM}"
    )


if __name__ == "__main__":
    main()
