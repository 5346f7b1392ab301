"""Pages of one long document read by helper processes: the same pages and fonts as one reader's."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from pipeline import page_pool
from pipeline.sources import read_pages

from .conftest import BANGNA_PDF


def _twice(src: Path, dst: Path) -> Path:
    """Two copies of a plan in one PDF: the second copy's fonts reuse the first's subset names."""
    out = pdfium.PdfDocument.new()
    for _ in range(2):
        out.import_pages(pdfium.PdfDocument(str(src)))
    out.save(str(dst))
    return dst


def test_pages_read_by_helpers_are_the_pages_one_reader_reads(tmp_path: Path, monkeypatch):
    pdf = _twice(BANGNA_PDF, tmp_path / "twice.pdf")
    numbers = [*range(1, 10), *range(126, 135)]  # the first pages of both copies
    monkeypatch.setattr(page_pool, "CHUNK_PAGES", 2)
    monkeypatch.setattr(page_pool, "MIN_PAGES", 1)
    one = list(read_pages(pdf, "twice", numbers))
    many = list(read_pages(pdf, "twice", numbers, page_workers=3))
    assert page_pool.helpers_for(len(numbers), 3) == 2
    assert [p.content.page_number for p in many] == numbers
    assert [p.content for p in many] == [p.content for p in one]
    assert [p.repaired for p in many] == [p.repaired for p in one]
    names = {g.fontname for p in one for g in p.content.glyphs}
    assert any("#2+" in n for n in names)  # the second copy's fonts: named again, in page order


def test_short_documents_are_read_in_their_own_process():
    assert page_pool.helpers_for(page_pool.MIN_PAGES - 1, 4) == 0
    assert page_pool.helpers_for(600, 1) == 0
    assert page_pool.helpers_for(600, 2) == 1
