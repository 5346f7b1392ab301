"""Unit tests of the Thai repair rules, each on a real snippet (budget bills, Bang Na)."""

from __future__ import annotations

import pytest

from pipeline.records import Char, Glyph
from pipeline.thai import glyphs, text_from_chars
from pipeline.thai.layout import finish, join_lines
from pipeline.thai.order import build_clusters
from pipeline.thai.quality import broken_count


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("จาํนวน", "จำนวน"),  # sara am drawn as aa + nikhahit (budget-fy2565-14 p44)
        ("ประจ\u0e4d\u0e32ปี", "ประจำปี"),  # nikhahit then aa
        ("ประจำาปี", "ประจำปี"),  # the Bang Na "ำา": sara am glyph that is really nikhahit
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # tone mark between the halves of sara am
        ("ผลสััมฤทธิ์", "ผลสัมฤทธิ์"),  # doubled mark from a cluster-level ToUnicode (fy2565-14 p5)
        ("ปี ๒๕๖๕", "ปี 2565"),  # Thai digits in a number
        ("1. งบเงินอุดหนุน 8 06,013,900 บาท", "1. งบเงินอุดหนุน 806,013,900 บาท"),  # split digit group
        ("รวม 1 ,445.2201", "รวม 1,445.2201"),
        ("ปี 2564 ปี 2565", "ปี 2564 ปี 2565"),  # two numbers stay two numbers
        ("ผู\u200bใช้", "ผูใช้"),  # zero-width leftovers of a shaper
    ],
)
def test_text_rules(raw, fixed):
    assert finish(raw) == fixed


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("uni0E48.low", "\u0e48"),
        ("uniF70A", "\u0e48"),
        ("uni0E39", "\u0e39"),
        ("glyph00012", None),
        ("A", "A"),
    ],
)
def test_glyph_names(name, text):
    assert glyphs.text_of_name(name) == text


def test_family_strips_subset_tag_and_style():
    assert glyphs.family("SCBLXI+UPCxD") == glyphs.family("UFAXZE+UPCxD-Bold") == "upcxd"


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("ผลสมั ฤทธ(cid:205)ิ", 2),  # the cid, and sara i left after ")"
        ("ผลสัมฤทัธิ\ufffd", 1),
        ("ท\uf70aี", 2),  # the private-use form, and sara ii after it
        ("ประจำาปี", 1),
        ("ผลสััมฤทธิ์", 1),
        ("ราย \u0e48การ", 1),  # orphan tone mark after a space
        ("ผู้ใช้ น้ำท่วม ตัวชี้วัด", 0),
    ],
)
def test_broken_patterns(text, n):
    assert broken_count(text) == n


def _glyph(text, x0, width, seq, size=16.0, top=100.0, cid=0):
    return Glyph(text, cid, "F", size, x0, top, x0 + width, top + size, seq)


def test_marks_go_to_the_letter_their_ink_is_on():
    # ขึ้น drawn as ข น ึ ้ with the marks' pen at the end of ข (Bang Na's "ขนึ้")
    k = _glyph("ข", 10, 8, 0)
    n = _glyph("น", 18, 8, 1)
    ue = _glyph("\u0e36", 18, 0, 2)
    mt = _glyph("\u0e49", 18, 0, 3)
    chars, orphans = build_clusters([(g.text, g) for g in (k, n, ue, mt)], {})
    assert [c.text for c in chars] == ["ขึ้", "น"] and orphans == 0


def test_sara_am_halves_join_onto_the_letter():
    n = _glyph("น", 10, 8, 0)
    nik = _glyph("\u0e4d", 18, 0, 1)
    mt = _glyph("\u0e49", 18, 0, 2)
    aa = _glyph("า", 18, 6, 3)
    chars, _ = build_clusters([(g.text, g) for g in (n, nik, mt, aa)], {})
    assert "".join(c.text for c in chars) == "น้ำ"


def _char(text, x0, width, top=100.0, size=16.0, seq=0):
    return Char(text, x0, top, x0 + width, top + size, size, "F", seq)


def test_word_gap_from_geometry():
    line = [_char("ก", 0, 8), _char("ข", 8.2, 8), _char("ค", 16.2 + 5, 8)]  # 5 pt = 0.31 em gap
    assert text_from_chars(line) == "กข ค"


def test_split_number_rejoined_from_geometry():
    digits = "50,069,732,100"
    chars = [_char(digits[0], 0, 4.8)] + [
        _char(ch, 4.8 + 3.5 + 4.8 * i, 4.8) for i, ch in enumerate(digits[1:])
    ]
    assert text_from_chars(chars) == digits


def test_wrapped_thai_word_joined_without_gap():
    assert join_lines(["ค่าเป้า", "หมาย"]) == "ค่าเป้าหมาย"
    assert join_lines(["ยาเสพ", "ติด"]) == "ยาเสพติด"


def test_wrap_between_two_thai_words_is_no_gap():
    # Thai puts no space between words: a wrap there is only a wrap.
    assert join_lines(["กิจกรรมปรับปรุงศูนย์พัฒนาเด็ก", "ก่อนวัยเรียน"]) == "กิจกรรมปรับปรุงศูนย์พัฒนาเด็กก่อนวัยเรียน"
    assert join_lines(["หน่วยงานอื่น/", "สถานที่เอกชน"]) == "หน่วยงานอื่น/สถานที่เอกชน"


def test_wrapped_lines_keep_a_real_gap():
    assert join_lines(["งบประมาณ", "2565"]) == "งบประมาณ 2565"
    assert join_lines(["ร้อยละ 25", "จากปี"]) == "ร้อยละ 25 จากปี"
    assert join_lines(["Policy", "Mapping"]) == "Policy Mapping"


def test_marks_drawn_before_their_base_go_to_the_consonant():
    # "เชื่อม" drawn เ, ื, ช, ่ with the marks at the pen before ช (no font program to
    # say where their ink is): a mark never sits on the leading vowel, so ื and ่ are ช's
    size = 10.0

    def g(text, x0, x1, seq):
        return (text, Glyph(text, seq, "F", size, x0, 0.0, x1, size, seq, True, True))

    drawn = [g("เ", 0, 4, 0), g("ื", 4, 4, 1), g("ช", 4, 10, 2), g("่", 10, 10, 3), g("อ", 10, 16, 4)]
    chars, orphans = build_clusters(drawn, {})
    assert text_from_chars(chars) == "เชื่อ" and orphans == 0
