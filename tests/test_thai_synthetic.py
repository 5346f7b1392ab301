"""Small PDFs drawn with reportlab and a TLWG font, read back through pages + repair."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import thai
from pipeline.pages import PageReader

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="Laksaman (fonts-thai-tlwg) not installed")


def _pdf(path: Path, draw) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "Laksaman" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Laksaman", str(FONT)))
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    c.setFont("Laksaman", 16)
    draw(c)
    c.showPage()
    c.save()
    return path


def _read(path: Path):
    with PageReader(str(path), path.stem) as reader:
        page = next(reader.pages([1]))
        return thai.repair_page(page, reader.fonts)


def test_marks_and_sara_am_read_back(tmp_path):
    path = _pdf(tmp_path / "marks.pdf", lambda c: c.drawString(20, 250, "ผู้ใช้ น้ำท่วม ตัวชี้วัด"))
    page = _read(path)
    assert thai.page_text(page) == "ผู้ใช้ น้ำท่วม ตัวชี้วัด"
    assert thai.text_quality(thai.page_text(page)).broken == 0


def test_narrow_cell_wrapped_inside_a_word(tmp_path):
    def draw(c):
        c.drawString(20, 250, "ค่าเป้า")
        c.drawString(20, 230, "หมาย")
        c.drawString(200, 250, "50")  # far to the right: another region

    page = _read(_pdf(tmp_path / "cell.pdf", draw))
    cell = [ch for ch in page.chars if ch.x0 < 150]
    assert thai.text_from_chars(cell) == "ค่าเป้าหมาย"


def test_number_drawn_in_two_runs(tmp_path):
    def draw(c):
        c.drawString(20, 250, "งบประมาณ")
        c.drawString(120, 250, "5")
        c.drawString(120 + 8.2 + 5, 250, "0,069,732,100")  # the digit's advance plus 5 pt

    text = thai.page_text(_read(_pdf(tmp_path / "number.pdf", draw)))
    assert text == "งบประมาณ 50,069,732,100"


def test_thai_digits_become_arabic(tmp_path):
    page = _read(_pdf(tmp_path / "digits.pdf", lambda c: c.drawString(20, 250, "พ.ศ. ๒๕๖๙")))
    assert thai.page_text(page) == "พ.ศ. 2569"
