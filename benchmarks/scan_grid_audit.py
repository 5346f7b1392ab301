"""Table structure on a scan against its digital original: per page, the cells drawn and the cells found.

usage: python benchmarks/scan_grid_audit.py DIGITAL.pdf SCAN.pdf [PAGES]   (PAGES like 89-91,108)

SCAN is an image-only copy of DIGITAL (tests/scangen.py keeps the page size, so a cell found
on the straightened scan lies where the PDF drew it).  For each page with cells, the drawn
cells (pdfplumber's ruling lines through ``ruling.cell_boxes``, as the tables stage finds
them) are matched to the cells the OCR reader's ruling lines give (page preparation and
``ocr.find_rules``, no Tesseract: about a second a page); a pair matches when every side
lies within TOLERANCE points.  Pages that differ are marked ``<<<``; the totals say how much
of the grid a degradation costs before any text is read.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import ocr, ruling  # noqa: E402
from pipeline.cli import parse_pages  # noqa: E402
from pipeline.pages import MIN_EDGE_LENGTH  # noqa: E402
from pipeline.records import Edge  # noqa: E402

# A cell found matches a drawn one when each of its sides lies this close (points).
TOLERANCE = 4.0


def _near(a: tuple, b: tuple) -> bool:
    return all(abs(x - y) <= TOLERANCE for x, y in zip(a, b, strict=True))


def _matched(drawn: list, found: list) -> int:
    return sum(1 for d in drawn if any(_near(d, f) for f in found))


def main() -> None:
    import pdfplumber

    if len(sys.argv) < 3:
        sys.exit(__doc__)
    digital, scan = sys.argv[1], sys.argv[2]
    settings = ocr.DEFAULT
    totals = [0, 0, 0]
    with pdfplumber.open(digital) as pdf:
        numbers = parse_pages(sys.argv[3] if len(sys.argv) > 3 else None, len(pdf.pages))
        for n in numbers:
            page = pdf.pages[n - 1]
            edges = [
                Edge(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]), e["orientation"])
                for e in page.edges
                if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= MIN_EDGE_LENGTH
            ]
            page.close()
            drawn = ruling.cell_boxes(edges)
            prepared = ocr.prepare_page(ocr.render_page(scan, n, settings.dpi), settings)
            scan_edges, _ = ocr.find_rules(prepared.gray, settings, prepared.rule_ink, prepared.scanned)
            found = ocr.table_cells(scan_edges)
            matched = _matched(drawn, found)
            for i, count in enumerate((len(drawn), len(found), matched)):
                totals[i] += count
            if drawn or found:
                mark = "" if matched == len(drawn) == len(found) else "  <<<"
                print(f"page {n}: drawn {len(drawn)} found {len(found)} matched {matched}{mark}", flush=True)
    drawn_total, found_total, matched_total = totals
    print(f"TOTAL drawn {drawn_total} found {found_total} matched {matched_total}")


if __name__ == "__main__":
    main()
