"""OCR as the last resort for lines whose text layer stays unreadable (``thai.fallback``).

The font: Loma with every Thai outline warped (a wave across the glyph, 5% of the em) so
neither the exact outlines nor the shapes of any reference font name its glyphs with
confidence, drawn with its ToUnicode map removed, and read with Loma held out of the
references.  The repair alone leaves ~3% of the characters wrong (a 4% warp left 9% before
its doubtful glyphs were decided together among their near shapes, 0.4% after); the lines
it cannot read are rendered and read by Tesseract, the text layer kept where the two agree.
"""

from __future__ import annotations

import math

import pytest

from pipeline import ocr, thai
from pipeline.pages import PageReader
from pipeline.sources import read_pages
from pipeline.thai import shapes
from pipeline.thai.fallback import _Doubt, merge
from tests import heldout_fonts as hf

LOMA = hf.TLWG / "Loma.ttf"
needs_loma = pytest.mark.skipif(not LOMA.exists(), reason="fonts-thai-tlwg not installed")
needs_tesseract = pytest.mark.skipif(not ocr.tesseract_available(), reason="tesseract tha+eng not installed")


def warp_font(src, dst, amplitude: float = 0.04, waves: float = 1.5, tag: str = "Warped"):
    """The font with its Thai outlines warped: each point moved by a sine of the other coordinate."""
    from fontTools.ttLib import TTFont

    tt = TTFont(str(src))
    glyf, upm = tt["glyf"], tt["head"].unitsPerEm
    for cp, name in tt.getBestCmap().items():
        g = glyf[name]
        if not 0x0E01 <= cp <= 0x0E5B or g.isComposite() or not g.numberOfContours:
            continue
        coords = g.coordinates
        for i in range(len(coords)):
            x, y = coords[i]
            dx = amplitude * upm * math.sin(2 * math.pi * waves * y / upm)
            dy = amplitude * upm * math.sin(2 * math.pi * waves * x / upm)
            coords[i] = (round(x + dx), round(y + dy))
        g.recalcBounds(glyf)
    # a name of its own: reportlab keeps one face per font name, and would embed Loma's outlines
    for record in tt["name"].names:
        if record.nameID in (1, 3, 4, 6):
            record.string = f"{tag}{record.toUnicode().replace(' ', '')}"
    tt.save(str(dst))
    return dst


def _layer_only(pdf) -> str:
    with PageReader(str(pdf), pdf.stem) as reader:
        [(_page, repaired)] = list(thai.repair_pages(reader.pages(), reader.fonts))
        return thai.page_text(repaired)


@needs_loma
def test_a_document_the_fonts_read_with_confidence_reads_no_line_again(tmp_path):
    pdf = hf.build(LOMA, tmp_path / "keep.pdf", "keep")
    asked = []
    with PageReader(str(pdf), pdf.stem) as reader:
        [(_page, repaired)] = list(
            thai.repair_pages(reader.pages(), reader.fonts, read_box=lambda *a: asked.append(a))
        )
    assert thai.page_text(repaired).split("\n") == hf.gold()
    assert asked == []


@pytest.mark.slow  # a held-out font classified by shape, 20 lines read by Tesseract
@needs_loma
@needs_tesseract
def test_lines_no_font_evidence_can_read_are_read_from_their_image(tmp_path):
    font = warp_font(LOMA, tmp_path / "WarpedLoma.ttf", amplitude=0.05)
    pdf = hf.build(font, tmp_path / "warped.pdf", "none")
    with shapes.held_out("Loma"):
        before = _layer_only(pdf)
        [page] = list(read_pages(pdf, pdf.stem))
    after = thai.page_text(page.repaired)
    cer_before = hf.cer(before, hf.gold(), spaces=False)
    cer_after = hf.cer(after, hf.gold(), spaces=False)
    assert cer_before > 0.02, before  # the text layer really is wrong where shapes fail
    assert cer_after <= 0.025 and cer_after <= 0.75 * cer_before, after  # measured 0.030 -> 0.020
    assert hf.cer(after, hf.gold()) <= 0.025
    fixes = [c for c in page.repaired.changes if c.rule.startswith("line:ocr-fallback")]
    assert len(fixes) >= 5
    # each replaced line recorded with what sent it, Tesseract's confidence and the scores
    assert all("Tesseract" in c.rule and " -> " in c.rule and c.before != c.after for c in fixes)


def test_the_text_layer_is_kept_where_it_is_sure_and_ocr_taken_where_it_is_not():
    unmapped, sure = _Doubt(True, "unmapped"), None
    # "งบประมาณ" with its third cluster unmapped; OCR misreads the last letter (ณ as ถ)
    layer = ["ง", "บ", "(cid:7)", "ร", "ะ", "ม", "า", "ณ"]
    flags = [sure, sure, unmapped, sure, sure, sure, sure, sure]
    texts, spans = merge(layer, flags, "งบประมาถ")
    assert "".join(texts) == "งบประมาณ" and spans == 1


def test_nothing_is_taken_when_the_layer_is_sure_everywhere():
    assert merge(["ก", "า", "ร"], [None, None, None], "การร") is None
