"""Stages 1-2 on the shared plan and on PDFs the tests make."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.pages import PageReader

from .conftest import BANGNA_PDF
from .pdfgen import PageSpec, fonts_available, write_pdf

needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")


def test_pages_record_glyph_ids_and_embedded_fonts(bangna_pages):
    pages, fonts, _ = bangna_pages
    assert len(pages) == 125
    assert all(p.page_number == i + 1 for i, p in enumerate(pages))
    glyphs = [g for p in pages for g in p.glyphs]
    # Every glyph carries its glyph id; the subset fonts are embedded programs.
    assert all(isinstance(g.cid, int) for g in glyphs)
    laksaman = [f for name, f in fonts.items() if "Laksaman" in name]
    assert laksaman and all(f.program and len(f.program) > 1000 for f in laksaman)
    # Drawing order is kept per page, and glyphs lie on the page.
    page = pages[1]
    assert [g.seq for g in page.glyphs] == sorted(g.seq for g in page.glyphs)
    assert all(0 <= g.x0 <= page.width and 0 <= g.top <= page.height for g in page.glyphs)


def test_pages_find_ruling_lines_of_tables(bangna_pages):
    pages, _, _ = bangna_pages
    table_page = pages[88]  # the first page of the key-project list
    assert {e.orientation for e in table_page.edges} == {"h", "v"}
    assert all(p.has_text for p in pages[:5])


def test_identify_reads_district_and_year_from_the_title(bangna_pages):
    _, _, repaired = bangna_pages
    doc = ingest.identify(BANGNA_PDF, 125, 125, repaired[:4], "x")
    assert doc.district == "บางนา"
    assert doc.fiscal_year == 2569
    assert doc.text_source == "digital"


@needs_fonts
def test_identify_does_not_trust_the_file_name(tmp_path: Path):
    pdf = write_pdf(
        tmp_path / "bangna-2569.pdf",
        [PageSpec(title=["สำนักงานเขตลาดกระบัง", "แผนปฏิบัติราชการ ประจำปี พ.ศ. 2570"], running_header=None)],
    )
    from pipeline import thai

    with PageReader(str(pdf), pdf.stem) as reader:
        repaired = [thai.repair_page(p, reader.fonts) for p in reader.pages()]
    doc = ingest.identify(pdf, 1, 1, repaired, ingest.sha256_of(pdf))
    assert (doc.district, doc.fiscal_year) == ("ลาดกระบัง", 2570)


def test_find_pdfs_walks_folders_once(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "y.PDF").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.txt").write_text("no")
    found = ingest.find_pdfs([tmp_path, tmp_path / "y.PDF"])
    assert sorted(p.name for p in found) == ["x.pdf", "y.PDF"]


def test_check_pdf_rejects_a_file_that_is_not_a_pdf(tmp_path: Path):
    bad = tmp_path / "plan.pdf"
    bad.write_text("<html>not a pdf</html>")
    with pytest.raises(ingest.InputError, match="not a PDF"):
        ingest.check_pdf(bad)


def test_dedupe_keeps_what_pdfplumber_keeps_in_drawing_order():
    """The pages stage's dedupe (ordered by seq, not by a linear chars.index) keeps the same chars."""
    import pdfplumber

    from pipeline.pages import DEDUPE_TOLERANCE, dedupe_chars

    from .conftest import BANGNA_PDF

    with pdfplumber.open(str(BANGNA_PDF)) as pdf:
        for number in (1, 10, 40):
            page = pdf.pages[number - 1]
            chars = page.chars
            for seq, char in enumerate(chars):
                char["seq"], char["cid"] = seq, ord(char["text"][0]) if char["text"] else 0
            extra = ("fontname", "size", "cid")
            theirs = page.dedupe_chars(tolerance=DEDUPE_TOLERANCE, extra_attrs=extra).chars
            ours = dedupe_chars(chars, DEDUPE_TOLERANCE, ("fontname", "size", "cid"))
            assert [c["seq"] for c in ours] == [c["seq"] for c in theirs]
