"""Rules on the words Tesseract read in table cells (no Tesseract needed: words built by hand).

The words mimic what the degraded copies of the Bang Na plan read (``/tmp/scans`` office
profile): a KR code wrapped onto a second line whose "4" came out as a Thai letter, and
the marks above a line read a second time as a line of their own.
"""

from __future__ import annotations

from pipeline.ocr import DEFAULT
from pipeline.ocr.cells import (
    CellRead,
    code_column_misreads,
    drop_marks_band_rereads,
    drop_punctuation_specks,
)
from pipeline.ocr.tesseract import OcrWord


def _word(
    text: str, x0: float, top: float, x1: float, bottom: float, line: int, conf: float = 93.0
) -> OcrWord:
    return OcrWord(text, conf, x0, top, x1, bottom, ("m", line), top, bottom)


def _cell(x0: int, top: int, x1: int, texts: list[str]) -> CellRead:
    words = [
        _word(t, x0 + 10 + 30 * k, top + 10, x0 + 35 + 30 * k, top + 40, top) for k, t in enumerate(texts)
    ]
    return CellRead((x0, top, x1, top + 200), DEFAULT.ocr_zoom, words)


def test_a_code_column_cell_that_is_no_code_is_found_by_the_columns_content():
    codes = [["1110", "4"], ["1110", "5"], ["8310", "ศุ"], ["1210", "2"], ["4220"]]
    numbers = [["2"], ["3"], ["4"], ["5"], ["6"]]
    names = [["ร้อยละ"], ["ร้อย", "ละ", "100"], ["8", "ห้อง"], ["จำนวน"], ["2568"]]
    reads = []
    for r in range(5):
        top = 100 + 210 * r
        reads += [
            _cell(220, top, 380, numbers[r]),
            _cell(386, top, 540, codes[r]),
            _cell(549, top, 1450, names[r]),
        ]
    found = code_column_misreads(reads, DEFAULT)
    # The wrapped code read with a Thai letter, and the code cut short; never the sequence
    # numbers (no codes), nor a name cell holding a year.
    assert [(reads[i].text, usual) for i, usual in found] == [("8310ศุ", 5), ("4220", 5)]


def test_a_column_with_few_codes_is_no_code_column():
    reads = [_cell(386, 100, 540, ["1110", "4"]), _cell(386, 310, 540, ["8310", "ศุ"])]
    reads += [_cell(386, 520 + 210 * k, 540, ["ร้อยละ", "80"]) for k in range(3)]
    assert code_column_misreads(reads, DEFAULT) == []


def test_the_marks_above_a_line_read_again_as_a_line_are_left_out():
    """ "ม  oo  a" read in the band of marks over "ร้อยละความ…" (page 110 of the office copy)."""
    junk = [_word("ม", 566, 887, 589, 902, 8, 89), _word("oo", 864, 890, 879, 904, 8, 38)]
    junk += [_word("a", 1272, 874, 1296, 902, 8, 88)]
    text = "ร้อยละความสำเร็จในการแก้ไข"
    line = [_word(c, 562 + 25 * k, 907, 585 + 25 * k, 944, 9) for k, c in enumerate(text)]
    line[3] = _word(text[3], 637, 874, 660, 970, 9)  # a letter with a mark above: its box reaches up
    below = [_word(c, 562 + 25 * k, 1007, 585 + 25 * k, 1044, 10) for k, c in enumerate("ร้องเรียน")]
    cell = CellRead((549, 864, 1453, 1067), DEFAULT.ocr_zoom, junk + line + below)
    assert drop_marks_band_rereads([cell], DEFAULT) == 1
    assert cell.text == text + "ร้องเรียน"


def test_a_short_line_above_another_is_kept():
    """A wrapped cell's short first line ("ร้อยละ" over "100 ของจุดที่สำรวจพบ") is text, not marks."""
    first = [_word(c, 562 + 25 * k, 907, 585 + 25 * k, 944, 1) for k, c in enumerate("ร้อยละ")]
    second = [_word(c, 562 + 25 * k, 1007, 585 + 25 * k, 1044, 2) for k, c in enumerate("100ของจุดที่สำรวจพบ")]
    cell = CellRead((549, 864, 1453, 1067), DEFAULT.ocr_zoom, first + second)
    assert drop_marks_band_rereads([cell], DEFAULT) == 0
    assert cell.text == "ร้อยละ100ของจุดที่สำรวจพบ"


def test_a_speck_read_as_punctuation_before_a_text_columns_name_is_left_out():
    # photocopy profile: ".โครงการ…" and "'" + "โครงการ…" in the routine list's name column
    names = [[".โครงการ", "อบรม"], ["'", "โครงการ", "ปรับปรุง"], ["กิจกรรม"], ["โครงการ"], ["(ร่าง)", "แผน"]]
    names += [["งาน"], ["การ"], ["กิจกรรม"], ["โครงการ"]]
    amounts = [[".50,000"], ["64,100"], ["4,794,000"], ["'3,622,000"], ["1,000"]] + [["2"]] * 4
    reads = []
    for r in range(9):
        top = 100 + 210 * r
        reads += [_cell(220, top, 900, names[r]), _cell(906, top, 1100, amounts[r])]
    changed = drop_punctuation_specks(reads, DEFAULT)
    assert changed == [(".โครงการอบรม", "โครงการอบรม"), ("'โครงการปรับปรุง", "โครงการปรับปรุง")]
    assert [r.text for r in reads[::2]][:5] == [
        "โครงการอบรม",
        "โครงการปรับปรุง",
        "กิจกรรม",
        "โครงการ",
        "(ร่าง)แผน",
    ]
    # the amount column starts with digits: not a text column, its cells are kept as read
    assert [r.text for r in reads[1::2]][:4] == [".50,000", "64,100", "4,794,000", "'3,622,000"]


def test_a_column_mostly_not_starting_with_thai_keeps_its_punctuation():
    texts = [["'A'"], [".", "ก"], ["B"], ["C"], ["ข"]]
    reads = [_cell(220, 100 + 210 * r, 900, t) for r, t in enumerate(texts)]
    assert drop_punctuation_specks(reads, DEFAULT) == []
    assert reads[1].text == ".ก"


# Page 84 of the photocopied HTML plan: the band over "ร้อยละของลานกีฬาที่ผ่านเกณฑ์มาตรฐาน"
# read again as "ะ กีฬาที่ย ร" (9 words over 30: more than the marks of a line), then
# merged into the name as "ะ กีฬาที่ย ร้อยละ…".
_BAND = [("ะ", 560, 575, 538), ("ก", 562, 575, 808), ("ี", 520, 600, 822), ("ฬา", 520, 600, 842)]
_BAND += [("ท", 520, 600, 878), ("ี", 555, 572, 888), ("่", 520, 600, 908), ("ย", 565, 572, 930)]
_BAND += [("ร", 560, 575, 1090)]
_NAME = "ร้อยละของลานกีฬาที่ผ่านเกณฑ์มาตรฐาน"


def _name_line(text: str, line: int) -> list[OcrWord]:
    return [_word(c, 535 + 22 * k, 578, 555 + 22 * k, 605, line) for k, c in enumerate(text)]


def test_a_garbled_copy_of_a_line_read_in_its_marks_band_is_left_out():
    band = [_word(t, x, top, x + 18, bottom, 11) for t, top, bottom, x in _BAND]
    name = _name_line(_NAME, 12)
    name[0] = _word(_NAME[0], 535, 550, 555, 628, 12)  # a tall box: the line's ink reaches up
    cell = CellRead((523, 554, 1468, 679), DEFAULT.ocr_zoom, band + name)
    changes = []
    assert drop_marks_band_rereads([cell], DEFAULT, changes) == 1
    assert cell.text == _NAME
    assert changes == [("ocr:marks-band-reread", "ะกีฬาที่ยร" + _NAME, _NAME)]


def test_a_line_in_the_band_that_copies_nothing_of_the_line_is_kept():
    """As many words in the band, but other letters than the line's: no second read of it."""
    other = [_word(t, 538 + 60 * k, 560, 556 + 60 * k, 575, 11) for k, t in enumerate("จำนวนครั้งที่")]
    name = _name_line(_NAME, 12)
    name[0] = _word(_NAME[0], 535, 550, 555, 628, 12)
    cell = CellRead((523, 554, 1468, 679), DEFAULT.ocr_zoom, other + name)
    assert drop_marks_band_rereads([cell], DEFAULT) == 0
