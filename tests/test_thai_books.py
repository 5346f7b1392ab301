"""The repair on real producers' PDFs: BMA budget books and the HTML-engine plan.

Every expected line was read by eye on the page image (pdftoppm, 150-200 dpi).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import thai
from pipeline.pages import PageReader
from pipeline.thai.quality import broken_count, text_quality

SHARED = Path(__file__).parents[1] / ".." / "shared"
BOOKS = SHARED / "real-bma"
HTML_PLAN = SHARED / "dev" / "bangna-2569-html.pdf"


def _texts(path: Path, pages: list[int]) -> dict[int, str]:
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    with PageReader(str(path), path.stem) as reader:
        return {p.page_number: thai.page_text(thai.repair_page(p, reader.fonts)) for p in reader.pages(pages)}


def test_excel_book_sara_aa_mapped_as_sara_am():
    # Excel 365's ToUnicode calls the sara aa glyph ำ; its ink stops at consonant height
    page = _texts(BOOKS / "65036.pdf", [3])[3]
    lines = page.splitlines()
    assert "งบประมาณรายจ่ายประจำปี 2565 ของสำนักงานเขตบางกะปิโดยสังเขป" in lines
    assert "ก) งบประมาณจำแนกตามประเภทงบประมาณ" in lines
    assert "งบประมาณเพื่อชดใช้เงินยืมเงินสะสม 22,067,700 22,067,700" in lines
    assert "งบประมาณสำนักสนับสนุนให้สำนักงานเขต 21,149,600 21,149,600" in lines
    assert "\u0e4d\u0e33" not in page  # สํำนัก: nikhahit + "am" left
    assert text_quality(page).dictionary_share >= 0.98  # the misses are the labels ก) ข)
    assert broken_count(page) == 0


def test_excel_book_tab_is_a_gap():
    # a tab typed into a cell is code 9 of a simple font: pdfminer's "(cid:9)"
    page = _texts(BOOKS / "65036.pdf", [27])[27]
    assert "(cid:" not in page
    assert "1.3 ค่าจ้างชั่วคราว 460,800 บาท" in page.splitlines()


def test_merged_book_reused_subset_name():
    # iLovePDF keeps each source file's subset names: page 29's BCDIEE+THSarabunPSK is not
    # page 1's, and its blank-mapped nikhahit (ToUnicode " ") must come from its own program
    page = _texts(BOOKS / "65052.pdf", [1, 29])[29]
    lines = page.splitlines()
    assert "01106-1 เงินประจำตำแหน่ง 101,760 บาท" in lines
    assert "01205-1 เงินเพิ่มการครองชีพชั่วคราวของลูกจ้างประจำ 27,680 บาท" in lines
    assert "1.2 ค่าจ้างประจำ 1,788,920 บาท" in lines
    assert broken_count(page) == 0


def test_html_engine_bold_and_regular_garuda():
    # WeasyPrint + Garuda: bold sara aa called ำ, regular low mai ek called ู
    page = _texts(HTML_PLAN, [30])[30]
    assert "หน่วยงาน หน่วยงาน งบประมาณ" in page.splitlines()
    assert "ไม่ใช้" in page and "ฝ่ายรักษา" in page
    assert "ไมู" not in page and "ฝูาย" not in page and "งำน" not in page


def test_print_driver_text_clipped_out_of_its_cell_is_not_read():
    # Microsoft's print driver clips each cell; a cell's second line ("ครั้ง", "ยานพาหนะ")
    # left outside the clip is drawn but not seen, and interleaved with the line above
    pages = _texts(BOOKS / "65028.pdf", [13, 18])
    assert "จำนวนรถสูบสิ่งปฏิกูล และดูด คัน/คัน 2/1 2/1 2/1 2/1" in pages[13].splitlines()
    assert "บริการดูดไขมัน ลบ.ม./ 1.00 1.00 1.00 1.00" in pages[13].splitlines()
    assert "ดำเนินตรวจสอบ/แก้ไขข้อ เรื่อง 12 12 12 12" in pages[18].splitlines()


def test_thonburi_book_summary_lines():
    # 65041 (Thon Buri), page 4, read by eye at 150 dpi; the title's "ราจ่าย" is the book's own typo
    lines = _texts(BOOKS / "65041.pdf", [4])[4].splitlines()
    assert "งบประมาณราจ่ายประจำปี 2565 ของสำนักงานเขตธนบุรี โดยสังเขป" in lines
    assert "งบประมาณเพื่อชดใช้เงินยืมเงินสะสม 33,047,100 - 33,047,100" in lines
    assert "งบประมาณสำนักสนับสนุนให้สำนักงานเขต 11,664,000 - 11,664,000" in lines
    assert "รวมงบประมาณทั้งสิ้น 384,178,370 - 384,178,370" in lines
    assert "ข) งบประมาณตามโครงสร้างงาน" in lines
    assert "งบประมาณภารกิจประจำพื้นฐาน 339,467,270 - 339,467,270" in lines
